"""The trainee's showcase for partner companies (see views.py)."""
