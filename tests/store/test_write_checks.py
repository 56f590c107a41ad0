"""``data add`` and ``service log`` read the goals or the plan a column at a time when the
file is well formed, and through the loader otherwise: the answer is the same either way
(the commit, or the one-line refusal), whatever the file holds."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from caseterm.store.actions import changes
from caseterm.store.infra.errors import InputError
from tests.conftest import git_log

STUDENT = "amara-k"
DAY = dt.date(2026, 11, 20)


def _outcome(run: Callable[[], object]) -> str:
    try:
        run()
    except InputError as error:
        return f"refused: {error}"
    return "saved"


def _both_ways(
    sample_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[Path], object],
) -> tuple[str, str]:
    """The outcome of ``change`` on the caseload as it is, and on a copy where every
    file is read by the loader; each with the last commit's message."""
    detailed = tmp_path / "detailed"
    shutil.copytree(sample_copy, detailed, symlinks=True)
    outcomes = []
    for root in (sample_copy, detailed):
        if root == detailed:
            monkeypatch.setattr(changes, "plain_document", lambda path, root: None)
        outcome = _outcome(partial(change, root)).replace(str(root), "ROOT")
        outcomes.append(f"{outcome} / {git_log(root)[0]}")
    return outcomes[0], outcomes[1]


GOAL_FILES: dict[str, Callable[[str], str]] = {
    "as it is": lambda text: text,
    "a hostile note": lambda text: text.replace(
        'id = "math-computation"', 'id = "math-computation"\nnote = "red\\u001b[31m"'
    ),
    "a huge target": lambda text: text.replace("target = ", "target = 1e300 #", 1),
    "a duplicate goal": lambda text: text + text.split("\n", 1)[1],
    "an unknown key": lambda text: text.replace("[[goal]]", "[[goal]]\ncolour = 1", 1),
    "a goal without a statement": lambda text: text.replace("statement = ", "# ", 1),
    "invalid TOML": lambda text: text + "\n[[goal\n",
    "an unresolved conflict": lambda text: (
        text + '\n[[conflict]]\npath = "goal.x.unit"\nours = "a"\ntheirs = "b"\n'
    ),
    "no goals": lambda text: "",
}


@pytest.mark.parametrize("goals", list(GOAL_FILES))
@pytest.mark.parametrize(("goal", "value"), [("math-computation", 5), ("no-such-goal", 5)])
def test_data_add_answers_as_the_loader_would(
    sample_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    goals: str,
    goal: str,
    value: float,
) -> None:
    path = sample_copy / "students" / STUDENT / "goals.toml"
    path.write_text(GOAL_FILES[goals](path.read_text(encoding="utf-8")), encoding="utf-8")

    def add(root: Path) -> object:
        return changes.add_data_point(root, STUDENT, goal, value, DAY)

    quick, slow = _both_ways(sample_copy, tmp_path, monkeypatch, add)
    assert quick == slow
    if goals == "as it is":
        assert quick.startswith("saved" if goal == "math-computation" else "refused")


def test_data_add_through_a_linked_goals_file_answers_as_the_loader_would(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sample_copy / "students" / STUDENT / "goals.toml"
    elsewhere = tmp_path / "goals.toml"
    shutil.move(path, elsewhere)
    path.symlink_to(elsewhere)

    def add(root: Path) -> object:
        return changes.add_data_point(root, STUDENT, "math-computation", 5, DAY)

    quick, slow = _both_ways(sample_copy, tmp_path, monkeypatch, add)
    assert quick == slow
    assert quick.startswith("refused: goal: cannot read the goals")


PLAN_FILES: dict[str, Callable[[str], str]] = {
    "as it is": lambda text: text,
    "a bad date elsewhere": lambda text: text.replace("[dates]", "[dates]\nreferral = 1", 1),
    "an unknown table": lambda text: text + "\n[colour]\nred = 1\n",
    "a service ending before it starts": lambda text: text.replace(
        "end = 2026-12-01", "end = 2020-01-01", 1
    ),
    "a service without minutes": lambda text: text.replace("minutes = 90", "", 1),
    "a service of too many minutes": lambda text: text.replace("minutes = 90", "minutes = 9999"),
    "a monthly service": lambda text: text.replace('per = "week"', 'per = "month"'),
    "a hostile provider": lambda text: text.replace(
        'provider = "intervention specialist"', 'provider = "x\\u001b[2J"'
    ),
    "services not an array": lambda text: text.replace("[[service]]", "[service]", 1),
    "invalid TOML": lambda text: text + "\n[[service\n",
    "an unresolved conflict": lambda text: (
        text + '\n[[conflict]]\npath = "service.x.minutes"\nours = 1\ntheirs = 2\n'
    ),
    "no plan": lambda text: "",
}


@pytest.mark.parametrize("plan", list(PLAN_FILES))
@pytest.mark.parametrize("service", ["math", "speech"])
def test_service_log_answers_as_the_loader_would(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plan: str, service: str
) -> None:
    path = sample_copy / "students" / STUDENT / "plan.toml"
    path.write_text(PLAN_FILES[plan](path.read_text(encoding="utf-8")), encoding="utf-8")

    def log(root: Path) -> object:
        values = {"service": service, "minutes": 30, "date": DAY}
        return changes.log_session(root, STUDENT, values)

    quick, slow = _both_ways(sample_copy, tmp_path, monkeypatch, log)
    assert quick == slow
    if plan == "as it is":
        assert quick.startswith("saved" if service == "math" else "refused")


CONTENTS: dict[str, Callable[[], bytes]] = {
    "not UTF-8": lambda: b"\xff\xfe not UTF-8\n",
    "over 5 MB": lambda: b"# " + b"x" * (5 * 1024 * 1024) + b"\n",
}


@pytest.mark.parametrize("content", list(CONTENTS))
def test_an_unreadable_or_huge_goals_file_answers_as_the_loader_would(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    (sample_copy / "students" / STUDENT / "goals.toml").write_bytes(CONTENTS[content]())

    def add(root: Path) -> object:
        return changes.add_data_point(root, STUDENT, "math-computation", 5, DAY)

    quick, slow = _both_ways(sample_copy, tmp_path, monkeypatch, add)
    assert quick == slow
    assert quick.startswith("refused: goal: cannot read the goals: students/amara-k/goals.toml")
