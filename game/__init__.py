"""E2C serious game: discover trades through small tasks and write evidence to the portfolio.

Layout: ``game.core`` holds the pure rules (no pygame, no network), ``game.net`` talks to the
portfolio API, ``game.scenes`` draws and reads input with pygame-ce.
"""

__version__ = "0.1.0"
