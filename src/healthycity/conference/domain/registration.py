"""Registration: places per category and per limited session, the waiting list with
time-limited offers, moderation, cancellation, and tickets for confirmed registrations.

Concurrency: every change to who holds a place locks the row that owns the capacity (the
category, or the session) with SELECT … FOR UPDATE, so on PostgreSQL concurrent registrations
and cancellations are decided one after another and a capacity is never exceeded; a freed place
is offered to exactly one waiting person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from healthycity.conference.domain.errors import RegistrationError
from healthycity.conference.enums import (
    ACTIVE_STATUSES,
    HOLDING_STATUSES,
    QuestionKind,
    RegistrationSource,
    RegistrationStatus,
    SessionStatus,
)
from healthycity.conference.models import (
    Event,
    Question,
    Registration,
    RegistrationCategory,
    Session,
    SessionBooking,
    Ticket,
)

ANSWER_MAX_CHARS = 1000


# --- the event's registration window --------------------------------------------------------


def registration_closes_at(event: Event) -> dt.datetime:
    return event.registration_closes_at or event.day_bounds(event.ends_on)[1]


def check_open(event: Event, *, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    if event.registration_opens_at and now < event.registration_opens_at:
        raise RegistrationError(
            _("Registration opens on %(when)s.")
            % {
                "when": formats.date_format(
                    event.registration_opens_at.astimezone(event.tz), "DATETIME_FORMAT"
                )
            },
            code="not_open",
        )
    if now >= registration_closes_at(event):
        raise RegistrationError(_("Registration for this event has closed."), code="closed")


# --- answers to the category's questions -----------------------------------------------------


def questions_for(category: RegistrationCategory) -> list[Question]:
    return list(category.questions.order_by("order", "code"))


def _choice_values(question: Question) -> list[str]:
    return [str(c.get("value")) for c in question.choices or [] if isinstance(c, Mapping)]


def clean_answer(question: Question, raw):
    """The stored form of one answer, or RegistrationError naming the question."""
    blank = raw is None or raw == "" or raw == []
    if blank:
        if question.required:  # a required yes/no question is a box that must be ticked
            raise RegistrationError(
                _("Please tick this box to continue.")
                if question.kind == QuestionKind.BOOLEAN
                else _("Please answer this question."),
                field=question.code,
                code="required",
            )
        return False if question.kind == QuestionKind.BOOLEAN else None
    if question.kind == QuestionKind.TEXT:
        text = str(raw).strip()
        if len(text) > ANSWER_MAX_CHARS or "\x00" in text:
            raise RegistrationError(
                _("Answers are at most %(n)s characters.") % {"n": ANSWER_MAX_CHARS},
                field=question.code,
            )
        return text
    if question.kind == QuestionKind.BOOLEAN:
        value = (
            str(raw).strip().lower() in {"1", "true", "yes", "on", "y", "예", "네"}
            if not isinstance(raw, bool)
            else raw
        )
        if question.required and not value:
            raise RegistrationError(
                _("Please tick this box to continue."), field=question.code, code="required"
            )
        return value
    if question.kind == QuestionKind.NUMBER:
        try:
            number = Decimal(str(raw).strip())
        except (InvalidOperation, ValueError):
            raise RegistrationError(
                _("“%(value)s” is not a number.") % {"value": raw}, field=question.code
            ) from None
        return int(number) if number == number.to_integral_value() else float(number)
    values = _choice_values(question)
    picked = raw if isinstance(raw, list | tuple) else [raw]
    if question.kind == QuestionKind.CHOICE and len(picked) != 1:
        raise RegistrationError(_("Choose one answer."), field=question.code)
    unknown = [str(p) for p in picked if str(p) not in values]
    if unknown:
        raise RegistrationError(
            _("“%(value)s” is not one of the choices.") % {"value": ", ".join(unknown)},
            field=question.code,
        )
    return str(picked[0]) if question.kind == QuestionKind.CHOICE else [str(p) for p in picked]


def clean_answers(category: RegistrationCategory, answers: Mapping | None) -> dict:
    """Answers keyed by question code, checked against the category's questions. Every problem
    is reported at once (by question code)."""
    answers = dict(answers or {})
    cleaned, errors = {}, {}
    for question in questions_for(category):
        try:
            cleaned[question.code] = clean_answer(question, answers.get(question.code))
        except RegistrationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise RegistrationError(errors, code="answers")
    return cleaned


# --- places: one pool per category and one per limited session -------------------------------


@dataclass
class _Pool:
    """The places of one category (claims: its registrations) or one limited session (claims:
    its bookings). Made by `_pool_of`, which locks the row that owns the capacity."""

    claims: QuerySet
    capacity: int | None
    hold_hours: int

    def held(self) -> int:
        return self.claims.filter(status__in=HOLDING_STATUSES).count()

    def has_room(self) -> bool:
        return self.capacity is None or self.held() < self.capacity

    def offer(self, now: dt.datetime) -> list:
        """Offer each free place to the next waiting claim (oldest first), held for
        `hold_hours`. Returns the claims offered."""
        waiting = self.claims.filter(status=RegistrationStatus.WAITING).order_by(
            "waiting_since", "id"
        )
        if self.capacity is not None:
            free = self.capacity - self.held()
            if free <= 0:
                return []
            waiting = waiting[:free]
        offered = list(waiting)
        until = now + dt.timedelta(hours=self.hold_hours)
        for claim in offered:
            claim.status, claim.hold_expires_at = RegistrationStatus.OFFERED, until
        if offered:
            type(offered[0]).objects.bulk_update(
                offered, ["status", "hold_expires_at", "updated_at"]
            )
        return offered

    def settle(self, now: dt.datetime) -> int:
        """Offers past their hold expire and free places go to the waiting list, before anything
        else happens to the pool — so the system stays fair even where no scheduler runs
        `expire_holds` (the embedded default). Returns how many offers expired."""
        expired = self.claims.filter(
            status=RegistrationStatus.OFFERED, hold_expires_at__lte=now
        ).update(
            status=RegistrationStatus.EXPIRED,
            hold_expires_at=None,
            cancelled_at=now,
            updated_at=now,
        )
        self.offer(now)
        return expired


def _pool_of(owner: RegistrationCategory | Session) -> _Pool:
    """Lock the category or session (SELECT … FOR UPDATE; call inside a transaction) and return
    its pool of places."""
    locked = type(owner).objects.select_for_update().select_related("event").get(pk=owner.pk)
    if isinstance(locked, Session):
        claims = SessionBooking.objects.filter(session=locked)
    else:
        claims = Registration.objects.filter(category=locked)
    return _Pool(claims=claims, capacity=locked.capacity, hold_hours=locked.event.hold_hours)


def _owner_of(claim: Registration | SessionBooking) -> RegistrationCategory | Session:
    return claim.category if isinstance(claim, Registration) else claim.session


def _give_up(claim: Registration | SessionBooking, now: dt.datetime):
    """Cancel `claim` (a place, an offer or a waiting place) and offer what it held to the next
    person. Cancelling twice changes nothing. Side effects: UPDATEs."""
    with transaction.atomic():
        pool = _pool_of(_owner_of(claim))
        claim = type(claim).objects.select_for_update().get(pk=claim.pk)
        if claim.status not in ACTIVE_STATUSES:
            return claim
        claim.status, claim.cancelled_at, claim.hold_expires_at = (
            RegistrationStatus.CANCELLED,
            now,
            None,
        )
        claim.save(update_fields=["status", "cancelled_at", "hold_expires_at", "updated_at"])
        pool.offer(now)
    return claim


def _take_offer(claim: Registration | SessionBooking, now: dt.datetime, expired_message: str):
    """Lock the pool and the claim; the claim must hold an offer that has not expired."""
    pool = _pool_of(_owner_of(claim))
    claim = type(claim).objects.select_for_update().get(pk=claim.pk)
    if claim.status != RegistrationStatus.OFFERED:
        message = (
            _("There is no place on offer for this registration.")
            if isinstance(claim, Registration)
            else _("There is no seat on offer for this booking.")
        )
        raise RegistrationError(message, code="state")
    if claim.hold_expires_at and claim.hold_expires_at <= now:
        raise RegistrationError(expired_message, code="expired")
    return pool, claim


def fill_category(
    *, category: RegistrationCategory, now: dt.datetime | None = None
) -> list[Registration]:
    """Offer the category's free places to its waiting list, in turn. Side effect: UPDATEs."""
    with transaction.atomic():
        return _pool_of(category).offer(now or timezone.now())


def fill_session(*, session: Session, now: dt.datetime | None = None) -> list[SessionBooking]:
    """Offer the session's free seats to its waiting list, in turn. Side effect: UPDATEs."""
    with transaction.atomic():
        return _pool_of(session).offer(now or timezone.now())


def waiting_position(claim: Registration | SessionBooking) -> int | None:
    """1 for the first person waiting; None when `claim` is not waiting."""
    if claim.status != RegistrationStatus.WAITING or claim.waiting_since is None:
        return None
    pool = (
        Registration.objects.filter(category_id=claim.category_id)
        if isinstance(claim, Registration)
        else SessionBooking.objects.filter(session_id=claim.session_id)
    )
    ahead = pool.filter(status=RegistrationStatus.WAITING).filter(
        Q(waiting_since__lt=claim.waiting_since)
        | Q(waiting_since=claim.waiting_since, id__lt=claim.id)
    )
    return ahead.count() + 1


# --- tickets ---------------------------------------------------------------------------------


def issue_ticket(registration: Registration) -> Ticket:
    """The registration's ticket, created once (a confirmed registration always has one)."""
    ticket, _created = Ticket.objects.get_or_create(registration=registration)
    return ticket


def _confirm(registration: Registration, now: dt.datetime) -> None:
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now
    registration.hold_expires_at = None
    registration.save(update_fields=["status", "confirmed_at", "hold_expires_at", "updated_at"])
    issue_ticket(registration)


# --- registering -----------------------------------------------------------------------------


def _grant_citizen_consent(citizen, *, by) -> None:
    from healthycity.citizens.domain.consent import grant_consent
    from healthycity.citizens.enums import ConsentPurpose

    grant_consent(citizen=citizen, purpose=ConsentPurpose.CONFERENCE, by=by)


def has_conference_consent(citizen) -> bool:
    from healthycity.citizens.enums import ConsentPurpose

    return (
        citizen is not None
        and citizen.consents.active().filter(purpose=ConsentPurpose.CONFERENCE).exists()
    )


def register(
    *,
    event: Event,
    category: RegistrationCategory,
    name: str,
    email: str = "",
    phone: str = "",
    affiliation: str = "",
    member_city=None,
    organisation=None,
    country: str = "",
    language: str = "ko",
    answers: Mapping | None = None,
    user=None,
    citizen=None,
    consent: bool = False,
    source: str = RegistrationSource.SELF,
    by=None,
    now: dt.datetime | None = None,
) -> Registration:
    """Register one person. A free place confirms them (with a ticket), or — in a moderated
    category — keeps the place while an official decides; a full category puts them on the
    waiting list. Consent for the purpose "conference" is required (for a citizen it is recorded
    in the citizens app's consent register). Side effects: INSERT of the registration (and ticket,
    consent); nothing is written when a check fails."""
    now = now or timezone.now()
    if category.event_id != event.pk:
        raise RegistrationError(_("This category belongs to another event."), field="category")
    by_staff = source != RegistrationSource.SELF
    if not by_staff:
        check_open(event, now=now)
        if not category.is_open:
            raise RegistrationError(
                _("This category is not open for registration."), field="category", code="closed"
            )
        if not category.self_service:
            raise RegistrationError(
                _("People in this category are registered by the organisers; please contact them."),
                field="category",
                code="not_self_service",
            )
    if not (name or "").strip():
        raise RegistrationError(_("Please give a name."), field="name", code="required")
    consented = consent or (citizen is not None and has_conference_consent(citizen))
    if not consented and not by_staff:
        raise RegistrationError(
            _("Please agree to the use of your details for the conference to register."),
            field="consent",
            code="consent",
        )
    cleaned = (
        clean_answers(category, answers) if not by_staff else _lenient_answers(category, answers)
    )
    with transaction.atomic():
        pool = _pool_of(category)
        pool.settle(now)
        if (
            user is not None
            and Registration.objects.filter(
                event=event, user=user, status__in=ACTIVE_STATUSES
            ).exists()
        ):
            raise RegistrationError(
                _("You are already registered for this event."), code="duplicate"
            )
        if pool.has_room():
            status = (
                RegistrationStatus.PENDING
                if category.moderated and not by_staff
                else RegistrationStatus.CONFIRMED
            )
        else:
            status = RegistrationStatus.WAITING
        registration = Registration(
            event=event,
            category=category,
            status=status,
            source=source,
            user=user,
            citizen=citizen,
            name=name.strip()[:200],
            email=(email or "").strip(),
            phone=(phone or "").strip(),
            affiliation=(affiliation or "").strip()[:200],
            member_city=member_city,
            organisation=organisation,
            country=(country or "").upper()[:2],
            language=language if language in ("ko", "en") else "ko",
            answers=cleaned,
            waiting_since=now if status == RegistrationStatus.WAITING else None,
            consent_version=_consent_version() if consented else "",
            consented_at=now if consented else None,
        )
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            raise RegistrationError(
                _("You are already registered for this event."), code="duplicate"
            ) from None
        if status == RegistrationStatus.CONFIRMED:
            registration.confirmed_at = now
            registration.save(update_fields=["confirmed_at"])
            issue_ticket(registration)
        if citizen is not None and consent:
            _grant_citizen_consent(citizen, by=by or user)
    return registration


def _consent_version() -> str:
    from healthycity.citizens.domain.consent import CURRENT_VERSION

    return CURRENT_VERSION


def _lenient_answers(category, answers) -> dict:
    """Staff and imports may leave questions unanswered; what they give must still be valid."""
    answers = dict(answers or {})
    cleaned = {}
    for question in questions_for(category):
        raw = answers.get(question.code)
        if raw in (None, "", []):
            continue
        required, question.required = question.required, False
        try:
            cleaned[question.code] = clean_answer(question, raw)
        finally:
            question.required = required
    return cleaned


# --- moderation, offers, cancellation --------------------------------------------------------


def _pending(registration: Registration, verb: str) -> tuple[_Pool, Registration]:
    pool = _pool_of(registration.category)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.PENDING:
        message = (
            _("Only registrations awaiting approval can be approved.")
            if verb == "approve"
            else _("Only registrations awaiting approval can be declined.")
        )
        raise RegistrationError(message, code="state")
    return pool, registration


def approve(*, registration: Registration, by, now: dt.datetime | None = None) -> Registration:
    """An official confirms a pending registration; it gets its ticket. Side effects: UPDATE, ticket."""
    with transaction.atomic():
        _pool, registration = _pending(registration, "approve")
        registration.decided_by = by
        registration.save(update_fields=["decided_by", "updated_at"])
        _confirm(registration, now or timezone.now())
    return registration


def reject(
    *, registration: Registration, by, note: str = "", now: dt.datetime | None = None
) -> Registration:
    """An official declines a pending registration; its place goes to the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        pool, registration = _pending(registration, "reject")
        registration.status = RegistrationStatus.REJECTED
        registration.decided_by = by
        registration.decision_note = (note or "")[:300]
        registration.cancelled_at = now
        registration.save(
            update_fields=["status", "decided_by", "decision_note", "cancelled_at", "updated_at"]
        )
        pool.offer(now)
    return registration


def accept_offer(*, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """The person takes the place offered to them (before the hold expires). In a moderated
    category the place then waits for an official's approval."""
    now = now or timezone.now()
    with transaction.atomic():
        _pool, registration = _take_offer(
            registration, now, _("The offer has expired; the place went to the next person.")
        )
        if registration.category.moderated and registration.source == RegistrationSource.SELF:
            registration.status = RegistrationStatus.PENDING
            registration.hold_expires_at = None
            registration.save(update_fields=["status", "hold_expires_at", "updated_at"])
        else:
            _confirm(registration, now)
    return registration


def cancel(*, registration: Registration, by=None, now: dt.datetime | None = None) -> Registration:
    """Cancel a registration (or decline an offered place). A place it held goes to the next
    person waiting; its seats in limited sessions likewise. Cancelling twice changes nothing.
    Side effects: UPDATEs of the registration, its bookings and the offers made."""
    now = now or timezone.now()
    registration = _give_up(registration, now)
    for booking in SessionBooking.objects.filter(
        registration=registration, status__in=ACTIVE_STATUSES
    ):
        _give_up(booking, now)
    return registration


def expire_holds(*, now: dt.datetime | None = None) -> int:
    """Offers not accepted in time expire, and each place goes to the next person waiting
    (who gets a fresh hold). Run every few minutes (`healthycity conference expire-holds`, or
    the Celery beat task). Returns how many offers expired. Side effects: UPDATEs."""
    now = now or timezone.now()
    expired = 0
    for claim_model, owner_model, key in (
        (Registration, RegistrationCategory, "category_id"),
        (SessionBooking, Session, "session_id"),
    ):
        overdue = claim_model.objects.filter(
            status=RegistrationStatus.OFFERED, hold_expires_at__lte=now
        )
        for owner in owner_model.objects.filter(pk__in=set(overdue.values_list(key, flat=True))):
            with transaction.atomic():
                expired += _pool_of(owner).settle(now)
    return expired


# --- limited sessions ------------------------------------------------------------------------


def book_session(
    *, registration: Registration, session: Session, now: dt.datetime | None = None
) -> SessionBooking:
    """A seat in a workshop or site visit for a confirmed registration, or a waiting-list place.
    Side effect: INSERT of the booking."""
    now = now or timezone.now()
    if session.event_id != registration.event_id:
        raise RegistrationError(_("This session belongs to another event."), field="session")
    if not session.is_limited or session.status != SessionStatus.PUBLISHED:
        raise RegistrationError(
            _("This session is not booked ahead; just come."), field="session", code="not_limited"
        )
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationError(_("Only confirmed registrations can book sessions."), code="state")
    with transaction.atomic():
        pool = _pool_of(session)
        pool.settle(now)
        if pool.claims.filter(registration=registration, status__in=ACTIVE_STATUSES).exists():
            raise RegistrationError(_("You have already booked this session."), code="duplicate")
        status = RegistrationStatus.CONFIRMED if pool.has_room() else RegistrationStatus.WAITING
        return SessionBooking.objects.create(
            session=session,
            registration=registration,
            status=status,
            waiting_since=now if status == RegistrationStatus.WAITING else None,
            confirmed_at=now if status == RegistrationStatus.CONFIRMED else None,
        )


def cancel_booking(*, booking: SessionBooking, now: dt.datetime | None = None) -> SessionBooking:
    """Give up a seat (or a waiting place); the seat goes to the next person waiting."""
    return _give_up(booking, now or timezone.now())


def accept_session_offer(
    *, booking: SessionBooking, now: dt.datetime | None = None
) -> SessionBooking:
    """The person takes the seat offered to them (before the hold expires)."""
    now = now or timezone.now()
    with transaction.atomic():
        _pool, booking = _take_offer(
            booking, now, _("The offer has expired; the seat went to the next person.")
        )
        booking.status = RegistrationStatus.CONFIRMED
        booking.confirmed_at = now
        booking.hold_expires_at = None
        booking.save(update_fields=["status", "confirmed_at", "hold_expires_at", "updated_at"])
    return booking
