"""Pages after the conference: an attendee's sessions with their feedback and certificate; the
officials' attendance and feedback dashboard; public certificate verification."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from healthycity.conference.afterwards.charts import attendance_chart
from healthycity.conference.afterwards.domain import attendance, certificates, feedback
from healthycity.conference.afterwards.forms import FeedbackForm
from healthycity.conference.afterwards.models import SessionFeedback
from healthycity.conference.exhibition import sources
from healthycity.conference.exhibition.domain.errors import ExhibitionError
from healthycity.conference.exhibition.views.common import (
    event_for,
    managed_event,
    message_page,
)
from healthycity.conference.models import Session


def _registration(request, event):
    registration = sources.registrations_of(request.user, event).first()
    if registration is None:
        raise PermissionDenied
    return registration


@never_cache
@login_required
def mine(request, event):
    event = event_for(request, event)
    registration = sources.registrations_of(request.user, event).first()
    rows, days = [], []
    if registration is not None:
        days = attendance.attended_days(registration)
        rows = feedback.sessions_for(registration)
        for row in rows:
            f = row["feedback"]
            row["form"] = FeedbackForm(
                initial={"rating": f.rating, "comment": f.comment} if f else None,
                prefix=str(row["session"].external_id)[:8],
            )
    return render(
        request,
        "afterwards/mine.html",
        {"event": event, "registration": registration, "rows": rows, "days": days},
    )


@login_required
@require_POST
def rate(request, event, session):
    event = event_for(request, event)
    registration = _registration(request, event)
    session = get_object_or_404(Session, event=event, external_id=session)
    form = FeedbackForm(request.POST, prefix=str(session.external_id)[:8])
    if not form.is_valid():
        messages.error(request, _("Give a rating from 1 to 5."))
        return redirect("afterwards:mine", event=event.slug)
    try:
        feedback.submit_feedback(
            registration=registration,
            session=session,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except ExhibitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you: your feedback is saved."))
    return redirect(f"{reverse('afterwards:mine', args=[event.slug])}#s-{session.external_id}")


def verify_url(request, cert) -> str:
    return request.build_absolute_uri(reverse("afterwards:verify", args=[cert.code]))


@never_cache
@login_required
def my_certificate(request, event):
    event = event_for(request, event)
    registration = _registration(request, event)
    try:
        cert = certificates.issue(registration)
    except ExhibitionError as exc:
        return message_page(request, _("Certificate of attendance"), exc.message, status=409)
    pdf = certificates.certificates_pdf([(cert, verify_url(request, cert))])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{event.slug}.pdf"'
    return response


@never_cache
def verify(request, code):
    cert = certificates.verify(code)
    status = 200 if cert is not None and cert.revoked_at is None else 404
    return render(request, "afterwards/verify.html", {"cert": cert, "code": code}, status=status)


_official = managed_event


@never_cache
@login_required
def dashboard(request, event):
    event = _official(request, event)
    a = attendance.attendance(event)
    return render(
        request,
        "afterwards/dashboard.html",
        {"event": event, "a": a, "chart": attendance_chart(a)},
    )


@never_cache
@login_required
def comments(request, event, session):
    event = _official(request, event)
    session = get_object_or_404(Session, event=event, external_id=session)
    rows = SessionFeedback.objects.filter(session=session).order_by("-submitted_at")
    return render(
        request,
        "afterwards/comments.html",
        {"event": event, "session": session, "rows": rows},
    )
