"""Open the TUI on a caseload folder (called lazily by the CLI)."""

from __future__ import annotations

import sys
from pathlib import Path

from caseterm.store.infra import layout


def open_tui(root: Path) -> int:
    """Run the app on ``root``; exit status 2 if it is not a caseload."""
    if not (root / layout.SETTINGS_FILE).is_file():
        print(
            f"caseterm: -C: {root} is not a caseload ({layout.SETTINGS_FILE} missing); "
            "use -C DIR, or try caseterm demo",
            file=sys.stderr,
        )
        return 2
    from caseterm.tui.app import CasetermApp

    CasetermApp(root).run()
    return 0
