"""Pictures drawn in code with pygame.draw (workplaces, trade scenes, city, avatars).

Only the scenes use this package; game.core never imports it.
"""
