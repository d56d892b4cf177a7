"""gunicorn, started from `healthycity serve` with the project's WSGI application."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


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
