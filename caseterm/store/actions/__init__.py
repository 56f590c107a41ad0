"""Actions: one function per change a user makes, and the queries over git history."""
