"""The `beteiligung` command: German messages and exit code 2 for bad input."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from contextlib import suppress
from pathlib import Path
from urllib.request import urlopen

import pytest
from sqlmodel import Session, select

from beteiligung import cli
from beteiligung.accounts.models import Membership, User
from beteiligung.db import make_engine
from beteiligung.settings import Settings
from beteiligung.towns.models import Town


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in Settings.names():
        monkeypatch.delenv(name, raising=False)
    database = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("BETEILIGUNG_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("BETEILIGUNG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BETEILIGUNG_SECRET_KEY", "cli-test-secret-key-long-enough")
    return database


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = cli.main(args)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "diese Angaben fehlen"),
        (["tanzen"], "ungültige Auswahl"),
        (["serve", "--port", "achtzig"], "'achtzig' ist keine Portnummer"),
        (["serve", "--port", "70000"], "nicht zwischen 1 und 65535"),
        (["serve", "--workers", "0"], "zwischen 1 und 64"),
        (["serve", "--farbe", "blau"], "unbekannte Angaben"),
        (["create-user", "a@b.de"], "eine dieser Angaben ist nötig"),
        (["create-user", "a@b.de", "--town", "moelln", "--role", "kaiser"], "ungültige Auswahl"),
    ],
)
def test_it_explains_bad_arguments_in_german_with_exit_code_2(
    cli_env: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = _run(args, capsys)
    assert code == 2
    assert message in err
    assert "Fehler" in err


def test_the_installed_command_exits_with_2_on_bad_input(cli_env: Path) -> None:
    script = Path(sys.executable).parent / "beteiligung"
    result = subprocess.run(
        [str(script), "serve", "--port", "x"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "'x' ist keine Portnummer" in result.stderr


def test_it_explains_a_bad_setting_with_exit_code_2(
    cli_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BETEILIGUNG_SESSION_MINUTES", "lang")
    code, _, err = _run(["migrate"], capsys)
    assert code == 2
    assert "BETEILIGUNG_SESSION_MINUTES: 'lang' ist keine ganze Zahl." in err


def test_it_migrates_and_seeds_twice_without_duplicates(
    cli_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BETEILIGUNG_DEMO", "true")
    for _ in range(2):
        assert _run(["migrate"], capsys)[0] == 0
    code, out, _ = _run(["seed-demo"], capsys)
    assert code == 0
    assert "5 Städte" in out
    assert "admin@moelln.example" in out
    code, out, _ = _run(["seed-demo", "--quiet"], capsys)
    assert code == 0
    assert "schon vorhanden" in out
    assert "admin@moelln.example" not in out
    engine = make_engine(Settings(database_url=f"sqlite:///{cli_env}", secret_key="x" * 32))
    with Session(engine) as db:
        assert len(db.exec(select(Town)).all()) == 5
        assert len(db.exec(select(User)).all()) == 11
    engine.dispose()


def test_it_seeds_no_demo_accounts_outside_demo_mode(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(["migrate"], capsys)
    code, out, _ = _run(["seed-demo"], capsys)
    assert code == 0
    assert "keine Demo-Zugänge" in out
    engine = make_engine(Settings(database_url=f"sqlite:///{cli_env}", secret_key="x" * 32))
    with Session(engine) as db:
        assert db.exec(select(User)).all() == []
    engine.dispose()


def test_it_creates_a_town_admin_with_a_password_from_a_file(
    cli_env: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _run(["migrate"], capsys)
    _run(["seed-demo", "--quiet"], capsys)
    password = tmp_path / "pw"
    password.write_text("ein-sicheres-passwort\n", encoding="utf-8")
    code, out, err = _run(
        ["create-user", "Chefin@Moelln.example", "--town", "moelln", "--role", "town_admin",
         "--password-file", str(password)],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert "chefin@moelln.example" in out
    engine = make_engine(Settings(database_url=f"sqlite:///{cli_env}", secret_key="x" * 32))
    with Session(engine) as db:
        user = db.exec(select(User).where(User.email == "chefin@moelln.example")).one()
        membership = db.exec(select(Membership).where(Membership.user_id == user.id)).one()
        assert membership.role == "town_admin"
    engine.dispose()


@pytest.mark.parametrize(
    ("extra", "password", "message"),
    [
        (["--town", "atlantis"], "ein-sicheres-passwort", "Stadt 'atlantis' gibt es nicht"),
        (["--federation-admin"], "kurz", "mindestens 10 Zeichen"),
        (["--town", "moelln"], None, "Passwortdatei nicht lesbar"),
    ],
)
def test_it_explains_why_a_user_cannot_be_created(
    cli_env: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    extra: list[str],
    password: str | None,
    message: str,
) -> None:
    _run(["migrate"], capsys)
    _run(["seed-demo", "--quiet"], capsys)
    password_file = tmp_path / "pw"
    if password is not None:
        password_file.write_text(password, encoding="utf-8")
    code, _, err = _run(
        ["create-user", "neu@example.org", *extra, "--password-file", str(password_file)], capsys
    )
    assert code == 2
    assert message in err


def test_it_refuses_to_create_the_same_user_twice(
    cli_env: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _run(["migrate"], capsys)
    password = tmp_path / "pw"
    password.write_text("ein-sicheres-passwort", encoding="utf-8")
    args = [
        "create-user",
        "neu@example.org",
        "--federation-admin",
        "--password-file",
        str(password),
    ]
    assert _run(args, capsys)[0] == 0
    code, _, err = _run(args, capsys)
    assert code == 2
    assert "Es gibt bereits ein Konto" in err


# --------------------------------------------------------------------------- German throughout

ARGPARSE_ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "error:")


@pytest.mark.parametrize("command", [[], ["serve"], ["create-user"]])
def test_it_helps_in_german_without_a_word_of_argparse_english(
    cli_env: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code, out, _ = _run([*command, "--help"], capsys)
    assert code == 0
    assert out.startswith("Aufruf: beteiligung")
    assert "Optionen:" in out and "diese Hilfe zeigen und beenden" in out
    assert not [word for word in ARGPARSE_ENGLISH if word in out], out


@pytest.mark.parametrize(
    "args",
    [["serve", "--port", "x"], ["serve", "--farbe", "blau"], ["create-user"], ["tanzen"]],
)
def test_it_complains_in_german_without_a_word_of_argparse_english(
    cli_env: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, _, err = _run(args, capsys)
    assert code == 2
    assert "Aufruf: beteiligung" in err and "Fehler:" in err
    assert not [word for word in (*ARGPARSE_ENGLISH, "argument ") if word in err], err


def _installed(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "beteiligung"), *args]


def test_migrate_reports_in_german_without_alembics_english_lines(cli_env: Path) -> None:
    first = subprocess.run(_installed("migrate"), capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Datenbank wird aktualisiert (")
    assert "Version 0001 erledigt" in first.stdout
    assert first.stdout.rstrip().endswith("Datenbank ist auf dem neuesten Stand.")
    assert "alembic" not in first.stderr and "INFO" not in first.stderr, first.stderr
    again = subprocess.run(_installed("migrate"), capture_output=True, text=True, timeout=120)
    assert again.stdout == "Datenbank ist auf dem neuesten Stand.\n"
    assert "alembic" not in again.stderr, again.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_announces_its_address_once_it_takes_connections(cli_env: Path, workers: str) -> None:
    assert subprocess.run(_installed("migrate"), capture_output=True, timeout=120).returncode == 0
    port = _free_port()
    server = subprocess.Popen(
        _installed("serve", "--port", str(port), "--workers", workers),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # its workers end with it (killpg below)
    )
    try:
        assert server.stdout is not None
        # The first line, however long the start takes; a server that never says it
        # ends the read when it and its workers are killed (their pipe closes).
        killer = threading.Timer(120, os.killpg, (server.pid, signal.SIGKILL))
        killer.start()
        line = server.stdout.readline()
        killer.cancel()
        assert line == f"Beteiligung läuft auf http://127.0.0.1:{port} (Strg+C beendet)\n"
        # said only when true: the address answers at once
        with urlopen(f"http://127.0.0.1:{port}/healthz", timeout=60) as answer:
            assert answer.status == 200
    finally:
        with suppress(ProcessLookupError):  # gone already when the timer killed it
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        if server.stdout is not None:
            server.stdout.close()


def test_make_run_leaves_the_announcement_to_serve() -> None:
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text(encoding="utf-8")
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "beteiligung serve" in run
    assert "läuft auf" not in run and "echo" not in run
