"""A citizen's records as a FHIR R4 Bundle (type collection): a Patient and one Observation per
value (blood pressure as the 85354-9 panel), coded as in data/codes.csv, with UCUM units.
The right of access and portability (PIPA art. 35, 35-2)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from healthycity.health.codes import BP_PANEL, LOINC, UCUM, Code, code_for
from healthycity.health.fhir.parse import CITIZEN_SYSTEM
from healthycity.health.models import VALUE_FIELDS
from healthycity.health.queries import CitizenRecords, records_for

CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
VITALS = {
    "weight_kg",
    "height_cm",
    "bmi",
    "systolic_mmhg",
    "diastolic_mmhg",
    "heart_rate_bpm",
    "waist_cm",
}
NAMESPACE = uuid.UUID("5b0f6f2e-3c2d-4f1e-9a51-6f3f1f9c0a11")  # stable ids for exported resources


def bundle_for(citizen, records: CitizenRecords | None = None) -> dict:
    """The Bundle as JSON-ready dict. Validate with `validate(bundle)`."""
    records = records or records_for(citizen)
    patient_url = f"urn:uuid:{citizen.external_id}"
    entries = [{"fullUrl": patient_url, "resource": _patient(citizen)}]
    for m in records.measurements:
        entries += [_entry(o) for o in _observations(m, patient_url)]
    for day in records.steps:
        entries.append(_entry(_steps(day, patient_url)))
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(NAMESPACE, f"bundle:{citizen.external_id}")),
        "type": "collection",
        "timestamp": timezone.now().isoformat(timespec="seconds"),
        "entry": entries,
    }


def validate(bundle: dict):
    from fhir.resources.R4B.bundle import Bundle

    return Bundle.model_validate(bundle)


def _entry(resource: dict) -> dict:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _patient(citizen) -> dict:
    return {
        "resourceType": "Patient",
        "id": str(citizen.external_id),
        "identifier": [{"system": CITIZEN_SYSTEM, "value": str(citizen.external_id)}],
        "gender": {"F": "female", "M": "male"}.get(citizen.sex, "unknown"),
        "birthDate": str(citizen.birth_year),
    }


def _observations(m, patient_url: str) -> list[dict]:
    values = {f: getattr(m, f) for f in VALUE_FIELDS if getattr(m, f) is not None}
    out = []
    if "systolic_mmhg" in values and "diastolic_mmhg" in values:
        obs = _base(m, "bp", patient_url, "vital-signs")
        obs["code"] = {
            "coding": [
                {
                    "system": LOINC,
                    "code": BP_PANEL,
                    "display": "Blood pressure panel with all children optional",
                }
            ]
        }
        obs["component"] = [
            {"code": _code(code_for(f)), "valueQuantity": _quantity(code_for(f), values.pop(f))}
            for f in ("systolic_mmhg", "diastolic_mmhg")
        ]
        out.append(obs)
    for field, value in values.items():
        code = code_for(field)
        obs = _base(m, field, patient_url, "vital-signs" if field in VITALS else "exam")
        obs["code"] = _code(code)
        obs["valueQuantity"] = _quantity(code, value)
        out.append(obs)
    return out


def _base(m, part: str, patient_url: str, category: str) -> dict:
    obs = {
        "resourceType": "Observation",
        "id": str(uuid.uuid5(NAMESPACE, f"{m.external_id}:{part}")),
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": category}]}],
        "subject": {"reference": patient_url},
        "effectiveDateTime": timezone.localtime(m.taken_at).isoformat(timespec="seconds"),
    }
    if m.device_model or m.device_serial:
        device = {"display": m.device_model or m.device_serial}
        if m.device_serial:
            device["identifier"] = {"value": m.device_serial}
        obs["device"] = device
    return obs


def _steps(day, patient_url: str) -> dict:
    code = code_for("steps")
    obs = {
        "resourceType": "Observation",
        "id": str(uuid.uuid5(NAMESPACE, f"{day.external_id}:steps")),
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "activity"}]}],
        "code": _code(code),
        "subject": {"reference": patient_url},
        "effectiveDateTime": day.date.isoformat()
        if isinstance(day.date, dt.date)
        else str(day.date),
        "valueQuantity": _quantity(code, day.steps),
    }
    if day.device:
        obs["device"] = {"display": day.device, "identifier": {"value": day.device}}
    return obs


def _code(code: Code) -> dict:
    return {
        "coding": [{"system": code.system, "code": code.code, "display": code.display_en}],
        "text": code.display_en,
    }


def _quantity(code: Code, value) -> dict:
    return {"value": value, "unit": code.ucum, "system": UCUM, "code": code.ucum}
