"""The partner companies' space and its administration (see views.py)."""
