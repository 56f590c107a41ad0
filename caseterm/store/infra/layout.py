"""Where things live in a caseload folder (which files a student has: ``store.kinds``)."""

from __future__ import annotations

import os
from pathlib import Path

SETTINGS_FILE = "caseterm.toml"
CALENDAR_DIR = "calendar"
STUDENTS_DIR = "students"
SCHEDULE_FILE = "schedule.toml"
SCHEMA_DIR = ".caseterm/schemas"

PROFILE_FILE = "student.toml"
PLAN_FILE = "plan.toml"
GOALS_FILE = "goals.toml"
DATA_FILE = "data.toml"
SESSIONS_FILE = "sessions.toml"
LOG_FILE = "log.toml"
DISCIPLINE_FILE = "discipline.toml"
ATTENDANCE_FILE = "attendance.toml"
CONSENT_FILE = "consent.toml"
BEHAVIOR_FILE = "behavior.toml"
EVALUATION_FILE = "evaluation.toml"
MTSS_FILE = "mtss.toml"
ENV_CASELOAD = "CASETERM_CASELOAD"


def default_root() -> Path:
    """The caseload folder: ``$CASETERM_CASELOAD``, else the current directory."""
    return Path(os.environ.get(ENV_CASELOAD) or ".")


def student_dir(root: Path, student_id: str) -> Path:
    return root / STUDENTS_DIR / student_id


def student_file(root: Path, student_id: str, name: str) -> Path:
    return root / STUDENTS_DIR / student_id / name


def relative(root: Path, path: Path) -> str:
    """A path as shown to users and in problems: relative to the caseload, with '/'."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def schema_line(root: Path, path: Path, kind: str) -> str:
    """The ``#:schema`` comment that lets taplo / Even Better TOML validate a file."""
    depth = len(path.relative_to(root).parts) - 1
    up = "../" * depth if depth else "./"
    from caseterm.store.kinds import SCHEMA_FOR

    return f"#:schema {up}{SCHEMA_DIR}/{SCHEMA_FOR[kind]}\n"
