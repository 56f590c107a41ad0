"""Where things live in a caseload folder."""

from __future__ import annotations

import os
from pathlib import Path

SETTINGS_FILE = "caseterm.toml"
CALENDAR_DIR = "calendar"
STUDENTS_DIR = "students"
SCHEMA_DIR = ".caseterm/schemas"

PROFILE_FILE = "student.toml"
PLAN_FILE = "plan.toml"
GOALS_FILE = "goals.toml"
DATA_FILE = "data.toml"
SESSIONS_FILE = "sessions.toml"
LOG_FILE = "log.toml"
STUDENT_FILES = (PROFILE_FILE, PLAN_FILE, GOALS_FILE, DATA_FILE, SESSIONS_FILE, LOG_FILE)

SCHEMA_FOR = {
    SETTINGS_FILE: "caseterm.schema.json",
    CALENDAR_DIR: "calendar.schema.json",
    PROFILE_FILE: "student.schema.json",
    PLAN_FILE: "plan.schema.json",
    GOALS_FILE: "goals.schema.json",
    DATA_FILE: "data.schema.json",
    SESSIONS_FILE: "sessions.schema.json",
    LOG_FILE: "log.schema.json",
}

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
    return f"#:schema {up}{SCHEMA_DIR}/{SCHEMA_FOR[kind]}\n"
