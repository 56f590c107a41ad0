"""Pure domain model: records and functions of (records, settings, today). No I/O."""
