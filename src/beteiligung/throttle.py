"""Counters against floods: how often one client (or one account) did something lately.

Every count is one atomic step in its store, so a burst of parallel requests can never
slip past a limit: Redis counts with INCR in a MULTI block (the expiry is set once, when
the key is made), the file store under an exclusive `flock` on the key's file (atomic
across threads and worker processes), the memory store behind a lock. A request is
counted *before* the work it may do: with a limit of 5, exactly 5 of 60 simultaneous
requests go on, however they interleave.

The calls are synchronous and short (a local file, a dict, one Redis round trip), so a
handler on a worker thread counts on its own thread: nothing waits for the event loop
or for another pool thread. Async code calls the `_async` forms (Redis: its asyncio
client; the others are quick enough to run on the loop).

Keys are keyed hashes of what they count (an address, an e-mail): not even the
ephemeral store holds them in clear, and nothing of it reaches the database.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import math
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from ipaddress import (
    IPv4Address,
    IPv4Network,
    IPv6Address,
    IPv6Network,
    ip_address,
    ip_network,
)
from pathlib import Path
from typing import Protocol

import redis
import redis.asyncio


@dataclass(frozen=True)
class Limit:
    """At most `count` events per `window` seconds for one key."""

    name: str
    count: int
    window: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after_seconds: int

    @property
    def retry_after_minutes(self) -> int:
        return max(1, math.ceil(self.retry_after_seconds / 60))


class Counters(Protocol):
    """A store of counters that expire. `add` returns the new count and the seconds
    left in its window."""

    def add(self, key: str, window: int) -> tuple[int, int]: ...

    async def add_async(self, key: str, window: int) -> tuple[int, int]: ...

    def take(self, key: str, window: int) -> bool:
        """True for the one caller that makes the key (a slot for `window` seconds)."""
        ...

    def delete(self, key: str) -> None: ...

    def purge(self) -> int:
        """Removes expired counters a store keeps until asked; returns how many."""
        ...


class MemoryCounters:
    """One process (tests, a single worker on an in-memory database)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}

    def add(self, key: str, window: int) -> tuple[int, int]:
        now = time.monotonic()
        with self._lock:
            count, ends = self._counts.get(key, (0, 0.0))
            if ends <= now:
                count, ends = 0, now + window
            count += 1
            self._counts[key] = (count, ends)
            if len(self._counts) > 100_000:  # bounded memory under a flood of new keys
                self._drop_expired(now)
        return count, max(1, math.ceil(ends - now))

    async def add_async(self, key: str, window: int) -> tuple[int, int]:
        return self.add(key, window)

    def take(self, key: str, window: int) -> bool:
        return self.add(key, window)[0] == 1

    def delete(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)

    def purge(self) -> int:
        with self._lock:
            return self._drop_expired(time.monotonic())

    def _drop_expired(self, now: float) -> int:
        expired = [key for key, (_, ends) in self._counts.items() if ends <= now]
        for key in expired:
            del self._counts[key]
        return len(expired)


class FileCounters:
    """One small file per key in the data folder, shared by the worker processes of one
    machine. Each count holds an exclusive lock on its file for a read and a write."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key.replace(":", "_")

    def add(self, key: str, window: int) -> tuple[int, int]:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._path(key), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            now = time.time()
            count, ends = _parse(os.pread(fd, 64, 0))
            if ends <= now:
                count, ends = 0, now + window
            count += 1
            data = f"{count} {ends:.3f}".encode()
            os.pwrite(fd, data.ljust(32), 0)  # no fsync: a count lost in a crash is harmless
        finally:
            os.close(fd)  # closing releases the lock
        return count, max(1, math.ceil(ends - now))

    async def add_async(self, key: str, window: int) -> tuple[int, int]:
        return self.add(key, window)

    def take(self, key: str, window: int) -> bool:
        return self.add(key, window)[0] == 1

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def purge(self) -> int:
        if not self.folder.exists():
            return 0
        removed = 0
        now = time.time()
        for path in self.folder.iterdir():
            try:
                fd = os.open(path, os.O_RDWR)
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                if _parse(os.pread(fd, 64, 0))[1] <= now:
                    path.unlink(missing_ok=True)
                    removed += 1
            finally:
                os.close(fd)
        return removed


def _parse(raw: bytes) -> tuple[int, float]:
    try:
        count, ends = raw.split()
        return int(count), float(ends)
    except ValueError:  # a new (empty) file, or one from another version
        return 0, 0.0


class RedisCounters:
    """Shared by every instance: INCR and the expiry in one MULTI block."""

    def __init__(self, url: str, namespace: str = "beteiligung:counters") -> None:
        self.namespace = namespace
        self.sync = redis.Redis.from_url(url)
        self.async_ = redis.asyncio.Redis.from_url(url)

    def _key(self, key: str) -> str:
        return f"{self.namespace}:{key}"

    def add(self, key: str, window: int) -> tuple[int, int]:
        name = self._key(key)
        with self.sync.pipeline(transaction=True) as pipe:
            pipe.set(name, 0, ex=window, nx=True)
            pipe.incr(name)
            pipe.ttl(name)
            _, count, ttl = pipe.execute()
        return int(count), max(1, int(ttl))

    async def add_async(self, key: str, window: int) -> tuple[int, int]:
        name = self._key(key)
        async with self.async_.pipeline(transaction=True) as pipe:
            pipe.set(name, 0, ex=window, nx=True)
            pipe.incr(name)
            pipe.ttl(name)
            _, count, ttl = await pipe.execute()
        return int(count), max(1, int(ttl))

    def take(self, key: str, window: int) -> bool:
        return bool(self.sync.set(self._key(key), 1, ex=window, nx=True))

    def delete(self, key: str) -> None:
        self.sync.delete(self._key(key))

    def purge(self) -> int:
        return 0  # Redis expires keys by itself


class Throttle:
    """Limits applied to hashed keys in one counter store."""

    def __init__(self, counters: Counters, secret: str) -> None:
        self.counters = counters
        self.secret = secret.encode()

    def key(self, limit: Limit, parts: Iterable[str]) -> str:
        joined = "\x1f".join(part.strip().lower() for part in parts)
        digest = hmac.new(self.secret, f"{limit.name}\x1f{joined}".encode(), hashlib.sha256)
        return f"{limit.name}:{digest.hexdigest()[:40]}"

    def hit(self, limit: Limit, *parts: str) -> Verdict:
        """Counts one event; allowed while the window holds at most `limit.count`."""
        count, left = self.counters.add(self.key(limit, parts), limit.window)
        return Verdict(count <= limit.count, count, left)

    async def hit_async(self, limit: Limit, *parts: str) -> Verdict:
        count, left = await self.counters.add_async(self.key(limit, parts), limit.window)
        return Verdict(count <= limit.count, count, left)

    def slot(self, limit: Limit, *parts: str) -> bool:
        """One event per `limit.window` seconds: True for the caller that takes the slot."""
        return self.counters.take(self.key(limit, parts), limit.window)

    def forget(self, limit: Limit, *parts: str) -> None:
        self.counters.delete(self.key(limit, parts))


def make_counters(redis_url: str, folder: Path | None) -> Counters:
    """Redis where configured (several instances), else files in the data folder (the
    worker processes of one machine), else memory (an in-memory database: tests)."""
    if redis_url:
        return RedisCounters(redis_url)
    if folder is not None:
        return FileCounters(folder)
    return MemoryCounters()


def client_address(
    peer: str, forwarded: Iterable[str], proxies: tuple[IPv4Network | IPv6Network, ...]
) -> str:
    """Who sent the request, as a key for the limits.

    Behind a trusted reverse proxy every request comes from the proxy: then the
    X-Forwarded-For chain is read from the right, skipping the trusted proxies, and the
    first other address is the client's (anything left of it the client may have made
    up). A header from anyone else is ignored. IPv6 clients count per /64 network: one
    household gets a whole /64 and could otherwise step through it.
    """
    address = _ip(peer)
    if address is not None and any(address in net for net in proxies):
        chain = [part.strip() for value in forwarded for part in value.split(",")]
        for hop in reversed(chain):
            hop_ip = _ip(hop)
            if hop_ip is None:
                break  # garbage in the chain: trust nothing further left
            address = hop_ip
            if not any(hop_ip in net for net in proxies):
                break
    if address is None:
        return peer or "unknown"
    if isinstance(address, IPv6Address) and address.ipv4_mapped is None:
        return str(ip_network(f"{address}/64", strict=False))
    return str(address.ipv4_mapped if isinstance(address, IPv6Address) else address)


def _ip(value: str) -> IPv4Address | IPv6Address | None:
    try:
        return ip_address(value.strip().strip("[]"))
    except ValueError:
        return None
