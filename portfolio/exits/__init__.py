"""Leaving the school: the exit, the attestation of acquired competencies (ACA) and its
public verification page."""
