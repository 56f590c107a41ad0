"""``caseterm merge-driver %O %A %B %P``: the entry point git runs once per merged file.

Kept light (no argparse sub-commands, no loading of the caseload): ``python -m caseterm``
comes here directly, before the rest of the command line is imported.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

USAGE = "usage: caseterm merge-driver BASE OURS THEIRS [PATH]  (git runs this; see docs/sharing.md)"


def main(argv: Sequence[str]) -> int:
    """Merge BASE, OURS and THEIRS into OURS; exit 0 when clean, 1 on a conflict."""
    if len(argv) not in (3, 4):
        print(f"caseterm: {USAGE}", file=sys.stderr)
        return 2
    from caseterm.display import safe_text
    from caseterm.store.infra.driver import run_driver

    base, ours, theirs = (Path(a) for a in argv[:3])
    name = argv[3] if len(argv) == 4 else argv[1]
    outcome = run_driver(base, ours, theirs, name)
    if outcome.message:
        print(f"caseterm: {safe_text(outcome.message)}", file=sys.stderr)
    return outcome.code
