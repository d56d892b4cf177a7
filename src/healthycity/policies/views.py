"""Pages of the practice library: search with facets, a practice, its form, the review queue and
review sheets, the official's actions, attachments, PDF and JSON-LD, and drafts from aid."""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from healthycity.accounts.enums import Role
from healthycity.accounts.models import Membership
from healthycity.policies.api import user_named
from healthycity.policies.cities import cities_of, home_city
from healthycity.policies.domain import practices as domain
from healthycity.policies.domain import review as review_domain
from healthycity.policies.domain.errors import NotAllowed, WrongState
from healthycity.policies.domain.links import presentations_of
from healthycity.policies.enums import PracticeStatus, ReviewOutcome, TargetGroup
from healthycity.policies.exports import jsonld, render_pdf
from healthycity.policies.forms import (
    RESULT_FIELDS,
    RESULT_ROWS,
    SECTORS,
    NominationForm,
    PracticeForm,
    ReviewForm,
    check_groups,
    partner_rows,
    partners_from,
    result_rows_from,
)
from healthycity.policies.models import Practice
from healthycity.policies.queries import (
    assignments_of,
    practices_visible_to,
    published_practices,
    reviews_visible_to,
)
from healthycity.policies.reference import (
    award_categories,
    criteria_of,
    evidence_levels,
    rubric_data,
    theme_name,
)
from healthycity.policies.search import library
from healthycity.policies.validators import validate_results

PAGE_SIZE = 20


class CappedPaginator(Paginator):
    """Counts the results up to library.COUNT_CAP only; `capped` says there are more (their
    pages past the cap are not offered: narrow the search instead)."""

    capped = False

    @cached_property
    def count(self) -> int:
        n = library.count_upto(self.object_list)
        self.capped = n > library.COUNT_CAP
        return min(n, library.COUNT_CAP)


def denied(request, message: str, status: int = 403):
    title = _("Access denied") if status == 403 else _("Not possible")
    return render(
        request,
        "core/error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )


def _by_uuid(qs, value: str):
    try:
        return qs.filter(external_id=uuid.UUID(str(value))).first()
    except ValueError:
        return None


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _visible(request, id) -> Practice:
    return get_object_or_404(practices_visible_to(request.user), external_id=id)


def _act(request, fn, success: str, **kwargs):
    """Run a domain verb for a page: success message, or the error in the user's language."""
    try:
        result = fn(**kwargs)
    except NotAllowed as exc:
        return None, denied(request, str(exc))
    except WrongState as exc:
        messages.error(request, exc.messages[0])
        return None, None
    except ValidationError as exc:
        _errors(request, exc)
        return None, None
    messages.success(request, success)
    return result, None


@login_required
def library_page(request):
    query = library.Query.from_params(request.GET)
    base = published_practices()
    found = library.run(base, query).prefetch_related("tags")
    page = CappedPaginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "policies/library.html",
        {
            "query": query,
            "page": page,
            "count_cap": f"{library.COUNT_CAP:,}",
            "facets": library.facets(base, query),
            "facet_titles": _facet_titles(),
            "can_add": request.user.has_perm("policies.add_practice"),
        },
    )


def _facet_titles() -> dict[str, str]:
    return {
        "theme": _("Theme"),
        "country": _("Country"),
        "target_group": _("Target group"),
        "evidence": _("Evidence level"),
        "outcome": _("Review outcome"),
    }


@login_required
def practice_page(request, id):
    practice = _visible(request, id)
    user = request.user
    context = {
        "p": practice,
        "results": list(practice.results.all()),
        "attachments": list(practice.attachments.all()),
        "presentations": list(presentations_of(practice)),
        "nominations": _named(practice.nominations.all()),
        "similar": library.similar(practice, published_practices())
        if practice.status == PracticeStatus.PUBLISHED
        else [],
        "evidence": evidence_levels().get(practice.evidence_level),
        "theme_names": [theme_name(c) for c in practice.themes],
        "target_group_names": [
            TargetGroup(c).label if c in TargetGroup.values else c for c in practice.target_groups
        ],
        "can_edit": user.has_perm("policies.change_practice", practice),
        "can_submit": user.has_perm("policies.submit_practice", practice),
        "can_manage": user.has_perm("policies.manage_reviews"),
        "can_publish": user.has_perm("policies.publish")
        and practice.status == PracticeStatus.IN_REVIEW
        and practice.review_outcome in (ReviewOutcome.BEST_PRACTICE, ReviewOutcome.PROMISING),
        "show_history": user.has_perm("policies.view_history", practice),
        "history": practice.history.select_related("by")
        if user.has_perm("policies.view_history", practice)
        else [],
        "reviews": list(
            reviews_visible_to(user).filter(practice=practice, round=practice.review_round)
        ),
        "my_review": practice.reviews.filter(reviewer=user, round=practice.review_round).first(),
        "reviewer_choices": _reviewer_choices(practice)
        if user.has_perm("policies.manage_reviews")
        else [],
        "nomination_form": NominationForm(initial={"conference_year": _this_year()}),
        "session_choices": _session_choices(practice) if user.has_perm("policies.publish") else [],
    }
    return render(request, "policies/practice.html", context)


def _named(nominations) -> list:
    categories = award_categories()
    found = list(nominations)
    for n in found:
        n.category_name = categories[n.category].name if n.category in categories else n.category
    return found


def _this_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def _reviewer_choices(practice) -> list:
    """Delegates of member cities other than the practice's own, not yet assigned this round."""
    taken = practice.reviews.filter(round=practice.review_round).values("reviewer_id")
    rows = (
        Membership.objects.filter(role=Role.DELEGATE, organisation__member_city__isnull=False)
        .exclude(organisation__member_city=practice.city_id)
        .exclude(user_id__in=taken)
        .select_related("user", "organisation__member_city")
        .order_by("organisation__member_city__name_en", "user__username")
    )
    return [
        (
            m.user.username,
            f"{m.organisation.member_city.name} — {m.user.get_full_name() or m.user.username}",
        )
        for m in rows
    ]


def _form_data(request) -> tuple[dict, list[dict], list[dict]]:
    form = PracticeForm(request.POST)
    form.is_valid()  # fields are all optional strings; the domain validates the values
    data = {name: request.POST.get(name, "") for name in form.fields}
    data["themes"] = request.POST.getlist("themes")
    data["target_groups"] = request.POST.getlist("target_groups")
    partners = partner_rows(request.POST)
    data["partners"] = partners_from(partners)
    results = result_rows_from(request.POST)
    return data, partners, results


def _initial(practice: Practice | None) -> dict:
    if practice is None:
        return {}
    fields = PracticeForm.base_fields
    initial = {
        name: getattr(practice, name, "")
        for name in fields
        if name not in ("themes", "target_groups")
    }
    initial["themes"] = practice.themes
    initial["target_groups"] = practice.target_groups
    return initial


def _result_rows(practice: Practice | None, posted: list[dict] | None) -> list[dict]:
    if posted is not None:
        return posted
    rows = []
    if practice is not None:
        for r in practice.results.filter(group_by="all"):
            rows.append({k: "" if getattr(r, k) is None else getattr(r, k) for k in RESULT_FIELDS})
    return rows + [dict.fromkeys(RESULT_FIELDS, "")] * RESULT_ROWS


def _save(request, practice: Practice | None, city):
    """Validate everything first (the practice and its results, all errors at once), then
    write; nothing is written when anything is wrong."""
    from healthycity.policies.validators import validate_practice

    data, partners, results = _form_data(request)
    errors: dict = {}
    for check, value in ((validate_practice, data), (validate_results, results)):
        try:
            check(value)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        return None, None, (data, partners, results, ValidationError(errors))
    try:
        with transaction.atomic():
            if practice is None:
                practice = domain.create_practice(city=city, by=request.user, data=data)
            else:
                practice = domain.update_practice(practice=practice, by=request.user, data=data)
            _store_results(practice, validate_results(results))
    except NotAllowed as exc:
        return None, denied(request, str(exc)), None
    except ValidationError as exc:
        return None, None, (data, partners, results, exc)
    return practice, None, None


def _store_results(practice: Practice, rows: list[dict]) -> None:
    """The form edits the overall results; group rows (e.g. computed from aid) are kept."""
    kept = [
        {
            f.name: getattr(r, f.name)
            for f in r._meta.fields
            if f.name not in ("id", "practice", "position")
        }
        for r in practice.results.exclude(group_by="all")
    ]
    domain.set_results(practice=practice, rows=[*rows, *kept])


def _form_page(request, practice, city, posted=None, error=None):
    form = PracticeForm(initial=_initial(practice)) if posted is None else PracticeForm(posted[0])
    if error is not None:
        for field, msgs in error.message_dict.items() if hasattr(error, "error_dict") else []:
            if field in form.fields:
                for m in msgs:
                    form.add_error(field, m)
            else:
                for m in msgs:
                    messages.error(request, m)
        if not hasattr(error, "error_dict"):
            _errors(request, error)
    partners = posted[1] if posted else partner_rows(initial=practice.partners if practice else [])
    results = _result_rows(practice, posted[2] if posted else None)
    return render(
        request,
        "policies/practice_form.html",
        {
            "form": form,
            "theme_groups": check_groups(form, "themes"),
            "target_group_groups": check_groups(form, "target_groups"),
            "p": practice,
            "city": city,
            "partners": partners,
            "sectors": SECTORS,
            "results": results,
            "result_count": len(results),
        },
        status=400 if error is not None else 200,
    )


@login_required
def practice_new(request):
    if not request.user.has_perm("policies.add_practice"):
        raise PermissionDenied
    mine = cities_of(request.user)
    city = mine[0] if mine else home_city()
    if city is None:
        return denied(
            request,
            _("The host city (Seoul) is not in the list of member cities yet; add it first."),
            409,
        )
    if request.method == "POST":
        practice, response, posted = _save(request, None, city)
        if response:
            return response
        if practice is None:
            return _form_page(request, None, city, posted[:3], posted[3])
        messages.success(request, _("Draft saved. Submit it for review when it is complete."))
        return redirect("policies:practice", id=practice.external_id)
    return _form_page(request, None, city)


@login_required
def practice_edit(request, id):
    practice = _visible(request, id)
    if not request.user.has_perm("policies.change_practice", practice):
        return denied(
            request,
            _(
                "Only the practice's own city can change it, and only while it is a draft or returned."
            ),
        )
    if request.method == "POST":
        saved, response, posted = _save(request, practice, practice.city)
        if response:
            return response
        if saved is None:
            return _form_page(request, practice, practice.city, posted[:3], posted[3])
        messages.success(request, _("Changes saved."))
        return redirect("policies:practice", id=practice.external_id)
    return _form_page(request, practice, practice.city)


def _on_practice(request, id, fn, success: str, **kwargs):
    """POST actions on one practice: run the domain verb with the practice and the user, then
    back to the practice page (or the error page the verb's NotAllowed asks for)."""
    practice = _visible(request, id)
    _done, response = _act(request, fn, success, practice=practice, by=request.user, **kwargs)
    return response or redirect("policies:practice", id=practice.external_id)


def _back(request, id, message: str):
    messages.error(request, message)
    return redirect("policies:practice", id=id)


@login_required
@require_POST
def practice_submit(request, id):
    success = _("Submitted for review. Officials will assign two reviewers.")
    return _on_practice(request, id, domain.submit_practice, success)


@login_required
@require_POST
def practice_assign(request, id):
    reviewer = user_named(request.POST.get("reviewer", ""))
    if reviewer is None:
        return _back(request, id, _("Choose a reviewer."))
    return _on_practice(
        request, id, review_domain.assign_reviewer, _("Reviewer assigned."), reviewer=reviewer
    )


@login_required
@require_POST
def practice_publish(request, id):
    success = _("Published. Every member city can read it now.")
    note = request.POST.get("note", "")[:2000]
    return _on_practice(request, id, domain.publish_practice, success, note=note)


@login_required
@require_POST
def practice_return(request, id):
    success = _("Returned to the city with your reasons.")
    reason = request.POST.get("reason", "")
    return _on_practice(request, id, domain.return_practice, success, reason=reason)


@login_required
@require_POST
def practice_nominate(request, id):
    form = NominationForm(request.POST)
    if not form.is_valid():
        return _back(request, id, _("Choose an award category and a conference year."))
    return _on_practice(
        request,
        id,
        review_domain.nominate,
        _("Nominated for the award."),
        category=form.cleaned_data["category"],
        year=form.cleaned_data["conference_year"],
        reason=form.cleaned_data["reason"],
    )


@login_required
@require_POST
def practice_link_session(request, id):
    from healthycity.conference.models import Session
    from healthycity.policies.domain.links import link_session

    session = _by_uuid(Session.objects.all(), request.POST.get("session", ""))
    if session is None:
        return _back(request, id, _("Choose a conference session."))
    note = request.POST.get("note", "")[:300]
    success = _("The session is linked; the practice page shows it.")
    return _on_practice(request, id, link_session, success, session=session, note=note)


def _session_choices(practice) -> list:
    from healthycity.conference.models import Session

    taken = practice.presentations.values("session_id")
    return list(
        Session.objects.exclude(pk__in=taken).select_related("event").order_by("starts_at")[:300]
    )


@login_required
@require_POST
def attachment_upload(request, id):
    upload = request.FILES.get("file")
    if upload is None:
        return _back(request, id, _("Choose a file to attach."))
    return _on_practice(request, id, domain.add_attachment, _("File attached."), upload=upload)


@login_required
def attachment_download(request, id, attachment):
    practice = _visible(request, id)
    found = get_object_or_404(practice.attachments, external_id=attachment)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=found.name, content_type=found.content_type
    )


@login_required
def practice_pdf(request, id):
    practice = _visible(request, id)
    url = request.build_absolute_uri(reverse("policies:practice", args=[practice.external_id]))
    pdf = render_pdf(practice, language=get_language() or "ko", url=url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="practice-{practice.external_id}.pdf"'
    return response


@login_required
def practice_jsonld(request, id):
    practice = _visible(request, id)
    url = request.build_absolute_uri(reverse("policies:practice", args=[practice.external_id]))
    body = json.dumps(jsonld(practice, url=url), ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


@login_required
def mine(request):
    """A delegate's city's practices in every state; for officials, the review queue."""
    user = request.user
    if user.has_perm("policies.manage_reviews"):
        qs = practices_visible_to(user).exclude(status=PracticeStatus.DRAFT)
        status = request.GET.get("status", "")
        if status in PracticeStatus.values:
            qs = qs.filter(status=status)
        home = home_city()
        drafts = (
            practices_visible_to(user).filter(status=PracticeStatus.DRAFT, city=home)
            if home
            else Practice.objects.none()
        )
    elif cities_of(user):
        qs = practices_visible_to(user).filter(city__in=cities_of(user))
        status, drafts = "", Practice.objects.none()
    else:
        raise PermissionDenied
    page = Paginator(qs.order_by("-updated_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "policies/mine.html",
        {
            "page": page,
            "drafts": drafts.order_by("-updated_at")[:20],
            "is_official": user.has_perm("policies.manage_reviews"),
            "statuses": PracticeStatus.choices,
            "status": status,
            "reviews": assignments_of(user).order_by("submitted_at", "-created_at")[:50],
        },
    )


@login_required
def review_page(request, id):
    assignment = get_object_or_404(reviews_visible_to(request.user), external_id=id)
    practice = assignment.practice
    is_mine = assignment.reviewer_id == request.user.pk
    if request.method == "POST":
        if not is_mine:
            return denied(request, _("Only the assigned reviewer can submit this review."))
        exclusion = {c.code: request.POST.get(f"ex-{c.code}", "") for c in criteria_of("exclusion")}
        scores = {
            c.code: request.POST.get(f"score-{c.code}", "")
            for c in [*criteria_of("core"), *criteria_of("qualifier")]
        }
        _done, response = _act(
            request,
            review_domain.submit_review,
            _("Review submitted. Thank you."),
            assignment=assignment,
            by=request.user,
            exclusion=exclusion,
            scores=scores,
            comments=request.POST.get("comments", ""),
        )
        if response:
            return response
        return redirect("policies:review", id=assignment.external_id)
    scale = rubric_data()
    return render(
        request,
        "policies/review.html",
        {
            "a": assignment,
            "p": practice,
            "is_mine": is_mine,
            "exclusion": criteria_of("exclusion"),
            "scored": [*criteria_of("core"), *criteria_of("qualifier")],
            "scale": range(int(scale["scale_min"]), int(scale["scale_max"]) + 1),
            "form": ReviewForm(initial={"comments": assignment.comments}),
            "posted": request.POST,
        },
    )


@login_required
def from_aid(request):
    """Officials: pick a support programme; a draft practice with its outcomes is written."""
    from healthycity.aid.queries import programmes_visible_to
    from healthycity.policies.domain.from_aid import draft_from_programme

    if not request.user.has_perm("policies.draft_from_aid"):
        raise PermissionDenied
    programmes = programmes_visible_to(request.user).order_by("-starts_on")
    if request.method == "POST":
        programme = _by_uuid(programmes, request.POST.get("programme", ""))
        if programme is None:
            messages.error(request, _("Choose a programme."))
        else:
            practice, response = _act(
                request,
                draft_from_programme,
                _(
                    "Draft written with the programme's measured outcomes. Check the texts, then submit it."
                ),
                programme=programme,
                by=request.user,
            )
            if response:
                return response
            if practice is not None:
                return redirect("policies:practice", id=practice.external_id)
    return render(request, "policies/from_aid.html", {"programmes": programmes})
