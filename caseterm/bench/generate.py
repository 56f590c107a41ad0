"""Synthetic but realistic caseloads, written as text in the real file format.

Deterministic: student ``i`` depends only on the seed and ``i``, so a caseload of 40 is
the first 40 students of one of 5,000. All names and records are invented.
"""

from __future__ import annotations

import os
import random
import subprocess
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from caseterm.store import kinds
from caseterm.store.actions.setup import GITATTRIBUTES, GITIGNORE, calendar_text, settings_text
from caseterm.store.infra import layout

SEED = 20261125
FIRST_DAY = date(2025, 8, 18)
LAST_DAY = date(2026, 6, 5)
FILE_MODE = 0o600
DIR_MODE = 0o700

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Ava Liam Noah Emma Olivia Mateo Sofia Elijah Amara Kai Zoe Diego Maya Ethan Aaliyah "
    "Lucas Isabella Jayden Nia Oliver Camila Malik Chloe Santiago Layla Aiden Priya Jamal "
    "Hana Owen Lucia Isaiah Mei Caleb Fatima Levi Grace Andre Yara Miles"
)
LAST_NAMES = _words(
    "Martinez Johnson Nguyen Smith Garcia Brown Patel Williams Kim Lopez Davis Okafor "
    "Hernandez Wilson Chen Anderson Thomas Rivera Jackson Ali Moore Martin Lee Clark "
    "Lewis Walker Young Hall Allen Wright Scott Torres Hill Green Adams Baker Nelson "
    "Carter"
)
SCHOOLS = ("Lincoln Elementary", "Roosevelt Middle School", "Jefferson High School")
STAFF = (
    ("J. Rivera", "intervention specialist"),
    ("K. Osei", "speech-language pathologist"),
    ("M. Duarte", "occupational therapist"),
    ("T. Brennan", "school psychologist"),
    ("L. Fischer", "paraeducator"),
    ("R. Alvarez", "general education teacher"),
    ("S. Yamamoto", "school counselor"),
)
ACCOMMODATIONS = (
    "Extended time (1.5x)",
    "Read-aloud for math and science tests",
    "Preferential seating near instruction",
    "Frequent breaks (5 minutes every 20)",
    "Small-group testing in a separate setting",
    "Graphic organizers for writing",
    "Use of a calculator for multi-step problems",
    "Directions repeated and checked for understanding",
    "Visual schedule and advance notice of transitions",
    "Copy of class notes",
)
POINT_NOTES = (
    "cold read",
    "new probe set",
    "administered by para",
    "student tired after assembly",
    "make-up probe",
    "fire drill interrupted probe",
    "student asked to retry",
)
SESSION_NOTES = (
    "worked on multisyllabic words",
    "small group with two peers",
    "pushed in to the general education class",
    "reviewed the visual schedule first",
    "student arrived 10 minutes late",
    "used the new graphic organizer",
)

# area, goal id, unit, measure, baseline range, weekly growth, aggregate, direction
GOALS = (
    ("reading", "reading-fluency", "wcpm", "CBM oral reading fluency", (30, 80), 1.2, "mean"),
    ("reading", "reading-comprehension", "%", "maze comprehension accuracy", (35, 60), 1.0, "mean"),
    ("math", "math-computation", "digits correct", "CBM math computation", (8, 25), 0.6, "mean"),
    ("math", "math-problem-solving", "%", "word problems solved correctly", (30, 55), 1.1, "mean"),
    (
        "writing",
        "written-expression",
        "CWS",
        "correct writing sequences in 3 min",
        (10, 30),
        0.7,
        "mean",
    ),
    ("speech", "articulation", "%", "accuracy producing /r/ in words", (40, 65), 1.0, "mean"),
    (
        "behavior",
        "calling-out",
        "incidents",
        "calling out without raising a hand",
        (6, 12),
        -0.2,
        "sum",
    ),
    (
        "social",
        "peer-initiations",
        "initiations",
        "peer initiations during lunch",
        (1, 4),
        0.15,
        "sum",
    ),
)

# service id, name, provider role, minutes per session, sessions per week
SERVICES = (
    ("reading", "Specialized reading instruction", "intervention specialist", 30, 2),
    ("math", "Specialized math instruction", "intervention specialist", 30, 1),
    ("writing", "Specialized writing instruction", "intervention specialist", 25, 1),
    ("speech", "Speech-language therapy", "speech-language pathologist", 30, 1),
    ("social-skills", "Social skills group", "school counselor", 30, 1),
)
SERVICE_FOR_AREA = {
    "reading": "reading",
    "math": "math",
    "writing": "writing",
    "speech": "speech",
    "behavior": "social-skills",
    "social": "social-skills",
}


@dataclass(frozen=True, slots=True)
class GeneratedStudent:
    """One generated student: its id, goal ids and services (for benchmarks that add)."""

    id: str
    goals: tuple[str, ...]
    services: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GeneratedCaseload:
    """A generated caseload repository and what went into it."""

    root: Path
    students: tuple[GeneratedStudent, ...]
    student_bytes: int
    files: int
    seconds: float

    @property
    def size(self) -> int:
        return len(self.students)

    @property
    def bytes_per_student(self) -> float:
        return self.student_bytes / max(1, len(self.students))


def git_env(home: Path) -> dict[str, str]:
    """An environment for git that reads no user or system config and has an identity."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Bench Rivera",
        GIT_AUTHOR_EMAIL="bench@caseterm.invalid",
        GIT_COMMITTER_NAME="Bench Rivera",
        GIT_COMMITTER_EMAIL="bench@caseterm.invalid",
        LC_ALL="C",
    )
    env.pop(layout.ENV_CASELOAD, None)
    return env


def record_id(rng: random.Random, when: datetime) -> str:
    """A 16-character time-sortable id like ``store.ids.new_id``, with a seeded tail."""
    stamp = int(when.timestamp() * 1000)
    head = []
    for _ in range(10):
        stamp, digit = divmod(stamp, 32)
        head.append(_ALPHABET[digit])
    rand = rng.getrandbits(30)
    tail = []
    for _ in range(6):
        rand, digit = divmod(rand, 32)
        tail.append(_ALPHABET[digit])
    return "".join(reversed(head)) + "".join(tail)


def school_days(calendar: str) -> list[date]:
    """The school days of a calendar text: weekdays between first and last day, not closed."""
    data = tomllib.loads(calendar)
    closed: set[date] = set()
    for closure in data.get("closed", []):
        day = closure["start"]
        while day <= closure.get("end", closure["start"]):
            closed.add(day)
            day += timedelta(days=1)
    first, last = data["calendar"]["first_day"], data["calendar"]["last_day"]
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [d for d in days if d.weekday() < 5 and d not in closed]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _list(items: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(_q(i) for i in items) + "]"


def _stamp(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, 8 + rng.randrange(8), rng.randrange(60))


class _Student:
    """Renders one student's six files from a seeded random generator."""

    def __init__(self, index: int, seed: int, days: list[date]) -> None:
        self.rng = random.Random(seed * 1_000_003 + index)
        self.index = index
        self.days = days
        rng = self.rng
        self.first = rng.choice(FIRST_NAMES)
        self.last = rng.choice(LAST_NAMES)
        self.id = f"{self.first.lower()}-{self.last[0].lower()}{index}"
        self.grade = rng.randrange(0, 13)
        self.goals = rng.sample(GOALS, rng.randint(3, 5))
        self.baselines = [float(rng.randint(*goal[4])) for goal in self.goals]
        wanted = {SERVICE_FOR_AREA[g[0]] for g in self.goals}
        self.services = [s for s in SERVICES if s[0] in wanted][:3]
        self.behavior = any(g[0] == "behavior" for g in self.goals)
        self.manager = STAFF[0][0]

    def files(self) -> dict[str, str]:
        return {
            layout.PROFILE_FILE: self.profile(),
            layout.PLAN_FILE: self.plan(),
            layout.GOALS_FILE: self.goals_text(),
            layout.DATA_FILE: self.data(),
            layout.SESSIONS_FILE: self.sessions(),
            layout.LOG_FILE: self.log(),
        }

    @staticmethod
    def _schema(name: str) -> str:
        return f"#:schema ../../{layout.SCHEMA_DIR}/{kinds.SCHEMA_FOR[name]}\n"

    def profile(self) -> str:
        rng = self.rng
        grade = "K" if self.grade == 0 else str(self.grade)
        birth = date(2020 - self.grade, rng.randint(1, 12), rng.randint(1, 28))
        disabilities = rng.sample(("SLD", "SLD", "OHI", "AUT", "SLI", "EMN", "ID"), 1)
        if rng.random() < 0.15:
            disabilities.append("SLI" if disabilities[0] != "SLI" else "OHI")
        school = SCHOOLS[0 if self.grade <= 5 else 1 if self.grade <= 8 else 2]
        out = [
            self._schema(layout.PROFILE_FILE),
            "[student]\n",
            f"first_name = {_q(self.first)}\n",
            f"last_name = {_q(self.last)}\n",
            f"birth_date = {birth.isoformat()}\n",
            f"grade = {_q(grade)}\n",
            f"school = {_q(school)}\n",
            f'plan_type = "{"IEP" if rng.random() < 0.9 else "504"}"\n',
            f"disabilities = {_list(disabilities)}\n",
            f"case_manager = {_q(self.manager)}\n",
        ]
        for name, role in rng.sample(STAFF[1:], rng.randint(1, 3)):
            email = name.replace(". ", "").lower() + "@district.example"
            out.append(f"\n[[team]]\nname = {_q(name)}\nrole = {_q(role)}\nemail = {_q(email)}\n")
        parents = (("mother", "Maria"), ("father", "David"), ("grandmother", "Rosa"))
        for relationship, given in rng.sample(parents, rng.randint(1, 2)):
            language = rng.choice(("English", "English", "Spanish", "Vietnamese"))
            out.append(
                f"\n[[family]]\nname = {_q(given + ' ' + self.last)}\n"
                f"relationship = {_q(relationship)}\nphone = "
                f'"555-{rng.randint(100, 999):03d}-{rng.randint(0, 9999):04d}"\n'
                f"language = {_q(language)}\n"
            )
        return "".join(out)

    def plan(self) -> str:
        rng = self.rng
        meeting = FIRST_DAY + timedelta(days=rng.randint(20, 120))
        start = meeting + timedelta(days=1)
        end = date(start.year + 1, start.month, start.day) - timedelta(days=1)
        evaluation = date(meeting.year - rng.randint(0, 2), meeting.month, 1)
        out = [
            self._schema(layout.PLAN_FILE),
            "[dates]\n",
            f"consent = {(evaluation - timedelta(days=45)).isoformat()}\n",
            f"evaluation = {evaluation.isoformat()}\n",
            f"eligibility = {(evaluation + timedelta(days=5)).isoformat()}\n",
            f"plan_meeting = {meeting.isoformat()}\n",
            f"plan_start = {start.isoformat()}\n",
            f"plan_end = {end.isoformat()}\n",
            f"safeguards_notice = {meeting.isoformat()}\n",
        ]
        if rng.random() < 0.6:
            out.append(f"medicaid_consent = {evaluation.isoformat()}\n")
            out.append(f"medicaid_notice = {meeting.isoformat()}\n")
        lre = rng.choice(("RC80", "RC80", "RC80", "RC79TO40", "RC39"))
        out += [
            "\n[plan]\n",
            f'lre = "{lre}"\n',
            "accommodations = [\n",
            *(f"    {_q(a)},\n" for a in rng.sample(ACCOMMODATIONS, rng.randint(3, 6))),
            "]\n",
            "modifications = []\n",
        ]
        for service, name, provider, minutes, per_week in self.services:
            weekly = minutes * per_week
            if rng.random() < 0.2:
                out.append("\n# Minutes agreed at the annual review; amended if the team meets.")
            out.append(
                f"\n[[service]]\nid = {_q(record_id(rng, _stamp(meeting, rng)))}\n"
                f"service = {_q(service)}\nname = {_q(name)}\nminutes = {weekly}\n"
                f'per = "week"\nsetting = "special-education"\nprovider = {_q(provider)}\n'
                f'delivery = "direct"\nstart = {FIRST_DAY.isoformat()}\n'
                f"end = {end.isoformat()}\n"
            )
        if self.grade >= 8:
            out.append(
                f"\n[transition]\ndate = {meeting.isoformat()}\n"
                "# Written with the student at the annual review.\n"
                'education = "Attend the community college for an automotive program."\n'
                'employment = "Work part-time in a repair shop during high school."\n'
                'independent_living = "Manage a weekly budget and use public transit."\n'
                'courses = ["Auto technology I", "Consumer math"]\n'
                'agencies = ["Vocational Rehabilitation"]\n'
            )
        if self.behavior:
            adopted = meeting + timedelta(days=14)
            out.append(
                f"\n[behavior_plan]\nadopted = {adopted.isoformat()}\n"
                f"review = {(adopted + timedelta(days=120)).isoformat()}\n"
                'target_behaviors = ["calling out", "leaving the seat"]\n'
            )
        return "".join(out)

    def goals_text(self) -> str:
        rng = self.rng
        out = [self._schema(layout.GOALS_FILE)]
        for (area, goal_id, unit, measure, _range, growth, aggregate), baseline in zip(
            self.goals, self.baselines, strict=True
        ):
            weeks = 36
            target = max(0.0, round(baseline + growth * weeks))
            if unit == "%":
                target = min(target, 95.0)
            direction = "decrease" if growth < 0 else "increase"
            statement = (
                f"By {LAST_DAY:%B} {LAST_DAY.year}, given {measure}, {self.first} will "
                f"{direction} from a baseline of {baseline:g} {unit} to {target:g} {unit}, "
                "as measured by weekly probes charted by the case manager."
            )
            if rng.random() < 0.25:
                out.append("# Rewritten after the progress meeting; see the log.\n")
            out.append(
                f"[[goal]]\nid = {_q(goal_id)}\narea = {_q(area)}\nstatement = {_q(statement)}\n"
                f"measure = {_q(measure)}\nunit = {_q(unit)}\nbaseline = {baseline:g}\n"
                f"start_date = {FIRST_DAY.isoformat()}\ntarget = {target:g}\n"
                f"target_date = {LAST_DAY.isoformat()}\ndirection = {_q(direction)}\n"
            )
            if aggregate != "mean":
                out.append(f"aggregate = {_q(aggregate)}\n")
            out.append('mastery = "80% across 3 consecutive sessions"\n')
            if rng.random() < 0.4:
                phase = FIRST_DAY + timedelta(weeks=rng.randint(8, 20))
                out.append(
                    f'\n[[goal.phase]]\nstart = {phase.isoformat()}\nlabel = "Added repeated '
                    'practice with feedback"\n'
                )
            out.append("\n")
        return "".join(out).rstrip("\n") + "\n"

    def _weeks(self) -> list[list[date]]:
        weeks: dict[tuple[int, int], list[date]] = {}
        for day in self.days:
            weeks.setdefault(day.isocalendar()[:2], []).append(day)
        return list(weeks.values())

    def data(self) -> str:
        rng = self.rng
        weeks = self._weeks()
        rows: list[tuple[date, str]] = []
        for (_area, goal_id, unit, _m, _r, growth, _a), baseline in zip(
            self.goals, self.baselines, strict=True
        ):
            count = rng.randint(30, 40)
            chosen = sorted(rng.sample(range(len(weeks)), min(count, len(weeks))))
            for week_number, week in enumerate(chosen):
                day = rng.choice(weeks[week])
                value = baseline + growth * week_number + rng.gauss(0, abs(growth) * 3 + 1)
                value = max(0.0, min(100.0, value)) if unit == "%" else max(0.0, value)
                shown = f"{round(value)}" if unit != "%" else f"{round(value, 1):g}"
                note = f"note = {_q(rng.choice(POINT_NOTES))}\n" if rng.random() < 0.15 else ""
                stamp = _stamp(day, rng)
                rows.append(
                    (
                        day,
                        f"[[point]]\nid = {_q(record_id(rng, stamp))}\ngoal = {_q(goal_id)}\n"
                        f"date = {day.isoformat()}\nvalue = {shown}\n{note}",
                    )
                )
        rows.sort(key=lambda r: r[0])
        out = [self._schema(layout.DATA_FILE)]
        for number, (_day, text) in enumerate(rows):
            if number and number % 60 == 0:
                out.append("# Probes from here on given in the resource room.\n")
            out.append(text + "\n")
        return "".join(out).rstrip("\n") + "\n"

    def sessions(self) -> str:
        rng = self.rng
        out = [self._schema(layout.SESSIONS_FILE)]
        missed: list[tuple[str, str]] = []
        for week in self._weeks():
            for service, _name, provider_role, minutes, per_week in self.services:
                provider = next(n for n, r in STAFF if r == provider_role)
                for day in sorted(rng.sample(week, min(per_week, len(week)))):
                    roll = rng.random()
                    status = (
                        "delivered"
                        if roll < 0.88
                        else "student-absent"
                        if roll < 0.94
                        else "provider-absent"
                        if roll < 0.97
                        else "student-refused"
                    )
                    makeup = ""
                    if status == "delivered" and missed and missed[0][1] == service:
                        makeup, _ = missed.pop(0)
                        status = "makeup"
                    sid = record_id(rng, _stamp(day, rng))
                    if status == "provider-absent":
                        missed.append((sid, service))
                    lines = [
                        f"[[session]]\nid = {_q(sid)}\nservice = {_q(service)}\n"
                        f"date = {day.isoformat()}\nminutes = {minutes}\n"
                        f'status = "{status}"\n'
                    ]
                    if makeup:
                        lines.append(f"makeup_for = {_q(makeup)}\n")
                    lines.append(f"provider = {_q(provider)}\n")
                    if service == "social-skills":
                        lines.append("group = true\n")
                    if rng.random() < 0.12:
                        lines.append(f"note = {_q(rng.choice(SESSION_NOTES))}\n")
                    out.append("".join(lines) + "\n")
        return "".join(out).rstrip("\n") + "\n"

    def log(self) -> str:
        rng = self.rng
        out = [self._schema(layout.LOG_FILE)]
        meetings = [("annual-review", "held"), ("progress", "held")]
        if rng.random() < 0.3:
            meetings.append(("amendment", "held"))
        if rng.random() < 0.2:
            meetings.append(("reevaluation", "held"))
        meetings.append(("annual-review", "scheduled"))
        parents = f"{rng.choice(('Maria', 'David', 'Rosa'))} {self.last}"
        for number, (kind, status) in enumerate(meetings):
            day = self.days[min(len(self.days) - 1, 20 + number * 40 + rng.randrange(10))]
            out.append(
                f"[[meeting]]\nid = {_q(record_id(rng, _stamp(day, rng)))}\n"
                f"date = {day.isoformat()}\ntime = 15:{rng.choice(('00', '15', '30'))}:00\n"
                f'kind = "{kind}"\nstatus = "{status}"\nlocation = "Room 114"\n'
                f"participants = {_list([self.manager, parents, STAFF[5][0]])}\n"
            )
            if status == "held":
                out.append('note = "Reviewed progress on every goal; family agreed."\n')
            out.append("\n")
        methods = ("phone", "email", "note-home", "in-person", "text")
        for number in range(rng.randint(6, 14)):
            day = self.days[min(len(self.days) - 1, number * 12 + rng.randrange(10))]
            purpose = rng.choice(("general", "progress-report", "concern", "celebration"))
            period = f"Q{min(4, 1 + number * 4 // 14)}" if purpose == "progress-report" else ""
            out.append(
                f"[[contact]]\nid = {_q(record_id(rng, _stamp(day, rng)))}\n"
                f"date = {day.isoformat()}\nmethod = {_q(rng.choice(methods))}\n"
                f"person = {_q(parents)}\npurpose = {_q(purpose)}\n"
            )
            if period:
                out.append(f"period = {_q(period)}\n")
            if rng.random() < 0.5:
                out.append('note = "Shared the graph of weekly probes; parent asked for ideas."\n')
            out.append("\n")
        return "".join(out).rstrip("\n") + "\n"


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return len(data)


def _git(root: Path, env: Mapping[str, str], *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], env=dict(env), check=True, capture_output=True)


def generate(root: Path, count: int, env: Mapping[str, str], seed: int = SEED) -> GeneratedCaseload:
    """Write a caseload of ``count`` students at ``root`` (new) and commit it once."""
    started = time.perf_counter()
    root.mkdir(mode=DIR_MODE, parents=True)
    settings = settings_text(
        f"Synthetic caseload ({count} students)", FIRST_DAY, LAST_DAY, "federal"
    )
    calendar = calendar_text(FIRST_DAY, LAST_DAY)
    (root / layout.CALENDAR_DIR).mkdir(mode=DIR_MODE)
    (root / layout.STUDENTS_DIR).mkdir(mode=DIR_MODE)
    _write(root / layout.SETTINGS_FILE, settings)
    _write(root / layout.CALENDAR_DIR / f"{FIRST_DAY.year}-{LAST_DAY.year}.toml", calendar)
    _write(root / ".gitattributes", GITATTRIBUTES)
    _write(root / ".gitignore", GITIGNORE)
    days = school_days(calendar)
    students = []
    total = 0
    files = 4
    for index in range(count):
        student = _Student(index, seed, days)
        folder = root / layout.STUDENTS_DIR / student.id
        folder.mkdir(mode=DIR_MODE)
        for name, text in student.files().items():
            total += _write(folder / name, text)
            files += 1
        students.append(
            GeneratedStudent(
                student.id,
                tuple(g[1] for g in student.goals),
                tuple(s[0] for s in student.services),
            )
        )
    _git(root, env, "init", "--quiet", "--initial-branch=main")
    _git(root, env, "add", "-A")
    _git(root, env, "commit", "--quiet", "--no-verify", "-m", f"Synthetic caseload of {count}")
    return GeneratedCaseload(
        root=root,
        students=tuple(students),
        student_bytes=total,
        files=files,
        seconds=time.perf_counter() - started,
    )
