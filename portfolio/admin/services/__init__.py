"""Use cases of the site administration that belong to no other room (the trainee import)."""
