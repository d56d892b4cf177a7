"""Data checks that every table shares: migrations applied, no orphaned rows, and the
append-only triggers of PostgreSQL in place (used by core/verify checks and by apps)."""

from __future__ import annotations

from django.apps import apps
from django.db import connection
from django.utils.translation import gettext as _

from healthycity.core.verify import Skip

REFUSE_FUNCTION = "healthycity_refuse_change"
# pg_trigger.tgtype bits (PostgreSQL's trigger.h)
TRIGGER_EVENTS = {"INSERT": 1 << 2, "DELETE": 1 << 3, "UPDATE": 1 << 4}


def unapplied_migrations() -> list[str]:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def orphaned_rows() -> tuple[int, list[str]]:
    """For every foreign key of every table: rows that point at a row that does not exist
    (possible after a partial restore, a restore with triggers disabled, or hand-written SQL).
    Returns the number of keys checked and one line per key with orphans."""
    quote = connection.ops.quote_name
    problems, checked = [], 0
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if not meta.managed or meta.proxy:
                continue
            for fk in meta.concrete_fields:
                if not fk.many_to_one or fk.related_model is None:
                    continue
                target = fk.related_model._meta
                checked += 1
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(meta.db_table)} c "  # noqa: S608 — quoted names
                    f"LEFT JOIN {quote(target.db_table)} p "
                    f"ON c.{quote(fk.column)} = p.{quote(fk.target_field.column)} "
                    f"WHERE c.{quote(fk.column)} IS NOT NULL "
                    f"AND p.{quote(fk.target_field.column)} IS NULL"
                )
                (count,) = cursor.fetchone()
                if count:
                    problems.append(
                        _("%(n)s rows of %(table)s point to missing %(target)s (%(column)s)")
                        % {
                            "n": count,
                            "table": meta.db_table,
                            "target": target.db_table,
                            "column": fk.column,
                        }
                    )
    return checked, problems


def append_only_problems(table: str, events: tuple[str, ...] = ("UPDATE", "DELETE")) -> list[str]:
    """Problems with the PostgreSQL trigger that refuses `events` on `table` (none: it is there,
    enabled, and covers every event)."""
    if connection.vendor != "postgresql":
        raise Skip(_("PostgreSQL only (SQLite is the embedded demo database)"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname, t.tgenabled, t.tgtype FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE c.relname = %s AND p.proname = %s AND NOT t.tgisinternal",
            [table, REFUSE_FUNCTION],
        )
        triggers = cursor.fetchall()
    enabled = [(name, kind) for name, state, kind in triggers if state != "D"]
    if not enabled:
        if triggers:
            names = ", ".join(name for name, _state, _kind in triggers)
            return [_("%(table)s: its append-only trigger is disabled (%(names)s)") % {
                "table": table, "names": names}]  # fmt: skip
        return [_("%(table)s: the append-only trigger is missing") % {"table": table}]
    covered = 0
    for _name, kind in enabled:
        covered |= kind
    missing = [e for e in events if not covered & TRIGGER_EVENTS[e]]
    if missing:
        return [
            _("%(table)s: the append-only trigger does not refuse %(events)s")
            % {"table": table, "events": ", ".join(missing)}
        ]
    return []
