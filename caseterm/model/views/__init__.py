"""Read models built for the screens and reports: pure functions of the caseload."""
