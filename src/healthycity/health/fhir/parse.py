"""FHIR R4 Observations (a resource, a Bundle, or NDJSON one resource per line) → chunks.

Validation with fhir.resources (its R4B models: R4B 4.3 changed nothing in Observation that
matters here). Codes: LOINC or the local code system (data/codes.csv); the blood-pressure panel
85354-9 is read from its components. Units are converted to the catalogue's (units.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pydantic import ValidationError as PydanticError

from healthycity.core import jsonguard
from healthycity.health.codes import BP_PANEL, UCUM, by_code, code_for
from healthycity.health.enums import RejectReason
from healthycity.health.fhir.units import factor
from healthycity.health.imports import columns
from healthycity.health.imports.base import ImportFailed, Rejection
from healthycity.health.imports.chunks import CHUNK_ROWS, Chunk, batched
from healthycity.health.imports.inbody import INTEGER_FIELDS

MAX_JSON_BYTES = 50 * 1024 * 1024  # a Bundle is parsed whole; bigger exports come as NDJSON
UUID_IN = re.compile(
    r"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
)
CITIZEN_SYSTEM = "https://healthycity.example/fhir/citizen"


class Bad(Exception):
    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason, self.message = reason, message


def parse(f: IO[bytes], *, citizen=None) -> Iterator[Chunk]:
    items = _resources(f)
    for block in batched(items, CHUNK_ROWS):
        yield _block(block, citizen)


def parse_data(data: dict, *, citizen=None) -> Iterator[Chunk]:
    """For the API: an already decoded Bundle or Observation."""
    for block in batched(_from_json(data), CHUNK_ROWS):
        yield _block(block, citizen)


def _resources(f) -> Iterator[tuple[int, object]]:
    head = f.read(MAX_JSON_BYTES + 1)
    if len(head) > MAX_JSON_BYTES:
        raise ImportFailed(
            gettext_noop(
                "This JSON file is larger than 50 MB; send big exports as NDJSON (one resource per line)."
            )
        )
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(gettext_noop("A FHIR JSON file must be UTF-8.")) from None
    try:
        data = jsonguard.loads(text)
    except jsonguard.JSONRejected as exc:
        if _looks_ndjson(text):
            return _ndjson(text)
        raise ImportFailed(exc.message_key, **exc.message_params) from None
    return _from_json(data)


def _looks_ndjson(text: str) -> bool:
    """Several lines that start a JSON value at the margin (a pretty-printed document has one)."""
    starts = sum(1 for line in text.splitlines() if line[:1] in ("{", "["))
    return starts >= 2


def _ndjson(text: str) -> Iterator[tuple[int, object]]:
    """One resource per line; a line that is not acceptable JSON is rejected on its own and
    the lines around it are still read."""
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield n, jsonguard.loads(line)
            except jsonguard.JSONRejected as exc:
                yield n, Bad(RejectReason.MALFORMED, exc.message)


def _from_json(data) -> Iterator[tuple[int, object]]:
    if not isinstance(data, dict):
        raise ImportFailed(gettext_noop("Expected a FHIR Bundle or Observation (a JSON object)."))
    kind = data.get("resourceType")
    if kind == "Observation":
        yield 1, data
    elif kind == "Bundle":
        for n, entry in enumerate(data.get("entry") or [], start=1):
            yield n, (entry.get("resource") if isinstance(entry, dict) else entry)
    else:
        raise ImportFailed(
            gettext_noop("Expected a FHIR Bundle or Observation, not '%(kind)s'."), kind=kind
        )


def _block(block, citizen) -> Chunk:
    rows, steps, rejections = [], [], []
    for n, resource in block:
        if isinstance(resource, Bad):  # a line of NDJSON that could not be decoded
            rejections.append(Rejection(n, resource.reason, resource.message))
            continue
        raw = json.dumps(_kept(resource), ensure_ascii=False)
        try:
            row = read_observation(resource, citizen)
        except Bad as bad:
            rejections.append(Rejection(n, bad.reason, bad.message, raw=raw))
            continue
        row.update(line=n, raw=raw)
        (steps if "steps" in row else rows).append(row)
    frame = _frame(rows)
    chunk = Chunk(frame=frame, rejections=rejections, read=len(block))
    chunk.steps = _steps_frame(steps)  # type: ignore[attr-defined]
    return chunk


# What the quarantine keeps of a rejected resource: the elements the import reads, without the
# subject, narrative, notes or performers (who it is about; see docs/health.md).
KEPT_ELEMENTS = ("resourceType", "status", "code", "effectiveDateTime", "effectiveInstant",
                 "effectivePeriod", "valueQuantity", "component", "device")  # fmt: skip


def _kept(resource) -> object:
    if not isinstance(resource, dict):
        return resource
    return {k: resource[k] for k in KEPT_ELEMENTS if k in resource}


def read_observation(resource, citizen=None) -> dict:
    """One Observation → {ident…, taken_at, device…, field: value…} in catalogue units."""
    from fhir.resources.R4B.observation import Observation

    if not isinstance(resource, dict) or resource.get("resourceType") != "Observation":
        kind = resource.get("resourceType") if isinstance(resource, dict) else "?"
        raise Bad(
            RejectReason.MALFORMED,
            _("Only Observation resources are imported (this is '%(kind)s').") % {"kind": kind},
        )
    try:
        Observation.model_validate(resource)
    except (PydanticError, ValueError, TypeError) as exc:
        first = str(exc).splitlines()
        raise Bad(
            RejectReason.MALFORMED,
            _("Not a valid FHIR Observation: %(error)s") % {"error": " ".join(first[:3])[:300]},
        ) from None
    if resource.get("status") in {"entered-in-error", "cancelled", "registered"}:
        raise Bad(
            RejectReason.MALFORMED,
            _("Observation status '%(status)s' is not a result.")
            % {"status": resource.get("status")},
        )
    row = _subject(resource.get("subject") or {}, citizen)
    row["taken_at"] = _effective(resource)
    device = resource.get("device") or {}
    row["device_model"] = (device.get("display") or "")[:60]
    row["device_serial"] = ((device.get("identifier") or {}).get("value") or "")[:60]
    values = _values(resource)
    if "steps" in values:
        row["steps"] = values["steps"]
        row["device"] = row["device_serial"] or row["device_model"]
    else:
        row.update(values)
    return row


def _subject(subject: dict, citizen) -> dict:
    ref = subject.get("reference") or ""
    ident = subject.get("identifier") or {}
    found = (
        UUID_IN.search(ref) if ref.startswith("Patient/") or ref.startswith("urn:uuid:") else None
    )
    text = ref or ident.get("value") or ""
    if found:
        return {"ident_uuid": found.group(1).lower(), "ident_phone": "", "ident_text": text}
    value = ident.get("value") or ""
    if value and UUID_IN.fullmatch(value):
        return {"ident_uuid": value.lower(), "ident_phone": "", "ident_text": text}
    if value and "phone" in (ident.get("system") or "") + (ident.get("type", {}).get("text") or ""):
        phone = columns.phones(pd.Series([value])).iloc[0]
        if phone:
            return {"ident_uuid": "", "ident_phone": phone, "ident_text": value}
    if citizen is not None:
        return {
            "citizen_id": citizen.pk,
            "ident_uuid": str(citizen.external_id),
            "ident_phone": "",
            "ident_text": text,
        }
    raise Bad(
        RejectReason.NO_CITIZEN,
        _(
            "The subject '%(ref)s' is not a citizen of this platform; import with --citizen ID to file it for a citizen."
        )
        % {"ref": text or "—"},
    )


def _effective(resource: dict):
    text = (
        resource.get("effectiveDateTime")
        or resource.get("effectiveInstant")
        or (resource.get("effectivePeriod") or {}).get("start")
    )
    if not text:
        raise Bad(RejectReason.BAD_DATE, _("The observation has no effective date."))
    stamp = pd.to_datetime(pd.Series([text]), errors="coerce", utc=False, format="ISO8601").iloc[0]
    if pd.isna(stamp):
        raise Bad(
            RejectReason.BAD_DATE, _("The date '%(value)s' cannot be read.") % {"value": text}
        )
    stamp = (
        stamp.tz_localize("Asia/Seoul") if stamp.tzinfo is None else stamp.tz_convert("Asia/Seoul")
    )
    if bool(columns.future(pd.Series([stamp])).iloc[0]):
        raise Bad(
            RejectReason.FUTURE_DATE, _("The date %(value)s is in the future.") % {"value": text}
        )
    return stamp


def _values(resource: dict) -> dict:
    codings = (resource.get("code") or {}).get("coding") or []
    if any(c.get("code") == BP_PANEL for c in codings):
        out = {}
        for comp in resource.get("component") or []:
            field, value = _quantity(comp)
            out[field] = value
        if not out:
            raise Bad(RejectReason.MISSING_VALUE, _("The blood-pressure panel has no components."))
        return out
    field, value = _quantity(resource)
    return {field: value}


def _quantity(element: dict) -> tuple[str, float]:
    codings = (element.get("code") or {}).get("coding") or []
    known = by_code()
    code = next(
        (
            known[(c.get("system"), c.get("code"))]
            for c in codings
            if (c.get("system"), c.get("code")) in known
        ),
        None,
    )
    if code is None:
        shown = ", ".join(f"{c.get('system', '')}|{c.get('code', '')}" for c in codings) or "—"
        raise Bad(
            RejectReason.UNKNOWN_CODE,
            _("None of the codes %(codes)s is one we record.") % {"codes": shown},
        )
    q = element.get("valueQuantity")
    if not q or q.get("value") is None:
        raise Bad(
            RejectReason.MISSING_VALUE,
            _("%(name)s has no valueQuantity.") % {"name": code.display_en},
        )
    unit = q.get("code") if q.get("system") in (UCUM, None) and q.get("code") else q.get("unit")
    f = factor(code.ucum, unit or "")
    if f is None:
        raise Bad(
            RejectReason.UNKNOWN_UNIT,
            _("Unit '%(unit)s' is not known for %(name)s; expected %(ucum)s.")
            % {"unit": unit, "name": code.display_en, "ucum": code.ucum},
        )
    value = float(q["value"]) * f
    if code.field in INTEGER_FIELDS or code.field == "steps":
        value = float(round(value))
    if not code.plausible(value):
        raise Bad(
            RejectReason.IMPLAUSIBLE,
            _("%(value)s %(unit)s is not plausible for %(name)s; expected %(lo)s–%(hi)s.")
            % {
                "value": f"{value:g}",
                "unit": code.ucum,
                "name": code.display_en,
                "lo": f"{code.min:g}",
                "hi": f"{code.max:g}",
            },
        )
    return code.field, value


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = (
        pd.DataFrame(rows)
        if rows
        else pd.DataFrame({"line": pd.Series([], dtype="int64"), "raw": []})
    )
    if rows:
        frame["taken_at"] = pd.to_datetime(frame["taken_at"], utc=True).dt.tz_convert("Asia/Seoul")
        if "citizen_id" in frame and frame["citizen_id"].isna().any():
            frame = frame.drop(columns=["citizen_id"])
    return frame


def _steps_frame(rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame()
    frame = pd.DataFrame(rows)
    frame["date"] = (
        pd.to_datetime(frame["taken_at"], utc=True)
        .dt.tz_convert("Asia/Seoul")
        .dt.tz_localize(None)
        .dt.normalize()
    )
    if "citizen_id" in frame and frame["citizen_id"].isna().any():
        frame = frame.drop(columns=["citizen_id"])
    return frame


__all__ = ["code_for", "parse", "parse_data", "read_observation"]
