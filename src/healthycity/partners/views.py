"""Pages of the partners app: the product catalogue, partner companies (officials), a partner's
workspace (products, staff), and the ESG impact report (page, PDF, CSV)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from healthycity.accounts import roles
from healthycity.accounts.enums import OrganisationKind
from healthycity.accounts.models import Organisation
from healthycity.feedback.models import Review
from healthycity.feedback.queries import own_reviews
from healthycity.partners.domain import partners as domain
from healthycity.partners.enums import ProductCategory
from healthycity.partners.esg import report as esg
from healthycity.partners.forms import PartnerForm, ProductForm, StaffForm
from healthycity.partners.models import Product
from healthycity.partners.periods import Period


def denied(request, message: str, status: int = 403):
    """An error page that says what was wrong (the generic 403 handler cannot)."""
    title = _("Access denied") if status == 403 else _("Not possible")
    return render(
        request,
        "core/error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )


def _partner(slug: str) -> Organisation:
    return get_object_or_404(Organisation, slug=slug, kind=OrganisationKind.PARTNER)


def _period(request) -> tuple[Period, str]:
    raw = request.GET.get("period", "") or str(timezone.localdate().year)
    try:
        return Period.parse(raw), ""
    except ValidationError as exc:
        return Period(timezone.localdate().year), exc.messages[0]


def catalogue(request):
    products = Product.objects.filter(active=True).select_related("partner")
    partner = request.GET.get("partner", "")
    category = request.GET.get("category", "")
    if partner:
        products = products.filter(partner__slug=partner)
    if category in ProductCategory.values:
        products = products.filter(category=category)
    page = Paginator(products, 24).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/catalogue.html",
        {
            "page": page,
            "partners": domain.partners(),
            "categories": ProductCategory.choices,
            "partner": partner,
            "category": category,
        },
    )


def product_detail(request, id):
    product = get_object_or_404(Product.objects.select_related("partner"), external_id=id)
    reviews = (
        Review.objects.public()
        .filter(product=product)
        .prefetch_related("replies", "history")
        .order_by("-submitted_at", "-id")
    )
    page = Paginator(reviews, 20).get_page(request.GET.get("page"))
    mine = own_reviews(request.user).filter(product=product, withdrawn_at__isnull=True)
    return render(
        request,
        "partners/product_detail.html",
        {
            "product": product,
            "page": page,
            "mine": mine,
            "can_review": request.user.has_perm("feedback.write_review"),
            "can_change": request.user.has_perm("partners.change_product", product),
            "can_dashboard": request.user.has_perm("feedback.view_dashboard", product),
        },
    )


@login_required
def my_company(request):
    """Partner staff land on their company's workspace."""
    orgs = roles.partner_organisations_of(request.user)
    if not orgs:
        raise PermissionDenied
    return redirect("partners:partner", slug=orgs[0].slug)


@login_required
def partner_list(request):
    if not request.user.has_perm("partners.list_partners"):
        raise PermissionDenied
    form = PartnerForm(request.POST or None)
    if (
        request.method == "POST"
        and request.user.has_perm("partners.add_partner")
        and form.is_valid()
    ):
        org = domain.add_partner(**form.cleaned_data)
        messages.success(request, _("Partner company added."))
        return redirect("partners:partner", slug=org.slug)
    return render(
        request, "partners/partner_list.html", {"partners": domain.partners(), "form": form}
    )


@login_required
def partner_detail(request, slug):
    partner = _partner(slug)
    if not request.user.has_perm("partners.view_partner", partner):
        raise PermissionDenied
    can_staff = request.user.has_perm("partners.manage_staff", partner)
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "products": partner.products.all(),
            "staff": domain.staff_of(partner) if can_staff else [],
            "can_staff": can_staff,
            "staff_form": StaffForm(),
            "year": timezone.localdate().year,
        },
    )


@login_required
def add_staff(request, slug):
    partner = _partner(slug)
    if not request.user.has_perm("partners.manage_staff", partner):
        raise PermissionDenied
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        domain.add_staff(partner=partner, **form.cleaned_data)
        messages.success(
            request, _("Staff account created. Give the person their initial password in person.")
        )
        return redirect("partners:partner", slug=partner.slug)
    return render(request, "partners/staff_form.html", {"partner": partner, "form": form})


@login_required
def product_new(request, slug):
    partner = _partner(slug)
    if not request.user.has_perm("partners.add_product", partner):
        raise PermissionDenied
    form = ProductForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        product = form.save(commit=False)
        product.partner = partner
        product.save()
        messages.success(request, _("Product added."))
        return redirect("partners:product", id=product.external_id)
    return render(request, "partners/product_form.html", {"partner": partner, "form": form})


@login_required
def product_edit(request, id):
    product = get_object_or_404(Product.objects.select_related("partner"), external_id=id)
    if not request.user.has_perm("partners.change_product", product):
        return denied(request, _("You can change only your own company's products."))
    form = ProductForm(request.POST or None, request.FILES or None, instance=product)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Product saved."))
        return redirect("partners:product", id=product.external_id)
    return render(
        request,
        "partners/product_form.html",
        {"partner": product.partner, "form": form, "product": product},
    )


def _report_for(request, slug):
    partner = _partner(slug)
    if not request.user.has_perm("partners.view_report", partner):
        raise PermissionDenied
    period, error = _period(request)
    return partner, period, error


@login_required
def report(request, slug):
    partner, period, error = _report_for(request, slug)
    if error:
        messages.error(request, error)
    data = esg.build_report(partner, period)
    return render(
        request, "partners/report.html", {"report": data, "partner": partner, "period": period}
    )


@login_required
@require_POST
def report_pdf(request, slug):
    """The PDF is rendered by a background job; its page offers the file when it is ready."""
    partner, period, error = _report_for(request, slug)
    if error:
        return denied(request, error, status=400)
    from healthycity.jobs import enqueue

    job = enqueue(
        "partners.esg_pdf",
        owner=request.user,
        params={"partner": partner.slug, "period": str(period)},
    )
    return redirect("jobs:detail", id=job.external_id)


@login_required
def report_csv(request, slug):
    partner, period, error = _report_for(request, slug)
    if error:
        return denied(request, error, status=400)
    body = esg.as_csv(esg.build_report(partner, period))
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="esg-{partner.slug}-{period}.csv"'
    return response
