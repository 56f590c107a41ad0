"""Every deadline cites its rule from the profile data, in ``due --json`` and the calendar
export (issue 13: "in `due` with a `rule` key that cites it ... in the ICS export")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from icalendar import Calendar

from caseterm.model.compliance import KINDS
from caseterm.tui.marks import SHORT_TITLES

TODAY = "2026-11-25"


def _due(cli: Any, root: Path, *more: str) -> list[dict[str, Any]]:
    result = cli("-C", root, "due", "--json", "--all", "--today", TODAY, *more)
    assert result.code == 0, result.err
    items: list[dict[str, Any]] = json.loads(result.out)
    return items


def test_every_deadline_of_the_sample_cites_a_rule(cli: Any, sample_copy: Path) -> None:
    items = _due(cli, sample_copy)
    assert all(item["rule"] for item in items)
    kinds = {item["kind"]: item["rule"] for item in items}
    assert kinds["504-reevaluation"] == "34 CFR 104.35(d)"
    assert kinds["transition-plan"] == "34 CFR 300.320(b)"
    (elias,) = [i for i in items if i["kind"] == "504-reevaluation" and i["student"] == "elias-f"]
    assert (elias["student"], elias["due"], elias["status"]) == (
        "elias-f",
        "2026-12-13",
        "due-soon",
    )
    assert "meeting scheduled 2026-12-10" in elias["detail"]


def test_a_caseload_override_changes_the_citation_shown(cli: Any, sample_copy: Path) -> None:
    settings = sample_copy / "caseterm.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace(
            "# [rules] may override any number of the rule profile.",
            '[rules]\nsection504_reevaluation_years = 2\nsection504_reevaluation_rule = "34 CFR '
            '104.35(d); Harlow Creek policy 504-7"',
        ),
        encoding="utf-8",
    )
    items = _due(cli, sample_copy, "--student", "elias-f")
    (elias,) = [i for i in items if i["kind"] == "504-reevaluation"]
    assert (elias["due"], elias["status"], elias["rule"]) == (
        "2025-12-13",
        "overdue",
        "34 CFR 104.35(d); Harlow Creek policy 504-7",
    )


def test_the_calendar_export_cites_the_rule_and_the_recommended_meeting(
    cli: Any, sample_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "due.ics"
    assert cli("-C", sample_copy, "export", "ics", "-o", out, "--today", TODAY).code == 0
    events = {str(e["uid"]): e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    plan = events["esperanza-t.transition-plan@caseterm"]
    assert plan.decoded("dtstart").isoformat() == "2027-02-19"
    description = str(plan["description"])
    assert "Rule: 34 CFR 300.320(b)" in description
    assert "Recommended at the meeting of 2026-03-05." in description
    reevaluation = events["elias-f.504-reevaluation@caseterm"]
    assert "Rule: 34 CFR 104.35(d)" in str(reevaluation["description"])


def test_every_deadline_kind_has_a_short_title_for_the_caseload_column() -> None:
    """A kind's short title is its SHORT_TITLES entry, else its own title (short_label)."""
    shown = {kind: SHORT_TITLES.get(kind, title) for kind, title in KINDS.items()}
    assert all(len(title) <= 17 for title in shown.values()), shown


def test_the_docs_rule_table_lists_every_kind_and_rule_key() -> None:
    from pathlib import Path

    from caseterm.model.rules import RULE_KEYS

    page = Path(__file__).parents[2] / "docs" / "compliance.md"
    table = page.read_text(encoding="utf-8")
    assert [kind for kind in KINDS if f"| `{kind}` |" not in table] == []
    assert [key for key in RULE_KEYS if key.endswith("_rule") and f"`{key}`" not in table] == []
