"""Floods, races and limits against the app as it is served (issue 10), in one run.

    .venv/bin/python bench/abuse.py [--seconds 10] [--quick] [--only sqlite|postgresql]
                                    [--source DIR]                      (make bench-abuse)

A throw-away demo database (`beteiligung migrate`, `seed-demo`): SQLite with one worker, then
PostgreSQL (127.0.0.1:5432, database `test`, schema `bench_abuse_<pid>`, dropped at the end)
with two; `beteiligung serve` (uvicorn) with BETEILIGUNG_TRUSTED_PROXIES=127.0.0.1, so that
the X-Forwarded-For of each request says which client it stands for (10.x.y.z: header values
only, nothing is sent there). Clients are asyncio + httpx with the CSRF cookie and token of
one GET. Each scenario gets a fresh server (fresh counters) and a time budget:

1. burst: 50 supports, 50 comments and 20 new ideas at once, each from a client of its own,
   while one more client reads the idea list again and again. Answers by status; the
   reader's latency alone and during the burst.
2. flood: 50 clients complete the Pendlerbefragung of Mölln (every page read and sent, a
   new client per response), for --seconds without and then --seconds with 100 parallel
   logins of unknown addresses from ever new clients. Completions per second in each
   window; the worker processes' memory (VmRSS from /proc before the flood, the peak in it).
3. guesses: 60 wrong passwords at once for one account from one client: how many were
   checked ("E-Mail-Adresse oder Passwort ist nicht richtig") and how many refused (429);
   then the account's owner signs in from another client (waiting as Retry-After asks).
4. limits: new ideas, comments and supports from one client each, 10 requests in flight
   at a time until refused: accepted against the limit (ideas/browser.py RATE_LIMITS).

A request without an answer within 15 s counts as unanswered. Each target is printed beside
its figure as met or NOT MET; the exit code is 1 when one is not met or a server stops
answering. --source serves the code of another checkout (before/after a change). Loopback
only; about three minutes with --seconds 10.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import secrets
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _flood import SURVEY_CLIENTS, flood, login_outcome
from _server import app_server, pg_schema, run_cleanly_without_wrk, seed_demo
from _site import (
    MET,
    TOWN,
    Answer,
    Results,
    Site,
    address,
    counted,
    counted_outcomes,
    field_keys,
    open_ideas,
)
from pages import START_TIMEOUT, BenchError, Processes, Server

SERVER_ENV = {
    "BETEILIGUNG_TRUSTED_PROXIES": "127.0.0.1",
    # The survey clients stand for many households and change address with every response;
    # the limit stays out of the way of what is measured here, the login flood's effect.
    "BETEILIGUNG_RESPONSES_PER_CLIENT": "1000",
}
BURST = {"support": 50, "comment": 50, "submit": 20}
GUESSES, IN_FLIGHT = 60, 10
IDEA_LIMITS = {"submit": 5, "comment": 10, "support": 60}  # per client, ideas/browser.py
ACCOUNT, DEMO_PASSWORD = "admin@moelln.example", "demo-beteiligung"  # published (README)
OWNER_WAIT = 15  # seconds the account's owner may be asked to wait after the guesses
TARGET_P99_MS, TARGET_CHECKS = 200.0, 5
# Blocks of simulated client addresses (10.<block>.x.y), one per kind of visitor.
READER, BURSTING, GUESSING, LIMITED = 1, 2, 5, 6  # 3 and 4: _flood.py


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: with few values the p99 is the slowest one."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0


def latency(values: list[float]) -> str:
    p50, p99 = percentile(values, 0.5), percentile(values, 0.99)
    return f"p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {max(values, default=0):.0f} ms"


# --------------------------------------------------------------------------- 1. burst


async def read_list(site: Site, until: Callable[[], bool], seconds: float = 0) -> list[Answer]:
    """GET of the idea list, one after the other, until `until()` and at least `seconds`."""
    answers, stop = [], time.monotonic() + seconds
    while time.monotonic() < stop or not until():
        answers.append(await site.get(f"/{TOWN}/ideen", address(READER, 1)))
    return answers


async def burst(site: Site, results: Results) -> None:
    ideas = await open_ideas(site, address(READER, 1))
    fields = field_keys((await site.get(f"/{TOWN}/ideen/neu", address(READER, 1))).text)
    idle = await read_list(site, lambda: True, seconds=2)
    tag = secrets.token_hex(3)

    def support(n: int) -> Awaitable[Answer]:
        idea = ideas[n % len(ideas)]
        return site.post(f"/{TOWN}/ideen/{idea}/unterstuetzen", address(BURSTING, n), [])

    def comment(n: int) -> Awaitable[Answer]:
        idea = ideas[n % len(ideas)]
        text = f"Bench {tag}-{n}: Das wäre auch für unsere Straße gut."
        fields_ = [("comment", text), ("author_name", "")]
        return site.post(f"/{TOWN}/ideen/{idea}/kommentare", address(BURSTING, 100 + n), fields_)

    def submit(n: int) -> Awaitable[Answer]:
        fields_ = [
            ("title", f"Bench {tag}-{n}: Bank am Wanderweg Nummer {n}"),
            ("body", f"Eine Sitzbank zum Ausruhen am Wanderweg, Vorschlag {n} aus dem Test."),
            ("field", fields[n % len(fields)]), ("place", ""), ("email", ""),
            ("consent", ""), ("aehnliche_gesehen", "ja"),
        ]  # fmt: skip
        return site.post(f"/{TOWN}/ideen/neu", address(BURSTING, 200 + n), fields_)

    makers = {"support": support, "comment": comment, "submit": submit}
    calls = [makers[kind](n) for kind, count in BURST.items() for n in range(count)]
    finished = asyncio.Event()
    reader = asyncio.create_task(read_list(site, finished.is_set, seconds=1))
    started = time.monotonic()
    answers = await asyncio.gather(*calls)
    seconds = time.monotonic() - started
    finished.set()
    during = await reader
    offset = 0
    for kind, count in BURST.items():
        results.say(f"  {count} {kind}: {counted(answers[offset : offset + count])}")
        offset += count
    results.say(f"  all back in {seconds:.1f} s (ideas used: {ideas})")
    results.say(f"  reader alone ({len(idle)} GETs): {latency([a.ms for a in idle])}")
    results.say(
        f"  reader during the burst ({len(during)} GETs: {counted(during)}): "
        f"{latency([a.ms for a in during])}"
    )
    bad = [a for a in [*answers, *during] if a.status >= 500 or a.status < 0]
    results.target("0 answers >= 500 or unanswered", f"{len(bad)} ({counted(bad)})", not bad)
    p99 = percentile([a.ms for a in during], 0.99)
    results.target(f"reader's p99 <= {TARGET_P99_MS:.0f} ms", f"{p99:.0f} ms", p99 <= TARGET_P99_MS)


# --------------------------------------------------------------------------- 3. and 4.


async def guesses(site: Site, results: Results) -> None:
    form = await site.get("/verwaltung/anmelden", address(GUESSING, 1))
    if login_outcome(form) == "checked":
        raise BenchError("the empty login form already says the password is wrong")
    calls = [
        site.post(
            "/verwaltung/anmelden",
            address(GUESSING, 1),
            [("email", ACCOUNT), ("password", f"falsch-{n}"), ("next", "")],
        )
        for n in range(GUESSES)
    ]
    outcomes = Counter(login_outcome(answer) for answer in await asyncio.gather(*calls))
    results.say(f"  {GUESSES} at once for {ACCOUNT} from one client: {counted_outcomes(outcomes)}")
    checks = outcomes["checked"]
    unanswered = outcomes["timeout"] + outcomes["broken"]  # each may have been a check
    figure = f"{checks} (+{unanswered} unanswered)" if unanswered else str(checks)
    met = checks + unanswered <= TARGET_CHECKS
    results.target(f"password checks <= {TARGET_CHECKS}", figure, met)
    # The stranger must not lock the owner out: at most a short wait (Retry-After).
    started, waits = time.monotonic(), 0
    while True:
        fields = [("email", ACCOUNT), ("password", DEMO_PASSWORD), ("next", "")]
        owner = await site.post("/verwaltung/anmelden", address(GUESSING, 2), fields)
        wait = int(owner.retry_after) if owner.retry_after.isdigit() else OWNER_WAIT + 1
        if owner.status != 429 or waits + wait > OWNER_WAIT:
            break
        waits += wait
        await asyncio.sleep(wait)
    outcome = "in" if owner.status == 303 else login_outcome(owner)
    figure = f"{outcome} after {time.monotonic() - started:.0f} s"
    results.target(f"owner, from another client, in within {OWNER_WAIT} s", figure, outcome == "in")


async def until_refused(send: Callable[[int], Awaitable[Answer]], limit: int) -> list[Answer]:
    """IN_FLIGHT requests at a time until one is refused (or far past the limit)."""
    answers: list[Answer] = []
    while len(answers) < limit + 3 * IN_FLIGHT:
        batch = await asyncio.gather(*(send(len(answers) + n) for n in range(IN_FLIGHT)))
        answers += batch
        if any(answer.status == 429 or answer.status < 0 for answer in batch):
            break  # refused, or the server stopped answering
    return answers


async def limits(site: Site, results: Results) -> None:
    ideas = await open_ideas(site, address(READER, 1))
    fields = field_keys((await site.get(f"/{TOWN}/ideen/neu", address(READER, 1))).text)
    idea, tag = ideas[-1], secrets.token_hex(3)
    sends: dict[str, Callable[[int], Awaitable[Answer]]] = {
        "submit": lambda n: site.post(f"/{TOWN}/ideen/neu", address(LIMITED, 1), [
            ("title", f"Limit {tag}-{n}: Trinkbrunnen am Markt"),
            ("body", f"Ein Trinkbrunnen für heiße Tage, Versuch {n} aus dem Test."),
            ("field", fields[0]), ("aehnliche_gesehen", "ja"),
        ]),
        "comment": lambda n: site.post(f"/{TOWN}/ideen/{idea}/kommentare", address(LIMITED, 2), [
            ("comment", f"Limit {tag}-{n}: Ich bin dafür."),
        ]),
        "support": lambda n: site.post(
            f"/{TOWN}/ideen/{idea}/unterstuetzen", address(LIMITED, 3), []
        ),
    }  # fmt: skip
    for kind, send in sends.items():
        answers = await until_refused(send, IDEA_LIMITS[kind])
        accepted = sum(answer.status == 303 for answer in answers)
        results.say(f"  {kind}, {len(answers)} sent: {counted(answers)}")
        results.target(
            f"{kind}s accepted = limit {IDEA_LIMITS[kind]}", str(accepted),
            accepted == IDEA_LIMITS[kind],
        )  # fmt: skip
    other = await site.post(  # a comment from another client, right after the limit was met
        f"/{TOWN}/ideen/{idea}/kommentare", address(LIMITED, 4), [("comment", "Ich auch.")]
    )
    believed = {303: "yes", 429: "no: every request counted as 127.0.0.1"}
    results.say(
        f"  X-Forwarded-For from 127.0.0.1 believed: {believed.get(other.status, other.status)}"
    )


# --------------------------------------------------------------------------- run


async def scenario(
    server: Server, work: Callable[[Server, Site], Awaitable[None]], budget: float
) -> bool:
    """The scenario against a fresh server; False when it ran out of time or could not go on."""
    site = Site(server.port)
    try:
        await site.fetch_csrf()
        await asyncio.wait_for(work(server, site), budget)
    except TimeoutError:
        return False
    except BenchError as exc:  # a page it needs did not come: the next scenario may run
        print(f"  stopped: {exc}", flush=True)
        return False
    finally:
        await site.close()
    return True


async def guesses_and_limits(site: Site, results: Results) -> None:
    await guesses(site, results)
    await limits(site, results)


def run_backend(
    args: argparse.Namespace, processes: Processes, tmp: Path, label: str, db_url: str,
    workers: int, env: dict[str, str],
) -> Results:  # fmt: skip
    secret = secrets.token_urlsafe(32)
    print(f"\n== {label}: migrate, seed-demo ...", flush=True)
    seed_demo(db_url, tmp, secret, env)
    results = Results(label)
    plan: list[tuple[str, float, Callable[[Server, Site], Awaitable[None]]]] = [
        ("1. burst of POSTs while one client reads the idea list", 45,
            lambda _server, site: burst(site, results)),
        (f"2. login flood while {SURVEY_CLIENTS} clients complete surveys", 2 * args.seconds + 45,
            lambda server, site: flood(site, server, args.seconds, results)),
        ("3. guesses for one account, 4. idea limits", 90,
            lambda _server, site: guesses_and_limits(site, results)),
    ]  # fmt: skip
    for number, (title, budget, work) in enumerate(plan, 1):
        results.say(f"{label}: {title}")
        server = app_server(tmp, f"{label} {number}", db_url, secret, workers, f"/{TOWN}", env)
        server.start(processes)
        server.wait_ready(time.monotonic() + START_TIMEOUT)
        try:
            finished = asyncio.run(scenario(server, work, budget))
            alive = server.responsive()
        finally:
            assert server.proc is not None
            Processes.stop(server.proc)
        if not finished:
            results.target(f"done within {budget:.0f} s", "no", False)
        results.target("the server still answers", "yes" if alive else "no", alive)
    return results


def bench(args: argparse.Namespace, processes: Processes, tmp: Path) -> int:
    env = dict(SERVER_ENV)
    if args.source:
        env["PYTHONPATH"] = str(Path(args.source).resolve() / "src")
    runs: list[Results] = []
    source = args.source or "this work tree"
    print(f"abuse benchmark: code from {source}; {os.cpu_count()} CPUs shared by all")
    print("server settings: " + " ".join(f"{k}={v}" for k, v in SERVER_ENV.items()))
    if args.only in (None, "sqlite"):
        (tmp / "db").mkdir()
        url = f"sqlite:///{tmp / 'db' / 'beteiligung.sqlite3'}"
        runs.append(run_backend(args, processes, tmp, "sqlite, 1 worker", url, 1, env))
    if args.only in (None, "postgresql"):
        try:
            with pg_schema(f"bench_abuse_{os.getpid()}") as url:
                runs.append(run_backend(args, processes, tmp, "postgresql, 2 workers", url, 2, env))
        except psycopg.OperationalError as exc:
            print(f"PostgreSQL at 127.0.0.1:5432 is not usable, skipped: {exc}")
    print("\n== targets")
    for run in runs:
        for name, figure, met in run.targets:
            print(f"{run.label:<22} {MET[met]:<8} {name:<42} {figure}")
    return 0 if runs and all(met for run in runs for *_, met in run.targets) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, help="length of each survey phase (10; quick: 4)")
    parser.add_argument("--quick", action="store_true", help="short run: a smoke test")
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="one database only")
    parser.add_argument(
        "--source", help="serve the code of another checkout (its src/ on PYTHONPATH), "
        "e.g. `git worktree add /tmp/before HEAD~3`",
    )  # fmt: skip
    args = parser.parse_args(argv)
    args.seconds = args.seconds or (4 if args.quick else 10)
    if not 2 <= args.seconds <= 120:
        parser.error("--seconds must be between 2 and 120")
    if args.source and not (Path(args.source) / "src" / "beteiligung").is_dir():
        parser.error(f"--source {args.source}: no src/beteiligung there")
    return run_cleanly_without_wrk(lambda processes, tmp: bench(args, processes, tmp))


if __name__ == "__main__":
    sys.exit(main())
