"""The README stays a short door and docs/ stays complete: every command, key and link."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from textual.binding import Binding

from caseterm.cli.main import build_parser
from tests.tui.test_tui_bindings import _classes_with_bindings

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
README_LIMIT = 12 * 1024
KEY_NAMES = {"left_square_bracket": "[", "right_square_bracket": "]", "slash": "/"}


def _slug(heading: str) -> str:
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    anchors, in_code = set(), False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            anchors.add(_slug(line.lstrip("#")))
    return anchors


def _commands() -> list[str]:
    """Every command and sub-command, as typed: ``student add``, ``due``."""
    found: list[str] = []

    def walk(parser: argparse.ArgumentParser, prefix: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    words = f"{prefix} {name}".strip()
                    found.append(words)
                    walk(child, words)

    walk(build_parser(), "")
    return found


def test_readme_is_a_short_door() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) <= README_LIMIT
    for needed in (
        "make run",
        "make test",
        "docs/images/caseload.svg",
        "docs/images/goal-graph.svg",
    ):
        assert needed in readme


def test_every_command_is_in_the_command_reference() -> None:
    reference = (DOCS / "commands.md").read_text(encoding="utf-8")
    commands = _commands()
    assert len(commands) > 25
    lines = reference.splitlines()

    def documented(command: str) -> bool:
        first, *rest = command.split()
        return any(
            f"`{first}" in line and all(re.search(rf"\b{re.escape(w)}\b", line) for w in rest)
            for line in lines
        )

    missing = [c for c in commands if not documented(c)]
    assert not missing, f"docs/commands.md does not document: {missing}"


def test_every_key_is_in_the_user_guide() -> None:
    guide = (DOCS / "guide.md").read_text(encoding="utf-8")
    missing = []
    for cls in _classes_with_bindings():
        for binding in vars(cls)["BINDINGS"]:
            assert isinstance(binding, Binding)
            names = [k.strip() for k in binding.key.split(",")]
            keys = {binding.key_display or "", *names, *(KEY_NAMES.get(k, k) for k in names)}
            keys.discard("")
            shown = any(f"`{key}`" in guide or f"`{key} " in guide for key in keys)
            if not shown:
                missing.append(f"{cls.__name__}: {binding.key} ({binding.description})")
    assert not missing, f"docs/guide.md does not mention these keys: {missing}"


@pytest.mark.parametrize("page", [ROOT / "README.md", *PAGES], ids=lambda p: p.name)
def test_every_link_resolves(page: Path) -> None:
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        assert file.exists(), f"{page.name}: link to missing {target}"
        if anchor and file.suffix == ".md":
            assert anchor in _anchors(file), f"{page.name}: no heading for #{anchor} in {file.name}"
