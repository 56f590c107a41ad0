"""Create caseloads: ``caseterm init`` and the demo copy of the sample caseload."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from dateutil.relativedelta import MO, TH, relativedelta

from caseterm.store.infra import driver, git, layout
from caseterm.store.infra.atomic import DIR_MODE, FILE_MODE, make_private_dirs, write_atomic
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.save import Saved
from caseterm.store.infra.tomltext import table_text

GITATTRIBUTES = """\
# caseterm merges its TOML files record by record (caseterm merge-driver).
*.toml merge=caseterm
"""

GITIGNORE = """\
# Temporary files of interrupted saves.
.*.tmp
"""


def school_year_of(today: date) -> tuple[date, date]:
    """A US school year around ``today``: the Monday after Aug 15 to mid-June."""
    start_year = today.year if today.month >= 7 else today.year - 1
    first = date(start_year, 8, 15) + relativedelta(weekday=MO(+1))
    last = date(start_year + 1, 6, 12)
    return first, last


def _holidays(first: date, last: date) -> list[tuple[date, date, str]]:
    year = first.year
    labor = date(year, 9, 1) + relativedelta(weekday=MO(+1))
    thanksgiving = date(year, 11, 1) + relativedelta(weekday=TH(+4))
    mlk = date(year + 1, 1, 1) + relativedelta(weekday=MO(+3))
    presidents = date(year + 1, 2, 1) + relativedelta(weekday=MO(+3))
    spring = date(year + 1, 3, 22) + relativedelta(weekday=MO(+1))
    memorial = date(year + 1, 5, 31) + relativedelta(weekday=MO(-1))
    return [
        (labor, labor, "Labor Day"),
        (thanksgiving - timedelta(days=1), thanksgiving + timedelta(days=1), "Thanksgiving break"),
        (date(year, 12, 21), date(year + 1, 1, 1), "Winter break"),
        (mlk, mlk, "Martin Luther King Jr. Day"),
        (presidents, presidents, "Presidents' Day"),
        (spring, spring + timedelta(days=4), "Spring break"),
        (memorial, memorial, "Memorial Day"),
    ]


def _quarters(first: date, last: date) -> list[tuple[str, date, date]]:
    span = (last - first).days
    bounds = [first + timedelta(days=round(span * k / 4)) for k in range(5)]
    return [
        (f"Q{k + 1}", bounds[k] if k == 0 else bounds[k] + timedelta(days=1), bounds[k + 1])
        for k in range(4)
    ]


def settings_text(name: str, first: date, last: date, profile: str) -> str:
    """The text of a new ``caseterm.toml``."""
    root_line = layout.schema_line(Path(), Path(layout.SETTINGS_FILE), layout.SETTINGS_FILE)
    text = root_line + table_text(
        "caseload",
        {
            "name": name,
            "school_year_start": first,
            "school_year_end": last,
            "rule_profile": profile,
        },
        array=False,
    )
    for period, start, end in _quarters(first, last):
        text += "\n" + table_text(
            "reporting_period",
            {"name": period, "start": start, "end": end, "report_due": end + timedelta(days=7)},
        )
    return text


def calendar_text(first: date, last: date) -> str:
    """The text of a new school calendar with common US holidays and breaks."""
    path = Path(layout.CALENDAR_DIR) / "x.toml"
    text = layout.schema_line(Path(), path, layout.CALENDAR_DIR)
    text += table_text(
        "calendar",
        {"name": f"School year {first.year}-{last.year}", "first_day": first, "last_day": last},
        array=False,
    )
    for start, end, label in _holidays(first, last):
        text += "\n" + table_text("closed", {"name": label, "start": start, "end": end})
    return text


def install_schemas(root: Path) -> list[Path]:
    """Copy the JSON Schemas into ``.caseterm/schemas`` so editors can validate files."""
    folder = root / layout.SCHEMA_DIR
    make_private_dirs(folder)
    written = []
    for entry in resources.files("caseterm.schemas").iterdir():
        if entry.name.endswith(".schema.json"):
            target = folder / entry.name
            target.write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
            target.chmod(FILE_MODE)
            written.append(target)
    return written


def init_caseload(root: Path, name: str, today: date, profile: str = "federal") -> Saved:
    """Create a caseload at ``root``: settings, calendar, git attributes, first commit."""
    if (root / layout.SETTINGS_FILE).exists():
        raise InputError(f"DIR: {root} already holds a caseload ({layout.SETTINGS_FILE} exists)")
    existing = next(p for p in (root.absolute(), *root.absolute().parents) if p.exists())
    repo = root if (root / ".git").exists() else None
    if git.identity(existing) is None:
        raise InputError(git.IDENTITY_HELP)
    make_private_dirs(root)
    root.chmod(DIR_MODE)
    first, last = school_year_of(today)
    files = {
        root / layout.SETTINGS_FILE: settings_text(name, first, last, profile),
        root / layout.CALENDAR_DIR / f"{first.year}-{last.year}.toml": calendar_text(first, last),
        root / ".gitattributes": GITATTRIBUTES,
        root / ".gitignore": GITIGNORE,
    }
    for path, text in files.items():
        write_atomic(path, text, None)
    make_private_dirs(root / layout.STUDENTS_DIR)
    paths = [*files, *install_schemas(root)]
    if repo is None:
        git.init(root)
        repo = root
    driver.install(repo)
    sha = git.commit(repo, paths, f"Start caseload {name}".strip())
    return Saved(f"Start caseload {name}", tuple(paths), sha)


def sample_caseload_dir() -> Path | None:
    """The fictional sample caseload: package data of ``caseterm`` (in a source checkout,
    ``caseterm/sample_caseload`` is a link to the repository's ``sample_caseload/``)."""
    here = Path(__file__).resolve().parents[2] / "sample_caseload"
    return here if (here / layout.SETTINGS_FILE).is_file() else None


def copy_demo(source: Path, dest: Path) -> Path:
    """Copy the sample caseload to ``dest`` (must be new or empty) as a fresh git repository.

    A local demo identity is set only when git has none, so the demo works on a fresh
    machine; the user's own identity is never overridden.
    """
    if dest.exists() and any(dest.iterdir()):
        raise InputError(f"DIR: {dest} is not empty; choose a new folder for the demo")
    make_private_dirs(dest)
    dest.chmod(DIR_MODE)
    for path in sorted(source.rglob("*")):
        target = dest / path.relative_to(source)
        if path.is_dir():
            make_private_dirs(target)
        elif path.is_file():
            make_private_dirs(target.parent)
            shutil.copyfile(path, target)
            target.chmod(FILE_MODE)
    install_schemas(dest)
    git.init(dest)
    driver.install(dest)
    if git.identity(dest) is None:
        git.run(dest, "config", "user.name", "caseterm demo")
        git.run(dest, "config", "user.email", "demo@caseterm.invalid")
    git.run(dest, "add", "--all")
    git.run(dest, "commit", "--quiet", "-m", "Start demo caseload (fictional students)")
    return dest
