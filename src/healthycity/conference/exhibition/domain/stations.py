"""Booth measurement stations: a body-composition analyser's result, from a LookinBody export
or a form, becomes the visitor's own health record — or a result slip to claim later.

Both inputs go through the health app's import code, not around it: the station writes the
sitting as a one-row LookinBody CSV with the canonical labels of health/data/inbody_labels.csv
and reads it back with the importer's parser (the same dates, numbers and plausible ranges as
every import), and filing it is `health.imports.import_file` (the care-consent check, the
natural key that makes a retry a duplicate, the import batch, the quarantine). Only validated
values are kept here: a device export also carries the visitor's name and phone, which are
never stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import secrets
from dataclasses import dataclass, field
from functools import cache
from itertools import islice

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.citizens.enums import ConsentPurpose
from healthycity.citizens.queries import has_consent
from healthycity.conference.exhibition import sources
from healthycity.conference.exhibition.domain.errors import (
    ClaimError,
    NotACitizen,
    StationError,
    UnknownSlip,
)
from healthycity.conference.exhibition.domain.leads import record_visit
from healthycity.conference.exhibition.domain.window import SETUP_DAYS, check_open, local_day
from healthycity.conference.exhibition.enums import (
    MeasurementSource,
    MeasurementStatus,
    ScanResult,
)
from healthycity.conference.exhibition.models import Booth, BoothMeasurement
from healthycity.core.audit import log_access
from healthycity.health.assessment.explain import unit_display
from healthycity.health.codes import code_for
from healthycity.health.enums import Context, ImportKind
from healthycity.health.imports import ImportFailed, import_file
from healthycity.health.imports.chunks import CHUNK_ROWS
from healthycity.health.imports.inbody import LABELS_FILE, map_header
from healthycity.health.imports.inbody import parse as parse_inbody
from healthycity.health.imports.tables import read_blocks, read_table
from healthycity.health.models import VALUE_FIELDS, Measurement, QuarantinedRow

# How long a result slip can be claimed. After that its values are erased (collect the minimum,
# keep it no longer than needed: PIPA art. 3 and 21).
CLAIM_DAYS = 30
# A station file holds one sitting; a longer file is a whole day's export, refused unread.
MAX_ROWS_READ = 50
PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000"
ACTION = "exhibition.booth_measurement"

# The values a booth form asks for: what a body-composition analyser's result sheet and a cuff
# show. The file path takes every value of the export.
FORM_FIELDS = (
    "weight_kg",
    "height_cm",
    "smm_kg",
    "bfm_kg",
    "pbf_percent",
    "bmi",
    "vfl",
    "inbody_score",
    "systolic_mmhg",
    "diastolic_mmhg",
    "heart_rate_bpm",
)
# Shown on the result slip, in this order (when measured).
SLIP_FIELDS = FORM_FIELDS + ("ecw_tbw", "bmr_kcal", "whr", "phase_angle_deg")


@dataclass
class StationResult:
    """One validated sitting: when, on which device, and its values (field → number)."""

    taken_at: dt.datetime
    values: dict[str, float]
    device_model: str = ""
    device_serial: str = ""


@dataclass
class Recorded:
    """What the station did. `secret` is the claim secret of a new slip (shown once)."""

    measurement: BoothMeasurement
    secret: str = ""
    why_slip: str = ""
    scan: object = None
    extra: dict = field(default_factory=dict)

    @property
    def filed(self) -> bool:
        return self.measurement.status == MeasurementStatus.FILED


@cache
def canonical_labels() -> dict[str, str]:
    """field → the first (canonical English) label of the LookinBody label file."""
    with LABELS_FILE.open(encoding="utf-8") as f:
        lines = (line for line in f if not line.startswith("#"))
        out: dict[str, str] = {}
        for row in csv.DictReader(lines):
            out.setdefault(row["field"], row["label"])
        return out


def lookinbody_csv(result: StationResult, *, ident: str) -> bytes:
    """The sitting as a one-row LookinBody CSV (canonical labels, Seoul time), for the importer."""
    labels = canonical_labels()
    fields = [f for f in VALUE_FIELDS if f in result.values]
    header = [labels["taken_at"], labels["id"], labels["device_model"], labels["device_serial"]]
    header += [labels[f] for f in fields]
    when = timezone.localtime(result.taken_at).strftime("%Y-%m-%d %H:%M:%S")
    row = [when, ident, result.device_model, result.device_serial]
    row += [f"{result.values[f]:.10g}" for f in fields]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerow(row)
    return out.getvalue().encode("utf-8")


def read_file(fileobj) -> StationResult:
    """One sitting from a LookinBody export (CSV in UTF-8 or cp949, or XLSX). Raises
    StationError naming the problem: not a LookinBody export, no sitting or several, a value
    that cannot be read or is impossible."""
    try:
        header, rows = read_table(fileobj)
        found = list(islice(rows, MAX_ROWS_READ + 1))
    except ImportFailed as exc:
        raise StationError(str(exc), field="file") from None
    if not found:
        raise StationError(_("This file holds no measurement."), field="file")
    if len(found) > 1:
        count = f"{MAX_ROWS_READ}+" if len(found) > MAX_ROWS_READ else str(len(found))
        raise StationError(
            _(
                "This file holds %(count)s measurements. Export only this visitor's result "
                "(in LookinBody, select the one test, then Export)."
            )
            % {"count": count},
            field="file",
        )
    cells = list(found[0][1])
    return _validated(list(header), cells, field="file")


def read_form(
    *, taken_at: dt.datetime, values: dict, device_model: str = "", device_serial: str = ""
) -> StationResult:
    """One sitting typed into the station's form, validated exactly as a file would be."""
    labels = canonical_labels()
    fields = [f for f in VALUE_FIELDS if values.get(f) is not None]
    header = [labels["taken_at"], labels["device_model"], labels["device_serial"]]
    header += [labels[f] for f in fields]
    cells = [
        timezone.localtime(taken_at).strftime("%Y-%m-%d %H:%M:%S"),
        device_model,
        device_serial,
    ]
    cells += [f"{float(values[f]):.10g}" for f in fields]
    return _validated(header, cells, field="")


def _validated(header: list[str], cells: list[str], *, field: str) -> StationResult:
    """Runs the importer's parser on the sitting (with a stand-in person: the station knows
    who it is from the ticket, not from the file)."""
    try:
        where, _ignored = map_header([*header, "ID"])
    except ImportFailed as exc:
        raise StationError(str(exc), field=field) from None
    labels = canonical_labels()
    text = {f: cells[i] if i < len(cells) else "" for f, i in where.items()}
    if "taken_at" in text:
        when = text["taken_at"]
    else:
        when = f"{text.get('test_date', '')} {text.get('test_time', '')}".strip()
    fields = [f for f in VALUE_FIELDS if f in text]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [labels["taken_at"], labels["id"], labels["device_model"], labels["device_serial"]]
        + [labels[f] for f in fields]
    )
    writer.writerow(
        [when, PLACEHOLDER_ID, text.get("device_model", ""), text.get("device_serial", "")]
        + [text[f] for f in fields]
    )
    head, blocks = read_blocks(io.BytesIO(out.getvalue().encode("utf-8")), CHUNK_ROWS)
    chunks = list(parse_inbody(head, blocks))
    problems = [r.message for c in chunks for r in c.rejections]
    if problems:
        raise StationError(" ".join(problems), field=field)
    frame = chunks[0].frame
    record = frame.iloc[0]
    values = {
        f: float(record[f])
        for f in VALUE_FIELDS
        if f in frame and record[f] is not None and not math.isnan(float(record[f]))
    }
    return StationResult(
        taken_at=record["taken_at"].to_pydatetime(),
        values=values,
        device_model=str(record["device_model"] or ""),
        device_serial=str(record["device_serial"] or ""),
    )


def _check_date(booth: Booth, result: StationResult) -> None:
    event = booth.event
    day = local_day(event, result.taken_at)
    first = event.starts_on - dt.timedelta(days=SETUP_DAYS)
    if not first <= day <= event.ends_on:
        raise StationError(
            _(
                "The result is dated %(day)s, outside the event (%(first)s to %(last)s); "
                "check the analyser's clock."
            )
            % {"day": day.isoformat(), "first": first.isoformat(), "last": event.ends_on},
            field="taken_at",
        )


def _place(bm: BoothMeasurement) -> str:
    booth = bm.booth
    return f"{booth.event.name_ko} · {booth.number} · {bm.exhibitor.name_ko}"[:200]


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    """144 random bits, URL-safe: unguessable, short enough for a small QR code."""
    return secrets.token_urlsafe(18)


def _file(bm: BoothMeasurement, citizen, *, by, scoped: bool) -> Measurement:
    """Imports the sitting into `citizen`'s record with the health app's importer. Raises
    StationError with the importer's reason (no care consent, a different sitting already
    recorded at that time) when it refuses the row."""
    result = StationResult(
        taken_at=bm.taken_at,
        values=bm.values,
        device_model=bm.device_model,
        device_serial=bm.device_serial,
    )
    data = lookinbody_csv(result, ident=str(citizen.external_id))
    try:
        imported = import_file(
            fileobj=io.BytesIO(data),
            kind=ImportKind.INBODY,
            by=by,
            scoped=scoped,
            context=Context.CONFERENCE,
            place=_place(bm),
            file_name=f"booth-{bm.booth.number}-{bm.external_id}.csv",
        )
    except ImportFailed as exc:
        raise StationError(str(exc)) from None
    if imported.imported + imported.duplicates != 1:
        refused = QuarantinedRow.objects.filter(batch=imported.batch).first()
        raise StationError(refused.message if refused else _("The measurement was not saved."))
    return Measurement.objects.get(
        citizen=citizen, taken_at=bm.taken_at, device_serial=bm.device_serial
    )


@transaction.atomic
def record_measurement(
    *,
    booth: Booth,
    by,
    result: StationResult,
    source: str,
    payload: str = "",
    save_to_record: bool = False,
    nonce: str = "",
) -> Recorded:
    """Records one sitting at `booth`'s station.

    With `payload` (the visitor's ticket) the visit is recorded too; when the visitor has a
    citizen record with an active care consent and `save_to_record` (the visitor asked), the
    sitting is imported into their health record (the access log notes that `by` recorded it)
    and nothing of its values stays here. Otherwise a result slip is made: the values wait
    here under the hash of a new claim secret, valid CLAIM_DAYS days.
    Side effects: a BoothMeasurement; maybe a BoothVisit, a health Measurement, an ImportBatch
    and an access-log entry. Raises BoothClosed, StationError."""
    event = booth.event
    check_open(event)
    if not booth.station or booth.exhibitor_id is None:
        raise StationError(
            _("Booth %(number)s has no measurement station.") % {"number": booth.number}
        )
    _check_date(booth, result)
    citizen, scan = None, None
    if payload:
        scan = record_visit(
            exhibitor=booth.exhibitor, payload=payload, by=by, booth=booth, nonce=nonce
        )
        if scan.result not in (ScanResult.VISIT, ScanResult.LEAD):
            raise StationError(scan.message, field="payload")
        registration = sources.find_ticket(payload).registration
        citizen = sources.citizen_for(registration)
    bm = BoothMeasurement(
        booth=booth,
        exhibitor=booth.exhibitor,
        measured_by=by,
        source=MeasurementSource(source),
        status=MeasurementStatus.SLIP,
        taken_at=result.taken_at,
        device_model=result.device_model[:60],
        device_serial=result.device_serial[:60],
        values=result.values,
        value_count=len(result.values),
        visit=scan.visit if scan else None,
    )
    why = ""
    if not payload:
        why = _("No ticket was scanned: the visitor gets a result slip to keep it themself.")
    elif not save_to_record:
        why = _("The visitor did not ask to save it to a health record.")
    elif citizen is None:
        why = _("The visitor has no citizen record on the platform.")
    elif not has_consent(citizen, ConsentPurpose.CARE):
        why = _(
            "The visitor has not consented to health records (care); they can consent when "
            "they claim the slip."
        )
    if not why:
        bm.save()
        bm.measurement = _file(bm, citizen, by=by, scoped=False)
        bm.status, bm.values, bm.filed_by = MeasurementStatus.FILED, {}, by
        bm.save(update_fields=["measurement", "status", "values", "filed_by", "updated_at"])
        log_access(actor=by, citizen=citizen, action=ACTION, purpose=ConsentPurpose.CARE)
        return Recorded(bm, scan=scan)
    secret = new_secret()
    bm.claim_hash = _hash(secret)
    bm.claim_expires_at = timezone.now() + dt.timedelta(days=CLAIM_DAYS)
    bm.save()
    return Recorded(bm, secret=secret, why_slip=why, scan=scan)


def record_input(
    *,
    booth: Booth,
    by,
    file=None,
    taken_at: dt.datetime | None = None,
    values: dict | None = None,
    device_model: str = "",
    device_serial: str = "",
    payload: str = "",
    save_to_record: bool = False,
) -> Recorded:
    """What a station page or the API received — an export `file`, or typed `values` taken at
    `taken_at` — read and recorded (read_file / read_form, then record_measurement)."""
    if file is not None:
        result, source = read_file(file), "file"
    else:
        result = read_form(
            taken_at=taken_at,
            values=values or {},
            device_model=device_model,
            device_serial=device_serial,
        )
        source = "form"
    return record_measurement(
        booth=booth,
        by=by,
        result=result,
        source=source,
        payload=payload,
        save_to_record=save_to_record,
    )


@transaction.atomic
def reissue_slip(*, measurement: BoothMeasurement) -> str:
    """A new claim secret for an unclaimed slip (the printer jammed, the visitor lost it); the
    old one stops working. Raises ClaimError once the slip is claimed or expired."""
    bm = BoothMeasurement.objects.select_for_update().get(pk=measurement.pk)
    _claimable(bm)
    secret = new_secret()
    bm.claim_hash = _hash(secret)
    bm.save(update_fields=["claim_hash", "updated_at"])
    measurement.claim_hash = bm.claim_hash
    return secret


def find_slip(secret: str) -> BoothMeasurement | None:
    if not secret or len(secret) > 64:
        return None
    return (
        BoothMeasurement.objects.select_related("booth__event", "exhibitor")
        .filter(claim_hash=_hash(secret))
        .first()
    )


def _claimable(bm: BoothMeasurement) -> None:
    if bm.status == MeasurementStatus.CLAIMED:
        raise ClaimError(_("This result has already been claimed."))
    if bm.status == MeasurementStatus.FILED:
        raise ClaimError(_("This result is already in a health record."))
    if bm.status == MeasurementStatus.EXPIRED or (
        bm.claim_expires_at and bm.claim_expires_at < timezone.now()
    ):
        raise ClaimError(
            _("This result slip has expired; its values were deleted after %(days)s days.")
            % {"days": CLAIM_DAYS}
        )


def claim(*, secret: str, user, consent_care: bool = False) -> BoothMeasurement:
    """The citizen logged in as `user` claims the slip with `secret`: its sitting is imported
    into their own health record, once. With `consent_care` the care consent is granted first
    (the citizen ticked it on the claim page). Side effects: maybe a Consent; a health
    Measurement and its ImportBatch; the slip marked claimed and its values erased (an expired
    slip's values are erased too). Raises ClaimError (unknown, claimed, expired, no citizen
    record, no consent)."""
    found = find_slip(secret)
    if found is None:
        raise UnknownSlip(_("This claim code is not known. Check the code on your slip."))
    refused: ClaimError | None = None
    with transaction.atomic():
        bm = BoothMeasurement.objects.select_for_update().get(pk=found.pk)
        try:
            _claimable(bm)
        except ClaimError as exc:
            if bm.status == MeasurementStatus.SLIP:
                _erase(bm)  # expired: erased now, committed with this transaction
            refused = exc
        if refused is None:
            return _claim_into_record(bm, user=user, consent_care=consent_care)
    raise refused


def _claim_into_record(bm: BoothMeasurement, *, user, consent_care: bool) -> BoothMeasurement:
    from healthycity.accounts.roles import citizen_of
    from healthycity.citizens.domain.consent import grant_consent

    citizen = citizen_of(user)
    if citizen is None:
        raise NotACitizen(
            _(
                "Your login is not linked to a citizen record, so there is no health record to "
                "save this to. Ask your welfare centre to link your login, then scan the slip again."
            )
        )
    if not has_consent(citizen, ConsentPurpose.CARE):
        if not consent_care:
            raise ClaimError(
                _("To keep this result in your health record, consent to health records (care)."),
                field="consent_care",
            )
        grant_consent(citizen=citizen, purpose=ConsentPurpose.CARE, by=user)
    bm.measurement = _file(bm, citizen, by=user, scoped=True)
    bm.status, bm.values, bm.filed_by = MeasurementStatus.CLAIMED, {}, user
    bm.claimed_at = timezone.now()
    bm.save(
        update_fields=["measurement", "status", "values", "filed_by", "claimed_at", "updated_at"]
    )
    return bm


def _erase(bm: BoothMeasurement) -> None:
    bm.status, bm.values = MeasurementStatus.EXPIRED, {}
    bm.save(update_fields=["status", "values", "updated_at"])


def expire_slips(*, now: dt.datetime | None = None) -> int:
    """Erases the values of every slip not claimed in time. Returns how many. Run daily
    (`healthycity exhibition expire-slips`); a claim attempt on an expired slip erases it too."""
    return BoothMeasurement.objects.filter(
        status=MeasurementStatus.SLIP, claim_expires_at__lt=now or timezone.now()
    ).update(status=MeasurementStatus.EXPIRED, values={}, updated_at=timezone.now())


def slip_rows(values: dict[str, float]) -> list[dict]:
    """The slip's table: label, value and unit of each measured value, in a fixed order."""
    from django.utils.translation import get_language

    english = (get_language() or "ko").startswith("en")
    rows = []
    for f in SLIP_FIELDS:
        if f in values:
            code = code_for(f)
            rows.append(
                {
                    "field": f,
                    "label": code.display_en if english else code.display_ko,
                    "value": f"{values[f]:g}",
                    "unit": unit_display(code.ucum),
                }
            )
    return rows
