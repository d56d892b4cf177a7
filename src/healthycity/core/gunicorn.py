"""gunicorn, started from `healthycity serve` with the project's WSGI application, and the
worker class `healthycity serve --threads N` runs."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker as GThreadWorker


class Server(BaseApplication):
    def __init__(self, config: dict):
        self.config = config
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.config.items():
            if value is not None:
                self.cfg.set(key, value)

    def load(self):
        from healthycity.wsgi import application

        return application


class ThreadWorker(GThreadWorker):
    """gunicorn's gthread worker that takes a new connection only while one of its threads is
    free.

    Every worker waits on the one listening socket, and whichever wakes first accepts. gthread
    accepts as long as it holds fewer than `--worker-connections` (1 000), so a worker that is
    already running wins a burst of connections — a proxy's keep-alive pool, the scanner phones
    at the doors opening the app together — and keeps them for as long as they stay open, while
    the other workers idle: measured on the check-in benchmark, all 20 scanners' connections
    on one of two workers. This one stops listening while all its threads are busy, so the
    connection waits (in the kernel's queue, for as long as one request takes, not for a
    keep-alive timeout) for a worker that can serve it now — as sync workers do by
    construction. Connections it already holds are served as before; nothing else changes.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.busy = 0  # requests handed to the thread pool and not finished (main thread only)

    def set_accept_enabled(self, enabled: bool) -> None:
        # gthread's loop asks for accepting whenever it holds fewer connections than allowed.
        super().set_accept_enabled(enabled and self.busy < self.cfg.threads)

    def enqueue_req(self, conn) -> None:
        self.busy += 1
        if self.busy >= self.cfg.threads and self._accepting:
            super().set_accept_enabled(False)
        super().enqueue_req(conn)

    def finish_request(self, conn, fs) -> None:
        # On the main thread, from the method queue; the loop listens again on its next turn.
        self.busy -= 1
        super().finish_request(conn, fs)
