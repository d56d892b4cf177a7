"""The `healthycity policies …` command group, shared by the policies app and its sub-apps.

Each app whose module path starts with ``healthycity.policies`` may have a module
``subcommands.py`` with ``SUBCOMMANDS = [Subcommand(...), ...]``; the command collects them, so
the practice library and the city indicators add subcommands without editing one shared file::

    Subcommand(
        name="import-indicators",
        help=_("Import indicator values from a WHO GHO JSON or SDMX-CSV file."),
        add_arguments=lambda parser: parser.add_argument("file"),
        handle=lambda options, command: ...,  # raise CommandError for a user's mistake
    )

Every subcommand gets ``--language ko|en`` (messages in that language; default Korean) and
runs inside it. A ``CommandError`` ends with one line and exit code 1, never a traceback.
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Subcommand:
    name: str
    help: str
    add_arguments: Callable[[ArgumentParser], None]
    handle: Callable[[dict[str, Any], Any], None]


def subcommands() -> list[Subcommand]:
    """Every subcommand of the installed policies apps, in INSTALLED_APPS order."""
    from healthycity.core.discovery import app_modules

    found: list[Subcommand] = []
    for module in app_modules("subcommands"):
        if module.__name__.startswith("healthycity.policies"):
            found.extend(getattr(module, "SUBCOMMANDS", []))
    return found
