"""Keep the SQLite FTS5 index's triggers in place.

On SQLite, a later migration that alters `policies_practice` rebuilds the table (create, copy,
drop, rename), and dropping the old table drops its triggers: the FTS5 index would silently stop
following changes. After every `migrate`, this puts back any missing trigger of migration 0002 and
rebuilds the index from the table.
"""

from __future__ import annotations

from importlib import import_module

from django.db import connections

TRIGGERS = ("policies_practice_fts_ai", "policies_practice_fts_ad", "policies_practice_fts_au")


def ensure_sqlite_index(using: str = "default") -> bool:
    """Re-create missing FTS5 triggers (and rebuild the index); True if anything was missing."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cur:
        cur.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cur.fetchall()}
        if "policies_practice" not in present or "policies_practice_fts" not in present:
            return False
        if all(name in present for name in TRIGGERS):
            return False
        statements = import_module("healthycity.policies.migrations.0002_search_index")
        for statement in statements.SQLITE_FORWARD[1:]:  # the triggers and the rebuild
            name = next((t for t in TRIGGERS if t in statement), None)
            if name is None or name not in present:
                cur.execute(statement)
    return True


def after_migrate(sender, using="default", **kwargs) -> None:
    ensure_sqlite_index(using)
