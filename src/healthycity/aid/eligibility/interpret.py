"""Evaluate a checked rule with celpy, one citizen at a time.

Used for the parts of a rule that cannot be compiled to SQL, and in tests as the reference the
compiled SQL must agree with. The rule is printed back to CEL with guards so that a comparison on
a missing value is false (the same meaning as in SQL, see `attributes.py`): an atom that reads
nullable attributes becomes `(__known_bmi && bmi >= 25.0)`, and CEL's `&&` absorbs the error of
the unevaluated right side.
"""

from __future__ import annotations

from functools import lru_cache

from celpy import celtypes

from healthycity.aid.eligibility.attributes import ATTRIBUTES, BOOL, DOUBLE, INT
from healthycity.aid.eligibility.cel import Node, environment, parse

ATOMS = {"cmp", "in", "method"}


def _nullable(node: Node) -> list[str]:
    return sorted(n for n in node.idents() if ATTRIBUTES[n].nullable)


def _guard(node: Node, text: str) -> str:
    guards = [f"__known_{name}" for name in _nullable(node)]
    return f"({' && '.join([*guards, text])})" if guards else text


def _number(node: Node, as_double: bool) -> str:
    text = to_cel(node, boolean=False)
    if as_double and node.type == INT:
        return f"{float(node.value)!r}" if node.kind == "lit" else f"double({text})"
    return text


def to_cel(node: Node, *, boolean: bool = True) -> str:  # noqa: C901
    """Print `node` back to CEL source with null guards."""
    kind = node.kind
    if kind == "lit":
        if isinstance(node.value, bool):
            return "true" if node.value else "false"
        if isinstance(node.value, str):
            return '"' + node.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return repr(node.value)
    if kind == "ident":
        return _guard(node, node.value) if boolean else node.value
    if kind == "and" or kind == "or":
        op = " && " if kind == "and" else " || "
        return "(" + op.join(to_cel(c) for c in node.children) + ")"
    if kind == "not":
        return f"!({to_cel(node.children[0])})"
    if kind == "cmp":
        left, right = node.children
        double = DOUBLE in (left.type, right.type)
        text = f"{_number(left, double)} {node.op} {_number(right, double)}"
        return _guard(node, f"({text})")
    if kind == "in":
        left, items = node.children
        double = left.type == DOUBLE or any(i.type == DOUBLE for i in items.children)
        listed = ", ".join(_number(i, double) for i in items.children)
        return _guard(node, f"({_number(left, double)} in [{listed}])")
    if kind == "arith":
        left, right = node.children
        return f"({to_cel(left, boolean=False)} {node.op} {to_cel(right, boolean=False)})"
    if kind == "neg":
        return f"-({to_cel(node.children[0], boolean=False)})"
    if kind == "cond":
        test, yes, no = node.children
        inner = boolean and node.type == BOOL
        return f"({to_cel(test)} ? {to_cel(yes, boolean=inner)} : {to_cel(no, boolean=inner)})"
    if kind == "method":
        target, arg = node.children
        text = f"{to_cel(target, boolean=False)}.{node.op}({to_cel(arg, boolean=False)})"
        return _guard(node, text)
    raise ValueError(kind)


def _cel_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return celtypes.BoolType(value)
    if isinstance(value, int):
        return celtypes.IntType(value)
    if isinstance(value, float):
        return celtypes.DoubleType(value)
    return celtypes.StringType(str(value))


def activation(values: dict) -> dict:
    act = {name: _cel_value(value) for name, value in values.items()}
    for name, attribute in ATTRIBUTES.items():
        if attribute.nullable:
            act[f"__known_{name}"] = celtypes.BoolType(values.get(name) is not None)
    return act


class Interpreted:
    """A rule (or the residual part of one) ready to evaluate per citizen."""

    def __init__(self, node: Node):
        self.node = node
        self.source = to_cel(node)
        env = environment()
        self.program = env.program(env.compile(self.source))

    def __call__(self, values: dict) -> bool:
        try:
            result = self.program.evaluate(activation(values))
        except Exception:  # noqa: BLE001 — a CEL runtime error (e.g. division by zero) is no match
            return False
        return result is True or (isinstance(result, celtypes.BoolType) and bool(result))


@lru_cache(maxsize=256)
def interpreter(source: str) -> Interpreted:
    return Interpreted(parse(source))
