"""`beteiligung serve` with several workers answers kept-alive connections without Nagle's
delay: the listening socket it hands to the workers is marked as TCP."""

from __future__ import annotations

import asyncio
import socket

import uvicorn

from beteiligung.serving import _tcp
from tests.conftest import in_own_thread


async def _nodelay_of_accepted(sock: socket.socket) -> int:
    accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raw = writer.get_extra_info("socket")
        accepted.set_result(raw.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(connected, sock=sock)
    async with server:
        _, writer = await asyncio.open_connection(*sock.getsockname()[:2])
        result = await asyncio.wait_for(accepted, 10)
        writer.close()
    return result


def test_it_turns_nagle_off_for_the_connections_of_the_workers() -> None:
    config = uvicorn.Config("beteiligung.app:app_from_env", host="127.0.0.1", port=0)
    sock = _tcp(config.bind_socket())
    assert sock.proto == socket.IPPROTO_TCP
    assert in_own_thread(_nodelay_of_accepted, sock) != 0


def test_uvicorns_own_socket_would_keep_nagle_on() -> None:
    """Why _tcp exists: if this ever fails, uvicorn or asyncio fixed it themselves."""
    config = uvicorn.Config("beteiligung.app:app_from_env", host="127.0.0.1", port=0)
    assert in_own_thread(_nodelay_of_accepted, config.bind_socket()) == 0
