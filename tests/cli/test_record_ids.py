"""Record ids (points, sessions, meetings, contacts) must be usable ids, not any text."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("file", "record"),
    [
        ("sessions.toml", '[[session]]\nid = ""\nservice = "x"\ndate = 2026-11-20\nminutes = 30\n'),
        ("data.toml", '[[point]]\nid = "a b"\ngoal = "g"\ndate = 2026-11-20\nvalue = 3\n'),
        ("log.toml", '[[meeting]]\nid = "../x"\ndate = 2026-11-20\nkind = "other"\n'),
        ("log.toml", '[[contact]]\nid = "01KB/ZZ"\ndate = 2026-11-20\nmethod = "phone"\n'),
    ],
)
def test_check_reports_an_unusable_record_id(cli, caseload: Path, file: str, record: str) -> None:
    assert cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    path = caseload / "students/ava-m" / file
    path.write_text(path.read_text() + "\n" + record)

    result = cli("check", caseload)

    assert result.code == 1
    assert f"students/ava-m/{file}:" in result.out
    assert "id: " in result.out and "is not a valid id" in result.out


def test_check_accepts_ids_as_caseterm_writes_them(cli, caseload: Path) -> None:
    assert cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    path = caseload / "students/ava-m/log.toml"
    path.write_text(
        path.read_text() + '\n[[meeting]]\nid = "01kbm3x2p0a7q9zr"\ndate = 2026-11-20\n'
    )

    result = cli("check", caseload)

    assert (result.code, result.out) == (0, "")
