"""What bench/surveys.py and bench/abuse.py share: the app served as in production on a free
loopback port, a throw-away PostgreSQL schema, a demo database, clean-up without wrk, and the
memory of a server's worker processes. The process machinery itself is in bench/pages.py.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pages
import psycopg
from pages import HOST, BenchError, Processes, Server
from psycopg import sql

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"


def app_server(
    tmp: Path,
    label: str,
    db_url: str,
    secret: str,
    workers: int,
    path: str,
    extra_env: Mapping[str, str] | None = None,
) -> Server:
    """`beteiligung serve` (uvicorn, as `make run` and the container) with its own data folder."""
    port, name = pages._free_port(), re.sub(r"\W+", "-", label)
    serve = ["serve", "--host", HOST, "--workers", str(workers), "--port", str(port)]
    argv = [sys.executable, "-m", "beteiligung.cli", *serve]
    env = pages.app_env(db_url, tmp / f"data-{name}", secret)
    env.update(extra_env or {})
    return Server(label, argv, env, tmp / f"{name}.log", port, path, data_dir=tmp / f"data-{name}")


def seed_demo(
    db_url: str, tmp: Path, secret: str, extra_env: Mapping[str, str] | None = None
) -> None:
    """`beteiligung migrate` and `seed-demo` into an empty database."""
    env = pages.app_env(db_url, tmp / "data-setup", secret)
    env.update(extra_env or {})
    pages.run_cli(["migrate"], env, tmp / "setup.log")
    pages.run_cli(["seed-demo", "--quiet"], env, tmp / "setup.log")


@contextlib.contextmanager
def pg_schema(name: str) -> Iterator[str]:
    """A new schema `name` in the test database, dropped afterwards; yields the app's URL."""
    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    try:
        yield PG_URL.format(schema=name)
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


def run_cleanly_without_wrk(run: Callable[[Processes, Path], int]) -> int:
    """run(processes, temp dir) with every child stopped at the end, even on Ctrl+C."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)  # progress lines show up under `make`
    processes = Processes()
    try:
        with (
            pages._signals_as_interrupt(),
            tempfile.TemporaryDirectory(prefix="beteiligung-bench-") as tmp,
        ):
            try:
                return run(processes, Path(tmp))
            finally:
                processes.stop_all()  # before the folder with their logs and database goes
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nbench: interrupted; all servers stopped.", file=sys.stderr)
        return 130


# --------------------------------------------------------------------------- worker memory


def worker_pids(server: Server) -> list[int]:
    """The processes that serve requests: uvicorn's spawned workers, or the server itself
    when it runs one worker in-process. Found through the process group (pages._child_setup
    makes the server a group leader; its workers stay in the group)."""
    assert server.proc is not None
    leader, spawned = server.proc.pid, []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == leader:
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        worker = b"spawn_main" in cmdline and b"resource_tracker" not in cmdline
        if int(fields[2]) == leader and worker:
            spawned.append(int(entry.name))
    return sorted(spawned) or [leader]


def rss_kib(pid: int, field: str = "VmRSS") -> int | None:
    """Resident memory of a process in KiB (VmHWM: its peak since start or the last reset)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
    return int(found[1]) if found else None


def reset_peak(pid: int) -> bool:
    """Resets VmHWM to the current RSS (Linux 4.0+); False where that is not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True
