"""A co-teacher who pushes Python files cannot run code through caseterm's merge driver."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import rtoml

from caseterm.store.infra import driver
from tests.sharing import Cli, Team, data_add, git, ok, shared_caseload

DATA = "students/ava-m/data.toml"


def _hostile_files(marker: Path) -> dict[str, str]:
    payload = f"import pathlib\npathlib.Path({str(marker)!r}).write_text(__name__)\n"
    return {
        "caseterm/__init__.py": payload,
        "caseterm/__main__.py": payload,
        "tomlkit.py": payload,
        "rtoml.py": payload,
    }


@pytest.fixture
def hostile_team(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> tuple[Team, Path]:
    """Alice pushes Python files that write a marker when imported; Bob syncs them in."""
    team = shared_caseload(tmp_path, cli, monkeypatch)
    marker = tmp_path / "marker"
    for name, text in _hostile_files(marker).items():
        (team.alice / name).parent.mkdir(exist_ok=True)
        (team.alice / name).write_text(text)
    git(team.alice, "add", "--all")
    git(team.alice, "commit", "--quiet", "-m", "helpers")
    git(team.alice, "push", "--quiet", "origin", "main")
    ok(cli("-C", team.bob, "sync"))
    assert (team.bob / "caseterm" / "__main__.py").is_file()
    return team, marker


def _values(root: Path) -> list[int]:
    return sorted(p["value"] for p in rtoml.loads((root / DATA).read_text())["point"])


def test_caseterm_sync_merges_without_importing_the_working_tree(
    hostile_team: tuple[Team, Path], cli: Cli
) -> None:
    team, marker = hostile_team
    data_add(cli, team.alice, 51, "2026-11-16")
    ok(cli("-C", team.alice, "sync"))
    data_add(cli, team.bob, 61, "2026-11-17")
    ok(cli("-C", team.bob, "sync"))
    assert not marker.exists()
    assert _values(team.bob) == [51, 61]


def test_plain_git_pull_merges_without_importing_the_working_tree(
    hostile_team: tuple[Team, Path], cli: Cli
) -> None:
    team, marker = hostile_team
    data_add(cli, team.alice, 51, "2026-11-16")
    ok(cli("-C", team.alice, "sync"))
    data_add(cli, team.bob, 61, "2026-11-17")
    pulled = git(team.bob, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stderr
    assert not marker.exists()
    assert _values(team.bob) == [51, 61]


def test_an_old_driver_line_is_rewritten_by_the_next_command(team_old: Team, cli: Cli) -> None:
    old = f"{sys.executable} -m caseterm merge-driver %O %A %B %P"
    git(team_old.bob, "config", "merge.caseterm.driver", old)
    assert not driver.is_installed(team_old.bob)
    ok(cli("-C", team_old.bob, "student", "list"))
    line = git(team_old.bob, "config", "--get-all", "merge.caseterm.driver").stdout.strip()
    assert line == driver.driver_command()
    assert " -I " in line


@pytest.fixture
def team_old(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Team:
    return shared_caseload(tmp_path, cli, monkeypatch)


def test_a_user_site_install_keeps_the_user_site_but_not_the_working_tree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import site

    monkeypatch.setattr(site, "ENABLE_USER_SITE", True)
    monkeypatch.setattr(site, "getusersitepackages", lambda: str(Path(driver.__file__).parents[3]))
    assert " -E -P -m caseterm merge-driver " in driver.driver_command()
