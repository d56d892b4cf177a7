"""The `healthycity` console command: Django's management commands under one name.

healthycity migrate | runserver | demo | token USERNAME | import inbody FILE … | check --deploy
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthycity.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"help", "--help", "-h", "--version"} or "--help" in args:
        # Listing commands and their options must work before the operator has configured a
        # production secret; nothing is served or written.
        os.environ.setdefault("HEALTHYCITY_HELP_ONLY", "1")
    try:
        execute_from_command_line(["healthycity", *args])
    except ImproperlyConfigured as exc:
        # A configuration mistake is the operator's to fix: say what, not a traceback.
        sys.stderr.write(f"healthycity: configuration error: {exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
