"""Results that are costly to compute, kept in the cache that every process of the site shares
(settings.CACHES["shared"]: Redis, or files under var/cache).

A result is stored under a key made of everything it was computed from (the data's version, the
date, the language, the code's version), never under a name that someone must remember to
invalidate: when anything changes, the key changes and the result is computed again; old entries
expire. Access rules are not the cache's business: a view checks permissions and writes its
access log before it asks for a result, exactly as without the cache.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.core.cache import caches
from django.db.models import BigIntegerField, Count, Func, Max, Sum

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Files of the package whose change may change a result: code, templates, reference data,
# translations. Static assets are left out (large, and only the report's fonts matter: they are
# named in the report's own key).
_SOURCE_SUFFIXES = {".py", ".html", ".txt", ".csv", ".tsv", ".json", ".toml", ".yaml", ".mo"}


def key(namespace: str, *parts: object) -> str:
    """A cache key for `parts` (anything with a stable repr), short whatever their length."""
    digest = hashlib.sha256(repr((source_version(), *parts)).encode()).hexdigest()
    return f"{namespace}:{digest}"


def cached(
    cache_key: str,
    compute: Callable[[], T],
    *,
    timeout: int | None = None,
    wait: float = 0,
) -> T:
    """The result stored under `cache_key`, or `compute()` stored there. A cache that cannot be
    reached (Redis down, a full disk) costs time, never the page: the result is computed and the
    failure logged.

    With `wait` (seconds), a caller that finds another process computing the same result (a
    marker beside the key says so: a render started ahead of the request, say) waits up to that
    long for it instead of computing it a second time; then it computes it itself. A process
    that died mid-way leaves a marker that expires after `wait` seconds too."""
    cache = caches["shared"]
    try:
        found = cache.get(cache_key)
    except Exception:
        logger.warning("shared cache unreadable; computing %s", cache_key, exc_info=True)
        return compute()
    if found is not None:
        return found
    marker = f"{cache_key}:computing"
    if wait > 0:
        found = _wait_for_other(cache, cache_key, marker, wait)
        if found is not None:
            return found
    try:
        result = compute()
        try:
            if timeout is None:
                cache.set(cache_key, result)
            else:
                cache.set(cache_key, result, timeout)
        except Exception:
            logger.warning("shared cache unwritable; %s not kept", cache_key, exc_info=True)
    finally:
        if wait > 0:
            _forget(cache, marker)
    return result


# How often a waiting caller looks for the result another process is computing.
WAIT_POLL_SECONDS = 0.02


def _wait_for_other(cache, cache_key: str, marker: str, wait: float):
    """None at once when nobody else is computing `cache_key` (our marker is then set); else
    the result once it appears, or None after `wait` seconds."""
    try:
        if cache.add(marker, 1, max(1, math.ceil(wait))):
            return None
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            time.sleep(WAIT_POLL_SECONDS)
            got = cache.get_many([cache_key, marker])  # one round trip to Redis (MGET)
            if got.get(cache_key) is not None:
                return got[cache_key]
            if marker not in got:  # the other gave up (an error): compute it here
                return None
    except Exception:
        logger.warning("shared cache unreadable; computing %s", cache_key, exc_info=True)
    return None


def _forget(cache, marker: str) -> None:
    try:
        cache.delete(marker)
    except Exception:
        logger.warning("shared cache: %s not deleted (it expires)", marker, exc_info=True)


def fingerprint(queryset) -> tuple:
    """A version of a set of rows of a BaseModel, in one aggregate query: it changes when a row
    joins or leaves the set (count, sum and largest of the ids: ids only grow) or is changed
    (every writer sets `updated_at`; the sum of the stamps also catches a change whose stamp is
    older than the newest, e.g. from a long import transaction that commits late)."""
    found = queryset.order_by().aggregate(
        n=Count("pk"),
        ids=Sum("pk"),
        last=Max("pk"),
        changed=Max("updated_at"),
        stamps=Sum(Millis("updated_at")),
    )
    return tuple(found[k] for k in ("n", "ids", "last", "changed", "stamps"))


class Millis(Func):
    """A timestamp as whole milliseconds since 1970 (PostgreSQL and SQLite, the two databases
    the project runs on): integers add up exactly, in any order."""

    output_field = BigIntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "CAST(FLOOR(EXTRACT(EPOCH FROM %(expressions)s) * 1000) AS BIGINT)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # Django keeps SQLite datetimes as UTC text, which julianday() reads (with fractions).
        template = "CAST(ROUND((julianday(%(expressions)s) - 2440587.5) * 86400000) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)


@functools.cache
def source_version() -> str:
    """A hash of the package's code, templates, reference data and translations, read once per
    process (about 4 MB): a deployment that changes any of them gets fresh results, and every
    web host running the same code shares them."""
    import healthycity

    root = Path(healthycity.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if (
            path.suffix in _SOURCE_SUFFIXES
            and "static" not in path.relative_to(root).parts
            and "__pycache__" not in path.parts
            and path.is_file()
        ):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
