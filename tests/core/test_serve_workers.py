"""`healthycity serve`'s workers: with threads, kept-alive connections spread over the workers
(core.gunicorn.ThreadWorker), and none waits for another's keep-alive to end.

Real gunicorn processes serving a probe application (tests/core/wsgi_probe.py) that answers with
its worker's pid; raw HTTP/1.1 keep-alive connections, as a proxy's pool or a gate's scanner
holds them. Ports 8600–8699."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from healthycity.core import gunicorn as hc_gunicorn
from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
PORTS = range(8600, 8700)


class KeepAlive:
    """One HTTP/1.1 connection kept open between requests."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=20)

    def get(self, path: str) -> int:
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data:
            data += self._recv()
        head, _, body = data.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), head
        assert b"connection: close" not in head.lower(), "the worker did not keep the connection"
        length = int(
            next(
                line.split(b":")[1]
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
        )
        while len(body) < length:
            body += self._recv()
        return int(body)

    def _recv(self) -> bytes:
        chunk = self.sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed by the server")
        return chunk

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def gunicorn_probe():
    """Start gunicorn with core.gunicorn.ThreadWorker on the probe app; yields (port, workers)."""
    started: list[subprocess.Popen] = []

    def start(workers: int, threads: int) -> tuple[int, list[psutil.Process]]:
        port = free_port(PORTS)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "tests.core.wsgi_probe:app",
                "--worker-class",
                "healthycity.core.gunicorn.ThreadWorker",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--keep-alive",
                "30",  # a connection waiting for another's keep-alive to end would show
                "--bind",
                f"127.0.0.1:{port}",
                "--no-control-socket",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            start_new_session=True,
        )
        started.append(server)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            children = psutil.Process(server.pid).children()
            if len(children) == workers:
                try:
                    probe = KeepAlive(port)
                    probe.get("/")
                    probe.close()
                    return port, children
                except OSError:
                    pass
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    yield start
    for server in started:
        for child in psutil.Process(server.pid).children():
            child.send_signal(signal.SIGCONT)  # a worker a test stopped must be able to exit
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_a_worker_with_every_thread_busy_leaves_new_connections_to_another(gunicorn_probe):
    """Two workers of two threads. One is stopped (as a worker that is slow to wake is, on a
    busy machine); four connections arrive one after another, each with a request of a second.
    The running worker takes two — all its threads — and leaves the other two in the queue for
    the stopped worker, which takes them when it runs again. gunicorn's own gthread worker would
    have taken all four and served them one pair after the other."""
    port, (first, second) = gunicorn_probe(workers=2, threads=2)
    second.send_signal(signal.SIGSTOP)
    served: dict[int, int] = {}
    connections: list[KeepAlive] = []

    def one(k: int) -> None:
        conn = connections[k]
        served[k] = conn.get("/?sleep=1")

    threads = []
    try:
        for k in range(4):
            connections.append(KeepAlive(port))
            threads.append(threading.Thread(target=one, args=(k,)))
            threads[-1].start()
            time.sleep(0.1)
        time.sleep(0.3)
    finally:
        second.send_signal(signal.SIGCONT)
    for t in threads:
        t.join(timeout=20)
    assert sorted(served) == [0, 1, 2, 3]
    assert sorted(served.values()) == sorted([first.pid] * 2 + [second.pid] * 2)
    # The connections stay with the worker that took them.
    again = {k: connections[k].get("/") for k in range(4)}
    assert again == served
    for conn in connections:
        conn.close()


def test_more_kept_alive_connections_than_threads_are_all_served(gunicorn_probe):
    """One worker of two threads and six scanners keeping their connections open: each new
    connection waits only until a thread is free, never for another's keep-alive (30 s) to
    end; every request is answered."""
    port, (worker,) = gunicorn_probe(workers=1, threads=2)
    answers: list[int] = []
    failures: list[BaseException] = []

    def scanner() -> None:
        try:
            conn = KeepAlive(port)
            for _ in range(5):
                answers.append(conn.get("/?sleep=0.02"))
            conn.close()
        except BaseException as exc:  # noqa: BLE001 — reported by the assertion below
            failures.append(exc)

    started = time.monotonic()
    scanners = [threading.Thread(target=scanner) for _ in range(6)]
    for t in scanners:
        t.start()
    for t in scanners:
        t.join(timeout=25)
    assert not failures
    assert answers == [worker.pid] * 30
    assert time.monotonic() - started < 10


@pytest.mark.django_db(transaction=True)  # serve closes the connections before gunicorn forks
def test_serve_runs_threaded_workers_only_when_asked(monkeypatch):
    configs: list[dict] = []
    monkeypatch.setattr(hc_gunicorn.Server, "run", lambda self: configs.append(self.config))
    call_command("serve", "--no-collectstatic", "--workers", "2")
    call_command("serve", "--no-collectstatic", "--workers", "2", "--threads", "4")
    monkeypatch.setenv("WEB_THREADS", "3")
    call_command("serve", "--no-collectstatic")  # the default is read when the parser is made
    sync, threaded, from_env = configs
    assert (sync["worker_class"], sync["threads"]) == ("sync", 1)
    assert threaded["worker_class"] == "healthycity.core.gunicorn.ThreadWorker"
    assert threaded["threads"] == 4 and threaded["keepalive"] == 5
    assert (from_env["worker_class"], from_env["threads"]) == (threaded["worker_class"], 3)
    with translation.override("en"), pytest.raises(CommandError, match="at least 1"):
        call_command("serve", "--no-collectstatic", "--threads", "0")
    with translation.override("ko"), pytest.raises(CommandError, match="1 이상"):
        call_command("serve", "--no-collectstatic", "--workers", "0")
