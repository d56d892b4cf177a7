"""healthycity missions list | award [--citizen ID] | evaluate --rules ID [--weeks N] [--format json|csv]"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from healthycity.core import csvsafe
from healthycity.missions.domain.evaluation import evaluate_change, group_label
from healthycity.missions.errors import MissionError
from healthycity.missions.models import MissionTerms, Participation


class Command(BaseCommand):
    help = "Walking missions: list them, work out points again, evaluate a change of rules."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{list,award,evaluate}")
        sub.add_parser("list", help="missions and their rule versions (ids for evaluate)")
        award = sub.add_parser("award", help="work out every participant's points again")
        award.add_argument("--citizen", help="only this citizen (id)")
        evaluate = sub.add_parser("evaluate", help="activity before and after a change of rules")
        evaluate.add_argument("--rules", required=True, help="id of the rules version (see list)")
        evaluate.add_argument("--weeks", type=int, default=8, help="weeks before and after (8)")
        evaluate.add_argument(
            "--min-days", type=int, default=7, help="days with steps needed in each window"
        )
        evaluate.add_argument("--format", choices=["json", "csv"], default="json")
        for p in (award, evaluate, sub.choices["list"]):
            p.add_argument("--language", choices=["ko", "en"], help="language of the messages")

    def handle(self, *args, **opts):
        with translation.override(opts.get("language") or translation.get_language() or "ko"):
            getattr(self, f"_{opts['action']}")(opts)

    def _list(self, opts):
        for terms in MissionTerms.objects.select_related("mission").order_by(
            "mission__starts_on", "effective_from"
        ):
            self.stdout.write(
                f"{terms.mission.external_id}  {terms.external_id}  {terms.effective_from}  {terms.mission.name()}"
            )

    def _award(self, opts):
        from healthycity.missions.domain.points import award

        people = Participation.objects.values_list("citizen_id", flat=True).distinct()
        if opts.get("citizen"):
            people = people.filter(citizen__external_id=opts["citizen"])
        from healthycity.citizens.models import Citizen

        lines = 0
        for citizen in Citizen.objects.filter(pk__in=people).iterator():
            lines += len(award(citizen=citizen))
        self.stdout.write(json.dumps({"ledger_lines_added": lines}))

    def _evaluate(self, opts):
        try:
            terms = MissionTerms.objects.select_related("mission").get(external_id=opts["rules"])
        except (MissionTerms.DoesNotExist, ValidationError, ValueError):
            raise CommandError(
                _("There are no mission rules with the id '%(id)s'.") % {"id": opts["rules"]}
            ) from None
        try:
            result = evaluate_change(terms=terms, weeks=opts["weeks"], min_days=opts["min_days"])
        except MissionError as exc:
            raise CommandError(str(exc)) from None
        data = result.as_dict()
        for row in data["rows"]:
            row["label"] = group_label(row["group_by"], row["group"])
        if opts["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, default=str))
            return
        writer = csvsafe.writer(self.stdout, lineterminator="\n")
        rows = data["rows"]
        header = list(rows[0]) if rows else []
        writer.writerow(header)
        for row in rows:
            writer.writerow([row[k] for k in header])
