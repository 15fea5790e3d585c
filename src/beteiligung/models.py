"""Every table of every slice, imported in one place for Alembic and tests."""

from beteiligung.accounts.models import Membership, PasswordResetToken, User
from beteiligung.audit import AuditEntry
from beteiligung.towns.models import Town

__all__ = ["AuditEntry", "Membership", "PasswordResetToken", "Town", "User"]
