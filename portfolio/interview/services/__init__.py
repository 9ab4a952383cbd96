"""Interview practice: the question bank for the app, sessions, comments (every write here)."""
