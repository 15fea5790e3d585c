"""Per-client limits of the resident survey routes: new responses and invitation codes.

A household never meets them; a script that stores responses by the thousand, or guesses
codes, meets them within seconds. Counted in beteiligung.throttle (atomic, per client
behind the trusted proxy). A refused first page keeps every answer (the page is shown
again with the explanation); a refused code says when to try again.
"""

from __future__ import annotations

from beteiligung.i18n import gettext as _
from beteiligung.settings import Settings
from beteiligung.throttle import Limit, Verdict

WINDOW = 600
# Code look-ups (the /u/ short link and the code field) of one client in 10 minutes: a
# household types its code once or twice, a script guesses hundreds a second.
CODE_LOOKUPS = Limit("survey-codes", 30, WINDOW)


def new_responses(settings: Settings) -> Limit:
    return Limit("survey-responses", settings.responses_per_client, WINDOW)


def too_many_responses(verdict: Verdict) -> str:
    return _(
        "Von Ihrem Anschluss wurden gerade sehr viele Fragebögen begonnen. Bitte senden Sie "
        "diese Seite in %(minutes)s Minuten noch einmal; Ihre Antworten unten bleiben so lange "
        "hier stehen.",
        minutes=verdict.retry_after_minutes,
    )


def too_many_codes(verdict: Verdict) -> str:
    return _(
        "Von Ihrem Anschluss wurden gerade sehr viele Codes ausprobiert. Bitte versuchen Sie "
        "es in %(minutes)s Minuten erneut.",
        minutes=verdict.retry_after_minutes,
    )
