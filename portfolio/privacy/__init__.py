"""Privacy by the calendar: retention rules, the daily retention run, erasure on request."""
