"""Many requests at once never make the server stand still."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from sqlalchemy import Engine

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
