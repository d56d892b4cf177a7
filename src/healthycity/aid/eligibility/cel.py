"""Parse and type-check an eligibility rule written in CEL (Common Expression Language).

The rule is parsed by cel-python (celpy) and turned into a small tree of our own (`Node`), checked
against `ATTRIBUTES`: unknown names, type mismatches and values outside an attribute's vocabulary
are reported as `RuleError` with a message for the official who wrote the rule. The same tree is
compiled to SQL (`compile.py`) or printed back to CEL for celpy (`interpret.py`). Nothing is ever
evaluated with Python's eval.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import celpy
from celpy import celtypes
from celpy.celparser import CELParseError
from django.utils.translation import gettext as _

from healthycity.aid.eligibility.attributes import ATTRIBUTES, BOOL, DOUBLE, INT, STRING

LIST = "list"
NULL = "null"
COMPARE = {
    "relation_lt": "<",
    "relation_le": "<=",
    "relation_gt": ">",
    "relation_ge": ">=",
    "relation_eq": "==",
    "relation_ne": "!=",
}
ARITH = {
    "addition_add": "+",
    "addition_sub": "-",
    "multiplication_mul": "*",
    "multiplication_div": "/",
    "multiplication_mod": "%",
}
PASS_THROUGH = {
    "expr",
    "conditionalor",
    "conditionaland",
    "relation",
    "addition",
    "multiplication",
    "unary",
    "member",
    "primary",
}
STRING_METHODS = {"startsWith", "endsWith", "contains"}


class RuleError(ValueError):
    """A rule that cannot be used; `message` is for the person who wrote it."""

    def __init__(self, message: str, *, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True)
class Node:
    kind: str  # lit, ident, list, not, and, or, cmp, in, arith, neg, cond, method
    op: str = ""
    value: Any = None
    children: tuple[Node, ...] = field(default_factory=tuple)
    type: str = ""

    def idents(self) -> set[str]:
        found = {self.value} if self.kind == "ident" else set()
        for child in self.children:
            found |= child.idents()
        return found


@lru_cache(maxsize=1)
def environment() -> celpy.Environment:
    return celpy.Environment()


def parse(source: str) -> Node:
    """Parse and check `source`; raise RuleError with a readable message. Cached per text."""
    return _parse(source)


@lru_cache(maxsize=512)
def _parse(source: str) -> Node:
    text = (source or "").strip()
    if not text:
        raise RuleError(_("The rule is empty. Write a condition, e.g. age >= 65."))
    try:
        tree = environment().compile(text)
    except CELParseError as exc:
        column = getattr(exc, "column", None)
        raise RuleError(
            _("The rule cannot be read near position %(col)s: %(near)s")
            % {"col": column or "?", "near": _excerpt(text, column)},
            column=column,
        ) from exc
    node = _convert(tree)
    if node.type != BOOL:
        raise RuleError(_("The rule must be a condition that is true or false, not a value."))
    return node


def _excerpt(text: str, column: int | None) -> str:
    if not column:
        return f"“{text[:40]}”"
    start = max(column - 15, 0)
    return f"“…{text[start : column + 10]}…”" if start else f"“{text[: column + 10]}…”"


def _literal(token) -> Node:
    value = environment().program(environment().compile(str(token))).evaluate({})
    if isinstance(value, celtypes.BoolType):
        return Node("lit", value=bool(value), type=BOOL)
    if isinstance(value, celtypes.IntType | celtypes.UintType):
        return Node("lit", value=int(value), type=INT)
    if isinstance(value, celtypes.DoubleType):
        return Node("lit", value=float(value), type=DOUBLE)
    if isinstance(value, celtypes.StringType):
        return Node("lit", value=str(value), type=STRING)
    if value is None:
        return Node("lit", value=None, type=NULL)
    raise RuleError(_("The value %(value)s is not supported in rules.") % {"value": token})


def _convert(tree) -> Node:  # noqa: C901 — one branch per grammar rule reads best
    name = tree.data if hasattr(tree, "data") else None
    kids = [c for c in getattr(tree, "children", []) if c is not None]
    if name in PASS_THROUGH and len(kids) == 1:
        return _convert(kids[0])
    if name == "expr" and len(kids) == 3:
        return _conditional(*(_convert(k) for k in kids))
    if name in {"conditionalor", "conditionaland"}:
        left, right = _convert(kids[0]), _convert(kids[1])
        op = "or" if name == "conditionalor" else "and"
        symbol = "||" if op == "or" else "&&"
        _expect(left, BOOL, symbol)
        _expect(right, BOOL, symbol)
        return Node(op, children=(left, right), type=BOOL)
    if name == "relation":
        op_node, right_tree = kids
        left = _convert(op_node.children[0])
        right = _convert(right_tree)
        if op_node.data == "relation_in":
            return _membership(left, right)
        return _comparison(COMPARE[op_node.data], left, right)
    if name in {"addition", "multiplication"}:
        op_node, right_tree = kids
        return _arith(ARITH[op_node.data], _convert(op_node.children[0]), _convert(right_tree))
    if name == "unary":
        operator, operand = kids[0].data, _convert(kids[1])
        if operator == "unary_not":
            _expect(operand, BOOL, "!")
            return Node("not", children=(operand,), type=BOOL)
        if operand.type not in (INT, DOUBLE):
            raise RuleError(_("Only numbers can be negated."))
        return Node("neg", children=(operand,), type=operand.type)
    if name == "paren_expr":
        return _convert(kids[0])
    if name == "ident":
        return _ident(str(kids[0]))
    if name == "literal":
        return _literal(kids[0])
    if name == "list_lit":
        items = tuple(_convert(k) for k in (kids[0].children if kids else []))
        if any(i.kind != "lit" for i in items):
            raise RuleError(_('A list in a rule may only hold plain values, e.g. ["a", "b"].'))
        types = {i.type for i in items}
        if len(types) > 1 and types != {INT, DOUBLE}:
            raise RuleError(_("A list in a rule must hold values of one kind."))
        return Node("list", children=items, type=LIST, value=(types.pop() if types else ""))
    if name == "member_dot_arg":
        return _method(kids)
    if name == "member_dot":
        raise RuleError(
            _("“%(name)s” has no fields; use the attribute names listed under the rule.")
            % {"name": _text(kids[0])}
        )
    raise RuleError(
        _("This part of the rule is not supported: %(part)s") % {"part": _text(tree)[:60]}
    )


def _text(tree) -> str:
    if hasattr(tree, "children"):
        return "".join(_text(c) for c in tree.children if c is not None)
    return str(tree)


def _ident(name: str) -> Node:
    attribute = ATTRIBUTES.get(name)
    if attribute is None:
        close = difflib.get_close_matches(name, ATTRIBUTES, n=1)
        hint = (_(" Did you mean “%(close)s”?") % {"close": close[0]}) if close else ""
        raise RuleError(
            _("Unknown field “%(name)s”.%(hint)s Known fields: %(known)s.")
            % {"name": name, "hint": hint, "known": ", ".join(ATTRIBUTES)}
        )
    return Node("ident", value=name, type=attribute.type)


def _type_label(kind: str) -> str:
    return {
        INT: _("a whole number"),
        DOUBLE: _("a number"),
        STRING: _("text"),
        BOOL: _("true or false"),
        LIST: _("a list"),
        NULL: "null",
    }.get(kind, kind)


def _describe(node: Node) -> str:
    if node.kind == "ident":
        return f"“{node.value}”"
    if node.kind == "lit":
        return f"“{node.value}”"
    return _("this expression")


def _expect(node: Node, kind: str, op: str) -> None:
    if node.type != kind:
        raise RuleError(
            _("%(what)s is %(actual)s, but “%(op)s” needs %(expected)s.")
            % {
                "what": _describe(node),
                "actual": _type_label(node.type),
                "op": op,
                "expected": _type_label(kind),
            }
        )


def _numeric(kind: str) -> bool:
    return kind in (INT, DOUBLE)


def _compatible(a: str, b: str) -> bool:
    return a == b or (_numeric(a) and _numeric(b))


def _check_vocabulary(ident: Node, values: list) -> None:
    attribute = ATTRIBUTES.get(ident.value) if ident.kind == "ident" else None
    if attribute is None or attribute.choices is None:
        return
    for value in values:
        if value not in attribute.choices:
            raise RuleError(
                _("“%(value)s” is not a value of “%(name)s”. Use one of: %(choices)s.")
                % {
                    "value": value,
                    "name": ident.value,
                    "choices": ", ".join(attribute.choices),
                }
            )


def _comparison(op: str, left: Node, right: Node) -> Node:
    if NULL in (left.type, right.type):
        raise RuleError(
            _("Comparing with null is not supported; a missing value never matches a condition.")
        )
    if not _compatible(left.type, right.type):
        raise RuleError(
            _("%(left)s is %(lt)s and %(right)s is %(rt)s; they cannot be compared with “%(op)s”.")
            % {
                "left": _describe(left),
                "lt": _type_label(left.type),
                "right": _describe(right),
                "rt": _type_label(right.type),
                "op": op,
            }
        )
    if op not in ("==", "!=") and left.type == BOOL:
        raise RuleError(_("True/false values can only be compared with == or !=."))
    for ident, other in ((left, right), (right, left)):
        if other.kind == "lit":
            _check_vocabulary(ident, [other.value])
    return Node("cmp", op=op, children=(left, right), type=BOOL)


def _membership(left: Node, right: Node) -> Node:
    if right.kind != "list":
        raise RuleError(_('“in” needs a list on its right, e.g. income_band in ["q1", "q2"].'))
    if right.children and not _compatible(left.type, right.value):
        raise RuleError(
            _("%(left)s is %(lt)s but the list holds %(rt)s.")
            % {
                "left": _describe(left),
                "lt": _type_label(left.type),
                "rt": _type_label(str(right.value)),
            }
        )
    _check_vocabulary(left, [c.value for c in right.children])
    return Node("in", children=(left, right), type=BOOL)


def _arith(op: str, left: Node, right: Node) -> Node:
    if not (_numeric(left.type) and _numeric(right.type)):
        raise RuleError(
            _("“%(op)s” needs numbers; %(what)s is %(kind)s.")
            % {
                "op": op,
                "what": _describe(left if not _numeric(left.type) else right),
                "kind": _type_label(left.type if not _numeric(left.type) else right.type),
            }
        )
    if left.type != right.type:
        raise RuleError(
            _("Mixing whole numbers and decimals in arithmetic: write 2.0 instead of 2.")
        )
    return Node("arith", op=op, children=(left, right), type=left.type)


def _conditional(test: Node, yes: Node, no: Node) -> Node:
    _expect(test, BOOL, "? :")
    if yes.type != no.type:
        raise RuleError(_("Both branches of “? :” must have the same kind of value."))
    return Node("cond", children=(test, yes, no), type=yes.type)


def _method(kids) -> Node:
    target, method = _convert(kids[0]), str(kids[1])
    args = tuple(_convert(k) for k in (kids[2].children if len(kids) > 2 else []))
    if method not in STRING_METHODS or target.type != STRING:
        raise RuleError(_("The function “%(name)s” is not available in rules.") % {"name": method})
    if len(args) != 1 or args[0].type != STRING:
        raise RuleError(_("“%(name)s” takes one text value.") % {"name": method})
    return Node("method", op=method, children=(target, *args), type=BOOL)
