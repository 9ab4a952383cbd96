"""Sound and voice: the mixer, short sounds synthesised in code, and the offline French voice.

Nothing here may stop the game: without a sound device the mixer is off and every sound and
voice call does nothing; without the eSpeak NG library the voice says it is unavailable.
"""
