import sys

if sys.argv[1:2] == ["merge-driver"]:
    from caseterm.cli.mergedriver import main as merge_driver

    raise SystemExit(merge_driver(sys.argv[2:]))

from caseterm.cli.main import main

raise SystemExit(main())
