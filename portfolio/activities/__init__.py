"""The school's activities: the catalogue, sessions of an activity and attendance."""
