"""The fictional sample caseload (``caseterm demo``): clean, complete, and telling its stories.

Each test checks something a case manager opening the demo would notice: a clean check, the
mix of plans, the deadlines, the graphs and the minutes. The figures are computed here from
the records themselves, not by the domain engine, so they pin down the sample's content.
"""

from __future__ import annotations

import itertools
import json
import statistics
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from caseterm.model import behavior, ioa, vocab
from caseterm.model.records import Caseload, Observation, Student
from caseterm.store import kinds
from caseterm.store.actions.setup import GITATTRIBUTES
from caseterm.store.infra import layout
from caseterm.store.infra.load import load_caseload
from tests.conftest import SAMPLE, TODAY, run_process
from tests.schema_check import kind_of, schema_errors

FALL = (date(2026, 10, 1), date(2026, 11, 24))
"""October and November up to the last school day before Thanksgiving break."""

_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


@pytest.fixture(scope="module")
def sample() -> Caseload:
    loaded = load_caseload(SAMPLE, TODAY)
    assert loaded.problems == []
    return loaded.caseload


def _files() -> list[Path]:
    return sorted(p for p in SAMPLE.rglob("*.toml") if ".caseterm" not in p.parts)


def _by_id(sample: Caseload, student_id: str) -> Student:
    student = sample.student(student_id)
    assert student is not None
    return student


def _school_days(sample: Caseload, start: date, end: date) -> list[date]:
    calendar = sample.calendars[0]
    days = []
    day = start
    while day <= end:
        closed = any(c.start <= day <= c.end for c in calendar.closures)
        if day.weekday() in calendar.weekdays and not closed:
            days.append(day)
        day += timedelta(days=1)
    return days


def _id_date(record_id: str) -> date:
    """The UTC day of the millisecond time in an id made by ``store.ids.new_id``."""
    ms = 0
    for char in record_id[:10]:
        ms = ms * 32 + _CROCKFORD.index(char)
    return datetime.fromtimestamp(ms / 1000, UTC).date()


# --- the files -------------------------------------------------------------------------


def test_check_prints_nothing_and_exits_0() -> None:
    result = run_process("check", SAMPLE)
    assert (result.code, result.out, result.err) == (0, "", "")


def test_demo_copy_of_the_sample_is_clean(cli, tmp_path: Path) -> None:
    dest = tmp_path / "demo"
    assert cli("demo", dest, "--print").code == 0
    assert cli("check", dest).code == 0
    assert (dest / "students/lucia-v/student.toml").is_file()


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.relative_to(SAMPLE).as_posix())
def test_every_file_validates_against_its_schema(path: Path) -> None:
    assert schema_errors(kind_of(SAMPLE, path), path.read_text(encoding="utf-8")) == []


def test_every_file_starts_with_the_schema_line_caseterm_writes() -> None:
    for path in _files():
        first = path.read_text(encoding="utf-8").splitlines(keepends=True)[0]
        assert first == layout.schema_line(SAMPLE, path, kind_of(SAMPLE, path)), path


def test_git_attributes_and_schemas_ship_with_the_sample() -> None:
    assert (SAMPLE / ".gitattributes").read_text(encoding="utf-8") == GITATTRIBUTES
    folder = SAMPLE / layout.SCHEMA_DIR
    for name in sorted(set(kinds.SCHEMA_FOR.values())):
        shipped = resources.files("caseterm.schemas").joinpath(name).read_text(encoding="utf-8")
        assert (folder / name).read_text(encoding="utf-8") == shipped, name


def test_ids_are_time_sortable_and_stamped_on_the_record_date(sample: Caseload) -> None:
    for student in sample.students:
        for records in (student.points, student.sessions, student.meetings, student.contacts):
            for record in records:
                assert len(record.id) == 16 and set(record.id) <= set(_CROCKFORD)
        for point in student.points:
            assert _id_date(point.id) == point.date
        for session in student.sessions:
            assert _id_date(session.id) == session.date
        for contact in student.contacts:
            assert _id_date(contact.id) == contact.date
        for meeting in student.meetings:
            made = _id_date(meeting.id)
            assert made <= TODAY  # a scheduled meeting's id is from when it was scheduled
            assert made <= meeting.date or meeting.status != "held"
        for name, ids in (
            ("data", [p.id for p in sorted(student.points, key=lambda p: p.source.index)]),
            ("sessions", [s.id for s in sorted(student.sessions, key=lambda s: s.source.index)]),
        ):
            assert ids == sorted(ids), (student.id, name)


# --- who is on the caseload ------------------------------------------------------------


def test_fifteen_to_twenty_four_students_of_every_plan_type(sample: Caseload) -> None:
    assert 15 <= len(sample.students) <= 24
    assert {s.profile.plan_type for s in sample.students} == set(vocab.PLAN_TYPES)
    grades = {s.profile.grade for s in sample.students}
    assert {"IT", "K", "12"} <= grades and len(grades) >= 10
    categories = {code for s in sample.students for code in s.profile.disabilities}
    assert {"SLD", "SLI", "AUT", "OHI", "EMN", "ID", "DD", "HI"} <= categories
    assert len({s.plan.lre for s in sample.students if s.plan.lre}) >= 3


def test_the_ifsp_child_is_an_infant_toddler_near_the_age_3_transition(sample: Caseload) -> None:
    (child,) = [s for s in sample.students if s.profile.plan_type == "IFSP"]
    assert child.profile.grade == "IT"
    assert child.plan.dates.referral is not None and child.profile.birth_date is not None
    third = child.profile.birth_date + relativedelta(years=3)
    window_closes = third - timedelta(days=90)  # 34 CFR 303.209: 90 days to 9 months before
    assert TODAY < window_closes <= TODAY + timedelta(days=60)
    assert any(m.kind == "transition" and m.status == "scheduled" for m in child.meetings)


def test_teams_and_families_are_filled_in(sample: Caseload) -> None:
    roles = " ".join(t.role for s in sample.students for t in s.profile.team)
    for role in ("co-teacher", "paraeducator", "speech-language", "occupational", "physical"):
        assert role in roles
    assert "school psychologist" in roles
    languages = {f.language for s in sample.students for f in s.profile.family if f.language}
    assert len(languages) >= 4
    assert all(s.profile.family for s in sample.students)
    assert any(s.plan.accommodations for s in sample.students if s.profile.plan_type == "504")
    assert any(s.plan.modifications for s in sample.students)


# --- deadlines -------------------------------------------------------------------------


def test_some_annual_reviews_are_overdue(sample: Caseload) -> None:
    overdue = [
        s.id
        for s in sample.students
        if s.profile.plan_type == "IEP"
        and s.plan.dates.plan_meeting is not None
        and s.plan.dates.plan_meeting + relativedelta(years=1) < TODAY
    ]
    assert len(overdue) >= 2
    for student_id in overdue:
        meetings = _by_id(sample, student_id).meetings
        assert any(m.kind == "annual-review" and m.status == "scheduled" for m in meetings)


def test_a_reevaluation_falls_due_within_the_month(sample: Caseload) -> None:
    due = [
        s
        for s in sample.students
        if s.plan.dates.evaluation is not None
        and s.profile.plan_type == "IEP"
        and TODAY <= s.plan.dates.evaluation + relativedelta(years=3) <= TODAY + timedelta(days=30)
    ]
    assert len(due) == 1
    assert any(m.kind == "reevaluation" and m.status == "scheduled" for m in due[0].meetings)
    evaluations = [s.plan.dates.evaluation for s in sample.students if s.profile.plan_type == "IEP"]
    assert all(e + relativedelta(years=3) >= TODAY for e in evaluations if e is not None)


def test_a_504_student_is_due_for_reevaluation_with_a_meeting_scheduled(sample: Caseload) -> None:
    """34 CFR 104.35(d), every 3 years by the federal profile's default."""
    due = [
        s
        for s in sample.students
        if s.profile.plan_type == "504"
        and s.plan.dates.evaluation is not None
        and TODAY <= s.plan.dates.evaluation + relativedelta(years=3) <= TODAY + timedelta(days=30)
    ]
    assert [s.id for s in due] == ["elias-f"]
    assert any(m.kind == "reevaluation" and m.status == "scheduled" for m in due[0].meetings)


def test_an_initial_evaluation_is_under_way(sample: Caseload) -> None:
    pending = [
        s
        for s in sample.students
        if s.plan.dates.consent is not None
        and date(2026, 10, 1) <= s.plan.dates.consent <= date(2026, 10, 31)
        and s.plan.dates.eligibility is None
    ]
    assert len(pending) == 1
    (student,) = pending
    assert not student.goals and not student.plan.services and not student.profile.disabilities
    assert any(m.kind == "eligibility" and m.status == "scheduled" for m in student.meetings)


def test_transition_plans_by_16_and_transfer_of_rights(sample: Caseload) -> None:
    settings = sample.settings
    turning_16 = [
        s
        for s in sample.students
        if s.profile.birth_date is not None
        and settings.school_year_start
        <= s.profile.birth_date + relativedelta(years=16)
        <= settings.school_year_end
    ]
    assert any(s.plan.transition is None for s in turning_16)
    seventeen = [
        s
        for s in sample.students
        if s.profile.birth_date is not None
        and s.profile.birth_date + relativedelta(years=17)
        <= TODAY
        < s.profile.birth_date + relativedelta(years=18)
    ]
    assert any(
        s.plan.transition is not None and s.plan.dates.transfer_of_rights is not None
        for s in seventeen
    )


def test_a_behaviour_plan_has_a_review_date_coming_up(sample: Caseload) -> None:
    plans = [p for s in sample.students if (p := behavior.behavior_plan(s))]
    assert any(p.review is not None and p.review > TODAY for p in plans)
    assert all(s.plan.behavior_plan is None for s in sample.students)  # moved to behavior.toml


def test_two_students_have_an_fba_a_bip_and_four_weeks_of_sessions(sample: Caseload) -> None:
    supported = [s for s in sample.students if s.fbas and s.bips]
    assert [s.id for s in supported] == ["kenji-o", "marcus-d"]
    for s in supported:
        (fba,), (bip,) = s.fbas, s.bips
        assert fba.status == "complete" and fba.functions and len(fba.targets) == 2
        assert bip.fba == fba.id and {t.name for t in bip.targets} == {t.name for t in fba.targets}
        days = [o.date for o in s.observations]
        assert (max(days) - min(days)).days >= 28
        assert min(days) < bip.adopted < max(days)  # a baseline, then the plan
        assert len({o.observer for o in s.observations}) == 2
        assert len(s.abc_events) >= 6 and len(s.fidelity_checks) >= 3
        assert behavior.has_safety_plan(s) and s.safety is not None and s.safety.contacts
    methods = {b.method for s in supported for o in s.observations for b in o.behaviors}
    assert methods == {"frequency", "partial-interval", "momentary", "duration"}


def test_each_target_behaviour_comes_down_phase_by_phase(sample: Caseload) -> None:
    for s in sample.students:
        for name in behavior.behavior_names(s):
            means = [p.mean for p in behavior.phase_summaries(s, name) if p.mean is not None]
            assert len(means) >= 2, (s.id, name)
            assert means == sorted(means, reverse=True), (s.id, name, means)


def test_the_second_observers_sessions_agree_mostly_above_80_percent(sample: Caseload) -> None:
    pairs = 0
    figures: list[ioa.Agreement] = []
    for s in sample.students:
        by_period: dict[tuple[date, object], list[Observation]] = {}
        for o in s.observations:
            by_period.setdefault((o.date, o.start), []).append(o)
        for first, *others in by_period.values():
            for other in others:
                result = ioa.session_agreement(first, other)
                assert result.warnings == ()
                figures.extend(f for f in result.figures if f.percent is not None)
                pairs += 1
    assert pairs >= 6
    acceptable = sum(f.acceptable for f in figures)
    assert len(figures) // 2 < acceptable < len(figures)  # most, not all: one to discuss


def test_meetings_are_scheduled_for_december_and_january(sample: Caseload) -> None:
    upcoming = [
        m
        for s in sample.students
        for m in s.meetings
        if m.status == "scheduled" and date(2026, 12, 1) <= m.date <= date(2027, 1, 31)
    ]
    assert len(upcoming) >= 8
    assert all(
        m.date > TODAY for s in sample.students for m in s.meetings if m.status == "scheduled"
    )
    assert any(m.status == "cancelled" for s in sample.students for m in s.meetings)


def test_most_but_not_all_iep_students_got_a_q1_progress_report(sample: Caseload) -> None:
    with_goals = [s for s in sample.students if s.profile.plan_type == "IEP" and s.goals]
    reported = [
        s
        for s in with_goals
        if any(c.purpose == "progress-report" and c.period == "Q1" for c in s.contacts)
    ]
    assert len(with_goals) - 3 <= len(reported) < len(with_goals)
    methods = {c.method for s in sample.students for c in s.contacts}
    assert {"phone", "email", "note-home"} <= methods


# --- progress monitoring ---------------------------------------------------------------


def _daily(student: Student, goal_id: str) -> list[tuple[date, float]]:
    goal = student.goal(goal_id)
    assert goal is not None
    days: dict[date, list[float]] = {}
    for point in student.points_for(goal_id):
        days.setdefault(point.date, []).append(point.value)
    combine = sum if goal.aggregate == "sum" else statistics.fmean
    return [(day, float(combine(values))) for day, values in sorted(days.items())]


def test_weekly_data_all_fall_on_school_days(sample: Caseload) -> None:
    school = set(_school_days(sample, date(2026, 8, 17), date(2026, 11, 24)))
    for student in sample.students:
        for point in student.points:
            assert point.date in school, (student.id, point.date)
    fluency = _daily(_by_id(sample, "theo-b"), "reading-fluency")
    assert fluency[0][0] <= date(2026, 8, 28) and fluency[-1][0] >= date(2026, 11, 16)
    gaps = [(b - a).days for (a, _), (b, _) in itertools.pairwise(fluency)]
    assert max(gaps) <= 10


def test_a_behaviour_to_decrease_is_coming_down_after_the_bip(sample: Caseload) -> None:
    goals = [(s, g) for s in sample.students for g in s.goals if g.direction == "decrease"]
    assert goals
    student, goal = goals[0]
    assert goal.aggregate == "sum" and goal.phases
    daily = _daily(student, goal.id)
    assert len(student.points_for(goal.id)) > len(daily)  # AM and PM tallies are summed
    before = [v for d, v in daily if d < goal.phases[0].start]
    after = [v for d, v in daily if d >= goal.phases[0].start]
    assert statistics.fmean(after[-3:]) < statistics.fmean(before) / 2


def test_stories_stale_too_few_and_phase_changes(sample: Caseload) -> None:
    last_points = {
        (s.id, g.id): max((p.date for p in s.points_for(g.id)), default=None)
        for s in sample.students
        for g in s.goals
    }
    stale = [key for key, last in last_points.items() if last and (TODAY - last).days >= 21]
    assert stale == [("kenji-o", "peer-initiations")]
    too_few = [(s.id, g.id) for s in sample.students for g in s.goals if len(_daily(s, g.id)) < 3]
    assert too_few == [("noor-h", "self-advocacy")]
    assert sum(1 for s in sample.students for g in s.goals if g.phases) >= 3
    masteries = " ".join(g.mastery for s in sample.students for g in s.goals)
    assert "of 5 trials" in masteries and "across 3 consecutive sessions" in masteries


def test_flat_and_exceeding_goals_against_the_aimline(sample: Caseload) -> None:
    def last_four_vs_aimline(student_id: str, goal_id: str) -> list[bool]:
        student = _by_id(sample, student_id)
        goal = student.goal(goal_id)
        assert goal is not None
        daily = _daily(student, goal_id)
        baseline = goal.baseline or statistics.median(v for _, v in daily[:3])
        start = goal.start_date or daily[0][0]
        slope = (goal.target - baseline) / ((goal.target_date - start).days / 7)
        return [v > baseline + slope * (d - start).days / 7 for d, v in daily[-4:]]

    assert last_four_vs_aimline("lucia-v", "articulation-r") == [True] * 4  # raise the goal
    assert last_four_vs_aimline("theo-b", "written-expression") == [False] * 4  # change
    assert len(set(last_four_vs_aimline("theo-b", "reading-fluency"))) == 2  # on track


# --- service minutes -------------------------------------------------------------------


def _logged_share(sample: Caseload, student: Student, statuses: tuple[str, ...]) -> float:
    """Minutes logged with ``statuses`` in Oct-Nov over the weekly minutes prescribed."""
    required = logged = 0.0
    for rx in student.plan.services:
        if rx.per != "week":
            continue
        start = max(FALL[0], rx.start)
        later = [p.start for p in student.plan.services if p.service == rx.service]
        end = min([FALL[1], *(d - timedelta(days=1) for d in later if d > rx.start)])
        required += rx.minutes * len(_school_days(sample, start, end)) / 5
        logged += sum(
            s.minutes
            for s in student.sessions
            if s.service == rx.service and start <= s.date <= end and s.status in statuses
        )
    return logged / required if required else 1.0


def test_one_student_is_clearly_under_served(sample: Caseload) -> None:
    every_status = tuple(vocab.SESSION_STATUSES)
    shares = {
        s.id: _logged_share(sample, s, every_status) for s in sample.students if s.plan.services
    }
    under = {student_id for student_id, share in shares.items() if share < 0.5}
    assert under == {"amara-k"}
    amara = _by_id(sample, "amara-k")
    assert _logged_share(sample, amara, vocab.DELIVERED_STATUSES) < 0.3
    assert min(share for sid, share in shares.items() if sid != "amara-k") >= 0.7


def test_make_ups_name_real_missed_sessions(sample: Caseload) -> None:
    makeups = [(s, m) for s in sample.students for m in s.sessions if m.status == "makeup"]
    assert len(makeups) >= 2
    for student, makeup in makeups:
        (missed,) = [s for s in student.sessions if s.id == makeup.makeup_for]
        assert missed.status == "provider-absent"
        assert missed.service == makeup.service and missed.date < makeup.date
    made_up = {m.makeup_for for _, m in makeups}
    owed = [
        s.id
        for st in sample.students
        for s in st.sessions
        if s.status == "provider-absent" and s.id not in made_up
    ]
    assert owed  # a provider absence not yet made up: minutes still owed


def test_sessions_show_every_status_and_group_work(sample: Caseload) -> None:
    statuses = {s.status for st in sample.students for s in st.sessions}
    assert statuses == set(vocab.SESSION_STATUSES)
    assert any(s.group for st in sample.students for s in st.sessions)
    closed = [s for st in sample.students for s in st.sessions if s.status == "school-closed"]
    assert closed and len({s.date for s in closed}) == 1
    assert any(s.per == "month" for st in sample.students for s in st.plan.services)
    amended = [
        st.id
        for st in sample.students
        if len({p.service for p in st.plan.services}) < len(st.plan.services)
    ]
    assert amended == ["noor-h"]


# --- compliance round two: discipline and attendance -----------------------------------


def test_a_suspended_student_is_near_day_10(sample: Caseload) -> None:
    """Marcus has been removed 2 + 3 + 3 = 8 school days this year: the next removal of
    more than 2 days takes him past 10 and needs the pattern decision (300.536)."""
    marcus = _one(sample, "marcus-d")
    start, end = sample.settings.school_year_start, sample.settings.school_year_end
    this_year = [r for r in marcus.removals if start <= r.date <= end]
    assert [(r.date.isoformat(), r.days, r.kind) for r in this_year] == [
        ("2026-09-14", 2, "oss"),
        ("2026-10-20", 3, "oss"),
        ("2026-11-16", 3, "iss"),
    ]
    assert all(r.pattern is None and r.manifestation is None for r in this_year)
    ids = [r.id for r in marcus.removals]
    assert ids == sorted(ids) and [_id_date(i) for i in ids] == [r.date for r in this_year]


def test_absences_match_the_absent_sessions_and_the_minutes_name_the_rest(
    sample: Caseload,
) -> None:
    """Kenji was absent Sep 14-15 and Nov 2; his sessions those days are logged
    'student-absent', but no speech session is logged on Nov 2: the minutes view says so."""
    kenji = _one(sample, "kenji-o")
    spans = [(a.date.isoformat(), a.to.isoformat() if a.to else None) for a in kenji.absences]
    assert spans == [("2026-09-14", "2026-09-15"), ("2026-11-02", None)]
    absent = {date(2026, 9, 14), date(2026, 9, 15), date(2026, 11, 2)}
    on_absent_days = {(s.date, s.status) for s in kenji.sessions if s.date in absent}
    assert {status for _day, status in on_absent_days} == {"student-absent"}
    result = run_process(
        "-C", SAMPLE, "minutes", "--json", "--student", "kenji-o", "--month", "2026-11",
        "--today", TODAY.isoformat(),
    )  # fmt: skip
    rows = {row["service"]: row["absent_unlogged"] for row in json.loads(result.out)}
    assert rows["speech"] == ["2026-11-02"]
    assert rows["academic"] == []


def _one(sample: Caseload, student_id: str) -> Student:
    found = sample.student(student_id)
    assert found is not None
    return found


def test_an_exiting_senior_owes_a_summary_of_performance(sample: Caseload) -> None:
    """Jaylen graduates with a regular diploma on the last day, 2027-06-04: the Summary of
    Performance is due then (300.305(e)(3)) and not given yet."""
    exit_ = _one(sample, "jaylen-w").plan.exit
    assert exit_ is not None
    assert (exit_.date, exit_.reason, exit_.summary_of_performance) == (
        sample.settings.school_year_end,
        "graduation",
        None,
    )


def test_esy_minutes_were_delivered_last_summer(sample: Caseload) -> None:
    """Theo's ESY reading, 60 a week over Jun 22 - Jul 17 2026 (20 weekdays: 240 minutes),
    was delivered in four 60-minute sessions, on its own service id."""
    theo = _one(sample, "theo-b")
    assert theo.plan.esy is not None and theo.plan.esy.eligible is True
    (esy,) = [p for p in theo.plan.services if p.esy]
    assert (esy.service, esy.minutes, esy.per, esy.start, esy.end) == (
        "esy-reading",
        60,
        "week",
        date(2026, 6, 22),
        date(2026, 7, 17),
    )
    weekdays = sum(1 for n in range(26) if (esy.start + timedelta(days=n)).weekday() < 5)
    delivered = [s.minutes for s in theo.sessions if s.service == "esy-reading"]
    assert (weekdays * 60 // 5, sum(delivered)) == (240, 240)


def test_the_toddler_nearing_3_has_the_district_notified_and_a_conference_scheduled(
    sample: Caseload,
) -> None:
    """Mateo turns 3 on 2027-03-22: the district was notified 2026-10-20, before the
    90-day mark (2026-12-22); the transition conference is scheduled for 2026-12-16, inside
    the window; his services are given in the natural environment."""
    mateo = _one(sample, "mateo-i")
    assert mateo.profile.birth_date == date(2024, 3, 22)
    assert mateo.plan.dates.lea_notification == date(2026, 10, 20)
    (conference,) = [m for m in mateo.meetings if m.kind == "transition"]
    assert (conference.date, conference.status) == (date(2026, 12, 16), "scheduled")
    assert date(2026, 6, 22) <= conference.date <= date(2026, 12, 22)
    assert {p.setting for p in mateo.plan.services} == {"natural-environment"}


# --- the week's schedule ---------------------------------------------------------------


@pytest.mark.parametrize("today", ["2026-11-25", "2026-11-30", "2026-12-07"])
def test_schedule_check_finds_lucias_short_speech_and_marcus_double_booked(
    cli: Any, today: str
) -> None:
    """Lucia's 60 min/week of speech has one 30-minute slot (her own until Nov 30, then the
    group's); Marcus's Wednesday counselling overlaps his academic block."""
    result = cli("-C", SAMPLE, "schedule", "check", "--today", today, "--json")
    assert result.code == 1
    found = [(f["code"], f["student"], f["service"]) for f in json.loads(result.out)["findings"]]
    assert found == [
        ("student-double-booked", "marcus-d", None),
        ("short", "lucia-v", "speech"),
    ]


def test_the_sample_week_has_providers_for_every_service_and_two_groups(
    sample: Caseload,
) -> None:
    from caseterm.model.schedule import decode_schedule
    from caseterm.store.infra.tomltext import parse

    text = (SAMPLE / layout.SCHEDULE_FILE).read_text(encoding="utf-8")
    schedule, problems = decode_schedule(parse(text), layout.SCHEDULE_FILE)
    assert problems == []
    roles = " ".join(p.role for p in schedule.providers)
    for role in ("speech", "occupational", "physical", "psychologist", "case manager"):
        assert role in roles
    groups = sorted(len(s.students) for s in schedule.slots if s.group)
    assert groups == [2, 4]
    (speech,) = [s for s in schedule.slots if s.group and s.service == "speech"]
    assert speech.group and len(speech.students) == 4


# --- assessments and MTSS ----------------------------------------------------------------


def test_mtss_students_one_moving_to_tier_3_one_referred_one_mid_evaluation(
    sample: Caseload,
) -> None:
    from caseterm.model import mtss
    from caseterm.model.evaluation import evaluation_status

    settings = sample.settings
    mtss_students = [s for s in sample.students if s.profile.plan_type == "MTSS"]
    assert len(mtss_students) >= 4
    wes = _by_id(sample, "wes-l")
    assert [t.tier for t in sorted(wes.tiers, key=lambda t: t.date)] == [2, 3]
    tier2 = next(i for i in wes.interventions if i.tier == 2)
    assert mtss.intervention_advice(wes, tier2, settings, tier2.end or TODAY).suggestion == (
        "move-up"
    )
    yara = _by_id(sample, "yara-s")
    (referral,) = yara.referrals
    assert [h.tier for h in referral.history] == [2, 3]
    assert all(h.below >= 4 for h in referral.history)
    zofia = _by_id(sample, "zofia-p")
    (status,) = evaluation_status(zofia)
    assert status.evaluation.decision == "pending" and status.evaluation.report is None
    assert status.areas_without_assessment == ("oral language",)
    composites = [s for a in zofia.assessments for s in a.scores if s.composite]
    assert all(s.ci_low is not None and s.ci_low <= s.value <= (s.ci_high or 0) for s in composites)
    below = mtss.below_benchmark(sample.students, settings, "fall")
    assert {b.student for b in below} >= {"wes-l", "yara-s", "xavi-j", "uma-a"}
