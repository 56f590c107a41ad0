"""``caseterm minutes`` on the sample: no service above 100% (issue 13, item 4)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def test_october_in_the_sample_stops_at_100_and_lists_over_delivery(
    cli: Any, sample_copy: Path
) -> None:
    """Kenji's OT: 90 delivered of 60 (was 150%); Soren's O&M: 60 of 60 with 30 excused
    (was 60 / (60 - 30) = 200%)."""
    args = ("-C", sample_copy, "minutes", "--month", "2026-10", "--today", "2026-11-25")
    rows = {(r["student"], r["service"]): r for r in json.loads(cli(*args, "--json").out)}
    kenji, soren = rows["kenji-o", "ot"], rows["soren-m", "om"]
    assert (kenji["delivered"], kenji["required"], kenji["compliance_pct"]) == (90, 60, 100.0)
    assert kenji["over_delivered"] == 30
    assert (soren["delivered"], soren["required"], soren["excused"]) == (60, 60, 30)
    assert (soren["compliance_pct"], soren["over_delivered"]) == (100.0, 0)
    assert max(r["compliance_pct"] or 0 for r in rows.values()) == 100.0
    table = cli(*args).out
    assert "kenji-o ot +30" in " ".join(table.split())
