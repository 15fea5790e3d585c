"""Every table of every slice, imported in one place for Alembic and tests."""

from beteiligung.accounts.models import Membership, PasswordResetToken, User
from beteiligung.audit import AuditEntry
from beteiligung.surveys.models import (
    Answer,
    InvitationCode,
    Option,
    Question,
    Response,
    Survey,
    SurveyPage,
)
from beteiligung.towns.models import Town

__all__ = [
    "Answer",
    "AuditEntry",
    "InvitationCode",
    "Membership",
    "Option",
    "PasswordResetToken",
    "Question",
    "Response",
    "Survey",
    "SurveyPage",
    "Town",
    "User",
]
