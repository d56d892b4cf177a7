"""Settings for the test suite: the project's settings with test-only switches set first."""

import os

os.environ.setdefault("HEALTHYCITY_TESTING", "1")
os.environ.setdefault("HEALTHYCITY_VAR", os.path.join(os.getcwd(), "var", "test"))

from healthycity.settings import *  # noqa: E402, F403

# Fast hashing in tests only; production keeps Argon2 first (see healthycity.settings).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303 — tests only
