"""caseterm command line: one module per group of commands, imported lazily by main."""
