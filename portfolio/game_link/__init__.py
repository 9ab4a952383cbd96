"""Linking the serious game (Paramètres > Jeu) and the referent's review of game evidence."""
