"""Pages of the aid app. Thin: permission, role-scoped query, domain call, template."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from healthycity.accounts import roles
from healthycity.aid import queries
from healthycity.aid.domain import allocation as alloc_domain
from healthycity.aid.domain import stock as stock_domain
from healthycity.aid.domain.distribution import hand_over
from healthycity.aid.domain.enrolment import enrol, exit_enrolment
from healthycity.aid.domain.programmes import (
    approve_cycle,
    open_cycle,
    set_benefit_item,
    update_rule,
)
from healthycity.aid.eligibility.attributes import ATTRIBUTES
from healthycity.aid.eligibility.service import candidates
from healthycity.aid.enums import AllocationStatus, EnrolmentStatus
from healthycity.aid.forms import ExitForm, LotForm, ProgrammeForm, RuleForm, TransferForm
from healthycity.aid.models import (
    AllocatedEnrolment,
    Allocation,
    Cycle,
    DonationLot,
    HandOver,
    Location,
    StockBalance,
)
from healthycity.citizens.queries import citizens_visible_to
from healthycity.core.audit import log_access_many
from healthycity.partners.models import Product


def _need(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _programme(request, pk):
    return get_object_or_404(queries.programmes_visible_to(request.user), external_id=pk)


def _error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def programme_list(request):
    _need(request, "aid.view_programmes")
    programmes = queries.programmes_visible_to(request.user).annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED))
    )
    return render(request, "aid/programme_list.html", {"programmes": programmes})


@login_required
def programme_edit(request, pk=None):
    _need(request, "aid.manage_programme")
    programme = _programme(request, pk) if pk else None
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.created_by = saved.created_by or request.user
        saved.target_indicators = form.cleaned_data["target_indicators"]
        saved.save()
        form.save_m2m()
        messages.success(request, _("Programme saved."))
        return redirect("aid:programme", pk=saved.external_id)
    return render(request, "aid/programme_form.html", {"form": form, "programme": programme})


@login_required
def programme_detail(request, pk):
    _need(request, "aid.view_programmes")
    programme = _programme(request, pk)
    centre_ids = roles.centre_ids_of(request.user)
    enrolments = queries.enrolments_visible_to(request.user).filter(programme=programme)
    context = {
        "programme": programme,
        "items": programme.items.select_related("product"),
        "cycles": _cycles_with_counts(request.user, programme),
        "enrolled": enrolments.filter(status=EnrolmentStatus.ENROLLED).count(),
        "my_centres": centre_ids,
        "can_manage": request.user.has_perm("aid.manage_programme"),
        "products": Product.objects.filter(active=True).select_related("partner"),
        "chart": _outcome_chart(request, programme),
    }
    return render(request, "aid/programme_detail.html", context)


def _cycles_with_counts(user, programme) -> list:
    """Cycles with the hand-overs the user may see (a worker: their centre's only)."""
    counts = dict(
        queries.handovers_visible_to(user)
        .filter(cycle__programme=programme)
        .values_list("cycle_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    cycles = list(programme.cycles.prefetch_related("allocations"))
    for cycle in cycles:
        cycle.n_handovers = counts.get(cycle.pk, 0)
    return cycles


def _outcome_chart(request, programme) -> str:
    if not request.user.has_perm("aid.view_outcomes") or not programme.target_indicators:
        return ""
    from healthycity.aid.charts import outcome_chart

    return outcome_chart(queries.programme_outcomes(programme, suppress=True))


@login_required
def rule_edit(request, pk):
    _need(request, "aid.manage_programme")
    programme = _programme(request, pk)
    form = RuleForm(request.POST or None, initial={"rule": programme.rule})
    if request.method == "POST" and form.is_valid():
        update_rule(programme=programme, rule=form.cleaned_data["rule"])
        messages.success(request, _("Rule saved."))
        return redirect("aid:programme", pk=programme.external_id)
    return render(
        request,
        "aid/rule_form.html",
        {"form": form, "programme": programme, "attributes": ATTRIBUTES.values()},
    )


@login_required
def candidate_list(request, pk):
    _need(request, "aid.view_candidates")
    programme = _programme(request, pk)
    base = citizens_visible_to(request.user).filter(welfare_centre__in=programme.centres.all())
    query = request.GET.get("q", "").strip()
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        base = base.filter(
            Q(identity__phone__endswith=digits) if len(digits) >= 4 else Q(identity__name=query)
        )
    found = candidates(programme, base).select_related("identity")
    enrolled = set(
        programme.enrolments.filter(status=EnrolmentStatus.ENROLLED).values_list(
            "citizen_id", flat=True
        )
    )
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    log_access_many(
        actor=request.user,
        citizens=page.object_list,
        action="aid candidates",
        purpose="aid eligibility",
        path=request.path,
    )
    return render(
        request,
        "aid/candidates.html",
        {"programme": programme, "page": page, "enrolled": enrolled, "q": query},
    )


@login_required
@require_POST
def enrol_view(request, pk):
    _need(request, "aid.enrol")
    programme = _programme(request, pk)
    citizen = (
        citizens_visible_to(request.user).filter(external_id=request.POST.get("citizen")).first()
    )
    if citizen is None:
        messages.error(
            request,
            _("This citizen belongs to another welfare centre; only that centre can enrol them."),
        )
    else:
        try:
            enrol(programme=programme, citizen=citizen, by=request.user)
            messages.success(request, _("Enrolled."))
        except ValidationError as exc:
            _error(request, exc)
    return redirect("aid:candidates", pk=programme.external_id)


@login_required
def enrolment_list(request, pk):
    _need(request, "aid.view_candidates")
    programme = _programme(request, pk)
    enrolments = queries.enrolments_visible_to(request.user).filter(programme=programme)
    page = Paginator(enrolments.order_by("status", "-need_score", "id"), 50).get_page(
        request.GET.get("page")
    )
    log_access_many(
        actor=request.user,
        citizens=[e.citizen for e in page.object_list],
        action="aid enrolments",
        purpose="aid enrolment",
        path=request.path,
    )
    return render(
        request,
        "aid/enrolments.html",
        {"programme": programme, "page": page, "exit_form": ExitForm()},
    )


@login_required
@require_POST
def exit_view(request, pk):
    _need(request, "aid.enrol")
    enrolment = get_object_or_404(queries.enrolments_visible_to(request.user), external_id=pk)
    form = ExitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason for ending the enrolment."))
    else:
        try:
            exit_enrolment(
                enrolment=enrolment,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
            messages.success(request, _("Enrolment ended."))
        except ValidationError as exc:
            _error(request, exc)
    return redirect("aid:enrolments", pk=enrolment.programme.external_id)


@login_required
@require_POST
def item_set(request, pk):
    """Add or change a benefit item (product × units per person per cycle)."""
    _need(request, "aid.manage_programme")
    programme = _programme(request, pk)
    product = Product.objects.filter(external_id=request.POST.get("product")).first()
    if product is None:
        messages.error(request, _("Choose a product."))
        return redirect("aid:programme", pk=programme.external_id)
    raw = request.POST.get("quantity", "")
    try:
        set_benefit_item(
            programme=programme,
            product=product,
            quantity=int(raw) if raw.strip().lstrip("-").isdigit() else raw,
        )
        messages.success(request, _("Benefit saved."))
    except ValidationError as exc:
        _error(request, exc)
    return redirect("aid:programme", pk=programme.external_id)


@login_required
@require_POST
def cycle_create(request, pk):
    _need(request, "aid.manage_programme")
    programme = _programme(request, pk)
    last = programme.cycles.order_by("-number").first()
    from datetime import timedelta

    starts = (last.ends_on + timedelta(days=1)) if last else programme.starts_on
    open_cycle(programme=programme, starts_on=starts, ends_on=starts + timedelta(days=29))
    messages.success(request, _("Cycle opened."))
    return redirect("aid:programme", pk=programme.external_id)


@login_required
@require_POST
def cycle_approve(request, pk):
    _need(request, "aid.approve")
    cycle = get_object_or_404(Cycle, external_id=pk)
    try:
        approve_cycle(cycle=cycle, by=request.user)
        messages.success(request, _("Cycle approved."))
    except ValidationError as exc:
        _error(request, exc)
    return redirect("aid:programme", pk=cycle.programme.external_id)


@login_required
@require_POST
def allocate_view(request, pk):
    """The solve runs as a background job (HiGHS may take minutes); its page links to the
    allocation when it is ready."""
    _need(request, "aid.manage_programme")
    cycle = get_object_or_404(Cycle, external_id=pk)
    from healthycity.jobs import enqueue

    job = enqueue("aid.allocate", owner=request.user, params={"cycle": str(cycle.external_id)})
    return redirect("jobs:detail", id=job.external_id)


@login_required
def allocation_detail(request, pk):
    _need(request, "aid.manage_programme")
    allocation = get_object_or_404(Allocation.objects.select_related("cycle"), external_id=pk)
    if request.method == "POST":
        try:
            alloc_domain.approve_allocation(allocation=allocation, by=request.user)
            messages.success(request, _("Allocation approved; hand-overs may start."))
        except ValidationError as exc:
            _error(request, exc)
        return redirect("aid:allocation", pk=pk)
    return render(
        request, "aid/allocation.html", {"allocation": allocation, "s": allocation.summary}
    )


@login_required
def donations(request):
    _need(request, "aid.view_lots")
    partners = roles.partner_organisations_of(request.user)
    form = None
    if request.user.has_perm("aid.register_donation"):
        form = LotForm(request.POST or None, partners=partners)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                stock_domain.register_lot(
                    partner=data["product"].partner,
                    product=data["product"],
                    quantity=data["quantity"],
                    lot_number=data["lot_number"],
                    expires_on=data["expires_on"],
                    deliver_to=data["deliver_to"],
                    programme=data["programme"],
                    by=request.user,
                )
                messages.success(request, _("Donation registered. Thank you."))
                return redirect("aid:donations")
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
    lots = queries.lots_visible_to(request.user).order_by("-created_at")
    page = Paginator(lots, 50).get_page(request.GET.get("page"))
    return render(request, "aid/donations.html", {"form": form, "page": page})


@login_required
@require_POST
def receive_view(request, pk):
    _need(request, "aid.manage_stock")
    lot = get_object_or_404(DonationLot, external_id=pk)
    try:
        stock_domain.receive_lot(
            lot=lot, by=request.user, quantity=request.POST.get("quantity") or None
        )
        messages.success(request, _("Lot received into stock."))
    except ValidationError as exc:
        _error(request, exc)
    return redirect("aid:donations")


@login_required
def stock_view(request):
    _need(request, "aid.manage_stock")
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lot = get_object_or_404(DonationLot, external_id=data["lot"])
        try:
            stock_domain.transfer(
                lot=lot,
                source=data["source"],
                destination=data["destination"],
                quantity=data["quantity"],
                by=request.user,
            )
            messages.success(request, _("Transfer recorded."))
            return redirect("aid:stock")
        except ValidationError as exc:
            _error(request, exc)
    balances = (
        StockBalance.objects.filter(quantity__gt=0)
        .select_related("lot__product", "location")
        .order_by("location__kind", "location__code", "lot__expires_on")
    )
    totals = balances.aggregate(n=Sum("quantity"))
    return render(
        request,
        "aid/stock.html",
        {
            "balances": balances,
            "form": form,
            "total": totals["n"] or 0,
            "locations": Location.objects.all(),
            "consistent": not stock_domain.check_stock(),
        },
    )


@login_required
def handover_page(request, pk):
    _need(request, "aid.hand_over")
    cycle = get_object_or_404(Cycle.objects.select_related("programme"), external_id=pk)
    allocation = cycle.allocations.filter(status=AllocationStatus.APPROVED).first()
    visible = queries.enrolments_visible_to(request.user).filter(programme=cycle.programme)
    if request.method == "POST":
        enrolment = get_object_or_404(visible, external_id=request.POST.get("enrolment"))
        lot = get_object_or_404(DonationLot, external_id=request.POST.get("lot"))
        try:
            _entry, created = hand_over(
                cycle=cycle,
                enrolment=enrolment,
                lot=lot,
                # Without a quantity: what is left of the person's entitlement.
                quantity=request.POST.get("quantity") or None,
                by=request.user,
                idempotency_key=request.POST.get("key", ""),
            )
            messages.success(
                request, _("Hand-over recorded.") if created else _("Already recorded.")
            )
        except ValidationError as exc:
            _error(request, exc)
        return redirect("aid:handover", pk=pk)
    people = []
    if allocation is not None:
        ids = AllocatedEnrolment.objects.filter(allocation=allocation).values("enrolment_id")
        people = list(
            visible.filter(pk__in=ids, status=EnrolmentStatus.ENROLLED)
            .select_related("citizen__identity")
            .order_by("-need_score")[:200]
        )
    given = set(HandOver.objects.filter(cycle=cycle).values_list("enrolment_id", "lot__product_id"))
    centre_locations = Location.objects.filter(centre_id__in=roles.centre_ids_of(request.user))
    lots = list(
        StockBalance.objects.filter(
            location__in=centre_locations,
            quantity__gt=0,
            lot__expires_on__gte=timezone.localdate(),
            lot__product__in=cycle.programme.items.values("product"),
        )
        .select_related("lot__product")
        .order_by("lot__expires_on")
    )
    entitled = dict(cycle.programme.items.values_list("product_id", "quantity"))
    for balance in lots:
        balance.entitled = entitled.get(balance.lot.product_id, 1)
    for person in people:
        person.available = [b for b in lots if (person.pk, b.lot.product_id) not in given]
        person.received = sorted(
            {b.lot.product.name for b in lots if (person.pk, b.lot.product_id) in given}
        )
    log_access_many(
        actor=request.user,
        citizens=[p.citizen for p in people],
        action="aid hand-over list",
        purpose="aid distribution",
        path=request.path,
    )
    return render(
        request,
        "aid/handover.html",
        {
            "cycle": cycle,
            "allocation": allocation,
            "people": people,
            "given": given,
            "lots": lots,
            "key": uuid.uuid4(),
        },
    )
