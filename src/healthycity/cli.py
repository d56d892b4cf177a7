"""The `healthycity` console command: Django's management commands under one name.

healthycity migrate | runserver | demo | token USERNAME | import inbody FILE … | check --deploy
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthycity.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["healthycity", *args])


if __name__ == "__main__":
    main()
