"""Settings ("Paramètres"): language, password, and a trainee's personal API tokens."""
