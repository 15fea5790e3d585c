"""Many requests at once never make the server stand still."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from sqlalchemy import Engine
from sqlmodel import Session

from beteiligung.app import create_app
from beteiligung.db import make_engine
from beteiligung.settings import Settings
from tests.live import LiveServer


def test_it_answers_many_concurrent_requests_with_a_small_connection_pool(
    settings: Settings, engine: Engine, engine_kwargs: dict[str, Any]
) -> None:
    # Two connections for 48 concurrent page views: every request must still be answered.
    # (A session ended on the handlers' own thread pool once made the server stand still:
    # all threads waited for a connection that only an ending session could give back.)
    small = make_engine(settings, pool_size=2, max_overflow=0, pool_timeout=10, **engine_kwargs)
    with LiveServer(create_app(settings, small)) as server:

        def fetch(i: int) -> int:
            path = "/moelln" if i % 2 else "/verwaltung/moelln"
            return httpx.get(server.url + path, timeout=30).status_code

        with ThreadPoolExecutor(max_workers=48) as pool:
            statuses = list(pool.map(fetch, range(96)))
    small.dispose()
    assert statuses.count(200) == 48
    assert statuses.count(303) == 48  # anonymous staff page: to the login


def test_a_refused_staff_login_gives_its_database_connection_back(
    settings: Settings, engine: Engine, engine_kwargs: dict[str, Any], make_persona: Any
) -> None:
    # A session cookie that no longer fits (password changed elsewhere) is refused by the
    # staff dependency after a query; that request's connection must return to the pool.
    from litestar.testing import TestClient

    small = make_engine(settings, pool_size=1, max_overflow=0, pool_timeout=5, **engine_kwargs)
    admin = make_persona("admin", "admin@moelln.example")
    cookies = dict(admin.client.cookies)
    with Session(engine) as db:
        from sqlmodel import select

        from beteiligung.accounts.models import User
        from beteiligung.db import utcnow

        user = db.exec(select(User).where(User.email == "admin@moelln.example")).one()
        user.password_changed_at = utcnow()
        db.add(user)
        db.commit()
    with TestClient(create_app(settings, small), base_url="http://testserver.local") as client:
        client.cookies.update(cookies)
        for _ in range(3):  # with one pooled connection, a leak would time out here
            assert client.get("/verwaltung/moelln", follow_redirects=False).status_code == 303
        assert client.get("/moelln").status_code == 200
    small.dispose()
