"""`beteiligung` command: serve, migrate, seed-demo, create-user, purge.

Bad arguments end with a German message on stderr and exit code 2 (argparse's
convention); a failure while running ends with exit code 1.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import logging.config
import sys
from collections.abc import Sequence
from pathlib import Path

from beteiligung import logs
from beteiligung.cli_german import GermanArgumentParser
from beteiligung.clock import Clock
from beteiligung.clock import use as use_clock
from beteiligung.settings import Settings, SettingsError

log = logging.getLogger("beteiligung")


def _port(raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{raw}' ist keine Portnummer") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"Port {port} liegt nicht zwischen 1 und 65535")
    return port


def _workers(raw: str) -> int:
    try:
        workers = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{raw}' ist keine Anzahl") from None
    if not 1 <= workers <= 64:
        raise argparse.ArgumentTypeError("die Anzahl der Prozesse muss zwischen 1 und 64 liegen")
    return workers


def build_parser() -> GermanArgumentParser:
    parser = GermanArgumentParser(
        prog="beteiligung", description="Beteiligungsplattform für kleine Städte"
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="BEFEHL", parser_class=GermanArgumentParser
    )

    serve = commands.add_parser("serve", help="Server starten")
    serve.add_argument(
        "--host", default="127.0.0.1", metavar="ADRESSE", help="Adresse (Standard: 127.0.0.1)"
    )
    serve.add_argument(
        "--port", type=_port, default=8000, metavar="PORT", help="Port (Standard: 8000)"
    )
    serve.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="ANZAHL",
        help="Anzahl der Prozesse (Standard: 1)",
    )

    commands.add_parser("migrate", help="Datenbank auf den neuesten Stand bringen")

    seed = commands.add_parser("seed-demo", help="Die fünf Demo-Städte anlegen, falls sie fehlen")
    seed.add_argument("--quiet", action="store_true", help="Zugangsdaten nicht ausgeben")

    commands.add_parser("purge", help="Löschen, was über seine Aufbewahrungsfrist hinaus ist")

    create = commands.add_parser("create-user", help="Konto für Mitarbeitende anlegen")
    create.add_argument("email", metavar="E-MAIL", help="E-Mail-Adresse")
    target = create.add_mutually_exclusive_group(required=True)
    target.add_argument("--town", metavar="STADT", help="Kurzadresse der Stadt, z. B. moelln")
    target.add_argument("--federation-admin", action="store_true", help="Verbund-Admin anlegen")
    create.add_argument(
        "--role",
        choices=["moderator", "town_admin"],
        default="moderator",
        help="Rolle in der Stadt (Standard: moderator)",
    )
    create.add_argument(
        "--password-file",
        type=Path,
        metavar="DATEI",
        help="Passwort aus dieser Datei lesen statt es abzufragen",
    )
    return parser


def _settings(parser: argparse.ArgumentParser) -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        parser.exit(2, f"beteiligung: Fehler in der Konfiguration: {exc}\n")
        raise  # unreachable; parser.exit raises SystemExit


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from beteiligung import serving

    # uvicorn's access log would write client IP addresses: it stays off.
    # asyncio's own loop, not uvloop: under load uvloop served some connections many loop
    # turns late (p99 300 ms against 40 ms at the same requests/s; bench/surveys.py).
    config = uvicorn.Config(
        "beteiligung.app:app_from_env",
        factory=True,
        loop="asyncio",
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=False,
        proxy_headers=False,
        server_header=False,
        log_level=settings.log_level.lower(),
        # Each worker configures its logging from this: control characters escaped (logs.py).
        log_config=logs.log_config(settings.log_level),
    )
    # The address is announced once the server takes connections (serving.py).
    return serving.run(config)


def cmd_migrate(settings: Settings) -> int:
    # Alembic's own INFO lines (some at import) are English and technical: this command
    # says in German what it does; Alembic's warnings and errors still show.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from beteiligung import migrate
    from beteiligung.db import make_engine

    engine = make_engine(settings)
    steps = migrate.pending(engine)
    if steps:
        count = "1 Schritt" if len(steps) == 1 else f"{len(steps)} Schritte"
        print(f"Datenbank wird aktualisiert ({count}) …", flush=True)
        migrate.upgrade(engine, on_step=lambda revision: print(f"  Version {revision} erledigt"))
    print("Datenbank ist auf dem neuesten Stand.")
    return 0


def cmd_seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    from beteiligung import demo
    from beteiligung.db import make_engine, session_scope

    engine = make_engine(settings)
    with session_scope(engine) as db:
        created = demo.seed_demo(
            db, with_accounts=settings.demo, with_responses=True, with_ideas=True
        )
    if created["towns"] or created["accounts"]:
        print(f"Demo-Verbund angelegt: {created['towns']} Städte, {created['accounts']} Zugänge.")
    if created["surveys"]:
        print(
            f"Demo-Umfragen angelegt: {created['surveys']} Pendlerbefragungen "
            f"mit zusammen {created['responses']} ausgefüllten Fragebögen."
        )
    if created.get("ideas"):
        print(f"Demo-Ideen angelegt: {created['ideas']} Ideen mit Verlauf und Kommentaren.")
    if not any(created.values()):
        print("Demo-Verbund ist schon vorhanden; nichts geändert.")
    if settings.demo and not args.quiet:
        print(f"\nDemo-Zugänge (Passwort für alle: {demo.DEMO_PASSWORD}):")
        for login in demo.demo_logins():
            print(f"  {login.email:<45} {login.role:<14} {login.town}")
    elif not settings.demo:
        print("Ohne BETEILIGUNG_DEMO=true werden keine Demo-Zugänge angelegt.")
    return 0


def cmd_purge(settings: Settings) -> int:
    from beteiligung.db import make_engine, session_scope
    from beteiligung.purge import purge

    engine = make_engine(settings)
    with session_scope(engine) as db:
        results = purge(db, settings)
    print("Gelöscht:")
    for result in results:
        print(f"  {result.count:>6}  {result.what}")
    return 0


def _read_password(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str:
    if args.password_file is not None:
        try:
            return str(args.password_file.read_text(encoding="utf-8").rstrip("\n"))
        except OSError as exc:
            parser.exit(2, f"beteiligung: Fehler: Passwortdatei nicht lesbar ({exc.strerror}).\n")
    if not sys.stdin.isatty():
        parser.exit(
            2,
            "beteiligung: Fehler: kein Terminal für die Passwortabfrage; "
            "bitte --password-file angeben.\n",
        )
    first = getpass.getpass("Passwort: ")
    if first != getpass.getpass("Passwort wiederholen: "):
        parser.exit(2, "beteiligung: Fehler: Die Passwörter stimmen nicht überein.\n")
    return first


def cmd_create_user(
    settings: Settings, args: argparse.Namespace, parser: argparse.ArgumentParser
) -> int:
    from beteiligung import audit
    from beteiligung.accounts import service as accounts
    from beteiligung.accounts.models import Membership, Role
    from beteiligung.db import make_engine, session_scope
    from beteiligung.towns import service as towns

    engine = make_engine(settings)
    with session_scope(engine) as db:
        town = None
        if args.town:
            town = towns.town_by_slug(db, args.town)
            if town is None:
                known = ", ".join(t.slug for t in towns.all_towns(db)) or "keine"
                parser.exit(
                    2,
                    f"beteiligung: Fehler: Stadt '{args.town}' gibt es nicht "
                    f"(vorhanden: {known}).\n",
                )
        password = _read_password(parser, args)
        try:
            user = accounts.create_user(
                db, args.email, password, federation_admin=args.federation_admin
            )
        except accounts.AccountError as exc:
            parser.exit(2, f"beteiligung: Fehler: {exc}\n")
        if town is not None:
            db.add(Membership(user_id=user.id, town_id=town.id, role=Role(args.role).value))  # type: ignore[arg-type]
        audit.record(
            db,
            action="user_created_cli",
            user_id=None,
            town_id=town.id if town else None,
            detail=user.email,
        )
    where = f"für {town.name} ({args.role})" if town else "als Verbund-Admin"
    print(f"Konto {user.email} {where} angelegt.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = _settings(parser)
    # Every command lives in the towns' day (seed-demo's survey dates), as the app does.
    use_clock(Clock(settings.time_zone))
    if not logging.getLogger().handlers:  # as basicConfig: leave a configured logging alone
        logging.config.dictConfig(logs.log_config(settings.log_level))
    if args.command == "serve":
        return cmd_serve(settings, args)
    if args.command == "migrate":
        return cmd_migrate(settings)
    if args.command == "seed-demo":
        return cmd_seed_demo(settings, args)
    if args.command == "purge":
        return cmd_purge(settings)
    return cmd_create_user(settings, args, parser)


if __name__ == "__main__":
    sys.exit(main())
