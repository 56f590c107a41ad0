"""Regenerate the README's pictures: ``make screenshots``.

The TUI is run headless on a fresh git copy of ``sample_caseload/`` with the clock fixed
at 2026-11-25, so the pictures change only when the screens or the sample do.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
TODAY = date(2026, 11, 25)
SIZE = (100, 30)


def _sample_repo(folder: Path) -> Path:
    root = folder / "sample"
    shutil.copytree(ROOT / "sample_caseload", root)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Demo",
        "GIT_AUTHOR_EMAIL": "demo@example.org",
        "GIT_COMMITTER_NAME": "Demo",
        "GIT_COMMITTER_EMAIL": "demo@example.org",
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "sample"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)
    return root


async def _shoot(root: Path) -> dict[str, str]:
    from caseterm.tui.app import CasetermApp

    shots: dict[str, str] = {}
    app = CasetermApp(root, today=lambda: TODAY, watch_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        shots["caseload.svg"] = app.export_screenshot(title="caseterm: caseload")
        app.open_student("ines-b", "goals")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shots["goal-graph.svg"] = app.export_screenshot(title="caseterm: goal graph")
    return shots


def main() -> int:
    """Write docs/images/caseload.svg and docs/images/goal-graph.svg."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        shots = asyncio.run(_shoot(_sample_repo(Path(folder))))
    for name, svg in shots.items():
        (IMAGES / name).write_text(svg, encoding="utf-8")
        print(f"wrote docs/images/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
