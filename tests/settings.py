"""Settings for the test suite: the project's settings with test-only switches set first."""

import os
import tempfile

os.environ.setdefault("HEALTHYCITY_TESTING", "1")
# A fresh directory per run for files the app writes (snapshots, import reports), so nothing a
# previous run left behind can change a result.
os.environ.setdefault("HEALTHYCITY_VAR", tempfile.mkdtemp(prefix="healthycity-test-"))

from healthycity.settings import *  # noqa: E402, F403

# Fast hashing in tests only; production keeps Argon2 first (see healthycity.settings).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303 — tests only
JOBS_MODE = "sync"  # jobs run before enqueue() returns; the real-stack test runs Celery
JOBS_RETRY_DELAY = 0
HEALTH_REPORT_AHEAD = False  # a PDF per citizen login would slow every test that logs one in
# One process, and nothing kept between runs: the shared cache in memory (tests/conftest.py
# clears it before each test).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
}
