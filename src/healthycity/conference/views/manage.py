"""The organisers' pages: the dashboard with live check-in counts, registrations and
moderation, the programme editor, abstract review, delegate import and badge printing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from healthycity.conference.domain import abstracts as abstract_domain
from healthycity.conference.domain import registration as domain
from healthycity.conference.domain.programme import save_session
from healthycity.conference.enums import AbstractStatus, RegistrationStatus, ScanStatus
from healthycity.conference.forms import AcceptForm, BadgeForm, ImportForm, ReviewForm, SessionForm
from healthycity.conference.models import Abstract, Checkin, CheckinList, Gate, Session
from healthycity.conference.queries import registrations_visible_to
from healthycity.conference.views.common import managed_event


def _category_table(event) -> list[dict]:
    counts = {
        (row["category_id"], row["status"]): row["n"]
        for row in event.registrations.values("category_id", "status").annotate(n=Count("id"))
    }
    rows = []
    for category in event.categories.all():
        by_status = {s.value: counts.get((category.pk, s.value), 0) for s in RegistrationStatus}
        rows.append(
            {
                "category": category,
                **by_status,
                "held": by_status["confirmed"] + by_status["pending"] + by_status["offered"],
            }
        )
    return rows


def live_counts(event) -> dict:
    """Check-ins per gate and list (first check-ins only) and the latest scan at each gate."""
    lists = list(CheckinList.objects.filter(event=event).select_related("session"))
    gates = list(Gate.objects.filter(event=event))
    ok = Checkin.objects.filter(checkin_list__event=event, status=ScanStatus.OK)
    cells = {
        (row["device__gate_id"], row["checkin_list_id"]): row["n"]
        for row in ok.values("device__gate_id", "checkin_list_id").annotate(n=Count("id"))
    }
    per_list = {
        row["checkin_list_id"]: row["n"]
        for row in ok.values("checkin_list_id").annotate(n=Count("id"))
    }
    recent = {
        row["device__gate_id"]: row
        for row in Checkin.objects.filter(checkin_list__event=event)
        .values("device__gate_id")
        .annotate(
            last=Max("received_at"),
            duplicates=Count("id", filter=Q(status=ScanStatus.ALREADY)),
            refused=Count(
                "id",
                filter=Q(
                    status__in=[ScanStatus.WRONG_LIST, ScanStatus.CANCELLED, ScanStatus.UNKNOWN]
                ),
            ),
        )
    }
    return {
        "lists": lists,
        "rows": [
            {
                "gate": gate,
                "counts": [cells.get((gate.pk, lst.pk), 0) for lst in lists],
                "total": sum(cells.get((gate.pk, lst.pk), 0) for lst in lists),
                "last": recent.get(gate.pk, {}).get("last"),
                "duplicates": recent.get(gate.pk, {}).get("duplicates", 0),
                "refused": recent.get(gate.pk, {}).get("refused", 0),
            }
            for gate in gates
        ],
        "totals": [per_list.get(lst.pk, 0) for lst in lists],
        "total": sum(per_list.values()),
        "updated": timezone.now(),
    }


@never_cache
@login_required
def dashboard(request, slug):
    event = managed_event(request, slug)
    return render(
        request,
        "conference/manage/dashboard.html",
        {
            "event": event,
            "categories": _category_table(event),
            "live": live_counts(event),
            "pending": event.registrations.filter(status=RegistrationStatus.PENDING).count(),
            "abstracts_open": event.abstracts.filter(status=AbstractStatus.SUBMITTED).count(),
            "sessions": event.sessions.count(),
        },
    )


@never_cache
@login_required
def live(request, slug):
    event = managed_event(request, slug)
    return render(
        request, "conference/manage/_live.html", {"event": event, "live": live_counts(event)}
    )


@never_cache
@login_required
def registrations(request, slug):
    event = managed_event(request, slug)
    qs = (
        registrations_visible_to(request.user, event=event)
        .select_related("member_city")
        .order_by("-created_at", "-id")
    )
    status = request.GET.get("status", "")
    category = request.GET.get("category", "")
    query = request.GET.get("q", "").strip()
    if status in RegistrationStatus.values:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__code=category)
    if query:
        qs = qs.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(affiliation__icontains=query)
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "conference/manage/registrations.html",
        {
            "event": event,
            "page": page,
            "statuses": RegistrationStatus.choices,
            "categories": event.categories.all(),
            "filters": {"status": status, "category": category, "q": query},
        },
    )


@never_cache
@login_required
def registration_detail(request, slug, id):
    event = managed_event(request, slug)
    registration = get_object_or_404(
        registrations_visible_to(request.user, event=event), external_id=id
    )
    if request.method == "POST":
        action = request.POST.get("action")
        verbs = {
            "approve": lambda: domain.approve(registration=registration, by=request.user),
            "reject": lambda: domain.reject(
                registration=registration, by=request.user, note=request.POST.get("note", "")
            ),
            "cancel": lambda: domain.cancel(registration=registration, by=request.user),
        }
        if action in verbs:
            try:
                verbs[action]()
                messages.success(request, _("Registration updated."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return redirect(
            "conference:manage_registration", slug=event.slug, id=registration.external_id
        )
    return render(
        request,
        "conference/manage/registration.html",
        {
            "event": event,
            "registration": registration,
            "position": domain.waiting_position(registration),
            "answers": _answers(registration),
            "checkins": Checkin.objects.filter(ticket__registration=registration)
            .select_related("checkin_list", "device__gate")
            .order_by("received_at"),
            "bookings": registration.bookings.select_related("session").order_by(
                "session__starts_at"
            ),
        },
    )


def _answers(registration) -> list[tuple[str, object]]:
    labels = {q.code: q.label for q in registration.event.questions.all()}
    return [(labels.get(code, code), value) for code, value in (registration.answers or {}).items()]


@never_cache
@login_required
def programme(request, slug):
    event = managed_event(request, slug)
    sessions = (
        event.sessions.select_related("room", "track")
        .prefetch_related("speaker_links__speaker")
        .order_by("starts_at", "room__order")
    )
    return render(
        request, "conference/manage/programme.html", {"event": event, "sessions": sessions}
    )


@never_cache
@login_required
def session_form(request, slug, id=None):
    event = managed_event(request, slug)
    session = (
        get_object_or_404(Session, event=event, external_id=id) if id else Session(event=event)
    )
    form = SessionForm(request.POST or None, instance=session, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            save_session(
                session=form.instance, speakers=list(form.cleaned_data.get("speakers") or [])
            )
        except ValidationError as exc:  # a conflict created since the form was checked
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Session saved."))
            return redirect("conference:manage_programme", slug=event.slug)
    return render(
        request,
        "conference/manage/session_form.html",
        {"event": event, "form": form, "session": session},
    )


@never_cache
@login_required
def abstracts(request, slug):
    event = managed_event(request, slug)
    criteria = list(event.criteria.all())
    items = list(
        event.abstracts.exclude(status=AbstractStatus.WITHDRAWN)
        .select_related("track")
        .prefetch_related("reviews__scores")
        .order_by("status", "-created_at")
    )
    for item in items:
        item.score = abstract_domain.weighted_score(item, criteria)
        item.review_count = len(item.reviews.all())
        item.mine = any(r.reviewer_id == request.user.pk for r in item.reviews.all())
    return render(
        request,
        "conference/manage/abstracts.html",
        {"event": event, "abstracts": items, "criteria": criteria},
    )


@never_cache
@login_required
def abstract_detail(request, slug, id):
    event = managed_event(request, slug)
    abstract = get_object_or_404(
        Abstract.objects.select_related("track", "submitter"), event=event, external_id=id
    )
    criteria = list(event.criteria.all())
    mine = abstract.reviews.filter(reviewer=request.user).prefetch_related("scores").first()
    initial = {f"c_{s.criterion_id}": s.score for s in mine.scores.all()} if mine else {}
    if mine:
        initial["comment"] = mine.comment
    review_form = ReviewForm(
        request.POST if request.POST.get("action") == "review" else None,
        criteria=criteria,
        initial=initial,
    )
    accept_form = AcceptForm(
        request.POST if request.POST.get("action") == "accept" else None,
        event=event,
        initial={
            "kind": abstract_domain.session_kind_for(abstract),
            "languages": abstract.language,
        },
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "review" and review_form.is_valid():
                abstract_domain.review_abstract(
                    abstract=abstract,
                    reviewer=request.user,
                    scores=review_form.scores(),
                    comment=review_form.cleaned_data["comment"],
                )
                messages.success(request, _("Review saved."))
                return redirect(
                    "conference:manage_abstract", slug=event.slug, id=abstract.external_id
                )
            if action == "accept" and accept_form.is_valid():
                session = accept_form.save(commit=False)
                abstract_domain.accept_abstract(
                    abstract=abstract,
                    by=request.user,
                    session=session,
                    note=accept_form.cleaned_data["note"],
                )
                messages.success(request, _("Accepted; the session is in the programme."))
                return redirect(
                    "conference:manage_abstract", slug=event.slug, id=abstract.external_id
                )
            if action == "reject":
                abstract_domain.reject_abstract(
                    abstract=abstract, by=request.user, note=request.POST.get("note", "")
                )
                messages.success(request, _("The abstract was not accepted."))
                return redirect("conference:manage_abstracts", slug=event.slug)
        except ValidationError as exc:
            target = accept_form if action == "accept" else review_form
            for field, errors in (
                exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            ).items():
                target.add_error(field if field in target.fields else None, errors)
    reviews = abstract.reviews.select_related("reviewer").prefetch_related("scores__criterion")
    return render(
        request,
        "conference/manage/abstract.html",
        {
            "event": event,
            "abstract": abstract,
            "review_form": review_form,
            "accept_form": accept_form,
            "reviews": reviews,
            "score": abstract_domain.weighted_score(abstract, criteria),
            "criteria": criteria,
            "session": getattr(abstract, "session", None),
        },
    )


@never_cache
@login_required
def import_page(request, slug):
    from healthycity.jobs import enqueue

    event = managed_event(request, slug)
    form = ImportForm(request.POST or None, request.FILES or None, event=event)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = enqueue(
            "conference.import",
            owner=request.user,
            params={
                "event": event.slug,
                "file_name": upload.name,
                "category": form.cleaned_data.get("category") or "",
                "dry_run": form.cleaned_data.get("dry_run", False),
            },
            files={"file": upload},
        )
        return redirect("jobs:detail", id=job.external_id)
    return render(request, "conference/manage/import.html", {"event": event, "form": form})


@never_cache
@login_required
def badges(request, slug):
    from healthycity.jobs import enqueue

    event = managed_event(request, slug)
    form = BadgeForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        job = enqueue(
            "conference.badges",
            owner=request.user,
            params={"event": event.slug, "categories": form.cleaned_data.get("categories") or []},
        )
        return redirect("jobs:detail", id=job.external_id)
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return render(
        request,
        "conference/manage/badges.html",
        {"event": event, "form": form, "confirmed": confirmed},
    )


@require_POST
@login_required
def make_lists(request, slug):
    """An entry list for each day and a door list for each limited session, where missing."""
    from healthycity.conference.domain.checkin import ensure_lists

    event = managed_event(request, slug)
    created = ensure_lists(event=event)
    messages.success(request, _("%(n)s check-in lists created.") % {"n": len(created)})
    return redirect("conference:manage", slug=event.slug)


@require_POST
@login_required
def expire_now(request, slug):
    """Run the offer expiry at once (the scheduler also does every few minutes)."""
    event = managed_event(request, slug)
    expired = domain.expire_holds()
    messages.success(
        request,
        _("%(n)s offers expired; their places were offered to the next people.") % {"n": expired},
    )
    return redirect("conference:manage", slug=event.slug)
