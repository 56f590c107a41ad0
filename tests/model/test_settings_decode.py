"""Caseload settings decoded from ``caseterm.toml``."""

from __future__ import annotations

from datetime import date

from caseterm.model.decode import decode_settings


def test_excused_statuses_default_when_not_written() -> None:
    """Without ``excused_statuses`` the default policy applies (student absence excused)."""
    data = {
        "caseload": {"school_year_start": date(2026, 8, 17), "school_year_end": date(2027, 6, 4)}
    }
    settings, problems = decode_settings(data, "caseterm.toml")
    assert problems == []
    assert settings is not None
    assert settings.excused_statuses == ("student-absent", "student-refused", "school-closed")


def test_provider_absent_is_dropped_from_excused_statuses() -> None:
    """OSEP Letter to Balkman: provider absence is never excused, even if the file says so."""
    data = {
        "caseload": {
            "school_year_start": date(2026, 8, 17),
            "school_year_end": date(2027, 6, 4),
            "excused_statuses": ["student-absent", "provider-absent"],
        }
    }
    settings, problems = decode_settings(data, "caseterm.toml")
    assert settings is not None
    assert settings.excused_statuses == ("student-absent",)
    assert [p.message for p in problems] == [
        "'provider-absent' is never excused (OSEP Letter to Balkman)"
    ]
