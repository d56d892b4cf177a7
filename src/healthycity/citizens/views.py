"""Citizen pages: my consents (citizen), and the centre's citizen list (worker, official)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from healthycity.accounts import roles
from healthycity.citizens.domain.consent import grant_consent, withdraw_consent
from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.queries import citizens_visible_to


def _my_citizen(request):
    citizen = roles.citizen_of(request.user)
    if citizen is None:
        raise PermissionDenied
    return citizen


@login_required
def my_consents(request):
    citizen = _my_citizen(request)
    active = {c.purpose: c for c in citizen.consents.active()}
    rows = [
        {"purpose": p.value, "label": p.label, "consent": active.get(p.value)}
        for p in ConsentPurpose
    ]
    history = citizen.consents.all()[:50]
    return render(request, "citizens/my_consents.html", {"rows": rows, "history": history})


@login_required
@require_POST
def change_consent(request):
    citizen = _my_citizen(request)
    purpose = request.POST.get("purpose", "")
    if purpose not in ConsentPurpose.values:
        messages.error(request, _("Unknown consent purpose."))
        return redirect("citizens:my_consents")
    if request.POST.get("action") == "withdraw":
        withdraw_consent(citizen=citizen, purpose=purpose, by=request.user)
        messages.success(request, _("Consent withdrawn. It takes effect now."))
    else:
        grant_consent(citizen=citizen, purpose=purpose, by=request.user)
        messages.success(request, _("Consent given. You can withdraw it at any time."))
    return redirect("citizens:my_consents")


@login_required
def citizen_list(request):
    if not request.user.has_perm("citizens.list_citizens"):
        raise PermissionDenied
    citizens = citizens_visible_to(request.user).order_by(
        "welfare_centre__code", "birth_year", "id"
    )
    band = request.GET.get("income_band", "")
    if band:
        citizens = citizens.filter(income_band=band)
    page = Paginator(citizens, 50).get_page(request.GET.get("page"))
    return render(request, "citizens/list.html", {"page": page, "income_band": band})
