"""`beteiligung serve`: uvicorn as uvicorn.run starts it, plus one German line with the
address once it takes connections (not before: `make run` used to announce it while
the migrations were still running, and the first click failed).
"""

from __future__ import annotations

import socket
from contextlib import suppress

import uvicorn
from uvicorn.supervisors import Multiprocess


def announce(host: str, port: int) -> None:
    shown = f"[{host}]" if ":" in host else host
    print(f"Beteiligung läuft auf http://{shown}:{port} (Strg+C beendet)", flush=True)


class AnnouncingServer(uvicorn.Server):
    """One process: the line comes once the app has started and the socket listens."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and sockets is None and self.servers:
            port = self.servers[0].sockets[0].getsockname()[1]
            announce(self.config.host, port)


def _tcp(sock: socket.socket) -> socket.socket:
    """The listening socket marked as TCP. uvicorn's has protocol 0; the workers' accepted
    connections inherit it, and asyncio switches Nagle's algorithm off (TCP_NODELAY) only
    for sockets marked as TCP: every answer on a kept-alive connection then waited ~40 ms
    for the client's delayed ACK (seen with two workers: 48 ms instead of 4 ms a page)."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto:
        return sock
    return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())


def run(config: uvicorn.Config) -> int:
    """1 when the server could not start (port taken, app failed), as uvicorn.run."""
    if config.workers > 1:
        sock = _tcp(config.bind_socket())
        # Listening from here on: connections wait in the backlog until a worker takes
        # them, so the address is good now.
        sock.listen(config.backlog)
        announce(config.host, sock.getsockname()[1])
        with suppress(KeyboardInterrupt):
            Multiprocess(config, sockets=[sock]).run()
        return 0
    config.load_app()
    server = AnnouncingServer(config)
    with suppress(KeyboardInterrupt):
        server.run()
    return 0 if server.started else 1
