"""create_app(settings) -> Litestar: plugins, routes, templates."""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import AsyncGenerator, Mapping
from pathlib import Path
from typing import Any

from litestar import Litestar, Response, Router, post
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader, Cookie, State
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.logging import LoggingConfig
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from litestar.template.config import TemplateConfig
from markupsafe import Markup, escape
from sqlalchemy import Engine
from sqlmodel import Session

from beteiligung import clock, i18n
from beteiligung.accounts.guard import LoginGuard
from beteiligung.accounts.routes import ACCOUNT_ROUTES
from beteiligung.db import make_engine, request_session
from beteiligung.db_async import LoopWriter
from beteiligung.health import health
from beteiligung.i18n import LocaleMiddleware
from beteiligung.ideas import display as ideas_display
from beteiligung.ideas.moderation_routes import MODERATION_ROUTES
from beteiligung.ideas.routes import IDEA_ROUTES
from beteiligung.security import PasswordChecks, csrf_middleware, security_headers_hook
from beteiligung.sessions import StaffSessionConfig, StrictFileStore, no_store_for_staff
from beteiligung.settings import SUPPORTED_LOCALES, Settings
from beteiligung.surveys.builder_routes import BUILDER_ROUTES
from beteiligung.surveys.codes_routes import CODE_ROUTES
from beteiligung.surveys.routes import RESIDENT_ROUTES
from beteiligung.throttle import Throttle, make_counters
from beteiligung.towns.routes import TOWN_ROUTES
from beteiligung.web import (
    AnyRequest,
    error_handler,
    refuse_control_paths,
    safe_next,
    see_other,
    take_flashes,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = PROJECT_ROOT / "templates"
STATIC_DIR = PROJECT_ROOT / "static"

SESSION_COOKIE = "beteiligung_session"
CSRF_COOKIE = "beteiligung_csrf"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600

log = logging.getLogger("beteiligung")


async def provide_db(state: State, request: AnyRequest) -> AsyncGenerator[Session, None]:
    write = request.method not in ("GET", "HEAD", "OPTIONS")
    on_thread = bool(getattr(request.route_handler, "sync_to_thread", False))
    async for session in request_session(state.engine, write, queue=on_thread):
        yield session


@post("/sprache", name="set_language", status_code=303, opt={"public": True})
async def set_language(request: AnyRequest) -> Response[Any]:
    """A plain form in every page header: works without JavaScript, needs no account."""
    form = await request.form()
    lang = form.get("lang")
    target = safe_next(form.get("next"), "/")
    response = see_other(target)
    if lang in SUPPORTED_LOCALES:
        response.cookies.append(
            Cookie(
                key=i18n.LANG_COOKIE,
                value=lang,
                max_age=LANG_COOKIE_MAX_AGE,
                httponly=True,
                samesite="lax",
                secure=request.app.state.settings.cookies_secure,
            )
        )
    return response


def _paragraphs(text: str | None) -> Markup:
    """Plain text with blank lines between paragraphs, shown safely as HTML."""
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n")]
    html = "".join(
        "<p>" + str(escape(block)).replace("\n", "<br>") + "</p>" for block in blocks if block
    )
    return Markup(html)  # noqa: S704  (every piece was escaped above)


def _static_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(STATIC_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(str(path.stat().st_size).encode())
            digest.update(str(int(path.stat().st_mtime)).encode())
    return digest.hexdigest()[:10]


async def refuse_uploads(request: AnyRequest) -> None:
    """Every form here is URL-encoded. Litestar reads a multipart body as one garbled field
    in those handlers, so such a request is refused before it can store anything.
    (async: Litestar runs a sync hook on a worker thread, a hand-off on every request.)"""
    content_type = request.headers.get("content-type", "")
    if request.method == "POST" and content_type.lower().startswith("multipart/"):
        raise HTTPException(status_code=415, detail="multipart not accepted")


def _cached_url_for(context: Mapping[str, Any], /, route_name: str, **params: Any) -> str:
    """Litestar's url_for, remembered: the same name and parameters give the same path,
    and a page calls it a dozen times (about a tenth of its rendering time)."""
    app = context["request"].app
    cache: dict[tuple[Any, ...], str] = app.state.setdefault("url_cache", {})
    key = (route_name, *sorted(params.items()))
    path = cache.get(key)
    if path is None:
        path = app.route_reverse(route_name, **params)
        if len(cache) < 20_000:  # slugs and ids vary; keep the memory bounded
            cache[key] = path
    return path


def _configure_templates(engine: JinjaTemplateEngine, settings: Settings) -> None:
    engine.register_template_callable(key="url_for", template_callable=_cached_url_for)
    env = engine.engine
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message, **kw: i18n.gettext(message, **kw),
        ngettext=lambda s, p, n, **kw: i18n.ngettext(s, p, n, **kw),
        newstyle=True,
    )
    env.filters.update(
        date=i18n.format_date,
        datetime=i18n.format_datetime,
        # for <time datetime="…">: the towns' day, or local time without microseconds
        date_iso=clock.iso_date,
        datetime_iso=clock.iso_datetime,
        number=i18n.format_number,
        percent=i18n.format_percent,
        paragraphs=_paragraphs,
    )
    env.globals.update(
        current_locale=i18n.current_locale,
        language_name=i18n.language_name,
        supported_locales=SUPPORTED_LOCALES,
        static_version=_static_version(),
        demo_mode=settings.demo,
        operator_town=settings.operator_town,
        take_flashes=take_flashes,
    )
    ideas_display.register(env)
    env.trim_blocks = True
    env.lstrip_blocks = True


def csrf_cookie_name(settings: Settings) -> str:
    """Under https the CSRF cookie is a __Host- cookie: the browser takes it only with
    Secure, Path=/ and no Domain, so neither a subdomain nor a plain-http page can set
    one in its place. (htmx gets the token from the page, not from the cookie.)"""
    return f"__Host-{CSRF_COOKIE}" if settings.cookies_secure else CSRF_COOKIE


def _in_memory(settings: Settings) -> bool:
    return settings.is_sqlite and settings.database_url.endswith(":memory:")


def make_stores(settings: Settings) -> dict[str, Store]:
    if settings.redis_url:
        root = RedisStore.with_client(url=settings.redis_url, namespace="beteiligung")
        return {"sessions": root.with_namespace("sessions")}
    if _in_memory(settings):
        return {"sessions": MemoryStore()}
    stores_dir = settings.data_path / "stores"
    # StrictFileStore: a session that cannot be written is an error, not a silent loss.
    return {"sessions": StrictFileStore(stores_dir / "sessions", create_directories=True)}


def make_throttle(settings: Settings) -> Throttle:
    """The counters of every limit (logins, ideas, surveys, reset mails)."""
    folder = None if _in_memory(settings) else settings.data_path / "stores" / "counters"
    return Throttle(make_counters(settings.redis_url, folder), settings.secret_key)


def create_app(settings: Settings, engine: Engine | None = None) -> Litestar:
    if not settings.secret_key:
        raise ValueError("settings.secret_key must be set (Settings.from_env() generates one)")
    engine = engine or make_engine(settings)
    stores = make_stores(settings)
    throttle = make_throttle(settings)

    session_config = StaffSessionConfig(
        key=SESSION_COOKIE,
        store="sessions",
        max_age=settings.session_minutes * 60,
        httponly=True,
        samesite="lax",
        secure=settings.cookies_secure,
        exclude=["^/static", "^/healthz"],
    )
    csrf_config = CSRFConfig(
        secret=settings.secret_key,
        cookie_name=csrf_cookie_name(settings),
        cookie_path="/",  # with Secure and no domain, as the __Host- prefix requires
        cookie_domain=None,
        cookie_secure=settings.cookies_secure,
        cookie_samesite="lax",
        cookie_httponly=False,
        exclude=["^/static", "^/healthz"],
    )
    template_config = TemplateConfig(
        directory=TEMPLATES_DIR,
        engine=JinjaTemplateEngine,
        engine_callback=lambda engine_: _configure_templates(engine_, settings),
    )
    static_router = create_static_files_router(
        path="/static",
        directories=[STATIC_DIR],
        name="static",
        include_in_schema=False,
        opt={"public": True},
        cache_control=CacheControlHeader(max_age=31_536_000, public=True, immutable=True),
    )
    state = State(
        {
            "settings": settings,
            "engine": engine,
            # the towns' day and time (clock.py); tests stop it with clock.stop_at
            "clock": clock.Clock(settings.time_zone),
            "session_cookie": SESSION_COOKIE,
            "throttle": throttle,
            "login_guard": LoginGuard(throttle, settings),
            "password_checks": PasswordChecks(),
        }
    )
    app = Litestar(
        # One Router: Litestar 2.25 calls on_registration again for every handler already on a
        # path when another method is added to it separately, and wraps a sync_to_thread
        # handler twice (it then returns a coroutine). Registered together, each is wrapped once.
        route_handlers=[
            Router(
                path="/",
                route_handlers=[
                    health,
                    set_language,
                    static_router,
                    *ACCOUNT_ROUTES,
                    *TOWN_ROUTES,
                    *RESIDENT_ROUTES,
                    *CODE_ROUTES,
                    *BUILDER_ROUTES,
                    *IDEA_ROUTES,
                    *MODERATION_ROUTES,
                ],
            )
        ],
        dependencies={"db": Provide(provide_db)},
        state=state,
        stores=stores,
        # CSRF last: innermost, where Litestar puts its own (security.CSRFMiddleware).
        middleware=[
            refuse_control_paths,
            session_config.middleware,
            clock.ClockMiddleware(),
            LocaleMiddleware(settings.default_locale),
            csrf_middleware(csrf_config),
        ],
        template_config=template_config,
        plugins=[HTMXPlugin()],
        before_request=refuse_uploads,
        before_send=[security_headers_hook(hsts=settings.is_https), no_store_for_staff],
        exception_handlers={Exception: error_handler},
        request_max_body_size=settings.max_body_bytes,
        logging_config=LoggingConfig(
            log_exceptions="never",
            configure_root_logger=False,
            # Litestar's own records to the root logger's handler like every other one,
            # where `beteiligung serve` escapes control characters (logs.py).
            loggers={"litestar": {"level": "INFO", "handlers": [], "propagate": True}},
        ),
        openapi_config=None,
        debug=settings.debug,
    )
    app.on_startup.append(_start_loop_writer)
    app.on_shutdown.append(_close_loop_writer)
    return app


async def _start_loop_writer(app: Litestar) -> None:
    app.state.loop_writer = LoopWriter(app.state.engine)


async def _close_loop_writer(app: Litestar) -> None:
    writer: LoopWriter | None = app.state.pop("loop_writer", None)
    if writer is not None:
        await writer.close()


async def _freeze_startup_heap() -> None:
    """Objects that live as long as the worker (modules, app, templates) leave the garbage
    collector's view: its full collections then take a few ms instead of 60-100 ms, which
    stalled every request in flight and made the p99 (bench/surveys.py)."""
    gc.collect()
    gc.freeze()


def app_from_env() -> Litestar:
    """Entry point for the ASGI server (`beteiligung serve`, the Containerfile)."""
    app = create_app(Settings.from_env())
    app.on_startup.append(_freeze_startup_heap)  # per server process; tests build no such app
    return app
