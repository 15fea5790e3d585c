"""Every table of every slice, imported in one place for Alembic and tests."""

from beteiligung.accounts.models import Membership, PasswordResetToken, User
from beteiligung.audit import AuditEntry
from beteiligung.ideas.models import (
    Comment,
    CommentReport,
    Idea,
    IdeaContact,
    IdeaEvent,
    Support,
)
from beteiligung.plans.models import FieldOfAction
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
    "Comment",
    "CommentReport",
    "FieldOfAction",
    "Idea",
    "IdeaContact",
    "IdeaEvent",
    "InvitationCode",
    "Membership",
    "Option",
    "PasswordResetToken",
    "Question",
    "Response",
    "Support",
    "Survey",
    "SurveyPage",
    "Town",
    "User",
]
