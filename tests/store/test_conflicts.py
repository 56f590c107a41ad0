"""Listing and resolving conflicts, and finishing the merge, rebase or cherry-pick."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rtoml

from caseterm.store.actions.conflicts import list_conflicts, resolve
from caseterm.store.infra.mergetext import merge_texts
from tests.conftest import git_log, git_status
from tests.sharing import Cli, Team, data_add, git, ok, shared_caseload

PLAN = "students/ava-m/plan.toml"
DATA = "students/ava-m/data.toml"


@pytest.fixture
def team(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Team:
    return shared_caseload(tmp_path, cli, monkeypatch)


def consent_conflict(team: Team, cli: Cli, pull: str = "--no-rebase") -> None:
    """Alice and Bob both change the consent date; Bob pulls and gets one conflict."""
    ok(cli("-C", team.alice, "plan", "set", "ava-m", "consent=2026-09-02"))
    ok(cli("-C", team.alice, "sync"))
    ok(cli("-C", team.bob, "plan", "set", "ava-m", "consent=2026-09-03", "lre=RC39"))
    pulled = git(team.bob, "pull", pull, check=False)
    assert pulled.returncode != 0


def consent(root: Path) -> str:
    return str(rtoml.loads((root / PLAN).read_text())["dates"]["consent"])


def test_conflicts_lists_both_values_and_the_command_to_resolve(team: Team, cli: Cli) -> None:
    consent_conflict(team, cli)
    listed = cli("-C", team.bob, "conflicts")
    assert listed.code == 1
    assert listed.out.splitlines()[1:] == [
        "    ours   2026-09-03",
        "    theirs 2026-09-02",
        "    base   (absent)",
        f"    caseterm resolve {PLAN} dates.consent --ours | --theirs | --value VALUE",
        "1 conflict",
    ]
    assert listed.out.startswith(f"{PLAN}:")
    as_json = json.loads(cli("-C", team.bob, "conflicts", "--json").out)
    assert as_json == [
        {
            "file": PLAN,
            "line": as_json[0]["line"],
            "kind": "value",
            "path": "dates.consent",
            "ours": "2026-09-03",
            "theirs": "2026-09-02",
            "base": None,
            "message": "",
        }
    ]


def test_resolving_the_last_conflict_stages_the_file_and_commits_the_merge(
    team: Team, cli: Cli
) -> None:
    consent_conflict(team, cli)
    done = cli("-C", team.bob, "resolve", PLAN, "dates.consent", "--theirs")
    assert done.code == 0, done.err
    assert done.out.splitlines()[0] == f"Resolved dates.consent in {PLAN} (theirs)"
    assert "merge finished" in done.out
    assert consent(team.bob) == "2026-09-02"
    text = (team.bob / PLAN).read_text()
    assert "conflict" not in text
    assert 'lre = "RC39"' in text
    assert git_status(team.bob) == ""
    parents = git(team.bob, "log", "-n", "1", "--format=%P").stdout.split()
    assert len(parents) == 2
    assert cli("-C", team.bob, "conflicts").out == "No conflicts\n"
    assert ok(cli("check", team.bob)).out == ""
    ok(cli("-C", team.bob, "sync"))
    ok(cli("-C", team.alice, "sync"))
    assert (team.alice / PLAN).read_text() == text


def test_a_typed_value_resolves_and_a_bad_one_is_refused(team: Team, cli: Cli) -> None:
    consent_conflict(team, cli)
    before = (team.bob / PLAN).read_text()
    bad = cli("-C", team.bob, "resolve", PLAN, "dates.consent", "--value", "2026-02-30")
    assert bad.code == 2
    assert "consent" in bad.err
    assert (team.bob / PLAN).read_text() == before
    done = cli("-C", team.bob, "resolve", PLAN, "dates.consent", "--value", "2026-09-04")
    assert done.code == 0, done.err
    assert consent(team.bob) == "2026-09-04"


def test_an_unknown_path_names_the_conflicts_there_are(team: Team, cli: Cli) -> None:
    consent_conflict(team, cli)
    wrong = cli("-C", team.bob, "resolve", PLAN, "dates.plan_start", "--ours")
    assert wrong.code == 2
    assert "no conflict at 'dates.plan_start'" in wrong.err
    assert "dates.consent" in wrong.err


def test_two_conflicts_in_two_files_finish_the_merge_only_after_both(team: Team, cli: Cli) -> None:
    data_add(cli, team.alice, 50, "2026-11-16")
    ok(cli("-C", team.alice, "sync"))
    ok(cli("-C", team.bob, "sync"))
    point_id = rtoml.loads((team.bob / DATA).read_text())["point"][0]["id"]
    for root, value in ((team.alice, "51"), (team.bob, "52")):
        path = root / DATA
        path.write_text(path.read_text().replace("value = 50", f"value = {value}"))
        git(root, "commit", "--quiet", "-am", "correct a typo")
    ok(cli("-C", team.alice, "plan", "set", "ava-m", "consent=2026-09-02"))
    ok(cli("-C", team.alice, "sync"))
    ok(cli("-C", team.bob, "plan", "set", "ava-m", "consent=2026-09-03"))
    assert git(team.bob, "pull", "--no-rebase", check=False).returncode != 0
    paths = [(c.file, c.path) for c in list_conflicts(team.bob)]
    assert paths == [(DATA, f"point.{point_id}.value"), (PLAN, "dates.consent")]
    first = ok(cli("-C", team.bob, "resolve", DATA, f"point.{point_id}.value", "--ours"))
    assert "1 conflicted file(s) left" in first.out
    assert (team.bob / ".git" / "MERGE_HEAD").exists()
    ok(cli("-C", team.bob, "resolve", PLAN, "--theirs"))
    assert not (team.bob / ".git" / "MERGE_HEAD").exists()
    assert rtoml.loads((team.bob / DATA).read_text())["point"][0]["value"] == 52
    assert git_status(team.bob) == ""


def test_a_record_deleted_here_and_edited_there_can_be_brought_back(team: Team, cli: Cli) -> None:
    data_add(cli, team.alice, 50, "2026-11-16")
    ok(cli("-C", team.alice, "sync"))
    ok(cli("-C", team.bob, "sync"))
    point_id = rtoml.loads((team.bob / DATA).read_text())["point"][0]["id"]
    path = team.alice / DATA
    path.write_text(path.read_text().replace("value = 50", "value = 55"))
    git(team.alice, "commit", "--quiet", "-am", "fix value")
    ok(cli("-C", team.alice, "sync"))
    ok(cli("-C", team.bob, "remove", "ava-m", "point", point_id))
    assert git(team.bob, "pull", "--no-rebase", check=False).returncode != 0
    (found,) = list_conflicts(team.bob)
    assert found.path == f"point.{point_id}"
    assert found.theirs["value"] == 55
    assert "point" not in rtoml.loads((team.bob / DATA).read_text())
    ok(cli("-C", team.bob, "resolve", DATA, f"point.{point_id}", "--theirs"))
    (restored,) = rtoml.loads((team.bob / DATA).read_text())["point"]
    assert (restored["id"], restored["value"]) == (point_id, 55)
    assert ok(cli("check", team.bob)).out == ""


def test_a_rebase_stopped_on_a_conflict_continues_after_resolve(team: Team, cli: Cli) -> None:
    consent_conflict(team, cli, pull="--rebase")
    assert (team.bob / ".git" / "rebase-merge").is_dir()
    (found,) = list_conflicts(team.bob)
    assert (str(found.ours), str(found.theirs)) == ("2026-09-02", "2026-09-03")
    done = ok(cli("-C", team.bob, "resolve", PLAN, "dates.consent", "--theirs"))
    assert "rebase finished" in done.out
    assert not (team.bob / ".git" / "rebase-merge").exists()
    assert consent(team.bob) == "2026-09-03"
    assert git_log(team.bob)[:2] == [
        "ava-m: set plan consent=2026-09-03, lre=RC39",
        "ava-m: set plan consent=2026-09-02",
    ]


def test_a_cherry_pick_stopped_on_a_conflict_finishes_after_resolve(team: Team, cli: Cli) -> None:
    ok(cli("-C", team.alice, "plan", "set", "ava-m", "consent=2026-09-02"))
    ok(cli("-C", team.alice, "sync"))
    ok(cli("-C", team.bob, "plan", "set", "ava-m", "consent=2026-09-03"))
    git(team.bob, "fetch", "--quiet")
    picked = git(team.bob, "cherry-pick", "origin/main", check=False)
    assert picked.returncode != 0
    done = ok(cli("-C", team.bob, "resolve", PLAN, "dates.consent", "--ours"))
    assert "cherry-pick finished" in done.out
    assert git_status(team.bob) == ""
    assert consent(team.bob) == "2026-09-03"


def test_hand_fixed_markers_are_marked_resolved_with_edited(team: Team, cli: Cli) -> None:
    data_add(cli, team.alice, 51, "2026-11-16")
    ok(cli("-C", team.alice, "sync"))
    data_add(cli, team.bob, 61, "2026-11-17")
    git(team.bob, "config", "--remove-section", "merge.caseterm")
    assert git(team.bob, "pull", "--no-rebase", check=False).returncode != 0
    refused = cli("-C", team.bob, "resolve", DATA, "--edited")
    assert refused.code == 2
    assert "conflict markers are still there" in refused.err
    path = team.bob / DATA
    kept = {"=" * 7: "\n[[point]]", "<" * 7: None, ">" * 7: None}
    fixed = [kept.get(line[:7], line) for line in path.read_text().splitlines()]
    path.write_text("\n".join(line for line in fixed if line is not None) + "\n")
    done = ok(cli("-C", team.bob, "resolve", DATA, "--edited"))
    assert "merge finished" in done.out
    assert sorted(p["value"] for p in rtoml.loads(path.read_text())["point"]) == [51, 61]


def test_committed_conflict_entries_are_resolved_with_one_commit(team: Team, cli: Cli) -> None:
    consent_conflict(team, cli)
    git(team.bob, "commit", "--quiet", "-am", "merge, conflicts left for later")
    resolution = resolve(team.bob, PLAN, "dates.consent", "ours")
    assert resolution.commit is not None
    assert git_log(team.bob)[0] == f"{PLAN}: resolve conflict at dates.consent (ours)"
    assert git_status(team.bob) == ""
    assert consent(team.bob) == "2026-09-03"


def test_a_file_deleted_here_and_changed_there_takes_a_whole_side(team: Team, cli: Cli) -> None:
    log = "students/ava-m/log.toml"
    ok(
        cli(
            "-C", team.alice, "contact", "add", "ava-m", "--method", "phone", "--date", "2026-11-16"
        )
    )
    ok(cli("-C", team.alice, "sync"))
    git(team.bob, "rm", "--quiet", log)
    git(team.bob, "commit", "--quiet", "-m", "remove the log by mistake")
    assert git(team.bob, "pull", "--no-rebase", check=False).returncode != 0
    (found,) = list_conflicts(team.bob)
    assert (found.file, found.kind) == (log, "unmerged")
    refused = cli("-C", team.bob, "resolve", log, "--value", "x")
    assert refused.code == 2
    done = ok(cli("-C", team.bob, "resolve", log, "--theirs"))
    assert "merge finished" in done.out
    assert rtoml.loads((team.bob / log).read_text())["contact"][0]["method"] == "phone"
    assert git_status(team.bob) == ""


@pytest.mark.parametrize(
    ("file", "base", "ours", "theirs", "path", "choice", "expect"),
    [
        (
            "students/ava-m/goals.toml",
            '[[goal]]\nid = "rf"\nstatement = "Read"\ntarget = 90\ntarget_date = 2027-06-01\n'
            '\n[[goal.phase]]\nstart = 2026-10-05\nlabel = "base"\n',
            "a",
            "b",
            "goal.rf.phase.2026-10-05.label",
            "--theirs",
            'label = "b"',
        ),
        (
            "students/ava-m/student.toml",
            '[student]\nfirst_name = "Ava"\n\n[[family]]\nname = "Maria Martinez"\n'
            'relationship = "mother"\nphone = "base"\n',
            "555-0100",
            "555-0199",
            'family."Maria Martinez".phone',
            "--ours",
            'phone = "555-0100"',
        ),
    ],
)
def test_nested_and_quoted_paths_resolve_with_one_commit(
    caseload: Path,
    cli: Cli,
    file: str,
    base: str,
    ours: str,
    theirs: str,
    path: str,
    choice: str,
    expect: str,
) -> None:
    ok(cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava"))
    old = '"base"'
    merged = merge_texts(
        base, base.replace(old, f'"{ours}"'), base.replace(old, f'"{theirs}"')
    ).text
    (caseload / file).write_text(merged)
    git(caseload, "commit", "--quiet", "-am", "a merge committed with its conflict")
    listed = cli("-C", caseload, "conflicts")
    assert f"caseterm resolve {file} {path} --ours" in listed.out
    ok(cli("-C", caseload, "resolve", file, path, choice))
    text = (caseload / file).read_text()
    assert expect in text
    assert "[[conflict]]" not in text
    assert git_log(caseload)[0] == f"{file}: resolve conflict at {path} ({choice[2:]})"
    assert git_status(caseload) == ""
