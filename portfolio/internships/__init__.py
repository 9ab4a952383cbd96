"""Internships: the referent records them, the tutor assesses through a single-use link."""
