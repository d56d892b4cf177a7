"""Check-in: judging a scanned ticket against a check-in list, recording it exactly once, and
the offline list a scanner phone holds (hashes and categories, no names).

The answer to a scan (`ScanAnswer`) is what the scanner shows: green (ok), yellow (already
checked in, with the device and time of the first check-in) or red (not valid for this list,
cancelled, unknown), with the reason in the staff member's language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from healthycity.conference.domain.errors import ScanError
from healthycity.conference.enums import (
    SCAN_COLOURS,
    ListKind,
    RegistrationStatus,
    ScanStatus,
)
from healthycity.conference.models import Checkin, CheckinList, Device, SessionBooking, Ticket
from healthycity.conference.models.registration import CODE_ALPHABET, CODE_LENGTH

# A phone's clock may run a little fast; a scan dated further ahead than this is refused.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
NONCE_MAX = 64
# Offline hashes: the first 80 bits of SHA-256(salt + secret) — short enough for a small list,
# long enough that no two of an event's tickets share one and a forged code cannot be found.
OFFLINE_HASH_HEX = 20

_CROCKFORD_FIX = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_VALID = frozenset(CODE_ALPHABET)


def normalise_payload(raw: str) -> str | None:
    """The ticket secret in a scanned or typed code, or None if it cannot be one. Typing is
    forgiving: case, spaces and dashes are ignored, O is read as 0 and I/L as 1."""
    if not isinstance(raw, str):
        return None
    code = "".join(raw.split()).replace("-", "").upper().translate(_CROCKFORD_FIX)
    if len(code) != CODE_LENGTH or not set(code) <= _VALID:
        return None
    return code


@dataclass
class ScanAnswer:
    status: str
    reason: str
    checkin_id: int | None = None
    category: dict | None = None
    attendee: str = ""
    first: dict | None = None
    replayed: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def colour(self) -> str:
        return SCAN_COLOURS[ScanStatus(self.status)]

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "colour": self.colour,
            "reason": self.reason,
            "checkin": self.checkin_id,
            "category": self.category,
            "attendee": self.attendee,
            "first": self.first,
            "replayed": self.replayed,
        }


def _local(value: dt.datetime, tz) -> str:
    return formats.date_format(value.astimezone(tz), "SHORT_DATETIME_FORMAT")


def first_info(*, device: str, gate: str, at: dt.datetime, tz) -> dict:
    """Where and when a ticket was first checked in, as an `already` answer shows it."""
    return {"device": device, "gate": gate, "at": at.isoformat(), "at_display": _local(at, tz)}


def valid_reason() -> str:
    return _("Valid — welcome.")


def already_reason(first: dict | None) -> str:
    if first is None:
        return _("Already checked in.")
    reason = _("Already checked in at %(gate)s (%(device)s) on %(when)s.") % {
        "gate": first["gate"],
        "device": first["device"],
        "when": first["at_display"],
    }
    # An English time ends in "a.m." or "p.m.": one full stop closes the sentence, not two.
    return reason[:-1] if reason.endswith("..") else reason


def answer_for(checkin: Checkin, *, replayed: bool = False) -> ScanAnswer:
    """The answer a recorded scan gave (the same every time it is asked again). The gates' fast
    path (conference.gate) words its ok and already answers with the same pieces."""
    event = checkin.checkin_list.event
    registration = checkin.ticket.registration if checkin.ticket_id else None
    category = None
    if registration is not None:
        category = {
            "code": registration.category.code,
            "name": registration.category.name,
            "colour": registration.category.colour,
        }
    status = ScanStatus(checkin.status)
    first = None
    if status == ScanStatus.OK:
        reason = valid_reason()
    elif status == ScanStatus.ALREADY:
        original = checkin.first
        if original is not None:
            first = first_info(
                device=original.device.name,
                gate=original.device.gate.name,
                at=original.scanned_at,
                tz=event.tz,
            )
        reason = already_reason(first)
    elif status == ScanStatus.WRONG_LIST:
        reason = _wrong_list_reason(checkin, registration)
    elif status == ScanStatus.CANCELLED:
        reason = _cancelled_reason(registration)
    else:
        reason = _("This code is not a ticket of this event.")
    return ScanAnswer(
        status=status.value,
        reason=reason,
        checkin_id=checkin.pk,
        category=category,
        attendee=registration.name
        if registration is not None and status in (ScanStatus.OK, ScanStatus.ALREADY)
        else "",
        first=first,
        replayed=replayed,
    )


def _wrong_list_reason(checkin: Checkin, registration) -> str:
    the_list = checkin.checkin_list
    if registration is not None and registration.event_id != the_list.event_id:
        return _("This ticket is for another event (%(event)s).") % {
            "event": registration.event.name
        }
    if the_list.kind == ListKind.SESSION and the_list.session_id:
        return _("No seat is booked for “%(session)s” with this ticket.") % {
            "session": the_list.session.title
        }
    return _("%(category)s tickets are not valid for “%(list)s”.") % {
        "category": registration.category.name if registration else "?",
        "list": the_list.name,
    }


def _cancelled_reason(registration) -> str:
    if registration is None:
        return _("This ticket is not valid.")
    status = RegistrationStatus(registration.status)
    if status == RegistrationStatus.CANCELLED:
        return _("This registration was cancelled.")
    return _("This registration is not confirmed (%(status)s).") % {"status": status.label}


def _limited_session(the_list: CheckinList) -> bool:
    return (
        the_list.kind == ListKind.SESSION
        and bool(the_list.session_id)
        and the_list.session.is_limited
    )


# The columns a scan reads of a check-in list, its event and session (`.only()`: a scan is the
# hot path at the gates, and building a query of every column of three tables costs more time
# than running it).
SCAN_LIST_FIELDS = (
    "id",
    "event_id",
    "kind",
    "day",
    "session_id",
    "name_ko",
    "name_en",
    "event__id",
    "event__slug",
    "event__name_ko",
    "event__name_en",
    "event__timezone",
    "event__starts_on",
    "event__ends_on",
    "event__status",
    "session__id",
    "session__kind",
    "session__capacity",
    "session__status",
    "session__title_ko",
    "session__title_en",
)
# What a scan reads of the ticket, its registration and category (the registration's event is
# read only for the rare ticket of another event).
SCAN_TICKET_FIELDS = (
    "id",
    "secret",
    "registration_id",
    "registration__id",
    "registration__event_id",
    "registration__status",
    "registration__name",
    "registration__category_id",
    "registration__category__id",
    "registration__category__code",
    "registration__category__name_ko",
    "registration__category__name_en",
    "registration__category__colour",
)


def _ticket_for(secret: str, the_list: CheckinList) -> Ticket | None:
    """The ticket with what the list needs to judge it, in one query: whether the list admits
    only some categories and this one among them, and (for a limited session) a booked seat."""
    through = CheckinList.categories.through
    qs = (
        Ticket.objects.select_related("registration__category")
        .only(*SCAN_TICKET_FIELDS)
        .filter(secret=secret)
        .order_by()
        .annotate(
            list_restricted=Exists(through.objects.filter(checkinlist_id=the_list.pk)),
            category_admitted=Exists(
                through.objects.filter(
                    checkinlist_id=the_list.pk,
                    registrationcategory_id=OuterRef("registration__category_id"),
                )
            ),
        )
    )
    if _limited_session(the_list):
        qs = qs.annotate(
            seat_booked=Exists(
                SessionBooking.objects.filter(
                    session_id=the_list.session_id,
                    registration_id=OuterRef("registration_id"),
                    status=RegistrationStatus.CONFIRMED,
                )
            )
        )
    return next(iter(qs[:1]), None)


def _judge(ticket: Ticket | None, the_list: CheckinList) -> str:
    """ok / wrong_list / cancelled / unknown, before looking for an earlier check-in."""
    if ticket is None:
        return ScanStatus.UNKNOWN
    registration = ticket.registration
    if registration.event_id != the_list.event_id:
        return ScanStatus.WRONG_LIST
    if registration.status != RegistrationStatus.CONFIRMED:
        return ScanStatus.CANCELLED
    if ticket.list_restricted and not ticket.category_admitted:
        return ScanStatus.WRONG_LIST
    if _limited_session(the_list) and not ticket.seat_booked:
        return ScanStatus.WRONG_LIST
    return ScanStatus.OK


def list_category_ids(the_list: CheckinList) -> frozenset[int]:
    cached = getattr(the_list, "_category_ids", None)
    if cached is None:
        cached = frozenset(the_list.categories.values_list("pk", flat=True))
        the_list._category_ids = cached
    return cached


def _recorded(device: Device, nonce: str) -> Checkin | None:
    return (
        Checkin.objects.select_related(
            "checkin_list__event",
            "checkin_list__session",
            "ticket__registration__category",
            "ticket__registration__event",
            "first__device__gate",
        )
        .filter(device=device, nonce=nonce)
        .first()
    )


def check_nonce(nonce) -> str:
    if (
        not isinstance(nonce, str)
        or not nonce.strip()
        or len(nonce) > NONCE_MAX
        or not nonce.isprintable()
    ):
        raise ScanError(
            _(
                "Every scan needs a nonce: a unique text of 1 to %(n)s characters made by the scanner."
            )
            % {"n": NONCE_MAX},
            field="nonce",
        )
    return nonce.strip()


def scan(
    *,
    payload: str,
    checkin_list: CheckinList,
    device: Device,
    nonce: str,
    scanned_at: dt.datetime,
    offline: bool = False,
    now: dt.datetime | None = None,
) -> ScanAnswer:
    """Judge and record one scan. The same (device, nonce) again returns the first answer and
    records nothing; the first valid scan of a ticket on a list is its check-in, later ones are
    recorded as `already`. Raises ScanError (nothing recorded) for a scan that cannot be judged:
    a device of another event or switched off, a missing nonce, a time in the future.
    Side effect: one INSERT (none for a repeated nonce)."""
    now = now or timezone.now()
    nonce = check_nonce(nonce)
    refusal = None
    if device.event_id != checkin_list.event_id:
        refusal = ScanError(_("This scanner is registered for another event."), field="device")
    elif not device.active:
        refusal = ScanError(
            _("This scanner has been switched off by the organisers."), field="device"
        )
    elif scanned_at > now + FUTURE_TOLERANCE:
        refusal = ScanError(
            _("The scan is dated %(when)s, in the future. Check the phone's date and time.")
            % {"when": _local(scanned_at, checkin_list.event.tz)},
            field="scanned_at",
        )
    if refusal is not None:
        if (existing := _recorded(device, nonce)) is not None:  # an upload retried since
            return answer_for(existing, replayed=True)
        raise refusal
    secret = normalise_payload(payload)
    ticket = _ticket_for(secret, checkin_list) if secret else None
    row = Checkin(
        checkin_list=checkin_list,
        ticket=ticket,
        device=device,
        nonce=nonce,
        scanned_at=scanned_at,
        offline=offline,
        status=_judge(ticket, checkin_list),
        payload_hash="" if ticket else hashlib.sha256(str(payload).encode()).hexdigest(),
    )
    # Insert first and let the unique indexes decide (one round trip in the common case): a
    # repeated nonce is a retried upload; a second valid scan of the ticket on this list is
    # recorded as "already", pointing at the first.
    if _insert(row):
        return answer_for(row)
    # Refused by a unique index: a retried nonce (rare; then the whole first answer is read), or
    # the ticket's second valid scan on this list (the common case: a cheap look-up suffices).
    if (
        Checkin.objects.filter(device=device, nonce=nonce).exists()
        and (existing := _recorded(device, nonce)) is not None
    ):
        return answer_for(existing, replayed=True)
    row.pk = None
    row.status = ScanStatus.ALREADY
    row.first = next(
        iter(
            Checkin.objects.select_related("device__gate")
            .only(
                "id",
                "scanned_at",
                "device__id",
                "device__name",
                "device__gate__id",
                "device__gate__name_ko",
                "device__gate__name_en",
            )
            .filter(checkin_list=checkin_list, ticket=ticket, status=ScanStatus.OK)
            .order_by()[:1]
        ),
        None,
    )
    if row.first is None or not _insert(row):
        if (existing := _recorded(device, nonce)) is not None:
            return answer_for(existing, replayed=True)
        raise ScanError(_("The scan could not be recorded; please scan again."), code="retry")
    return answer_for(row)


def _insert(row: Checkin) -> bool:
    """INSERT the row; False when a unique index refuses it. Outside a transaction this is one
    statement (PostgreSQL's autocommit); inside one, a savepoint keeps the outer work."""
    try:
        if connection.in_atomic_block:
            with transaction.atomic():
                row.save(force_insert=True)
        else:
            row.save(force_insert=True)
    except IntegrityError:
        row.pk = None
        return False
    return True


# --- the offline list ------------------------------------------------------------------------


def offline_salt(the_list: CheckinList) -> str:
    return the_list.external_id.hex


def offline_hash(salt: str, secret: str) -> str:
    return hashlib.sha256((salt + secret).encode()).hexdigest()[:OFFLINE_HASH_HEX]


# Offline states: valid, already checked in (when the list was made), not for this list, cancelled.
OFFLINE_STATES = {
    "v": ScanStatus.OK,
    "a": ScanStatus.ALREADY,
    "w": ScanStatus.WRONG_LIST,
    "x": ScanStatus.CANCELLED,
}


def offline_list(*, checkin_list: CheckinList, now: dt.datetime | None = None) -> dict:
    """What a scanner keeps for working without a network: for every ticket of the event, a
    salted hash of its secret, its category (as an index) and its state on this list. No names,
    no secrets. Each entry is `"<hash><category index>.<state>"`; about 26 bytes a ticket."""
    now = now or timezone.now()
    event = checkin_list.event
    salt = offline_salt(checkin_list)
    categories = list(event.categories.order_by("order", "code"))
    index = {c.pk: i for i, c in enumerate(categories)}
    allowed = list_category_ids(checkin_list)
    booked: set[int] | None = None
    if (
        checkin_list.kind == ListKind.SESSION
        and checkin_list.session_id
        and checkin_list.session.is_limited
    ):
        booked = set(
            SessionBooking.objects.filter(
                session_id=checkin_list.session_id, status=RegistrationStatus.CONFIRMED
            ).values_list("registration_id", flat=True)
        )
    done = set(
        Checkin.objects.filter(checkin_list=checkin_list, status=ScanStatus.OK).values_list(
            "ticket_id", flat=True
        )
    )
    rows = Ticket.objects.filter(registration__event=event).values_list(
        "pk", "secret", "registration_id", "registration__category_id", "registration__status"
    )
    entries = []
    for pk, secret, registration_id, category_id, status in rows.iterator(chunk_size=5000):
        if status != RegistrationStatus.CONFIRMED:
            state = "x"
        elif (allowed and category_id not in allowed) or (
            booked is not None and registration_id not in booked
        ):
            state = "w"
        elif pk in done:
            state = "a"
        else:
            state = "v"
        entries.append(f"{offline_hash(salt, secret)}{index[category_id]}.{state}")
    return {
        "list": checkin_list.pk,
        "event": event.slug,
        "name": checkin_list.name,
        "generated_at": now.isoformat(),
        "hash": {"algorithm": "sha256", "salt": salt, "hex_chars": OFFLINE_HASH_HEX},
        "categories": [{"code": c.code, "name": c.name, "colour": c.colour} for c in categories],
        "tickets": entries,
    }


# --- the lists --------------------------------------------------------------------------------


def ensure_lists(*, event) -> list[CheckinList]:
    """An entry list for each day of the event and a door list for each limited session, where
    there is none yet. Returns the lists created. Side effect: INSERTs."""
    from healthycity.conference.enums import SessionStatus
    from healthycity.conference.models import Session

    created = []
    have_days = set(
        CheckinList.objects.filter(event=event, kind=ListKind.ENTRY).values_list("day", flat=True)
    )
    for number, day in enumerate(event.days, start=1):
        if day not in have_days:
            with translation.override("ko"):
                name_ko = _("Day %(n)s entry") % {"n": number}
            with translation.override("en"):
                name_en = _("Day %(n)s entry") % {"n": number}
            created.append(
                CheckinList.objects.create(
                    event=event, kind=ListKind.ENTRY, day=day, name_ko=name_ko, name_en=name_en
                )
            )
    have_sessions = set(
        CheckinList.objects.filter(event=event, kind=ListKind.SESSION).values_list(
            "session_id", flat=True
        )
    )
    limited = Session.objects.filter(event=event, capacity__isnull=False).exclude(
        status=SessionStatus.CANCELLED
    )
    for session in limited.exclude(pk__in=have_sessions):
        if session.is_limited:
            created.append(
                CheckinList.objects.create(
                    event=event,
                    kind=ListKind.SESSION,
                    session=session,
                    day=session.starts_at.astimezone(event.tz).date(),
                    name_ko=session.title_ko,
                    name_en=session.title_en or session.title_ko,
                )
            )
    return created
