"""Login limits: guessing is counted per account and client, per client, and per account.

- One client, one account: `login_max_failures` tries per window, then that client is
  refused for that account. The count is taken *before* the password is checked (and
  forgotten after a success), so 60 simultaneous guesses lead to exactly that many checks.
- One client, any account: four times as many (spraying one password over many accounts).
- One account, any client: past four times as many, the account is *slowed*, not locked:
  one check every few seconds, whoever asks. A stranger can neither lock the real user
  out nor guess on at full speed from many addresses.

The client is the address the trusted reverse proxy saw (web.client_id).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from beteiligung.settings import Settings
from beteiligung.throttle import Limit, Throttle

SLOWED_SECONDS = 5


@dataclass(frozen=True)
class LoginRefusal:
    """Why a login was not even checked, and when to try again."""

    retry_after_seconds: int
    slowed: bool  # the account is under attack from many sides: wait seconds, not minutes

    @property
    def retry_after_minutes(self) -> int:
        return max(1, math.ceil(self.retry_after_seconds / 60))


class LoginGuard:
    def __init__(self, throttle: Throttle, settings: Settings) -> None:
        window = settings.login_window_minutes * 60
        tries = settings.login_max_failures
        self.throttle = throttle
        self.pair = Limit("login-pair", tries, window)
        self.client = Limit("login-client", tries * 4, window)
        self.account = Limit("login-account", tries * 4, window)
        self.slowed = Limit("login-slowed", 1, SLOWED_SECONDS)

    def admit(self, email: str, client: str) -> LoginRefusal | None:
        """Counts this try; None when the password may be checked."""
        for limit, parts in ((self.pair, (email, client)), (self.client, (client,))):
            verdict = self.throttle.hit(limit, *parts)
            if not verdict.allowed:
                return LoginRefusal(verdict.retry_after_seconds, slowed=False)
        if not self.throttle.hit(self.account, email).allowed and not self.throttle.slot(
            self.slowed, email
        ):
            return LoginRefusal(SLOWED_SECONDS, slowed=True)
        return None

    def succeeded(self, email: str, client: str) -> None:
        """The person knew the password: their own tries and the account's count restart."""
        self.throttle.forget(self.pair, email, client)
        self.throttle.forget(self.account, email)
