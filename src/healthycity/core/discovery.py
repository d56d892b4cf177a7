"""Finding an optional module (e.g. `navigation`, `home_panels`) in each of the project's apps."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps


def app_modules(name: str, *, exclude: tuple[str, ...] = ()) -> list[ModuleType]:
    """`healthycity.<app>.<name>` of every installed project app that has one, in INSTALLED_APPS
    order. An app without the module is skipped; an error inside one is raised, not hidden."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("healthycity.") or config.label in exclude:
            continue
        if find_spec(f"{config.name}.{name}") is not None:
            found.append(import_module(f"{config.name}.{name}"))
    return found
