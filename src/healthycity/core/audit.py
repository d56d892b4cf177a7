"""Writing to the access log. Call `log_access` wherever a person's record is shown."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from healthycity.accounts.roles import primary_role
from healthycity.citizens.enums import ConsentPurpose
from healthycity.core.models import AccessLog


def log_access(*, actor, citizen, action: str, purpose: str, path: str = "") -> AccessLog:
    """Append one entry to the access log. Side effect: one INSERT; never updates."""
    return AccessLog.objects.create(
        actor=actor,
        actor_role=primary_role(actor),
        citizen=citizen,
        action=action[:80],
        purpose=purpose[:200],
        path=path[:300],
    )


def log_access_many(*, actor, citizens: Iterable, action: str, purpose: str, path: str = "") -> int:
    """Append one entry per citizen (e.g. a worklist that shows findings). Returns the count."""
    role = primary_role(actor)
    rows = [
        AccessLog(
            actor=actor,
            actor_role=role,
            citizen=c,
            action=action[:80],
            purpose=purpose[:200],
            path=path[:300],
        )
        for c in citizens
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


# What the access log page shows for the codes that apps write. The log keeps the code (stable,
# searchable); people read the label in their language. An unknown code is shown as it is.
ACTION_LABELS = {
    "health.view_record": _("Opened the health record"),
    "health.report_pdf": _("Downloaded the health report (PDF)"),
    "health.record_measurement": _("Recorded a measurement"),
    "health.worklist": _("Listed in the care worklist"),
    "health.api_assessment": _("Read the assessment (API)"),
    "fhir.export": _("Exported the record as FHIR (API)"),
    "measurements.list": _("Read measurements (API)"),
    "steps.list": _("Read daily steps (API)"),
    "aid candidates": _("Listed as a support programme candidate"),
    "aid hand-over list": _("Listed for an aid hand-over"),
    "exhibition.booth_measurement": _("Recorded a measurement at a conference booth"),
}
PURPOSE_LABELS = {
    **{str(p.value): p.label for p in ConsentPurpose},
    "care": _("Care by the welfare centre"),
    "care follow-up (API)": _("Care follow-up (API)"),
    "programme duty": _("Programme duty"),
    "administration": _("Administration"),
    "aid eligibility": _("Support programme eligibility"),
    "aid distribution": _("Aid distribution"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def purpose_label(code: str) -> str:
    return str(PURPOSE_LABELS.get(code, code))
