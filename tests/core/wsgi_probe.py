"""A WSGI application for tests/core/test_serve_workers.py: answers with the pid of the gunicorn
worker that served the request, after sleeping `?sleep=` seconds (at most 5)."""

import os
import time
from urllib.parse import parse_qs


def app(environ, start_response):
    query = parse_qs(environ.get("QUERY_STRING", ""))
    time.sleep(min(float(query.get("sleep", ["0"])[0]), 5.0))
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
