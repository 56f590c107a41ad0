"""A cold build of many students runs on worker processes; its summaries are those one
process reads, hostile files included (every problem the same, no link followed out), a
dead worker costs nothing but time, and a process with another thread running never
forks."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from caseterm.store import caseload
from caseterm.store.infra import parallel_read
from caseterm.store.infra.load import student_ids
from tests.conftest import TODAY
from tests.store.test_quickread import CHANGES, full_summary, same

SCRIPT = """\
import json, os, pickle, sys
from datetime import date
from pathlib import Path

from caseterm.store import caseload
from caseterm.store.infra import parallel_read
from caseterm.store.infra.load import student_ids

root, mode = Path(sys.argv[1]), sys.argv[2]
parent = os.getpid()
periods = caseload.open(root, date.fromisoformat(sys.argv[3])).frame.periods
real = parallel_read.read_summary
sent = []


def noting(root, student_id, periods, quick):
    if mode == "die" and os.getpid() != parent and sent:
        os._exit(3)  # after one summary: the rest of its share is never sent
    sent.append(student_id)
    (root.parent / f"pid-{os.getpid()}").touch()
    return real(root, student_id, periods, quick)


parallel_read.read_summary = noting
parallel_read.PARALLEL_FROM = 2
ticks = []
ids = student_ids(root)


def tick(done, total):
    ticks.append([done, total])
    if mode == "interrupt":
        raise KeyboardInterrupt


try:
    read = dict(parallel_read.read_summaries(root, ids, periods, tick))
except KeyboardInterrupt:
    read = {}
pids = sorted(int(p.name[4:]) for p in root.parent.glob("pid-*"))
waited = []
try:
    waited = os.waitpid(-1, os.WNOHANG)
except ChildProcessError:
    pass
(root.parent / "read.pickle").write_bytes(pickle.dumps(read))
print(json.dumps({"order": list(read), "ids": ids, "parent": parent, "pids": pids,
                  "ticks": ticks, "unreaped": waited}))
"""


def _run(root: Path, mode: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(root), mode, TODAY.isoformat()],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found: dict[str, object] = json.loads(done.stdout)
    return found


SECRET = "Secretoutside"
needs_workers = pytest.mark.skipif(
    not parallel_read.can_fork() or parallel_read.worker_count() < 2,
    reason="forks workers: a Linux-like system with two cores or more",
)


def _make_hostile(root: Path) -> list[str]:
    """Every flaw of ``test_quickread.CHANGES`` in its own student, and a profile linked to
    one outside the caseload (a name a read through the link would show); the students
    changed."""
    ids = student_ids(root)
    changed = ids[: len(CHANGES) + 1]
    for student_id, change in zip(changed, CHANGES.values(), strict=False):
        change(root / "students" / student_id)
    profile = root / "students" / changed[-1] / "student.toml"
    outside = root.parent / "outside.toml"
    outside.write_text(
        profile.read_text(encoding="utf-8").replace("first_name = ", f'first_name = "{SECRET}"\n#'),
        encoding="utf-8",
    )
    profile.unlink()
    profile.symlink_to(outside)
    return changed


def _same_as_one_process(root: Path, changed: list[str]) -> None:
    import pickle

    raw = (root.parent / "read.pickle").read_bytes()
    assert SECRET.encode() not in raw, "a link out of the caseload was followed"
    read = pickle.loads(raw)
    periods = caseload.open(root, TODAY).frame.periods
    for student_id in student_ids(root):
        assert same(read[student_id], full_summary(root, student_id, periods)), student_id
    for student_id in changed:
        assert read[student_id].problems, f"{student_id}'s flaw came back from its worker"


@needs_workers
def test_workers_read_the_students_as_one_process_does(sample_copy: Path) -> None:
    changed = _make_hostile(sample_copy)
    found = _run(sample_copy, "noting")
    ids = found["ids"]
    assert isinstance(ids, list) and len(ids) > 20
    assert found["order"] == ids
    pids = found["pids"]
    assert isinstance(pids, list) and found["parent"] not in pids
    assert len(pids) >= 2, "the shares were read by two or more worker processes"
    assert found["unreaped"] == [], "every worker was waited for"
    ticks = found["ticks"]
    assert isinstance(ticks, list)
    assert [t for _d, t in ticks] == [len(ids)] * len(ticks)
    assert [d for d, _t in ticks] == sorted({d for d, _t in ticks})
    assert ticks[-1] == [len(ids), len(ids)]
    _same_as_one_process(sample_copy, changed)


@needs_workers
def test_a_worker_that_dies_costs_its_share_a_read_in_this_process(sample_copy: Path) -> None:
    changed = _make_hostile(sample_copy)
    found = _run(sample_copy, "die")
    pids = found["pids"]
    assert isinstance(pids, list) and found["parent"] in pids, "the parent read the rest"
    assert len(pids) >= 3, "each worker sent one summary before it died"
    assert found["unreaped"] == [], "every worker was waited for"
    assert found["order"] == found["ids"]
    _same_as_one_process(sample_copy, changed)


def test_no_fork_while_another_thread_runs(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forbidden(*_args: object) -> None:
        raise AssertionError("forked with a second thread running")

    monkeypatch.setattr(parallel_read, "_on_workers", forbidden)
    monkeypatch.setattr(parallel_read, "PARALLEL_FROM", 2)
    monkeypatch.setattr(parallel_read, "worker_count", lambda: 2)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        repo = caseload.open(sample_copy, TODAY, index=False)
        summaries = repo.summaries_with(points=False, sessions=False)
    finally:
        stop.set()
        other.join()
    assert list(summaries) == student_ids(sample_copy)


@needs_workers
def test_leaving_early_stops_and_reaps_every_worker(sample_copy: Path) -> None:
    found = _run(sample_copy, "interrupt")
    assert found["order"] == [], "Ctrl-C at the first tick: nothing read"
    assert found["unreaped"] == [], "no worker left running or unwaited"
    assert len(found["ticks"]) == 1  # type: ignore[arg-type]
