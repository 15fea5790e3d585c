"""One Settings object, read from ``BETEILIGUNG_*`` environment variables.

Nothing here is read at import time: ``Settings.from_env()`` is called by the
CLI and the server entry point, tests build ``Settings(...)`` directly.
Every field is documented in ``.env.example`` and the README; a test fails
when one is missing there.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from functools import cached_property
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PREFIX = "BETEILIGUNG_"
SUPPORTED_LOCALES = ("de", "en")


class SettingsError(ValueError):
    """A setting has a value the app cannot work with."""


def _to_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on", "ja"}:
        return True
    if value in {"0", "false", "no", "off", "nein", ""}:
        return False
    raise SettingsError(f"{PREFIX}{name.upper()}: '{raw}' ist kein Wahrheitswert (true/false).")


def _to_int(name: str, raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise SettingsError(f"{PREFIX}{name.upper()}: '{raw}' ist keine ganze Zahl.") from None


@dataclass(frozen=True)
class Settings:
    # Where the data lives. sqlite:///path or postgresql+psycopg://user@host/db
    database_url: str = "sqlite:///data/beteiligung.sqlite3"
    # Signs the CSRF token; must stay the same across restarts and instances.
    secret_key: str = ""
    # Public address, used in e-mails and to decide on HSTS and Secure cookies.
    base_url: str = "http://127.0.0.1:8000"
    default_locale: str = "de"
    # The towns' time zone: when a survey's first and last day begin and end, every "today"
    # and every time shown. The server's own zone (UTC in the container) plays no part.
    time_zone: str = "Europe/Berlin"
    # Send cookies only over HTTPS. Defaults to on when base_url is https.
    secure_cookies: bool | None = None
    # Demo mode: the demo accounts may log in, mails are printed to the log.
    demo: bool = False
    # Folder for the SQLite database and file-based session store.
    data_dir: str = "data"
    # Optional Redis for sessions and login throttling shared by several instances.
    redis_url: str = ""
    # Outgoing mail (password reset). Empty host: mails go to the log.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    mail_from: str = "beteiligung@localhost"
    # Largest request body accepted, in bytes.
    max_body_bytes: int = 1_048_576
    # Lifetime of a staff login session, in minutes.
    session_minutes: int = 480
    # Failed logins for one account from one client before that client's further tries for
    # it are refused for the window; a client gets four times as many over all accounts, and
    # an account attacked from many clients is slowed to one check every few seconds.
    login_max_failures: int = 5
    login_window_minutes: int = 15
    # Addresses (or networks, comma-separated) of reverse proxies in front of the app: only
    # their X-Forwarded-For is believed when telling clients apart for the limits.
    trusted_proxies: str = ""
    # New survey responses one client may start in 10 minutes (a household never gets near).
    responses_per_client: int = 50
    # Lifetime of a password reset link, in minutes.
    password_reset_minutes: int = 60
    # Unfinished survey responses can be resumed for this many days; `purge` deletes them after.
    response_resume_days: int = 30
    # An idea author's e-mail is kept this many days after the idea's last public step once
    # the idea is finished (implemented, not pursued, rejected or merged); `purge` deletes it.
    idea_contact_days: int = 180
    # The town whose imprint, privacy and accessibility texts cover the federation pages.
    operator_town: str = "wittenberge"
    log_level: str = "INFO"
    # Only used for error details during development; never on in production.
    debug: bool = False

    def __post_init__(self) -> None:
        if self.default_locale not in SUPPORTED_LOCALES:
            raise SettingsError(
                f"{PREFIX}DEFAULT_LOCALE: '{self.default_locale}' wird nicht unterstützt "
                f"(möglich: {', '.join(SUPPORTED_LOCALES)})."
            )
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(
                f"{PREFIX}TIME_ZONE: '{self.time_zone}' ist keine bekannte Zeitzone "
                "(z. B. Europe/Berlin)."
            ) from None
        scheme = self.database_url.split(":", 1)[0]
        if scheme not in {"sqlite", "postgresql+psycopg", "postgresql"}:
            raise SettingsError(
                f"{PREFIX}DATABASE_URL: '{scheme}' wird nicht unterstützt "
                "(möglich: sqlite:///pfad oder postgresql+psycopg://…)."
            )
        if urlsplit(self.base_url).scheme not in {"http", "https"}:
            raise SettingsError(f"{PREFIX}BASE_URL muss mit http:// oder https:// beginnen.")
        if self.response_resume_days < 1:
            raise SettingsError(f"{PREFIX}RESPONSE_RESUME_DAYS: der Wert muss mindestens 1 sein.")
        if self.idea_contact_days < 1:
            raise SettingsError(f"{PREFIX}IDEA_CONTACT_DAYS: der Wert muss mindestens 1 sein.")
        if self.login_max_failures < 1 or self.login_window_minutes < 1:
            raise SettingsError(f"{PREFIX}LOGIN_*: Werte müssen mindestens 1 sein.")
        if self.responses_per_client < 1:
            raise SettingsError(f"{PREFIX}RESPONSES_PER_CLIENT: der Wert muss mindestens 1 sein.")
        try:
            self.proxy_networks  # noqa: B018  (parsed here to explain a bad value at start)
        except ValueError as exc:
            raise SettingsError(
                f"{PREFIX}TRUSTED_PROXIES: '{exc.args[0]}' ist keine IP-Adresse und kein Netz "
                "(z. B. 127.0.0.1, 10.0.0.0/8 oder ::1; mehrere durch Kommas getrennt)."
            ) from None

    @cached_property
    def proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        networks = []
        for part in self.trusted_proxies.split(","):
            if part.strip():
                try:
                    networks.append(ip_network(part.strip(), strict=False))
                except ValueError:
                    raise ValueError(part.strip()) from None
        return tuple(networks)

    @property
    def is_https(self) -> bool:
        return urlsplit(self.base_url).scheme == "https"

    @property
    def cookies_secure(self) -> bool:
        return self.is_https if self.secure_cookies is None else self.secure_cookies

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sqlalchemy_url(self) -> str:
        # "postgresql://" would pick psycopg2, which we do not ship.
        if self.database_url.startswith("postgresql://"):
            return "postgresql+psycopg://" + self.database_url.removeprefix("postgresql://")
        return self.database_url

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir)

    @classmethod
    def names(cls) -> list[str]:
        """The environment variable names, in declaration order."""
        return [PREFIX + f.name.upper() for f in fields(cls)]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            key = PREFIX + f.name.upper()
            raw = env.get(key)
            # Secrets may come from a file (container secrets): BETEILIGUNG_SECRET_KEY_FILE.
            file_path = env.get(key + "_FILE")
            if raw is None and file_path:
                try:
                    raw = Path(file_path).read_text(encoding="utf-8").strip()
                except OSError as exc:
                    raise SettingsError(
                        f"{key}_FILE: {file_path} ist nicht lesbar ({exc})."
                    ) from None
            if raw is None:
                continue
            if f.type in ("bool", "bool | None"):
                values[f.name] = (
                    None if raw.strip() == "" and f.type == "bool | None" else _to_bool(f.name, raw)
                )
            elif f.type == "int":
                values[f.name] = _to_int(f.name, raw)
            else:
                values[f.name] = raw
        settings = cls(**values)  # type: ignore[arg-type]
        if not settings.secret_key:
            settings = settings.with_generated_secret()
        return settings

    def with_generated_secret(self) -> Settings:
        """Keep a generated secret in the data folder so restarts keep CSRF tokens valid."""
        path = self.data_path / "secret_key"
        if path.exists():
            secret = path.read_text(encoding="utf-8").strip()
        else:
            self.data_path.mkdir(parents=True, exist_ok=True)
            secret = secrets.token_urlsafe(48)
            path.write_text(secret, encoding="utf-8")
            path.chmod(0o600)
        return replace(self, secret_key=secret)
