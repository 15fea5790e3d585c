"""Load test of the resident survey pages and of complete submissions, in one run.

    .venv/bin/python bench/surveys.py [--duration 10] [--rounds 3] [--quick]   (make bench-surveys)

Built on bench/pages.py. A throw-away SQLite database (`beteiligung migrate`, `seed-demo`) gets,
through the models, a copy of the Pendlerbefragung in Mölln with every question on page 1 (order
kept, other pages deleted, revision raised, open). (1) GET of that page and of page 1 of the
demo's five-page Pendlerbefragung, `beteiligung serve` (uvicorn, 1 worker), each against a bare
Litestar + Jinja page of the same size (ceiling_app.py), 64 connections, median of rounds.
(2) Complete responses, 200 connections, one POST of the one-page survey each (unique nonce, the
CSRF cookie and token of one GET, varied plausible answers to every question): SQLite with 1 and
2 workers, PostgreSQL (127.0.0.1:5432, database `test`, schema `bench_<pid>`, dropped at the end)
with 2. A Lua script counts the 303s and stops sending after --duration s, so that wrk gets every
answer; the database must then hold exactly one complete response per 303. Targets are printed
as met or NOT MET; a stall or a wrong count fails the run (exit code 1). Loopback only.
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import os
import random
import re
import secrets
import string
import sys
import time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qs, urlencode

import psycopg
from sqlalchemy import create_engine, text
from sqlmodel import select

from beteiligung.db import make_engine, session_scope
from beteiligung.settings import Settings
from beteiligung.surveys import service
from beteiligung.surveys.models import Question, QuestionKind, Survey, SurveyPage, SurveyStatus
from beteiligung.surveys.structure import OTHER_CODE, Structure, build_structure
from beteiligung.surveys.templates import create_from_template
from beteiligung.towns.models import Town

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages
from _server import app_server, pg_schema, seed_demo
from pages import HOST, START_TIMEOUT, BenchError, Processes, Server

TOWN, TEMPLATE, BENCH_SLUG = "moelln", "pendlerbefragung", "pendler-bench-eine-seite"
POST_CONNECTIONS = 200
TARGET_SHARE, TARGET_P99_MS, TARGET_PG_RPS = 0.60, 50.0, 500.0
DRAIN = 5  # seconds wrk stays after the last POST was sent, for the answers on their way
VARIANTS = 48  # different sets of answers
OTHER_TEXTS = ("Repair-Café", "Unverpackt-Laden", "Eulenspiegel-Werkstatt für Kinder")
NEVER_CHOSEN = {"nothing", "no_answer"}  # "none of these" does not go with other answers
MET = {True: "met", False: "NOT MET"}
# wrk is one client that starts thousands of responses: the app's per-client limit (there to
# stop exactly that) would end the measurement after the first 50.
WRK_ENV = {"BETEILIGUNG_RESPONSES_PER_CLIENT": "1000000"}
COUNT_SQL = text(
    "SELECT count(*), count(submitted_on), count(DISTINCT token_hash), "
    "count(DISTINCT start_nonce), (SELECT count(*) FROM survey_answer WHERE survey_id = :s), "
    "(SELECT count(*) FROM (SELECT DISTINCT response_id, question_key FROM survey_answer "
    "WHERE survey_id = :s) AS keyed) FROM survey_response WHERE survey_id = :s"
)
LUA = string.Template("""-- Written by bench/surveys.py: one complete survey response per POST.
local ffi = require("ffi")
ffi.cdef("typedef struct { long sec; long nsec; } bench_ts; int clock_gettime(int, bench_ts *);")
local ts = ffi.new("bench_ts")
local function now()  -- CLOCK_MONOTONIC: the same clock in every wrk thread
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.sec) + tonumber(ts.nsec) / 1e9
end
local RUN, SECONDS, HEADERS, BODIES = "$run", $seconds, {$headers}, {$bodies}
local threads = {}
function setup(thread) table.insert(threads, thread); thread:set("tid", #threads) end
function init(args) sent, ok, started, last, statuses = 0, 0, now(), 0, {} end
-- After SECONDS nothing more is sent: wrk waits for the answers on their way.
function delay() return now() < started + SECONDS and 0 or 3600000 end
function request()
  sent = sent + 1
  local nonce = RUN .. "-" .. tid .. "-" .. sent
  return wrk.format("POST", nil, HEADERS, "nonce=" .. nonce .. "&" .. BODIES[sent % #BODIES + 1])
end
function response(status, headers, body)
  last = now()
  if status == 303 then ok = ok + 1 else statuses[status] = (statuses[status] or 0) + 1 end
end
function done(summary, latency, requests)
  local s, o, first, final, other = -1, 0, math.huge, 0, {}  -- -1: wrk's trial request()
  for _, t in ipairs(threads) do
    s, o = s + t:get("sent"), o + t:get("ok")
    first, final = math.min(first, t:get("started")), math.max(final, t:get("last"))
    for code, n in pairs(t:get("statuses")) do other[#other + 1] = code .. "x" .. n end
  end
  io.write(string.format("SURVEYS sent=%d ok=%d seconds=%.3f other=%s\\n", s, o, final - first,
    table.concat(other, ",")))
end
""")


@dataclasses.dataclass
class BenchSurvey:
    survey_id: int
    path: str  # the one-page copy
    multi_path: str  # the demo's five-page Pendlerbefragung
    questions: int
    bodies: list[str]  # url-encoded answers, without the nonce


class Submissions(NamedTuple):
    label: str
    rps: float  # 303s per second, from the start to the last answer
    p99_ms: float
    ok: int  # 303s
    other: str  # other statuses with their counts: "500x2"
    socket_errors: int
    unanswered: int  # sent and never answered
    stored: int  # new complete responses in the database
    verdict: str
    detail: str


def answer_bodies(structure: Structure, count: int) -> list[str]:
    """Plausible answers to every question; choices that govern a condition keep it true."""
    questions = structure.questions
    governs: dict[str, frozenset[str]] = {}
    for question in questions:
        if question.condition is not None:
            key, codes = question.condition.key, question.condition.codes
            governs[key] = governs.get(key, codes) & codes
    rng, bodies = random.Random("beteiligung-bench-surveys"), []
    for _ in range(count):
        fields = [("action", "next")]
        for question in questions:
            name, codes = f"q-{question.key}", [o.code for o in question.options]
            if question.kind in (QuestionKind.SINGLE, QuestionKind.PLACE):
                allowed = governs.get(question.key, frozenset(codes))
                fields.append((name, rng.choice([c for c in codes if c in allowed])))
            elif question.kind == QuestionKind.MULTIPLE:
                most = min(int(question.setting("max_choices") or 3), 3)
                pool = [c for c in codes if c not in NEVER_CHOSEN]
                chosen = rng.sample(pool, rng.randint(1, most))
                if question.setting("other") and len(chosen) < most and rng.random() < 0.3:
                    chosen.append(OTHER_CODE)
                    fields.append((f"{name}-other", rng.choice(OTHER_TEXTS)))
                fields += [(name, code) for code in chosen]
            elif question.kind == QuestionKind.SCALE:  # (the template has no other kinds)
                fields.append((name, str(rng.choice(question.scale))))
        body = urlencode(fields)
        page_input = service.read_page(structure, structure.pages[0], parse_qs(body), {})
        if page_input.errors or len(page_input.answers) != len(questions):
            raise BenchError(f"generated answers are not complete: {page_input.errors}")
        bodies.append(body)
    return bodies


def prepare_survey(db_url: str, secret: str) -> BenchSurvey:
    """The one-page bench copy of the Pendlerbefragung in Mölln, made through the models."""
    engine = make_engine(Settings(database_url=db_url, secret_key=secret))
    try:
        with session_scope(engine) as db:
            town = db.exec(select(Town).where(Town.slug == TOWN)).one()
            multi = db.exec(
                select(Survey).where(Survey.town_id == town.id, Survey.template_key == TEMPLATE)
            ).first()
            if multi is None:
                raise BenchError(f"seed-demo made no {TEMPLATE} in {TOWN}")
            title = f"{multi.title} (Bench, eine Seite)"
            survey = create_from_template(db, town, TEMPLATE, slug=BENCH_SLUG, title=title)
            pages_ = db.exec(select(SurveyPage).where(SurveyPage.survey_id == survey.id)).all()
            pages_ = sorted(pages_, key=lambda page: (page.position, page.id))
            order = {page.id: page.position for page in pages_}
            rows = sorted(
                db.exec(select(Question).where(Question.survey_id == survey.id)).all(),
                key=lambda q: (order[q.page_id], q.position, q.id),
            )
            for position, question in enumerate(rows):  # the template's order, on one page
                question.page_id, question.position = pages_[0].id or 0, position
                db.add(question)
            db.flush()
            for page in pages_[1:]:
                db.delete(page)
            survey.revision += 1
            survey.status = SurveyStatus.OPEN.value
            db.add(survey)
            db.flush()
            paths = [f"/{TOWN}/umfragen/{s.slug}" for s in (survey, multi)]
            bodies = answer_bodies(build_structure(db, survey), VARIANTS)
            return BenchSurvey(survey.id or 0, *paths, len(rows), bodies)
    finally:
        engine.dispose()


def count_rows(db_url: str, survey_id: int) -> tuple[int, ...]:
    """Responses, complete ones, distinct tokens and nonces, answers, (response, question)s."""
    engine = create_engine(db_url)
    with engine.connect() as conn:
        counts = tuple(conn.execute(COUNT_SQL, {"s": survey_id}).one())
    engine.dispose()
    return counts


def ceiling_server(tmp: Path, label: str, html_bytes: int) -> Server:
    port, name = pages._free_port(), re.sub(r"\W+", "-", label)
    script = str(pages.BENCH_DIR / "ceiling_app.py")
    argv = [sys.executable, script, f"--port={port}", f"--html-bytes={html_bytes}"]
    argv.append(f"--template-dir={tmp / name}")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return Server(label, argv, env, tmp / f"{name}.log", port, "/")


def http_call(
    server: Server, body: str | None = None, headers: dict[str, str] | None = None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection(HOST, server.port, timeout=10)
    try:
        conn.request("GET" if body is None else "POST", server.path, body, headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def csrf_headers(server: Server) -> dict[str, str]:
    """Cookie and token of one GET: valid for any number of POSTs with that cookie."""
    status, headers, page = http_call(server)
    cookie = re.search(r"\bbeteiligung_csrf=[^;]+", " ".join(headers.get_all("Set-Cookie") or []))
    token = re.search(rb'name="_csrf_token" value="([^"]+)"', page)
    if status != 200 or cookie is None or token is None:
        raise BenchError(f"{server.label}: no CSRF cookie and token from GET {server.path}")
    form = "application/x-www-form-urlencoded"
    return {"Content-Type": form, "Cookie": cookie[0], "x-csrftoken": token[1].decode()}


def submit_run(
    args: argparse.Namespace, wrk: str, processes: Processes, tmp: Path,
    server: Server, db_url: str, survey: BenchSurvey,
) -> Submissions:  # fmt: skip
    """Complete responses with 200 connections; then the database is counted."""
    print(f"submitting: {server.label}, {args.duration} s + up to {DRAIN} s ...", flush=True)
    headers, tag = csrf_headers(server), secrets.token_hex(4)
    status, reply, _ = http_call(server, f"nonce={tag}-check&{survey.bodies[0]}", headers)
    if status != 303 or not (reply.get("Location") or "").endswith("/danke"):
        raise BenchError(f"{server.label}: a complete response got {status}\n{server.log_tail()}")
    pages.run_wrk(wrk, processes, server, duration=1, connections=pages.WARMUP_CONNECTIONS)
    before = count_rows(db_url, survey.survey_id)
    script = tmp / f"submit-{tag}.lua"
    lua_headers = ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items())
    lua_bodies = ",\n  ".join(f'"{body}"' for body in survey.bodies)
    script.write_text(
        LUA.substitute(run=tag, seconds=args.duration, headers=lua_headers, bodies=lua_bodies)
    )
    result = pages.run_wrk(
        wrk, processes, server, duration=args.duration + DRAIN, connections=POST_CONNECTIONS,
        script=script, timeout=args.duration + DRAIN + 30,
    )  # fmt: skip
    counts = r"^SURVEYS sent=(\d+) ok=(\d+) seconds=([\d.]+) other=(\S*)$"
    if (found := re.search(counts, result.output, re.MULTILINE)) is None:
        raise BenchError(f"the Lua script printed no counts:\n{result.output}")
    sent, ok, seconds, other = int(found[1]), int(found[2]), float(found[3]), found[4]
    after = count_rows(db_url, survey.survey_id)  # the session commits before the 303 is sent
    responses, complete, tokens, nonces, answers, keyed = (
        a - b for a, b in zip(after, before, strict=True)
    )  # new rows
    problems = []
    if not responses == complete == ok:
        problems.append(f"{responses} new responses, {complete} complete, {ok} 303s")
    if not (responses == tokens == nonces and after[0] == after[2] == after[3]):
        problems.append(f"{after[0]} responses, {after[2]} tokens, {after[3]} nonces")
    if keyed != ok * survey.questions:
        problems.append(f"{keyed} questions answered, not {ok} x {survey.questions}")
    verdict, detail = ("MISMATCH", "; ".join(problems)) if problems else ("OK", (
        f"{responses} new responses, all complete, as many distinct tokens as rows, "
        f"{answers} answer rows ({survey.questions} questions each)"
    ))  # fmt: skip
    if other and (
        logged := [line for line in server.log_tail(400).splitlines() if "Error" in line]
    ):
        detail += f"; server log: {logged[-1].strip()}"
    if ok == 0 or not server.responsive():
        verdict, detail = "STALLED", f"{ok} 303s; log: {server.log_tail(3)}"
    unanswered = sent - ok - sum(int(n) for n in re.findall(r"x(\d+)", other))
    return Submissions(
        server.label, ok / seconds if seconds else 0.0, result.p99_ms, ok, other or "0",
        result.socket_errors, unanswered, complete, verdict, detail,
    )  # fmt: skip


def report(
    servers: list[Server], sizes: str, runs: list[Submissions], args: argparse.Namespace
) -> None:
    print(
        f"\n== survey pages: wrk -t1 -c{args.connections} -d{args.duration}s, {args.rounds} round(s),"
        f" median; {pages._cpus()} CPUs shared by wrk, the servers and whatever else runs"
    )
    print(f"HTML bytes: {sizes}; each ceiling has the size of its page")
    pages.print_table(servers)
    for survey, ceiling in (servers[0:2], servers[2:4]):
        name = survey.label.removeprefix("survey ")
        print(pages._ratio(f"survey/ceiling ({name}):", survey, ceiling, "share of the ceiling"))
        if survey.runs and ceiling.runs and not (survey.stalled or ceiling.stalled):
            share = pages._median([r.rps for r in survey.runs]) / pages._median(
                [r.rps for r in ceiling.runs]
            )
            p99 = pages._median([r.p99_ms for r in survey.runs])
            print(
                f"  target >= {TARGET_SHARE:.0%} of the ceiling: {share:.0%} {MET[share >= TARGET_SHARE]}"
                f"; p99 <= {TARGET_P99_MS:.0f} ms: {p99:.1f} ms {MET[p99 <= TARGET_P99_MS]}"
            )
    for server in servers:
        if server.stalled:
            print(f"STALLED {server.label}: {server.stalled}")

    print(
        f"\n== complete responses: one POST each, wrk -t1 -c{POST_CONNECTIONS}, {args.duration} s"
        f" of sending, then up to {DRAIN} s for the answers on their way"
    )
    columns = ["resp/s", "p99 ms", "303s", "non-303", "sock.err", "no answer", "stored"]
    header = f"{'run':<22}" + "".join(f"{c:>10}" for c in columns) + "  check"
    print(header + "\n" + "-" * len(header))
    for run in runs:
        values = (f"{run.rps:.1f}", f"{run.p99_ms:.1f}", *run[3:8])
        print(f"{run.label:<22}" + "".join(f"{v:>10}" for v in values) + f"  {run.verdict}")
        print(f"  {run.detail}")
    print(
        "(non-303: status x count; sock.err: wrk's socket errors, after the last POST mostly idle"
        "\n keep-alive connections closed by uvicorn after 5 s; no answer: sent, never answered)"
    )
    pg = [run for run in runs if run.label.startswith("postgresql")]
    outcome = f"{pg[0].rps:.1f} {MET[pg[0].rps >= TARGET_PG_RPS]}" if pg else "NOT MEASURED"
    print(f"target >= {TARGET_PG_RPS:.0f} responses/s on PostgreSQL with 2 workers: {outcome}")


def bench(args: argparse.Namespace, wrk: str, processes: Processes, tmp: Path) -> int:
    secret = secrets.token_urlsafe(32)
    sqlite_url = f"sqlite:///{tmp / 'db' / 'beteiligung.sqlite3'}"

    def prepared(db_url: str) -> BenchSurvey:
        seed_demo(db_url, tmp, secret)
        return prepare_survey(db_url, secret)

    def started(server: Server) -> bytes:
        server.start(processes)
        return server.wait_ready(time.monotonic() + START_TIMEOUT)

    def submit(server: Server, db_url: str, survey: BenchSurvey) -> Submissions:
        try:
            if server.proc is None:
                started(server)
            return submit_run(args, wrk, processes, tmp, server, db_url, survey)
        finally:
            if server.proc is not None:  # stopped before a PostgreSQL schema is dropped
                Processes.stop(server.proc)

    print("preparing SQLite database (migrate, seed-demo, one-page survey) ...", flush=True)
    survey = prepared(sqlite_url)
    app = app_server(tmp, "survey one page", sqlite_url, secret, 1, survey.path, WRK_ENV)
    one_page = started(app)
    multi = dataclasses.replace(app, label="survey page 1 of 5", path=survey.multi_path, runs=[])
    multi_page = multi.wait_ready(time.monotonic() + START_TIMEOUT)
    shown = one_page.count(b'class="question-text"')
    sizes = f"one page {len(one_page)} ({shown} of {survey.questions} questions shown)"
    sizes += f", page 1 of 5 {len(multi_page)}"
    ceilings = [
        ceiling_server(tmp, "ceiling one page", len(one_page)),
        ceiling_server(tmp, "ceiling page 1 of 5", len(multi_page)),
    ]
    print("starting ceiling servers ...", flush=True)
    for ceiling in ceilings:
        started(ceiling)
    servers = [app, ceilings[0], multi, ceilings[1]]
    pages.measure(args, wrk, processes, servers)

    runs = [submit(dataclasses.replace(app, label="sqlite, 1 worker"), sqlite_url, survey)]
    app2 = app_server(tmp, "sqlite, 2 workers", sqlite_url, secret, 2, survey.path, WRK_ENV)
    runs.append(submit(app2, sqlite_url, survey))
    schema = f"bench_{os.getpid()}"
    print(f"preparing PostgreSQL schema {schema} (migrate, seed-demo, one-page survey) ...")
    try:
        with pg_schema(schema) as pg_url:
            pg_survey = prepared(pg_url)
            pg_app = app_server(
                tmp, "postgresql, 2 workers", pg_url, secret, 2, pg_survey.path, WRK_ENV
            )
            runs.append(submit(pg_app, pg_url, pg_survey))
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL at 127.0.0.1:5432 is not usable, skipped: {exc}")

    report(servers, sizes, runs, args)
    failed = any(s.stalled for s in servers) or any(r.verdict != "OK" for r in runs)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = pages.parse_args(argv, __doc__.splitlines()[0], "connections for the GETs (64)")
    return pages.run_cleanly(lambda wrk, processes, tmp: bench(args, wrk, processes, tmp))


if __name__ == "__main__":
    sys.exit(main())
