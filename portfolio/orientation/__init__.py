"""Orientation: what the trainee likes (a picture questionnaire, or the game's choice) and the
trades proposed to them, each with one reason; the referent reads the same list."""
