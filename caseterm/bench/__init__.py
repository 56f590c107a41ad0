"""``python -m caseterm.bench``: caseterm's speed, as ratios against floors in the same run.

Each benchmark module has a function taking a ``measure.Context`` and returning
``measure.Row``s; ``run.BENCHMARKS`` lists them. A new benchmark (e.g. the TUI) is one
more module and one more entry in that list.
"""
