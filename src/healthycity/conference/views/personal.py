"""A person's own pages: registering, their registration and ticket, starred sessions with a
calendar feed, seats in limited sessions, and abstracts they submitted."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from healthycity.accounts import roles
from healthycity.conference import tickets
from healthycity.conference.domain import abstracts as abstract_domain
from healthycity.conference.domain import registration as domain
from healthycity.conference.enums import ACTIVE_STATUSES, RegistrationSource, RegistrationStatus
from healthycity.conference.forms import AbstractForm, RegistrationForm
from healthycity.conference.models import (
    PersonalAgenda,
    Session,
    SessionBooking,
)
from healthycity.conference.queries import own_registration
from healthycity.conference.views.common import event_or_404, refuse


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            name = (
                field
                if field in form.fields
                else (f"q_{field}" if f"q_{field}" in form.fields else None)
            )
            form.add_error(name, errors)
    else:
        form.add_error(None, exc.messages)


@never_cache
@login_required
def register(request, slug):
    event = event_or_404(request, slug)
    current = own_registration(request.user, event)
    if current is not None and current.status in ACTIVE_STATUSES:
        messages.info(request, _("You are already registered for this event."))
        return redirect("conference:my", slug=event.slug)
    categories = list(event.categories.filter(is_open=True, self_service=True))
    chosen = next(
        (
            c
            for c in categories
            if c.code == request.GET.get("category", request.POST.get("category"))
        ),
        None,
    )
    if chosen is None and len(categories) == 1:
        chosen = categories[0]
    closed = None
    try:
        domain.check_open(event)
    except ValidationError as exc:
        closed = exc.messages[0]
    if chosen is None or closed:
        return render(
            request,
            "conference/register_choose.html",
            {"event": event, "categories": categories, "closed": closed},
        )
    citizen = roles.citizen_of(request.user)
    identity = getattr(citizen, "identity", None) if citizen else None
    ask_consent = not domain.has_conference_consent(citizen)
    form = RegistrationForm(
        request.POST or None,
        questions=domain.questions_for(chosen),
        ask_consent=ask_consent,
        initial={
            "name": (identity.name if identity else "") or request.user.get_full_name(),
            "email": request.user.email,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = domain.register(
                event=event,
                category=chosen,
                name=form.cleaned_data["name"],
                email=form.cleaned_data.get("email", ""),
                affiliation=form.cleaned_data.get("affiliation", ""),
                language=get_language()[:2],
                answers=form.answers(),
                user=request.user,
                citizen=citizen,
                consent=form.cleaned_data.get("consent", False) or not ask_consent,
                source=RegistrationSource.SELF,
                by=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            _announce(request, registration)
            return redirect("conference:my", slug=event.slug)
    return render(
        request,
        "conference/register.html",
        {
            "event": event,
            "category": chosen,
            "form": form,
            "categories": categories,
            "ask_consent": ask_consent,
        },
    )


def _announce(request, registration) -> None:
    """A confirmed registration is good news; waiting and approval are information."""
    level = (
        messages.SUCCESS if registration.status == RegistrationStatus.CONFIRMED else messages.INFO
    )
    messages.add_message(request, level, _status_message(registration))


def _status_message(registration) -> str:
    if registration.status == RegistrationStatus.CONFIRMED:
        return _("You are registered. Your ticket is ready.")
    if registration.status == RegistrationStatus.PENDING:
        return _("Thank you. The organisers will confirm your registration.")
    return _(
        "The category is full. You are on the waiting list; we will offer you a place if one frees up."
    )


@never_cache
@login_required
def my_registration(request, slug):
    event = event_or_404(request, slug)
    registration = own_registration(request.user, event)
    if registration is None:
        return redirect("conference:register", slug=event.slug)
    bookings = (
        SessionBooking.objects.filter(registration=registration)
        .select_related("session__room")
        .order_by("session__starts_at")
    )
    return render(
        request,
        "conference/my.html",
        {
            "event": event,
            "registration": registration,
            "position": domain.waiting_position(registration),
            "bookings": bookings,
            "ticket": getattr(registration, "ticket", None)
            if registration.status == RegistrationStatus.CONFIRMED
            else None,
        },
    )


@require_POST
@login_required
def my_action(request, slug, action):
    event = event_or_404(request, slug)
    registration = own_registration(request.user, event)
    if registration is None:
        raise Http404
    try:
        if action == "cancel":
            domain.cancel(registration=registration, by=request.user)
            messages.success(
                request,
                _("Your registration is cancelled. Your place goes to the next person waiting."),
            )
        elif action == "accept":
            registration = domain.accept_offer(registration=registration)
            _announce(request, registration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("conference:my", slug=event.slug)


def _confirmed(request, event):
    registration = own_registration(request.user, event)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        return None
    return registration


@never_cache
@login_required
def ticket_page(request, slug):
    event = event_or_404(request, slug)
    registration = _confirmed(request, event)
    if registration is None:
        return refuse(
            request, _("You have no confirmed registration, so there is no ticket yet."), status=404
        )
    ticket = registration.ticket
    return render(
        request,
        "conference/ticket.html",
        {
            "event": event,
            "registration": registration,
            "ticket": ticket,
            "qr": tickets.qr_svg(ticket.qr_payload, scale=9, title=_("Ticket QR code")),
        },
    )


@never_cache
@login_required
def ticket_pdf(request, slug):
    event = event_or_404(request, slug)
    registration = _confirmed(request, event)
    if registration is None:
        return refuse(
            request, _("You have no confirmed registration, so there is no ticket yet."), status=404
        )
    response = HttpResponse(
        tickets.ticket_pdf(registration, language=get_language()[:2]),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="ticket-{event.slug}.pdf"'
    return response


@never_cache
@login_required
def agenda(request, slug):
    event = event_or_404(request, slug)
    mine, _created = PersonalAgenda.objects.get_or_create(user=request.user, event=event)
    return render(
        request,
        "conference/agenda.html",
        {
            "event": event,
            "agenda": mine,
            "sessions": mine.sessions.filter(status__in=["published", "cancelled"])
            .select_related("room", "track")
            .order_by("starts_at"),
            "feed_url": request.build_absolute_uri(
                f"/conference/{event.slug}/agenda/{mine.feed_token}.ics"
            ),
        },
    )


@require_POST
@login_required
def agenda_new_link(request, slug):
    """A new secret feed address (the old one stops working), e.g. after sharing it by mistake."""
    from healthycity.conference.models.programme import _feed_token

    event = event_or_404(request, slug)
    PersonalAgenda.objects.filter(user=request.user, event=event).update(feed_token=_feed_token())
    messages.success(request, _("The calendar address was replaced; the old one no longer works."))
    return redirect("conference:agenda", slug=event.slug)


@require_POST
@login_required
def star(request, slug, id):
    event = event_or_404(request, slug)
    session = get_object_or_404(Session, event=event, external_id=id, status="published")
    mine, _created = PersonalAgenda.objects.get_or_create(user=request.user, event=event)
    starred = mine.sessions.filter(pk=session.pk).exists()
    if starred:
        mine.sessions.remove(session)
    else:
        mine.sessions.add(session)
    session.is_starred = not starred
    if request.htmx:
        context = {"event": event, "session": session}
        return render(request, "conference/_star.html", context)
    return redirect(_safe_next(request) or f"/conference/{event.slug}/programme/")


def _safe_next(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@require_POST
@login_required
def book(request, slug, id):
    event = event_or_404(request, slug)
    session = get_object_or_404(Session, event=event, external_id=id)
    registration = own_registration(request.user, event)
    action = request.POST.get("action", "book")
    try:
        if registration is None:
            raise ValidationError(_("Register for the conference first."))
        if action == "book":
            booking = domain.book_session(registration=registration, session=session)
            messages.success(
                request,
                _("Your seat is booked.")
                if booking.status == RegistrationStatus.CONFIRMED
                else _("The session is full; you are on its waiting list."),
            )
        else:
            booking = SessionBooking.objects.filter(
                registration=registration, session=session, status__in=ACTIVE_STATUSES
            ).first()
            if booking is None:
                raise ValidationError(_("You have no booking for this session."))
            if action == "accept":
                domain.accept_session_offer(booking=booking)
                messages.success(request, _("Your seat is booked."))
            else:
                domain.cancel_booking(booking=booking)
                messages.success(request, _("Your booking is cancelled."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("conference:session", slug=event.slug, id=session.external_id)


@never_cache
@login_required
def my_abstracts(request, slug):
    event = event_or_404(request, slug)
    form = AbstractForm(request.POST or None, event=event)
    open_error = None
    try:
        abstract_domain.check_cfp_open(event)
    except ValidationError as exc:
        open_error = exc.messages[0]
    if request.method == "POST" and form.is_valid() and not open_error:
        try:
            abstract_domain.submit_abstract(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("Thank you. Your abstract was submitted; the organisers will review it.")
            )
            return redirect("conference:abstracts", slug=event.slug)
    return render(
        request,
        "conference/abstracts.html",
        {
            "event": event,
            "form": form,
            "open_error": open_error,
            "mine": event.abstracts.filter(submitter=request.user)
            .select_related("track")
            .order_by("-created_at"),
        },
    )
