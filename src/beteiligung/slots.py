"""A few places for slow or contended work, waited for on the event loop.

A request that waits for a place holds no worker thread and no database connection: a
flood queues cheaply while other requests go on. One asyncio.Semaphore per event loop
(a server worker has one; tests start several).
"""

from __future__ import annotations

import asyncio
from weakref import WeakKeyDictionary


class Slots:
    def __init__(self, count: int) -> None:
        self.count = count
        self._semaphores: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            WeakKeyDictionary()
        )

    def _semaphore(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        semaphore = self._semaphores.get(loop)
        if semaphore is None:
            semaphore = self._semaphores[loop] = asyncio.Semaphore(self.count)
        return semaphore

    async def take(self, wait_seconds: float | None = None) -> bool:
        """True once a place is taken; False when none came free within `wait_seconds`."""
        try:
            await asyncio.wait_for(self._semaphore().acquire(), wait_seconds)
        except TimeoutError:
            return False
        return True

    def give_back(self, after_seconds: float = 0.0) -> None:
        semaphore = self._semaphore()
        if after_seconds > 0:
            asyncio.get_running_loop().call_later(after_seconds, semaphore.release)
        else:
            semaphore.release()
