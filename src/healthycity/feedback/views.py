"""Pages of the feedback app: a citizen's reviews, the partner inbox with replies and status,
the moderation queue (officials) and the partner dashboards."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from healthycity.accounts import roles
from healthycity.feedback.analysis import dashboard as dash
from healthycity.feedback.context import context_tables
from healthycity.feedback.domain import reviews as domain
from healthycity.feedback.domain.errors import NotYourProduct
from healthycity.feedback.enums import FeedbackStatus, allowed_next
from healthycity.feedback.forms import ModerationForm, ReplyForm, ReviewForm, StatusForm
from healthycity.feedback.models import Review
from healthycity.feedback.queries import held_for_moderation, own_reviews, reviews_visible_to
from healthycity.partners.models import Product
from healthycity.partners.views import _partner, _period, denied


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_POST
def review_new(request, product):
    product = get_object_or_404(Product, external_id=product, active=True)
    citizen = roles.citizen_of(request.user)
    if citizen is None or not request.user.has_perm("feedback.write_review"):
        return denied(request, _("Only citizens can review products."))
    try:
        review = domain.submit_review(
            citizen=citizen,
            product=product,
            rating=request.POST.get("rating"),
            text=request.POST.get("text", ""),
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("partners:product", id=product.external_id)
    _say_checked(request, review)
    return redirect("feedback:mine")


def _say_checked(request, review: Review) -> None:
    if review.masked:
        messages.warning(
            request,
            _("We hid personal data in your review (phone numbers, registration numbers, e-mail)."),
        )
    if review.moderation == "held":
        messages.warning(request, _("Your review is waiting for a moderator before it is public."))
    else:
        messages.success(request, _("Thank you. Your review is public."))


@login_required
def mine(request):
    if roles.citizen_of(request.user) is None:
        raise PermissionDenied
    reviews = (
        own_reviews(request.user).prefetch_related("history", "replies").order_by("-submitted_at")
    )
    page = Paginator(reviews, 20).get_page(request.GET.get("page"))
    return render(request, "feedback/mine.html", {"page": page})


def _own(request, id) -> Review:
    review = get_object_or_404(own_reviews(request.user), external_id=id)
    return review


@login_required
def review_edit(request, id):
    review = _own(request, id)
    if review.withdrawn_at is not None:
        return denied(
            request, _("This review was withdrawn; it can no longer be changed."), status=409
        )
    form = ReviewForm(request.POST or None, initial={"rating": review.rating, "text": review.text})
    if request.method == "POST":
        try:
            review = domain.edit_review(
                review=review, rating=request.POST.get("rating"), text=request.POST.get("text", "")
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            _say_checked(request, review)
            return redirect("feedback:mine")
    return render(request, "feedback/review_form.html", {"form": form, "review": review})


@login_required
@require_POST
def review_withdraw(request, id):
    review = _own(request, id)
    try:
        domain.withdraw_review(review=review)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Your review was withdrawn. It is no longer shown or counted."))
    return redirect("feedback:mine")


@login_required
def inbox(request):
    if not request.user.has_perm("feedback.inbox"):
        raise PermissionDenied
    reviews = (
        reviews_visible_to(request.user)
        .filter(withdrawn_at__isnull=True)
        .prefetch_related("replies")
    )
    status = request.GET.get("status", "")
    if status in FeedbackStatus.values:
        reviews = reviews.filter(status=status)
    page = Paginator(reviews.order_by("-submitted_at", "-id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/inbox.html",
        {"page": page, "statuses": FeedbackStatus.choices, "status": status},
    )


def _responding(request, id) -> Review:
    """The review a partner or official acts on: it must be visible to them (partners see only
    public reviews), and about their own product (else 403 with a clear message)."""
    review = (
        Review.objects.select_related("product", "product__partner").filter(external_id=id).first()
    )
    if review is None or not (review.is_public or request.user.has_perm("feedback.moderate")):
        from django.http import Http404

        raise Http404
    return review


@login_required
def review_detail(request, id):
    review = _responding(request, id)
    if not request.user.has_perm("feedback.respond", review):
        return denied(request, str(_not_yours()))
    return render(
        request,
        "feedback/review_detail.html",
        {
            "review": review,
            "reply_form": ReplyForm(),
            "status_form": StatusForm(),
            "next_statuses": [(s.value, s.label) for s in allowed_next(review.status)],
        },
    )


def _not_yours():
    return _("You can reply to and update only feedback on your own company's products.")


@login_required
@require_POST
def reply(request, id):
    review = _responding(request, id)
    try:
        domain.reply_to_review(review=review, by=request.user, text=request.POST.get("text", ""))
    except NotYourProduct as exc:
        return denied(request, str(exc))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Reply published."))
    return redirect("feedback:review", id=review.external_id)


@login_required
@require_POST
def change_status(request, id):
    review = _responding(request, id)
    try:
        domain.change_status(
            review=review,
            to=request.POST.get("status", ""),
            by=request.user,
            note=request.POST.get("note", ""),
        )
    except NotYourProduct as exc:
        return denied(request, str(exc))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Status updated. The citizen sees it now."))
    return redirect("feedback:review", id=review.external_id)


@login_required
def moderation(request):
    if not request.user.has_perm("feedback.moderate"):
        raise PermissionDenied
    page = Paginator(held_for_moderation(), 25).get_page(request.GET.get("page"))
    return render(request, "feedback/moderation.html", {"page": page, "form": ModerationForm()})


@login_required
@require_POST
def moderate(request, id):
    if not request.user.has_perm("feedback.moderate"):
        raise PermissionDenied
    review = get_object_or_404(held_for_moderation(), external_id=id)
    form = ModerationForm(request.POST)
    if form.is_valid():
        domain.moderate_review(
            review=review,
            approve=form.cleaned_data["decision"] == "approve",
            by=request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Decision saved."))
    else:
        messages.error(request, _("Choose whether to make the review public or reject it."))
    return redirect("feedback:moderation")


def _dashboard(request, products, title, partner, *, context=False):
    """The dashboard reads only pre-aggregated rows; the coarse health context (which must honour
    consent as of now, so it cannot be pre-aggregated) is its own page."""
    period, error = _period(request)
    if error:
        messages.error(request, error)
    data = dash.build(products, period)
    return render(
        request,
        "feedback/context.html" if context else "feedback/dashboard.html",
        {
            "data": data,
            "charts": {} if context else dash.charts(data),
            "context_tables": context_tables(products, period)
            if context and data["enough"]
            else [],
            "title": title,
            "partner": partner,
            "period": period,
            "products": products,
        },
    )


@login_required
def product_dashboard(request, id, context=False):
    product = get_object_or_404(Product.objects.select_related("partner"), external_id=id)
    if not request.user.has_perm("feedback.view_dashboard", product):
        raise PermissionDenied
    return _dashboard(request, [product], product.name, product.partner, context=context)


@login_required
def partner_dashboard(request, slug):
    partner = _partner(slug)
    if not request.user.has_perm("partners.view_partner", partner):
        raise PermissionDenied
    return _dashboard(request, list(partner.products.all()), partner.name, partner)
