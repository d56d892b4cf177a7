"""Booth measurement stations end to end: a LookinBody export (or a form) becomes the visiting
citizen's own health record through the health import, or a result slip that the citizen
claims once, after logging in and consenting, before it expires."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from healthycity.citizens.domain.consent import grant_consent, withdraw_consent
from healthycity.citizens.enums import ConsentPurpose
from healthycity.conference.exhibition.domain import stations
from healthycity.conference.exhibition.domain.errors import ClaimError, StationError
from healthycity.conference.exhibition.enums import MeasurementStatus
from healthycity.conference.exhibition.models import BoothMeasurement, BoothVisit
from healthycity.core.models import AccessLog
from healthycity.health.enums import Context
from healthycity.health.models import ImportBatch, Measurement
from tests.health.inbody_files import csv_bytes, korean_header, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def now_text(minutes_ago: int = 5) -> str:
    return (timezone.localtime() - dt.timedelta(minutes=minutes_ago)).strftime("%Y.%m.%d %H:%M:%S")


def export(**overrides) -> bytes:
    """A one-sitting LookinBody120 export with the visitor's name and phone in it."""
    return csv_bytes([row(**{"Test Date / Time": now_text(), **overrides})])


def record(expo, data: bytes, *, ticket=None, save=True, by=None):
    result = stations.read_file(io.BytesIO(data))
    return stations.record_measurement(
        booth=expo.inbody_booth,
        by=by or expo.inbody_staff,
        result=result,
        source="file",
        payload=ticket.qr_payload if ticket else "",
        save_to_record=save,
    )


def test_export_of_a_consenting_citizen_is_filed_into_their_record(cast, expo):
    grant_consent(citizen=cast.citizen, purpose=ConsentPurpose.CARE)
    done = record(expo, export(), ticket=expo.citizen_ticket)
    assert done.filed and not done.secret
    m = Measurement.objects.get(citizen=cast.citizen)
    assert m.weight_kg == 61.5 and m.smm_kg == 21.3 and m.vfl == 9
    assert m.context == Context.CONFERENCE
    assert "A-01" in m.place and m.recorded_by == expo.inbody_staff
    assert m.batch is not None and m.batch.kind == "inbody"
    bm = done.measurement
    assert bm.status == MeasurementStatus.FILED and bm.measurement == m
    assert bm.values == {}  # nothing of the values stays at the booth
    log = AccessLog.objects.get(citizen=cast.citizen)
    assert log.actor == expo.inbody_staff and log.action == stations.ACTION
    assert BoothVisit.objects.filter(exhibitor=expo.inbody).count() == 1


def test_nothing_of_the_name_or_phone_in_the_file_is_kept(cast, expo):
    done = record(expo, export(), ticket=expo.citizen_ticket)
    stored = str(BoothMeasurement.objects.filter(pk=done.measurement.pk).values().get())
    assert "김민지" not in stored and "1234-5678" not in stored and "01012345678" not in stored


def test_without_care_consent_the_result_becomes_a_slip(cast, expo):
    done = record(expo, export(), ticket=expo.citizen_ticket)
    assert not done.filed and done.secret
    assert "care" in done.why_slip.lower() or "동의" in done.why_slip
    assert not Measurement.objects.exists()
    bm = done.measurement
    assert bm.status == MeasurementStatus.SLIP and bm.values["weight_kg"] == 61.5
    assert done.secret not in bm.claim_hash  # only the hash is stored
    assert bm.claim_expires_at > timezone.now() + dt.timedelta(days=29)


def test_a_walk_in_without_ticket_gets_a_slip_and_claims_it(cast, expo):
    done = record(expo, export(), ticket=None)
    assert done.secret and not BoothVisit.objects.exists()
    with pytest.raises(ClaimError):  # no care consent yet, and not ticked
        stations.claim(secret=done.secret, user=cast.citizen_user)
    bm = stations.claim(secret=done.secret, user=cast.citizen_user, consent_care=True)
    assert bm.status == MeasurementStatus.CLAIMED and bm.values == {}
    m = Measurement.objects.get(citizen=cast.citizen)
    assert m.weight_kg == 61.5 and m.context == Context.CONFERENCE
    assert m.recorded_by == cast.citizen_user
    assert cast.citizen.consents.active().filter(purpose="care").exists()
    # claimed once
    with pytest.raises(ClaimError):
        stations.claim(secret=done.secret, user=cast.other_citizen_user, consent_care=True)
    assert not Measurement.objects.filter(citizen=cast.other_citizen).exists()


def test_an_expired_slip_cannot_be_claimed_and_its_values_are_erased(cast, expo):
    done = record(expo, export(), ticket=None)
    BoothMeasurement.objects.filter(pk=done.measurement.pk).update(
        claim_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(ClaimError):
        stations.claim(secret=done.secret, user=cast.citizen_user, consent_care=True)
    bm = BoothMeasurement.objects.get(pk=done.measurement.pk)
    assert bm.status == MeasurementStatus.EXPIRED and bm.values == {}
    assert not Measurement.objects.exists()


def test_expire_slips_erases_only_overdue_slips(cast, expo):
    old = record(expo, export(**{"Test Date / Time": now_text(30)}), ticket=None)
    fresh = record(expo, export(), ticket=None)
    BoothMeasurement.objects.filter(pk=old.measurement.pk).update(
        claim_expires_at=timezone.now() - dt.timedelta(days=1)
    )
    assert stations.expire_slips() == 1
    assert BoothMeasurement.objects.get(pk=old.measurement.pk).values == {}
    assert BoothMeasurement.objects.get(pk=fresh.measurement.pk).values["weight_kg"] == 61.5


def test_a_guessed_or_mistyped_secret_claims_nothing(cast, expo):
    done = record(expo, export(), ticket=None)
    for wrong in ("", "x" * 200, done.secret[:-1] + ("A" if done.secret[-1] != "A" else "B")):
        with pytest.raises(ClaimError):
            stations.claim(secret=wrong, user=cast.citizen_user, consent_care=True)
    assert BoothMeasurement.objects.get(pk=done.measurement.pk).status == MeasurementStatus.SLIP


def test_a_login_without_citizen_record_cannot_claim(cast, expo):
    done = record(expo, export(), ticket=None)
    with pytest.raises(ClaimError):
        stations.claim(secret=done.secret, user=cast.partner, consent_care=True)
    assert BoothMeasurement.objects.get(pk=done.measurement.pk).status == MeasurementStatus.SLIP


def test_a_reissued_slip_replaces_the_old_secret(cast, expo):
    done = record(expo, export(), ticket=None)
    new = stations.reissue_slip(measurement=done.measurement)
    with pytest.raises(ClaimError):
        stations.claim(secret=done.secret, user=cast.citizen_user, consent_care=True)
    stations.claim(secret=new, user=cast.citizen_user, consent_care=True)
    assert Measurement.objects.filter(citizen=cast.citizen).count() == 1


def test_consent_withdrawn_before_the_booth_means_a_slip(cast, expo):
    grant_consent(citizen=cast.citizen, purpose=ConsentPurpose.CARE)
    withdraw_consent(citizen=cast.citizen, purpose=ConsentPurpose.CARE)
    done = record(expo, export(), ticket=expo.citizen_ticket)
    assert not done.filed and not Measurement.objects.exists()


def test_a_delegate_without_citizen_record_gets_a_slip(cast, expo):
    done = record(expo, export(), ticket=expo.delegate_ticket)
    assert done.secret and BoothVisit.objects.get().category_kind == "delegate"


def test_the_station_records_a_visit_not_a_measurement_for_a_cancelled_ticket(cast, expo):
    registration = expo.other_ticket.registration
    registration.status = "cancelled"
    registration.save()
    with pytest.raises(StationError):
        record(expo, export(), ticket=expo.other_ticket)
    assert not BoothMeasurement.objects.exists() and not BoothVisit.objects.exists()


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (csv_bytes([row(**{"Test Date / Time": now_text(), "Weight": "abc"})]), "abc"),
        (csv_bytes([row(**{"Test Date / Time": now_text(), "Weight": "900"})]), "900"),
        (csv_bytes([row(**{"Test Date / Time": "2025.03.15 14:22:10"})]), "2025-03-15"),
        (csv_bytes([row(**{"Test Date / Time": now_text()})] * 3), "3"),
        (csv_bytes([]), ""),
        (b"\x00\x01 not a table at all", ""),
    ],
    ids=["text", "implausible", "outside-event", "three-sittings", "empty", "garbage"],
)
def test_bad_files_are_refused_with_a_reason_and_record_nothing(cast, expo, data, needle):
    grant_consent(citizen=cast.citizen, purpose=ConsentPurpose.CARE)
    with pytest.raises(StationError) as caught:
        record(expo, data, ticket=expo.citizen_ticket)
    assert caught.value.message and needle in caught.value.message
    assert not BoothMeasurement.objects.exists() and not BoothVisit.objects.exists()
    assert not Measurement.objects.exists()


def test_xlsx_cp949_and_korean_labels_are_read(cast, expo):
    grant_consent(citizen=cast.citizen, purpose=ConsentPurpose.CARE)
    xlsx = xlsx_bytes([row(**{"Test Date / Time": now_text(20)})])
    assert record(expo, xlsx, ticket=expo.citizen_ticket).filed
    header = korean_header()
    korean = csv_bytes(
        [row(**{"Test Date / Time": now_text(10), "Weight": "62.0"})],
        encoding="cp949",
        header=header,
    )
    assert record(expo, korean, ticket=expo.citizen_ticket).filed
    assert sorted(Measurement.objects.values_list("weight_kg", flat=True)) == [61.5, 62.0]


def test_a_form_goes_through_the_same_validation(cast, expo):
    grant_consent(citizen=cast.citizen, purpose=ConsentPurpose.CARE)
    taken = timezone.now() - dt.timedelta(minutes=3)
    result = stations.read_form(
        taken_at=taken, values={"weight_kg": 70.2, "systolic_mmhg": 128, "diastolic_mmhg": 82}
    )
    done = stations.record_measurement(
        booth=expo.inbody_booth,
        by=expo.inbody_staff,
        result=result,
        source="form",
        payload=expo.citizen_ticket.qr_payload,
        save_to_record=True,
    )
    m = Measurement.objects.get(citizen=cast.citizen)
    assert done.filed and m.weight_kg == 70.2 and m.systolic_mmhg == 128
    with pytest.raises(StationError):
        stations.read_form(taken_at=taken, values={"weight_kg": 7000})


def test_the_same_sitting_filed_twice_is_one_record(cast, expo):
    grant_consent(citizen=cast.citizen, purpose=ConsentPurpose.CARE)
    data = export()
    record(expo, data, ticket=expo.citizen_ticket)
    record(expo, data, ticket=expo.citizen_ticket)
    assert Measurement.objects.filter(citizen=cast.citizen).count() == 1
    assert ImportBatch.objects.count() == 2


def test_a_booth_without_station_refuses(cast, expo):
    result = stations.read_file(io.BytesIO(export()))
    with pytest.raises(StationError):
        stations.record_measurement(
            booth=expo.clinic_booth, by=expo.inbody_staff, result=result, source="file"
        )
