"""A free TCP port on 127.0.0.1 for a test that starts a server, from the range of its own file
(two test processes under xdist must not pick the same)."""

from __future__ import annotations

import socket


def free_port(ports: range) -> int:
    for port in ports:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")
