"""Files and git: layout, reading, validating, editing, committing and merging."""
