"""The live observation journal: private, fsynced lines under .git/caseterm/observe,
read back after a crash (a torn last line skipped), one caseload's journals only."""

from __future__ import annotations

import stat
import subprocess
import sys
import textwrap
from pathlib import Path

from caseterm.store.infra import journal


def test_a_journal_lives_in_the_git_folder_and_is_private(sample_copy: Path) -> None:
    opened = journal.Journal.create(sample_copy, "marcus-d-1", {"behaviors": [["x", "frequency"]]})
    opened.append({"at": 1, "kind": "key", "behavior": 0})
    path = opened.path
    assert path.parent == sample_copy / ".git" / "caseterm" / "observe"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    found = journal.unfinished(sample_copy)
    assert [f.entries for f in found] == [({"at": 1, "kind": "key", "behavior": 0},)]
    opened.remove()
    assert journal.unfinished(sample_copy) == []


def test_a_killed_writer_leaves_every_line_it_returned_from(sample_copy: Path) -> None:
    script = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        from caseterm.store.infra import journal
        j = journal.Journal.create(Path({str(sample_copy)!r}), "s-1", {{"behaviors": []}})
        for i in range(50):
            j.append({{"at": i, "kind": "key", "behavior": 0}})
        j._handle.write('{{"at": 50, "kind": "ke')  # torn mid-line by the kill
        j._handle.flush()
        os.kill(os.getpid(), 9)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], check=False)
    assert done.returncode == -9
    (found,) = journal.unfinished(sample_copy)
    assert len(found.entries) == 50
    reopened = journal.Journal.reopen(found.path)
    reopened.append({"at": 51, "kind": "tick"})
    reopened.close()
    (again,) = journal.unfinished(sample_copy)
    assert again.entries[-1] == {"at": 51, "kind": "tick"}


def test_only_this_caseloads_journals_and_never_a_link(sample_copy: Path, tmp_path: Path) -> None:
    folder = journal.journal_dir(sample_copy)
    folder.mkdir(parents=True)
    (folder / "other.jsonl").write_text('{"behaviors": [], "root": "/elsewhere"}\n')
    (folder / "garbage.jsonl").write_bytes(b"\x00\xff not json\n")
    secret = tmp_path / "secret.jsonl"
    secret.write_text(f'{{"behaviors": [], "root": "{sample_copy.resolve()}"}}\n')
    (folder / "link.jsonl").symlink_to(secret)
    assert journal.unfinished(sample_copy) == []


def test_outside_git_the_journal_is_in_the_cache(tmp_path: Path, monkeypatch: object) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    folder = journal.journal_dir(root)
    assert ".git" not in folder.parts and "observe" in folder.parts
