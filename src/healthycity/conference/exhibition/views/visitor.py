"""Pages of visitors: claiming a result slip into their own health record, and their booth
visits with what they share with each exhibitor (and the products they tried)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from healthycity.accounts.roles import citizen_of
from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.queries import has_consent
from healthycity.conference.exhibition import sources
from healthycity.conference.exhibition.domain import leads, stations
from healthycity.conference.exhibition.domain.errors import ClaimError
from healthycity.conference.exhibition.enums import LeadField, MeasurementStatus
from healthycity.conference.exhibition.forms import ClaimForm
from healthycity.conference.exhibition.views.common import event_for, message_page


@never_cache
def claim(request, secret):
    """A phone opens the slip's QR code here. Anyone holding the slip sees its values (they
    are printed on it); only a logged-in citizen can keep them, once."""
    bm = stations.find_slip(secret)
    if bm is None:
        return message_page(
            request,
            _("Unknown result slip"),
            _("This claim code is not known. Check the code on your slip."),
            status=404,
        )
    if bm.status != MeasurementStatus.SLIP or bm.claim_expires_at < timezone.now():
        if bm.status == MeasurementStatus.SLIP:
            stations.expire_slips()
        text = {
            MeasurementStatus.CLAIMED: _("This result has already been claimed."),
            MeasurementStatus.FILED: _("This result is already in a health record."),
        }.get(
            bm.status,
            _("This result slip has expired; its values were deleted after %(days)s days.")
            % {"days": stations.CLAIM_DAYS},
        )
        return message_page(request, _("Result slip"), text, status=410)
    citizen = citizen_of(request.user) if request.user.is_authenticated else None
    needs_consent = citizen is not None and not has_consent(citizen, ConsentPurpose.CARE)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and request.user.is_authenticated and form.is_valid():
        try:
            stations.claim(
                secret=secret,
                user=request.user,
                consent_care=form.cleaned_data["consent_care"],
            )
        except ClaimError as exc:
            form.add_error(exc.field or None, exc.message)
        else:
            messages.success(request, _("The result is now in your health record."))
            return redirect("health:my_health")
    return render(
        request,
        "exhibition/claim.html",
        {
            "bm": bm,
            "event": bm.booth.event,
            "rows": stations.slip_rows(bm.values),
            "form": form,
            "citizen": citizen,
            "needs_consent": needs_consent,
        },
    )


@never_cache
@login_required
def mine(request, event):
    event = event_for(request, event)
    registration = sources.registrations_of(request.user, event).first()
    visits = leads.visits_of(registration) if registration else []
    return render(
        request,
        "exhibition/mine.html",
        {
            "event": event,
            "registration": registration,
            "visits": visits,
            "labels": dict(LeadField.choices),
        },
    )
