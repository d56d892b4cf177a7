"""A static-files finder for plotly.js as shipped inside the installed `plotly` Python package.

Charts must work offline, and the 4.8 MB bundle should not be copied into this repository: the finder
exposes the package's own file as the static file `vendor/plotly/plotly.min.js`, so WhiteNoise serves it
compressed and cached (and `collectstatic` copies it for production)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

STATIC_PATH = "vendor/plotly/plotly.min.js"


def _package_dir() -> Path:
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        self.storage = FileSystemStorage(location=str(_package_dir()))
        self.storage.prefix = "vendor/plotly"

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path != STATIC_PATH:
            return [] if find_all else None
        found = str(_package_dir() / "plotly.min.js")
        return [found] if find_all else found

    def list(self, ignore_patterns):
        yield "plotly.min.js", self.storage
