"""Validate caseload files against caseterm's JSON Schemas, as an editor would."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker

from caseterm.store import kinds
from caseterm.store.infra import layout
from caseterm.store.infra.tomltext import parse

DRAFT4 = "http://json-schema.org/draft-04/schema#"


def load_schema(name: str) -> dict[str, Any]:
    """One of the schemas shipped in ``caseterm/schemas``."""
    text = resources.files("caseterm.schemas").joinpath(name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def kind_of(root: Path, path: Path) -> str:
    """The ``kinds.SCHEMA_FOR`` key of a caseload file."""
    rel = path.relative_to(root)
    if rel.parts[0] == layout.CALENDAR_DIR:
        return layout.CALENDAR_DIR
    return rel.name


def as_json(value: Any) -> Any:
    """TOML values as taplo hands them to the schema: dates and times become strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def schema_errors(kind: str, text: str) -> list[str]:
    """Schema violations of one file's TOML text, as 'path: message' lines."""
    validator = Draft4Validator(load_schema(kinds.SCHEMA_FOR[kind]), format_checker=FormatChecker())
    errors = validator.iter_errors(as_json(parse(text)))
    return [f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in errors]
