"""The simulated visitors of bench/abuse.py: an httpx client on loopback that tells the app,
through X-Forwarded-For, which client (household) each request stands for, and reads what
it needs from the pages as a browser would (links, the CSRF token, the survey's inputs).
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import random
import re
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import httpx
from pages import HOST, BenchError

TOWN = "moelln"
REQUEST_TIMEOUT = 15.0  # seconds from sending to the whole answer; later is unanswered
TIMEOUT, BROKEN = -1, -2  # pseudo statuses: no answer in time; connection refused or dropped
STATUS_NAMES = {TIMEOUT: "timeout", BROKEN: "broken"}
MET = {True: "met", False: "NOT MET"}
CSRF_COOKIE = "beteiligung_csrf"
# Choices a person makes alone or with a text of their own: never picked with others.
NEVER_CHOSEN = {"other", "nothing", "no_answer", "none"}
MAX_PAGES = 12  # a survey that keeps asking is reported, not followed for ever


def address(block: int, number: int) -> str:
    """A simulated client. Only ever a header value: no packet goes to it."""
    return f"10.{block}.{(number >> 8) & 255}.{number & 255}"


def status_name(status: int) -> str:
    return STATUS_NAMES.get(status, str(status))


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    """Each request carries exactly the cookies it is given: no browser cookie is kept, so
    every support comes from a new browser, as from many residents."""

    def set_ok(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return False


@dataclass
class Answer:
    status: int  # or TIMEOUT, BROKEN
    ms: float
    text: str = ""
    location: str = ""  # path of a redirect
    retry_after: str = ""


class Site:
    """One connection pool to the server; the CSRF cookie and token of one GET serve every
    simulated client (the token is the cookie's value, signed with the app's secret)."""

    def __init__(self, port: int) -> None:
        self.base_url = f"http://{HOST}:{port}"
        self.client = httpx.AsyncClient(
            base_url=self.base_url,
            cookies=http.cookiejar.CookieJar(_NoCookies()),
            timeout=REQUEST_TIMEOUT,
            # Idle connections are dropped before uvicorn's 5 s keep-alive ends them: a request
            # sent into a connection the server is closing would count as broken.
            limits=httpx.Limits(
                max_connections=None, max_keepalive_connections=400, keepalive_expiry=2.0
            ),
            trust_env=False,  # never through a proxy from the environment: loopback only
            follow_redirects=False,
        )
        self.csrf_cookie = ""
        self.csrf_token = ""
        self.answered = 0  # requests with an answer, for requests per second

    @classmethod
    def at(cls, base_url: str) -> Site:
        return cls(int(base_url.rsplit(":", 1)[1]))

    async def close(self) -> None:
        await self.client.aclose()

    async def fetch_csrf(self) -> None:
        try:
            answer = await self.client.get("/verwaltung/anmelden")
        except httpx.HTTPError as exc:
            raise BenchError(f"no login page: {exc!r}") from None
        cookie = answer.cookies.get(CSRF_COOKIE)
        token = re.search(r'name="_csrf_token" value="([^"]+)"', answer.text)
        if answer.status_code != 200 or not cookie or token is None:
            raise BenchError(f"no CSRF cookie and token from the login page ({answer.status_code})")
        self.csrf_cookie, self.csrf_token = cookie, token[1]

    async def get(self, path: str, client: str) -> Answer:
        return await self._send("GET", path, client, None)

    async def post(self, path: str, client: str, fields: list[tuple[str, str]]) -> Answer:
        return await self._send("POST", path, client, urlencode(fields))

    async def _send(self, method: str, path: str, client: str, body: str | None) -> Answer:
        headers = {
            "X-Forwarded-For": client,
            "Accept-Language": "de",
            "Cookie": f"{CSRF_COOKIE}={self.csrf_cookie}" if self.csrf_cookie else "",
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["x-csrftoken"] = self.csrf_token
        started = time.perf_counter()
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT):  # (3.11's wait_for can lose a cancel)
                response = await self.client.request(method, path, content=body, headers=headers)
        except (TimeoutError, httpx.TimeoutException):
            return Answer(TIMEOUT, 1000 * (time.perf_counter() - started))
        except httpx.TransportError:
            return Answer(BROKEN, 1000 * (time.perf_counter() - started))
        ms = 1000 * (time.perf_counter() - started)
        self.answered += 1
        location = urlsplit(response.headers.get("location", "")).path
        retry_after = response.headers.get("retry-after", "")
        return Answer(response.status_code, ms, response.text, location, retry_after)


# --------------------------------------------------------------------------- reading pages


async def open_ideas(site: Site, client: str, looked_at: int = 12) -> list[int]:
    """Ideas among the first of the list whose page offers supporting and commenting."""
    listed = await site.get(f"/{TOWN}/ideen", client)
    paths = dict.fromkeys(re.findall(rf'href="(/{TOWN}/ideen/\d+-[^"]*)"', listed.text))
    found = []
    for path in list(paths)[:looked_at]:
        idea_id = int(path.split("/")[-1].split("-")[0])
        base = f"/{TOWN}/ideen/{idea_id}/"
        detail = (await site.get(path, client)).text
        if f'{base}unterstuetzen"' in detail and f'{base}kommentare"' in detail:
            found.append(idea_id)
    if not found:
        raise BenchError(f"none of the first ideas of /{TOWN}/ideen can be supported")
    return found


def field_keys(html: str) -> list[str]:
    """The fields of action offered in the new-idea form."""
    select = re.search(r'<select[^>]*name="field"[^>]*>(.*?)</select>', html, re.DOTALL)
    keys = re.findall(r'<option value="([^"]+)"', select[1]) if select else []
    if not keys:
        raise BenchError(f"/{TOWN}/ideen/neu offers no field of action")
    return keys


def survey_path(town_page: str) -> str:
    """The open-link survey the town page links to (the demo's Pendlerbefragung)."""
    found: list[str] = re.findall(rf'href="(/{TOWN}/umfragen/[a-z0-9-]+)"', town_page)
    links = list(dict.fromkeys(found))
    if not links:
        raise BenchError(f"/{TOWN} links to no survey: did seed-demo run?")
    return next((link for link in links if "pendler" in link), links[0])


_INPUT = re.compile(r"<input\b[^>]*>")
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def survey_answers(html: str, rng: random.Random) -> list[tuple[str, str]]:
    """What a resident sends from a survey page: one choice per single-choice or scale
    question, one or two for multiple choice, the form's nonce, "Weiter"."""
    fields = [("action", "next")]
    groups: dict[str, tuple[str, list[str]]] = {}
    for tag in _INPUT.findall(html):
        attributes = dict(_ATTRIBUTE.findall(tag))
        name, kind = attributes.get("name", ""), attributes.get("type", "text")
        if name == "nonce":
            fields.append((name, attributes.get("value", "")))
        elif name.startswith("q-") and kind in ("radio", "checkbox"):
            group = groups.setdefault(name, (kind, []))
            group[1].append(attributes.get("value", ""))
    for name, (kind, values) in groups.items():
        usable = [value for value in values if value not in NEVER_CHOSEN] or values
        count = rng.randint(1, min(2, len(usable))) if kind == "checkbox" else 1
        fields += [(name, value) for value in rng.sample(usable, count)]
    return fields


async def complete_survey(site: Site, path: str, client: str, rng: random.Random) -> int:
    """One resident fills in the survey from its start page to the thanks page, reading every
    page it is sent to. Returns 0 when the response is complete, else the status that
    ended it (an error page, a refusal, TIMEOUT, BROKEN)."""
    page = await site.get(path, client)
    url = path
    for _page in range(MAX_PAGES):
        if page.status != 200:
            return page.status
        sent = await site.post(url, client, survey_answers(page.text, rng))
        if sent.status != 303:
            return sent.status
        if sent.location.endswith("/danke"):
            return 0
        url = sent.location
        page = await site.get(url, client)
    raise BenchError(f"{path}: still no thanks page after {MAX_PAGES} pages")


# --------------------------------------------------------------------------- figures


@dataclass
class Results:
    label: str
    lines: list[str] = field(default_factory=list)
    targets: list[tuple[str, str, bool]] = field(default_factory=list)  # target, figure, met

    def say(self, line: str) -> None:
        self.lines.append(line)
        print(line, flush=True)

    def target(self, name: str, figure: str, met: bool) -> None:
        self.targets.append((name, figure, met))
        self.say(f"  target {name}: {figure} {MET[met]}")


def counted(answers: list[Answer]) -> str:
    return counted_outcomes(Counter(status_name(answer.status) for answer in answers))


def counted_outcomes(outcomes: Counter[str]) -> str:
    return " ".join(f"{outcome}x{n}" for outcome, n in sorted(outcomes.items())) or "none"
