"""Links between practices and conference sessions (where a practice was presented)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from healthycity.policies.domain.errors import NotAllowed
from healthycity.policies.models import PracticePresentation


def link_session(*, practice, session, by, note: str = "") -> PracticePresentation:
    """Record that `session` presents `practice` (officials, or the practice's city)."""
    if not (by.has_perm("policies.publish") or by.has_perm("policies.view_history", practice)):
        raise NotAllowed(_("Only city officials or the practice's city link it to a session."))
    link, created = PracticePresentation.objects.get_or_create(
        practice=practice, session=session, defaults={"linked_by": by, "note": note[:300]}
    )
    if not created:
        raise ValidationError({"session": [_("This session is already linked.")]})
    return link


def presentations_of(practice):
    """Sessions that presented the practice, with their event and room, in time order."""
    return practice.presentations.select_related("session__event", "session__room").order_by(
        "session__starts_at"
    )
