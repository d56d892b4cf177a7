"""Data checks of the health app for `healthycity verify` (see core/verify.py)."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from healthycity.core.verify import Report, verify_check


@verify_check("health.imports", label=gettext_lazy("Every imported row accounted for"))
def imports() -> Report:
    """A finished import: read = imported + duplicates + rejected, and one quarantined row per
    rejected row (a dry run keeps none)."""
    from healthycity.health.models import ImportBatch

    finished = ImportBatch.objects.filter(finished_at__isnull=False, error="", dry_run=False)
    unbalanced = finished.exclude(
        rows_read=F("imported") + F("duplicates") + F("rejected")
    ).values_list("external_id", "file_name")
    mismatched = (
        finished.annotate(kept=Count("quarantine"))
        .filter(~Q(kept=F("rejected")))
        .values_list("external_id", "file_name", "kept", "rejected")
    )
    problems = [
        _("import %(id)s (%(file)s): rows read differ from imported + duplicates + rejected")
        % {"id": batch, "file": name}
        for batch, name in unbalanced[:20]
    ]
    problems += [
        _("import %(id)s (%(file)s): %(kept)s quarantined rows for %(rejected)s rejected")
        % {"id": batch, "file": name, "kept": kept, "rejected": rejected}
        for batch, name, kept, rejected in mismatched[:20]
    ]
    return Report(summary=_("%(n)s finished imports") % {"n": finished.count()}, problems=problems)
