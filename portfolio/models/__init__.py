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
from portfolio.models.traces import (
    ApiToken,
    Assessment,
    AssessmentSource,
    Trace,
    TraceCompetency,
    TraceContext,
    TraceLink,
    TraceOrigin,
    TracePhoto,
    TraceStatus,
    assessment_trace,
)

__all__ = [
    "ApiToken",
    "Assessment",
    "AssessmentSource",
    "AuditEvent",
    "Base",
    "Company",
    "FrameworkVersion",
    "Handover",
    "ReferentAssignment",
    "Role",
    "Site",
    "Trace",
    "TraceCompetency",
    "TraceContext",
    "TraceLink",
    "TraceOrigin",
    "TracePhoto",
    "TraceStatus",
    "User",
    "assessment_trace",
    "utcnow",
]
