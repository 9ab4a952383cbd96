"""Pure rules of the game: content model and validator, mini-game engines, scoring, RIASEC
suggestions, xAPI statements, save and outbox, clock and UI strings.

Nothing in this package imports pygame or any network code (a test proves it).
"""
