"""Data checks of the conference for `healthycity verify` (see core/verify.py): what the locks and
unique indexes promise, read back from the tables."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from healthycity.core.verify import Report, verify_check


@verify_check("conference.capacity", label=gettext_lazy("Conference places within capacity"))
def capacity() -> Report:
    """No category or limited session holds more places (confirmed, awaiting approval, offered)
    than it has; nobody waits while a place is free and nobody holds it."""
    from healthycity.conference.enums import HOLDING_STATUSES, RegistrationStatus
    from healthycity.conference.models import RegistrationCategory, Session

    problems = []
    held = Count("registrations", filter=Q(registrations__status__in=HOLDING_STATUSES))
    waiting = Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING))
    categories = RegistrationCategory.objects.exclude(capacity=None).annotate(
        held=held, waiting=waiting
    )
    for c in categories.filter(
        Q(held__gt=F("capacity")) | Q(waiting__gt=0, held__lt=F("capacity"))
    ):
        problems.append(
            _(
                "category %(code)s of %(event)s: %(held)s places held of %(capacity)s, %(waiting)s waiting"
            )
            % {
                "code": c.code,
                "event": c.event.slug,
                "held": c.held,
                "capacity": c.capacity,
                "waiting": c.waiting,
            }
        )
    booked = Count("bookings", filter=Q(bookings__status__in=HOLDING_STATUSES))
    queued = Count("bookings", filter=Q(bookings__status=RegistrationStatus.WAITING))
    sessions = Session.objects.exclude(capacity=None).annotate(held=booked, waiting=queued)
    for s in sessions.filter(Q(held__gt=F("capacity")) | Q(waiting__gt=0, held__lt=F("capacity"))):
        problems.append(
            _("session %(id)s: %(held)s seats held of %(capacity)s, %(waiting)s waiting")
            % {"id": s.external_id, "held": s.held, "capacity": s.capacity, "waiting": s.waiting}
        )
    return Report(
        summary=_("%(c)s categories and %(s)s sessions with limited places")
        % {"c": categories.count(), "s": sessions.count()},
        problems=problems,
    )


@verify_check("conference.tickets", label=gettext_lazy("Conference tickets and check-ins"))
def tickets() -> Report:
    """Every confirmed registration has a ticket; a ticket is checked in at most once per list,
    and only while its registration was confirmed when the scan said ok."""
    from healthycity.conference.enums import RegistrationStatus, ScanStatus
    from healthycity.conference.models import Checkin, Registration

    problems = []
    missing = Registration.objects.filter(status=RegistrationStatus.CONFIRMED, ticket__isnull=True)
    if n := missing.count():
        problems.append(_("%(n)s confirmed registrations have no ticket") % {"n": n})
    twice = (
        Checkin.objects.filter(status=ScanStatus.OK)
        .values("checkin_list", "ticket")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    if n := twice.count():
        problems.append(_("%(n)s tickets are checked in more than once on one list") % {"n": n})
    return Report(
        summary=_("%(n)s check-ins") % {"n": Checkin.objects.filter(status=ScanStatus.OK).count()},
        problems=problems,
    )
