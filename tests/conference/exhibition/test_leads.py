"""Lead retrieval: a scan without consent is an anonymous visit; with consent the exhibitor
sees only the fields the visitor chose, until the visitor withdraws."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from healthycity.conference.enums import RegistrationStatus
from healthycity.conference.exhibition.domain import leads
from healthycity.conference.exhibition.domain.errors import BoothClosed, ExhibitionError
from healthycity.conference.exhibition.enums import ScanResult
from healthycity.conference.exhibition.models import BoothVisit
from tests.conference.exhibition.factories import ticket_for
from tests.conference.factories import EventFactory

pytestmark = pytest.mark.django_db


def scan(expo, ticket, exhibitor=None, **kw):
    exhibitor = exhibitor or expo.inbody
    return leads.record_visit(
        exhibitor=exhibitor, payload=ticket.qr_payload, by=expo.inbody_staff, **kw
    )


def test_scan_without_consent_records_an_anonymous_visit(expo):
    outcome = scan(expo, expo.citizen_ticket)
    assert outcome.result == ScanResult.VISIT
    assert outcome.lead is None
    visit = BoothVisit.objects.get()
    assert visit.category_kind == "citizen"
    assert visit.booth is None  # the desk names no booth (the station does)
    # nothing in the visit points to the registration or the person
    stored = {f.name: getattr(visit, f.attname, None) for f in BoothVisit._meta.concrete_fields}
    text = " ".join(str(v) for v in stored.values())
    assert str(expo.citizen_ticket.registration.pk) not in stored.values()
    assert "김민지" not in text and expo.citizen_ticket.secret not in text
    assert leads.leads_of(expo.inbody) == []


def test_scan_with_consent_shows_only_the_chosen_fields(expo):
    registration = expo.citizen_ticket.registration
    leads.share_contact(registration=registration, exhibitor=expo.inbody, fields=["name", "email"])
    outcome = scan(expo, expo.citizen_ticket)
    assert outcome.result == ScanResult.LEAD
    assert outcome.lead.fields == {"name": "김민지", "email": "minji@example.org"}
    [lead] = leads.leads_of(expo.inbody)
    assert lead.fields == {"name": "김민지", "email": "minji@example.org"}
    assert lead.visits == 1


def test_consent_to_one_exhibitor_is_not_a_lead_for_another(expo):
    registration = expo.citizen_ticket.registration
    leads.share_contact(registration=registration, exhibitor=expo.yuhan, fields=["name"])
    outcome = scan(expo, expo.citizen_ticket)  # at InBody
    assert outcome.result == ScanResult.VISIT
    assert leads.leads_of(expo.inbody) == []
    assert leads.leads_of(expo.yuhan) == []  # consent, but no visit at Yuhan


def test_consent_given_after_the_scan_turns_the_visit_into_a_lead(expo):
    scan(expo, expo.citizen_ticket)
    leads.share_contact(
        registration=expo.citizen_ticket.registration, exhibitor=expo.inbody, fields=["phone"]
    )
    [lead] = leads.leads_of(expo.inbody)
    assert lead.fields == {"phone": "010-1234-5678"}


def test_withdrawal_hides_the_lead_at_once(expo):
    registration = expo.citizen_ticket.registration
    leads.share_contact(registration=registration, exhibitor=expo.inbody, fields=["name"])
    scan(expo, expo.citizen_ticket)
    assert len(leads.leads_of(expo.inbody)) == 1
    assert leads.withdraw_contact(registration=registration, exhibitor=expo.inbody) == 1
    assert leads.leads_of(expo.inbody) == []
    again = scan(expo, expo.citizen_ticket)
    assert again.result == ScanResult.VISIT and again.lead is None
    assert BoothVisit.objects.count() == 2  # the visits stay, anonymous


def test_sharing_again_replaces_the_choice_and_keeps_history(expo):
    registration = expo.citizen_ticket.registration
    leads.share_contact(registration=registration, exhibitor=expo.inbody, fields=["name", "phone"])
    leads.share_contact(registration=registration, exhibitor=expo.inbody, fields=["email"])
    scan(expo, expo.citizen_ticket)
    [lead] = leads.leads_of(expo.inbody)
    assert lead.fields == {"email": "minji@example.org"}
    assert registration.lead_consents.count() == 2


def test_sharing_nothing_is_refused(expo):
    with pytest.raises(ExhibitionError):
        leads.share_contact(
            registration=expo.citizen_ticket.registration,
            exhibitor=expo.inbody,
            fields=["shoe size"],
        )


def test_unknown_cancelled_and_foreign_tickets_record_nothing(expo):
    assert (
        leads.record_visit(
            exhibitor=expo.inbody, payload="NOT-A-TICKET", by=expo.inbody_staff
        ).result
        == ScanResult.UNKNOWN
    )
    cancelled = ticket_for(event=expo.event, status=RegistrationStatus.CANCELLED)
    assert scan(expo, cancelled).result == ScanResult.CANCELLED
    other_event = EventFactory(starts_on=expo.event.starts_on, ends_on=expo.event.ends_on)
    foreign = ticket_for(event=other_event)
    assert scan(expo, foreign).result == ScanResult.WRONG_EVENT
    assert BoothVisit.objects.count() == 0


def test_a_typed_code_with_hyphens_and_lower_case_is_found(expo):
    typed = expo.citizen_ticket.display_code.lower()
    outcome = leads.record_visit(exhibitor=expo.inbody, payload=typed, by=expo.inbody_staff)
    assert outcome.result == ScanResult.VISIT


def test_the_same_nonce_records_once_and_answers_the_same(expo):
    leads.share_contact(
        registration=expo.citizen_ticket.registration, exhibitor=expo.inbody, fields=["name"]
    )
    first = scan(expo, expo.citizen_ticket, nonce="n-1")
    again = scan(expo, expo.citizen_ticket, nonce="n-1")
    assert BoothVisit.objects.count() == 1
    assert again.replayed and again.visit.pk == first.visit.pk
    assert again.result == first.result == ScanResult.LEAD


def test_booths_record_nothing_after_the_event(expo):
    expo.event.starts_on = timezone.localdate() - dt.timedelta(days=10)
    expo.event.ends_on = timezone.localdate() - dt.timedelta(days=8)
    expo.event.save()
    with pytest.raises(BoothClosed):
        scan(expo, expo.citizen_ticket)
    assert BoothVisit.objects.count() == 0


def test_a_scan_dated_in_the_future_is_refused(expo):
    with pytest.raises(ExhibitionError):
        scan(expo, expo.citizen_ticket, scanned_at=timezone.now() + dt.timedelta(hours=2))
