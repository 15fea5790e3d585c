"""Moderators curate their town's ideas: queue, publish, reject, lifecycle, answers, merges."""

from __future__ import annotations

from typing import Any

MODERATION_ROUTES: list[Any] = []
