"""The orientation room's use cases: trade profiles (loaded at start-up), interests, ranking."""
