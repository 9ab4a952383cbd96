"""The year after the exit: planned contacts, reminders, and the funders' reports."""
