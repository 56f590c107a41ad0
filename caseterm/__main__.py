import gc
import sys

if sys.argv[1:2] == ["merge-driver"]:
    from caseterm.cli.mergedriver import main as merge_driver

    raise SystemExit(merge_driver(sys.argv[2:]))

gc.disable()  # while modules are imported: long-lived objects, no garbage (cli.main.parse)
from caseterm.cli.main import main  # noqa: E402

gc.enable()
code = main()
# The process ends now: its last garbage collections need not walk every object of every
# module imported (~5 ms of a write command). Garbage in cycles at exit is left to the
# operating system, as it is after os._exit; files are closed by ``with`` blocks.
gc.freeze()
raise SystemExit(code)
