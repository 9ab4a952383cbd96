"""Typed SQLAlchemy 2.0 models: data and tiny invariants, no workflow."""

from portfolio.models.accounts import (
    AuditEvent,
    Company,
    FrameworkVersion,
    Handover,
    ReferentAssignment,
    Role,
    Site,
    User,
)
from portfolio.models.base import Base, utcnow

__all__ = [
    "AuditEvent",
    "Base",
    "Company",
    "FrameworkVersion",
    "Handover",
    "ReferentAssignment",
    "Role",
    "Site",
    "User",
    "utcnow",
]
