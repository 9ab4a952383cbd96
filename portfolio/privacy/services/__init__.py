"""The privacy room's use cases (rules.py, erasure.py, retention.py, requests.py)."""
