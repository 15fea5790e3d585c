"""Residents and ideas: list, submit, read, support, comment, report; the author's notices."""

from __future__ import annotations

from typing import Any

IDEA_ROUTES: list[Any] = []
