"""Load test of the public town page, as ratios measured in one run.

    .venv/bin/python bench/pages.py [--duration 10] [--connections 64] [--rounds 3] [--quick]

One run prepares a throw-away SQLite database (`beteiligung migrate` and `seed-demo`), starts
three servers on free loopback ports, each with one worker, and loads them in turn with wrk:

  town    uvicorn   GET /moelln on `beteiligung serve` (what `make run` and the container run)
  ceiling uvicorn   a bare Litestar + Jinja page of the same size, no database (ceiling_app.py)
  town    granian   GET /moelln on `granian --interface asgi --factory beteiligung.app:app_from_env`

It prints requests/s and p99 latency per server and the ratios town/ceiling and
granian/uvicorn. The targets take turns round by round; the table shows the median.
Absolute figures depend on the machine, the ratios much less. wrk and the servers share
the machine's cores. A server that stops answering under load is reported as STALLED
and makes the run fail (exit code 1). Only 127.0.0.1 is contacted.
bench/surveys.py (`make bench-surveys`) does the same for survey pages and submissions.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import io
import itertools
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import FrameType
from typing import IO

BENCH_DIR = Path(__file__).resolve().parent
TOWN_PATH = "/moelln"
TOWN_MARKER = "Mölln".encode()
HOST = "127.0.0.1"

START_TIMEOUT = 60.0  # seconds for a server to answer its first request
PROBE_TIMEOUT = 5.0  # a server that needs longer for one page after a run is stalled
STOP_TIMEOUT = 5.0  # SIGTERM, then SIGKILL
CLI_TIMEOUT = 180.0  # migrate, seed-demo
WARMUP_CONNECTIONS = 4
GRANIAN_ARGS = [
    "-m", "granian", "--interface", "asgi", "--factory", "beteiligung.app:app_from_env",
    "--no-access-log", "--log-level", "warning",
]  # fmt: skip


class BenchError(Exception):
    """The benchmark cannot go on; the message says why."""


# --------------------------------------------------------------------------- processes


def _child_setup() -> None:
    """In the child: its own process group, and SIGTERM if this script is killed outright.

    (Ctrl+C, SIGTERM and errors go through Processes.stop_all(), which ends in SIGKILL.)
    """
    os.setsid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGTERM))


class Processes:
    """Every child this script starts; stop_all() ends them with their own children."""

    def __init__(self) -> None:
        self._procs: list[subprocess.Popen[bytes]] = []

    def start(
        self, argv: list[str], *, env: dict[str, str], log: IO[bytes] | int
    ) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_child_setup,  # safe here: this script starts no threads
        )
        self._procs.append(proc)
        return proc

    def forget(self, proc: subprocess.Popen[bytes]) -> None:
        """A child that has exited and was waited for (wrk after its run)."""
        with contextlib.suppress(ValueError):
            self._procs.remove(proc)

    @staticmethod
    def stop(proc: subprocess.Popen[bytes]) -> None:
        """SIGTERM to the child's process group (granian's workers too), then SIGKILL.

        Its pid is its group id (setsid). Only a child not yet waited for is signalled, so the
        id cannot belong to another process by then.
        """
        if proc.poll() is not None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, sig)
            try:
                proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                continue
            break
        # Workers that outlive their leader (the group id is still reserved by them).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)

    def stop_all(self) -> None:
        while self._procs:
            self.stop(self._procs.pop())


def _group_cpu_seconds(pgid: int) -> float | None:
    """User + system CPU time of all live processes in a process group (Linux /proc)."""
    proc_dir = Path("/proc")
    if not proc_dir.is_dir():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in proc_dir.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 12 and int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


_LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def fetch(url: str, timeout: float) -> tuple[int, bytes]:
    if not url.startswith(f"http://{HOST}:"):
        raise BenchError(f"refusing to contact {url}: only {HOST} is allowed")
    try:
        with _LOOPBACK.open(url, timeout=timeout) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@dataclass
class WrkResult:
    requests: int
    rps: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    cpu_percent: float | None
    output: str = field(default="", repr=False)  # wrk's text, with what a script printed

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors


@dataclass(eq=False)
class Server:
    label: str
    argv: list[str]
    env: dict[str, str]
    log_path: Path
    port: int
    path: str
    data_dir: Path | None = None
    proc: subprocess.Popen[bytes] | None = None
    runs: list[WrkResult] = field(default_factory=list)
    stalled: str = ""
    responses: int = 0  # all of them, warm-up included

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}{self.path}"

    def start(self, processes: Processes) -> None:
        with self.log_path.open("wb") as log:
            self.proc = processes.start(self.argv, env=self.env, log=log)

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def wait_ready(self, deadline: float) -> bytes:
        """Poll the page until it answers 200, the process dies or the deadline passes."""
        assert self.proc is not None
        last_error = "no answer"
        for _attempt in range(int(START_TIMEOUT / 0.1) + 1):
            if self.proc.poll() is not None:
                raise BenchError(
                    f"{self.label} exited with code {self.proc.returncode}:\n{self.log_tail()}"
                )
            if time.monotonic() > deadline:
                break
            try:
                status, body = fetch(self.url, timeout=2.0)
            except OSError as exc:
                last_error = str(exc)
            else:
                if status == 200:
                    return body
                last_error = f"HTTP {status}"
            time.sleep(0.1)
        raise BenchError(
            f"{self.label} did not answer {self.url} ({last_error}):\n{self.log_tail()}"
        )

    def responsive(self) -> bool:
        try:
            status, _body = fetch(self.url, timeout=PROBE_TIMEOUT)
        except OSError:
            return False
        return status == 200


# --------------------------------------------------------------------------- wrk


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def parse_wrk(output: str) -> tuple[int, float, float, int, int]:
    """requests, requests/s, p99 in ms, non-2xx/3xx responses, socket errors."""
    requests = re.search(r"^\s*(\d+) requests in ", output, re.MULTILINE)
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    p99 = re.search(r"^\s*99(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE)
    if not (requests and rps and p99):
        raise BenchError(f"could not read wrk's output (is --latency supported?):\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return (
        int(requests.group(1)),
        float(rps.group(1)),
        float(p99.group(1)) * _UNITS_MS[p99.group(2)],
        int(non_2xx.group(1)) if non_2xx else 0,
        sum(int(n) for n in sockets.groups()) if sockets else 0,
    )


def run_wrk(
    wrk: str,
    processes: Processes,
    server: Server,
    *,
    duration: int,
    connections: int,
    script: Path | None = None,
    timeout: int | None = None,
) -> WrkResult:
    """One wrk run; `script` is a Lua file (-s), `timeout` wrk's --timeout in seconds."""
    assert server.proc is not None
    argv = [wrk, "-t1", f"-c{connections}", f"-d{duration}s", "--latency"]
    if script is not None:
        argv += ["-s", str(script)]
    if timeout is not None:
        argv.append(f"--timeout={timeout}s")
    argv.append(server.url)
    cpu_before = _group_cpu_seconds(server.proc.pid)
    started = time.monotonic()
    proc = processes.start(argv, env=dict(os.environ), log=subprocess.PIPE)
    try:
        output, _ = proc.communicate(timeout=duration + 30)
    except subprocess.TimeoutExpired:
        Processes.stop(proc)
        raise BenchError(f"wrk did not finish within {duration + 30} s") from None
    processes.forget(proc)
    elapsed = time.monotonic() - started
    text = output.decode(errors="replace")
    if proc.returncode != 0:
        raise BenchError(f"wrk failed (exit code {proc.returncode}):\n{text}")
    cpu_after = _group_cpu_seconds(server.proc.pid)
    cpu = (
        100 * (cpu_after - cpu_before) / elapsed
        if cpu_before is not None and cpu_after is not None
        else None
    )
    return WrkResult(*parse_wrk(text), cpu_percent=cpu, output=text)


# --------------------------------------------------------------------------- set-up


def app_env(db_url: str, data_dir: Path, secret: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BETEILIGUNG_")}
    env.update(
        BETEILIGUNG_DATABASE_URL=db_url,
        BETEILIGUNG_DATA_DIR=str(data_dir),
        BETEILIGUNG_SECRET_KEY=secret,
        BETEILIGUNG_DEMO="true",
        BETEILIGUNG_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def run_cli(args: list[str], env: dict[str, str], log_path: Path) -> None:
    argv = [sys.executable, "-m", "beteiligung.cli", *args]
    with log_path.open("ab") as log:
        try:
            result = subprocess.run(
                argv,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=CLI_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise BenchError(
                f"`beteiligung {' '.join(args)}` took over {CLI_TIMEOUT:.0f} s"
            ) from None
    if result.returncode != 0:
        tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-15:])
        raise BenchError(f"`beteiligung {' '.join(args)}` failed:\n{tail}")


def _pkg_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@contextlib.contextmanager
def _signals_as_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP end the run like Ctrl+C: through the clean-up below."""

    def interrupt(signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# --------------------------------------------------------------------------- report


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def _row(server: Server) -> str:
    runs = server.runs
    if server.stalled:
        return f"{server.label:<20} {'STALLED':>9} {'-':>8} {'-':>8} {'-':>7} {'-':>7}"
    rps = [r.rps for r in runs]
    spread = 100 * (max(rps) - min(rps)) / _median(rps) if len(rps) > 1 and _median(rps) else 0
    cpus = [r.cpu_percent for r in runs if r.cpu_percent is not None]
    cpu = f"{_median(cpus):.0f}%" if cpus else "-"
    return (
        f"{server.label:<20} {_median(rps):>9.1f} {f'±{spread / 2:.0f}%':>8} "
        f"{_median([r.p99_ms for r in runs]):>8.1f} {sum(r.errors for r in runs):>7} {cpu:>7}"
    )


def _ratio(label: str, top: Server, bottom: Server, meaning: str) -> str:
    if top.stalled or bottom.stalled or not top.runs or not bottom.runs:
        return f"{label:<30} n/a (a server stalled)"
    top_rps = _median([r.rps for r in top.runs])
    bottom_rps = _median([r.rps for r in bottom.runs])
    if not bottom_rps:
        return f"{label:<30} n/a"
    p99 = _median([r.p99_ms for r in top.runs]) / max(
        _median([r.p99_ms for r in bottom.runs]), 1e-9
    )
    return f"{label:<30} {top_rps / bottom_rps:5.2f}  (p99 x{p99:.2f}; {meaning})"


def print_table(servers: list[Server]) -> None:
    header = f"{'server':<20} {'req/s':>9} {'spread':>8} {'p99 ms':>8} {'errors':>7} {'CPU':>7}"
    print(header)
    print("-" * len(header))
    for server in servers:
        print(_row(server))


def report(
    servers: list[Server],
    sizes: dict[str, int],
    args: argparse.Namespace,
    stored: dict[Server, int],
) -> None:
    town_uv, ceiling, town_gr = servers
    print()
    print(
        f"wrk -t1 -c{args.connections} -d{args.duration}s, {args.rounds} round(s), median; "
        f"{_cpus()} CPUs shared by wrk and server; Python {platform.python_version()}, "
        f"litestar {_pkg_version('litestar')}, uvicorn {_pkg_version('uvicorn')}, "
        f"granian {_pkg_version('granian')}"
    )
    print(
        f"HTML bytes: town {sizes['town']}, ceiling {sizes['ceiling']} "
        "(ceiling: bare Litestar + Jinja, async handler, no DB, no middleware)"
    )
    print()
    print_table(servers)
    print()
    print(_ratio("town/ceiling (uvicorn):", town_uv, ceiling, "share of the framework ceiling"))
    print(_ratio("granian/uvicorn (town page):", town_gr, town_uv, ">1: granian is faster"))
    for server in servers:
        if server.stalled:
            print(f"STALLED {' '.join(server.label.split())}: {server.stalled}")
    for server, count in stored.items():
        if count:
            print(
                f"note: {' '.join(server.label.split())} stored {count} sessions (files) "
                f"for about {server.responses} anonymous GETs"
            )


# --------------------------------------------------------------------------- main


def parse_args(
    argv: list[str] | None = None,
    description: str = "Town page vs. bare Litestar + Jinja, uvicorn vs. granian (wrk, loopback only).",
    connections_help: str = "open connections (64)",
) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--duration", type=int, help="seconds per wrk run (10; quick: 3)")
    parser.add_argument("--connections", type=int, default=64, help=connections_help)
    parser.add_argument("--rounds", type=int, help="runs per server, median (3; quick: 1)")
    parser.add_argument("--quick", action="store_true", help="short run: a smoke test")
    args = parser.parse_args(argv)
    if args.duration is None:
        args.duration = 3 if args.quick else 10
    if args.rounds is None:
        args.rounds = 1 if args.quick else 3
    if not 1 <= args.duration <= 600:
        parser.error("--duration must be between 1 and 600 seconds")
    if not 1 <= args.connections <= 10_000:
        parser.error("--connections must be between 1 and 10000")
    if not 1 <= args.rounds <= 20:
        parser.error("--rounds must be between 1 and 20")
    return args


def _count_files(directory: Path, limit: int = 10_000_000) -> int:
    if not directory.is_dir():
        return 0
    with os.scandir(directory) as entries:
        return sum(1 for _ in itertools.islice(entries, limit))


def measure(
    args: argparse.Namespace, wrk: str, processes: Processes, servers: list[Server]
) -> None:
    """Warm-up, then `args.rounds` rounds in which the servers take turns; marks stalls."""
    warmup = max(1, min(2, args.duration))
    for server in servers:
        result = run_wrk(wrk, processes, server, duration=warmup, connections=WARMUP_CONNECTIONS)
        if result.requests == 0 or result.errors:
            raise BenchError(f"{server.label}: warm-up failed ({result})\n{server.log_tail()}")
        server.responses += result.requests

    total = args.rounds * len(servers) * args.duration
    print(f"measuring: {args.rounds} x {len(servers)} runs of {args.duration} s (~{total} s) ...")
    for round_no in range(1, args.rounds + 1):
        for server in servers:
            if server.stalled:
                continue
            result = run_wrk(
                wrk, processes, server, duration=args.duration, connections=args.connections
            )
            server.responses += result.requests
            if result.requests == 0 or not server.responsive():
                server.stalled = (
                    f"{result.requests} responses in {args.duration} s with "
                    f"{args.connections} connections (round {round_no}), then no answer to "
                    f"GET {server.path} within {PROBE_TIMEOUT:.0f} s"
                )
                if tail := server.log_tail(3).strip():
                    server.stalled += f"; log: {tail}"
            else:
                server.runs.append(result)


def bench(args: argparse.Namespace, wrk: str, processes: Processes, tmp: Path) -> int:
    python = sys.executable
    db_url = f"sqlite:///{tmp / 'db' / 'beteiligung.sqlite3'}"
    secret = secrets.token_urlsafe(32)
    setup_log = tmp / "setup.log"

    print("preparing database (migrate, seed-demo) ...", flush=True)
    setup_env = app_env(db_url, tmp / "data-setup", secret)
    run_cli(["migrate"], setup_env, setup_log)
    run_cli(["seed-demo", "--quiet"], setup_env, setup_log)

    town_servers = []
    for name, argv in (
        ("uvicorn", ["-m", "beteiligung.cli", "serve", "--host", HOST, "--workers", "1", "--port"]),
        ("granian", [*GRANIAN_ARGS, "--host", HOST, "--workers", "1", "--port"]),
    ):
        port = _free_port()
        data_dir = tmp / f"data-{name}"
        town_servers.append(
            Server(
                label=f"town    {name}",
                argv=[python, *argv, str(port)],
                env=app_env(db_url, data_dir, secret),
                log_path=tmp / f"{name}.log",
                port=port,
                path=TOWN_PATH,
                data_dir=data_dir,
            )
        )
    town_uv, town_gr = town_servers
    print("starting town page servers (uvicorn, granian) ...", flush=True)
    for server in (town_uv, town_gr):
        server.start(processes)
    deadline = time.monotonic() + START_TIMEOUT
    town_page = town_uv.wait_ready(deadline)
    granian_page = town_gr.wait_ready(deadline)
    if TOWN_MARKER not in town_page or TOWN_MARKER not in granian_page:
        raise BenchError(f"{TOWN_PATH} does not look like the Mölln town page")

    ceiling_port = _free_port()
    ceiling = Server(
        label="ceiling uvicorn",
        argv=[
            python,
            str(BENCH_DIR / "ceiling_app.py"),
            f"--port={ceiling_port}",
            f"--html-bytes={len(town_page)}",
            f"--template-dir={tmp / 'ceiling'}",
        ],
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
        log_path=tmp / "ceiling.log",
        port=ceiling_port,
        path="/",
    )
    print(f"starting ceiling server ({len(town_page)} bytes of HTML) ...", flush=True)
    ceiling.start(processes)
    ceiling_page = ceiling.wait_ready(time.monotonic() + START_TIMEOUT)
    servers = [town_uv, ceiling, town_gr]

    measure(args, wrk, processes, servers)

    stored = {
        server: _count_files(server.data_dir / "stores" / "sessions")
        for server in town_servers
        if server.data_dir is not None
    }
    report(servers, {"town": len(town_page), "ceiling": len(ceiling_page)}, args, stored)
    failed = any(s.stalled or any(r.errors for r in s.runs) for s in servers)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return run_cleanly(lambda wrk, processes, tmp: bench(args, wrk, processes, tmp))


def run_cleanly(run: Callable[[str, Processes, Path], int]) -> int:
    """run(wrk, processes, temp dir) with every child stopped at the end, even on Ctrl+C."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)  # progress lines show up under `make`
    wrk = shutil.which("wrk")
    if wrk is None:
        print(
            "bench: wrk not found. Install it with `sudo apt-get install wrk` "
            "(Debian/Ubuntu) and run again.",
            file=sys.stderr,
        )
        return 2
    processes = Processes()
    try:
        with (
            _signals_as_interrupt(),
            tempfile.TemporaryDirectory(prefix="beteiligung-bench-") as tmp,
        ):
            try:
                return run(wrk, processes, Path(tmp))
            finally:
                processes.stop_all()  # before the folder with their logs and database goes
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nbench: interrupted; all servers stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
