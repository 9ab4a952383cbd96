"""The game link room's use cases: linking the game to an account, and the evidence it sends."""
