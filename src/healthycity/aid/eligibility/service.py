"""Who is eligible: the public entry points of the eligibility package."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from healthycity.aid.domain.errors import RuleInvalid
from healthycity.aid.eligibility.attributes import VALUE_COLUMNS, attribute_values, today
from healthycity.aid.eligibility.cel import Node, RuleError, parse
from healthycity.aid.eligibility.compile import compile_rule
from healthycity.aid.eligibility.interpret import Interpreted, interpreter
from healthycity.aid.eligibility.need import need_score_expression, tier_expression, weights_for
from healthycity.citizens.models import Citizen


def check_rule(source: str) -> Node:
    """Parse and type-check a rule; raise RuleInvalid on the `rule` field with a clear message."""
    try:
        return parse(source)
    except RuleError as exc:
        raise RuleInvalid(exc.message, field="rule") from exc


def eligible(source: str, base: QuerySet[Citizen], *, on: date | None = None) -> QuerySet[Citizen]:
    """Citizens of `base` meeting the rule: SQL for what compiles, celpy for the rest (only on
    the rows SQL left)."""
    on = on or today()
    compiled = compile_rule(check_rule(source), on=on)
    queryset = base.filter(compiled.q)
    if compiled.complete:
        return queryset
    assert compiled.residual is not None
    residual = Interpreted(compiled.residual)
    ids = [
        row["id"]
        for row in queryset.values(*VALUE_COLUMNS).iterator(chunk_size=5000)
        if residual(attribute_values(row, on=on))
    ]
    return base.filter(pk__in=ids)


def eligible_interpreted(source: str, base: QuerySet[Citizen], *, on: date | None = None) -> set:
    """The reference: every citizen of `base` evaluated by celpy, row by row. Slow; for tests."""
    on = on or today()
    rule = interpreter(source)
    return {
        row["id"]
        for row in base.values(*VALUE_COLUMNS).iterator(chunk_size=5000)
        if rule(attribute_values(row, on=on))
    }


def candidates(programme, base: QuerySet[Citizen], *, on: date | None = None) -> QuerySet:
    """Eligible citizens of `base` for `programme`, with `need_score` and `need_tier`, neediest
    first. An empty rule means nobody (an official must state who the programme is for)."""
    if not (programme.rule or "").strip():
        return base.none()
    weights = weights_for(programme)
    return (
        eligible(programme.rule, base, on=on)
        .annotate(need_score=need_score_expression(weights, on=on))
        .annotate(need_tier=tier_expression("need_score", weights))
        .order_by("-need_score", "id")
    )
