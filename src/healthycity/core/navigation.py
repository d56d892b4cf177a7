"""Navigation per role. Each app may define `navigation.py` with `ITEMS = [NavItem(...)]`;
they are collected here, so apps add their pages without touching a shared file."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.urls import NoReverseMatch, reverse

from healthycity.accounts import roles
from healthycity.core.discovery import app_modules


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str  # a lazy translation
    roles: frozenset[str] = field(default_factory=frozenset)
    order: int = 100


@lru_cache(maxsize=1)
def all_items() -> tuple[NavItem, ...]:
    found: list[NavItem] = []
    for module in app_modules("navigation"):
        found.extend(getattr(module, "ITEMS", []))
    return tuple(sorted(found, key=lambda item: item.order))


def items_for(user) -> list[dict]:
    mine = {r.value for r in roles.roles_of(user)}
    result = []
    for item in all_items():
        if item.roles and not (item.roles & mine):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        result.append({"url": url, "label": item.label, "name": item.url_name})
    return result
