"""`healthycity policies <subcommand>` — the practice library and the city indicators.

The subcommands come from the policies apps' ``subcommands.py`` modules (see healthycity.policies.cli).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from healthycity.policies.cli import subcommands


class Command(BaseCommand):
    help = _("AFHC policy sharing: practices, member cities, indicators and benchmarks.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        for command in subcommands():
            p = sub.add_parser(command.name, help=str(command.help), description=str(command.help))
            command.add_arguments(p)
            p.add_argument(
                "--language", choices=["ko", "en"], help=_("Language of messages and reasons")
            )

    def handle(self, *args, **options):
        language = options.get("language") or translation.get_language() or "ko"
        by_name = {c.name: c for c in subcommands()}
        with translation.override(language):
            command = by_name.get(options["action"])
            if command is None:  # argparse already refuses unknown names; kept for call_command
                raise CommandError(_("Unknown subcommand %(name)s.") % {"name": options["action"]})
            return command.handle(options, self)
