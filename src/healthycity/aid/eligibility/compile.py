"""Compile a checked rule to a Django `Q` over `citizens.Citizen`.

Atoms comparing one column attribute with plain values become SQL; `and`, `or` and `not` of
compiled parts stay SQL. Anything else (arithmetic, two attributes compared, text functions,
`? :`) is *residual*: for `a && b` with `b` residual, SQL filters on `a` and celpy evaluates `b`
on the rows left; a residual inside `||` or `!` makes that whole branch residual. Django's
negation of a nullable column adds `IS NOT NULL`, which gives exactly the meaning of
`attributes.py` (a comparison on a missing value is false).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from healthycity.aid.eligibility.attributes import ATTRIBUTES, months_ago
from healthycity.aid.eligibility.cel import Node

FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
LOOKUP = {"<": "lt", "<=": "lte", ">": "gt", ">=": "gte", "==": "exact"}
TRUE = Q(pk__isnull=False)
FALSE = Q(pk__isnull=True)


class NotCompilable(Exception):
    pass


@dataclass
class Compiled:
    q: Q
    residual: Node | None

    @property
    def complete(self) -> bool:
        return self.residual is None


def compile_rule(node: Node, *, on: date | None = None) -> Compiled:
    """Split `node` into SQL and a residual conjunction left for celpy."""
    conjuncts = _flatten_and(node)
    q, rest = TRUE, []
    for part in conjuncts:
        try:
            q &= _q(part, on)
        except NotCompilable:
            rest.append(part)
    residual = None
    for part in rest:
        residual = part if residual is None else Node("and", children=(residual, part), type="bool")
    return Compiled(q=q, residual=residual)


def _flatten_and(node: Node) -> list[Node]:
    if node.kind == "and":
        return [*_flatten_and(node.children[0]), *_flatten_and(node.children[1])]
    return [node]


def _q(node: Node, on: date | None) -> Q:  # noqa: C901
    kind = node.kind
    if kind == "and":
        return _q(node.children[0], on) & _q(node.children[1], on)
    if kind == "or":
        return _q(node.children[0], on) | _q(node.children[1], on)
    if kind == "not":
        return ~_q(node.children[0], on)
    if kind == "lit" and isinstance(node.value, bool):
        return TRUE if node.value else FALSE
    if kind == "ident":
        return _atom(node.value, "==", True, on)
    if kind == "cmp":
        left, right = node.children
        if left.kind == "ident" and right.kind == "lit":
            return _atom(left.value, node.op, right.value, on)
        if left.kind == "lit" and right.kind == "ident":
            return _atom(right.value, FLIP[node.op], left.value, on)
        raise NotCompilable
    if kind == "in":
        left, items = node.children
        if left.kind != "ident":
            raise NotCompilable
        values = [i.value for i in items.children]
        result = FALSE
        if left.value in ("age", "months_since_measurement"):
            for v in values:
                result |= _atom(left.value, "==", v, on)
            return result
        if not values:
            return FALSE
        return Q(**{f"{ATTRIBUTES[left.value].column}__in": values})
    raise NotCompilable


def _atom(name: str, op: str, value, on: date | None) -> Q:
    attribute = ATTRIBUTES[name]
    if name == "age":
        return _age(op, value, on)
    if name == "months_since_measurement":
        return _months(op, value, on)
    column = attribute.column
    assert column is not None  # computed attributes are handled above
    if op == "!=":
        q = ~Q(**{column: value})
        return q & Q(**{f"{column}__isnull": False}) if attribute.nullable else q
    return Q(**{f"{column}__{LOOKUP[op]}": value})


def _age(op: str, value, on: date | None) -> Q:
    # age = year - birth_year, so age op v ⇔ birth_year FLIP(op) year - v: keeps the index usable.
    year = (on or _today()).year
    bound = year - value
    if op == "!=":
        return ~Q(birth_year=bound)
    return Q(**{f"birth_year__{LOOKUP[FLIP[op]]}": bound})


def _months(op: str, value, on: date | None) -> Q:
    # m = floor(days / 30); m >= n ⇔ measured_on <= today - 30n days. Work in whole months.
    column = "aid_snapshot__measured_on"
    if op == ">=":
        return Q(**{f"{column}__lte": months_ago(math.ceil(value), on=on)})
    if op == ">":
        return Q(**{f"{column}__lte": months_ago(math.floor(value) + 1, on=on)})
    if op == "<=":
        return Q(**{f"{column}__gt": months_ago(math.floor(value) + 1, on=on)})
    if op == "<":
        return Q(**{f"{column}__gt": months_ago(math.ceil(value), on=on)})
    equal = (
        _months(">=", value, on) & _months("<=", value, on) if float(value).is_integer() else FALSE
    )
    if op == "==":
        return equal
    return ~equal & Q(**{f"{column}__isnull": False})


def _today() -> date:
    from healthycity.aid.eligibility.attributes import today

    return today()
