"""Talking to the portfolio: the API client and the background sender of the outbox.

Nothing here is ever called from the render loop: the sender runs in its own thread, and the
link scene runs its single request in a worker thread.
"""
