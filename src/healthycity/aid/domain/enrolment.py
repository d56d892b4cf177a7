"""Enrolment of citizens by welfare workers, and exits."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.aid.domain.errors import EnrolmentRefused
from healthycity.aid.eligibility.service import candidates
from healthycity.aid.enums import EnrolmentStatus, ExitReason
from healthycity.aid.models import Enrolment, Programme
from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.models import Citizen
from healthycity.citizens.queries import has_consent


def _may_enrol_for(by, citizen: Citizen) -> bool:
    found = roles.roles_of(by)
    if Role.ADMIN in found:
        return True
    return citizen.welfare_centre_id in roles.centre_ids_of(by)


def enrol(*, programme: Programme, citizen: Citizen, by) -> Enrolment:
    """Enrol `citizen` in `programme` at their welfare centre. Refused (EnrolmentRefused) when
    the citizen is of another centre, has no aid consent, is already enrolled, the centre does
    not take part, or the rule does not hold for them. Side effect: one INSERT."""
    if citizen.welfare_centre_id is None or not _may_enrol_for(by, citizen):
        raise EnrolmentRefused(
            _("This citizen belongs to another welfare centre; only that centre can enrol them."),
            field="citizen",
        )
    if not programme.centres.filter(pk=citizen.welfare_centre_id).exists():
        raise EnrolmentRefused(
            _("Your welfare centre does not take part in this programme."), field="citizen"
        )
    if not has_consent(citizen, ConsentPurpose.AID):
        raise EnrolmentRefused(
            _(
                "This citizen has not consented to support programmes (aid). Record their consent first."
            ),
            field="citizen",
        )
    if programme.enrolments.filter(citizen=citizen, status=EnrolmentStatus.ENROLLED).exists():
        raise EnrolmentRefused(
            _("This citizen is already enrolled in this programme."), field="citizen"
        )
    found = candidates(programme, Citizen.objects.filter(pk=citizen.pk)).first()
    if found is None:
        raise EnrolmentRefused(
            _("This citizen does not meet the programme's eligibility rule."), field="citizen"
        )
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                programme=programme,
                citizen=citizen,
                centre_id=citizen.welfare_centre_id,
                need_score=found.need_score,
                need_tier=found.need_tier,
                enrolled_by=by,
                enrolled_on=timezone.localdate(),
            )
    except IntegrityError as exc:  # a second worker enrolled the same person a moment ago
        raise EnrolmentRefused(
            _("This citizen is already enrolled in this programme."), field="citizen"
        ) from exc


def exit_enrolment(*, enrolment: Enrolment, reason: str, by, note: str = "") -> Enrolment:
    """End an enrolment with a reason. Side effect: one UPDATE (the row is kept)."""
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise EnrolmentRefused(_("This enrolment has already ended."))
    if not _may_enrol_for(by, enrolment.citizen):
        raise EnrolmentRefused(_("Only the citizen's own welfare centre can end this enrolment."))
    if reason not in ExitReason.values:
        raise EnrolmentRefused(_("Choose a reason for ending the enrolment."), field="exit_reason")
    enrolment.status = EnrolmentStatus.EXITED
    enrolment.exit_reason = reason
    enrolment.exit_note = note[:300]
    enrolment.exited_on = timezone.localdate()
    enrolment.save(update_fields=["status", "exit_reason", "exit_note", "exited_on", "updated_at"])
    return enrolment
