"""Everything drawn and read with pygame-ce: a scene stack, a small widget kit, the scenes."""
