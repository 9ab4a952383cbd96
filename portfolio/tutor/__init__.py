"""The internship tutor's page, reached without an account by a single-use expiring link."""
