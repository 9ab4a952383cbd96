"""Use cases of the home room: the list of news ("Nouveau pour vous")."""
