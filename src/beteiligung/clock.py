"""The towns' clock: one notion of "now" and "today" for residents, staff and SQL.

Survey dates are days in the towns' time zone (BETEILIGUNG_TIME_ZONE), whatever zone the
server runs in (UTC in the container): a survey closing on the 31st closes at midnight
in the town, not two hours later. Every "today", every displayed time and every
``<time datetime>`` comes from here.

The app keeps one Clock in ``app.state.clock``; ClockMiddleware makes it the current one
for each request, so template filters and model defaults find it without a request at
hand. The command line makes its own current (``use``). Tests stop it at a moment of
their choice with ``Clock.stop_at``.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

# The Settings default too; used where no app or command made a clock current.
DEFAULT_TIME_ZONE = "Europe/Berlin"


class Clock:
    """The time in the towns' zone; stopped at one moment in tests."""

    def __init__(self, time_zone: str = DEFAULT_TIME_ZONE) -> None:
        self.zone = ZoneInfo(time_zone)
        self._stopped_at: datetime | None = None

    def now(self) -> datetime:
        """The moment, aware, in the towns' zone."""
        moment = self._stopped_at if self._stopped_at is not None else datetime.now(UTC)
        return moment.astimezone(self.zone)

    def today(self) -> date:
        return self.now().date()

    def stop_at(self, moment: datetime | None) -> None:
        """For tests: the clock shows `moment` (aware) until stopped elsewhere; None lets
        it run again."""
        if moment is not None and moment.tzinfo is None:
            raise ValueError("a moment without a time zone is no moment")
        self._stopped_at = moment


_current: ContextVar[Clock | None] = ContextVar("clock", default=None)
# Where no app or command made a clock current (a test calling a service directly).
_fallback = Clock()


def current() -> Clock:
    return _current.get() or _fallback


def use(clock: Clock) -> Token[Clock | None]:
    """Makes `clock` the current one in this context (the command line, a request)."""
    return _current.set(clock)


def now() -> datetime:
    return current().now()


def today() -> date:
    """The towns' day: what survey dates, limits and "today" on any page mean."""
    return current().today()


def local(value: datetime) -> datetime:
    """A stored moment in the towns' zone. The database gives aware UTC values; a naive
    one can only be UTC too (utcnow() is the app's only source of moments)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(current().zone)


def iso_date(value: date | datetime) -> str:
    """For ``<time datetime>``: the towns' day of a moment, or a day as it is."""
    if isinstance(value, datetime):
        return local(value).date().isoformat()
    return value.isoformat()


def iso_datetime(value: datetime) -> str:
    """For ``<time datetime>``: local time with its offset and without microseconds
    (HTML allows at most three digits of a second)."""
    return local(value).replace(microsecond=0).isoformat()


class ClockMiddleware(ASGIMiddleware):
    """Makes the app's clock (``app.state.clock``) the current one while a request is
    handled. Read from the state each time, so that tests can give several app instances
    one clock."""

    scopes = ("http",)  # type: ignore[assignment]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        token = _current.set(scope["app"].state.clock)
        try:
            await next_app(scope, receive, send)
        finally:
            _current.reset(token)
