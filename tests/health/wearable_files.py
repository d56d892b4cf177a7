"""Phone and watch exports built in the tests, in the formats the devices write.

Apple Health: export.xml with the DOCTYPE and internal DTD of a real export (element and
attribute declarations, no entities), <ExportDate>, <Me>, <Record> and <Correlation> elements
with Apple's attribute names and '2024-01-02 09:05:00 +0900' times, in export.zip under
apple_health_export/. Samsung Health: CSVs with the preamble line, table-prefixed columns and
trailing commas. Fitbit: steps-YYYY-MM-DD.json lists. Open mHealth: IEEE 1752.1 data points.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

APPLE_DTD = """<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth         CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex       CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBloodType           CDATA #REQUIRED
  HKCharacteristicTypeIdentifierFitzpatrickSkinType CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
<!ELEMENT Correlation ((MetadataEntry|Record)*)>
<!ATTLIST Correlation
  type          CDATA #REQUIRED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
]>
"""
IPHONE = "<<HKDevice: 0x283d1c0a0>, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone14,5, software:17.2>"
WATCH = "<<HKDevice: 0x283d1c1e0>, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,1, software:10.2>"
PHONE_NAME = "민지의 iPhone"
WATCH_NAME = "민지의 Apple Watch"


def apple_time(day: str, clock: str, offset: str = "+0900") -> str:
    return f"{day} {clock}:00 {offset}" if clock.count(":") == 1 else f"{day} {clock} {offset}"


@dataclass
class AppleExport:
    export_date: str = "2026-03-10 21:00:00 +0900"
    birth: str = "1950-04-02"
    parts: list[str] = field(default_factory=list)

    def record(
        self, kind, value, unit, start, end=None, *, source=PHONE_NAME, device=IPHONE, children=""
    ):
        attrs = {
            "type": kind if kind.startswith("HK") else f"HKQuantityTypeIdentifier{kind}",
            "sourceName": source,
            "sourceVersion": "17.2",
            "device": device,
            "unit": unit,
            "creationDate": end or start,
            "startDate": start,
            "endDate": end or start,
            "value": value,
        }
        text = " ".join(f"{k}={quoteattr(str(v))}" for k, v in attrs.items() if v is not None)
        if children:
            self.parts.append(f" <Record {text}>\n{children}\n </Record>")
        else:
            self.parts.append(f" <Record {text}/>")
        return self

    def steps(self, value, start, end, *, watch=False):
        source, device = (WATCH_NAME, WATCH) if watch else (PHONE_NAME, IPHONE)
        return self.record("StepCount", value, "count", start, end, source=source, device=device)

    def heart(self, value, at, *, watch=True):
        source, device = (WATCH_NAME, WATCH) if watch else ("Omron Connect", None)
        return self.record("HeartRate", value, "count/min", at, source=source, device=device)

    def pressure(self, systolic, diastolic, at, *, source="Omron Connect", top_level=True):
        inner = [
            f' <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" sourceName={quoteattr(source)} unit="mmHg" creationDate="{at}" startDate="{at}" endDate="{at}" value="{systolic}"/>',
            f' <Record type="HKQuantityTypeIdentifierBloodPressureDiastolic" sourceName={quoteattr(source)} unit="mmHg" creationDate="{at}" startDate="{at}" endDate="{at}" value="{diastolic}"/>',
        ]
        if top_level:
            self.parts.extend(inner)
        self.parts.append(
            f' <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName={quoteattr(source)} creationDate="{at}" startDate="{at}" endDate="{at}">\n'
            + "\n".join("  " + r.strip() for r in inner)
            + "\n </Correlation>"
        )
        return self

    def xml(self, *, prologue: str = APPLE_DTD) -> bytes:
        head = '<?xml version="1.0" encoding="UTF-8"?>\n' + prologue
        body = [
            '<HealthData locale="ko_KR">',
            f' <ExportDate value="{self.export_date}"/>',
            f' <Me HKCharacteristicTypeIdentifierDateOfBirth="{self.birth}" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet"/>',
            *self.parts,
            "</HealthData>",
            "",
        ]
        return (head + "\n".join(body)).encode("utf-8")

    def zip(self, member: str = "apple_health_export/export.xml") -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(member, self.xml())
            z.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
        return buffer.getvalue()


def samsung_csv(
    table: str, version: str, header: list[str], rows: list[list], *, prefix: bool = False
) -> str:
    """A Samsung Health CSV: preamble line, header (optionally prefixed with the table's name),
    rows — every line ending with a comma, as Samsung writes them."""
    names = [f"{table}.{h}" if prefix else h for h in header]
    lines = [f"{table},{version},{len(header)}", ",".join(names) + ","]
    lines += [",".join("" if v is None else str(v) for v in row) + "," for row in rows]
    return "\n".join(lines) + "\n"


def zip_of(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buffer.getvalue()


def fitbit_steps(entries: list[tuple[str, int]]) -> str:
    return json.dumps([{"dateTime": t, "value": str(v)} for t, v in entries])


def omh_steps(steps, start, end, *, source="Google Fit", version="2.0"):
    count = {"value": steps, "unit": "steps"} if version != "1.0" else steps
    return {
        "header": {
            "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"omh:{source}:{start}")),
            "schema_id": {"namespace": "omh", "name": "step-count", "version": version},
            "source_creation_date_time": end,
            "acquisition_provenance": {"source_name": source, "modality": "sensed"},
        },
        "body": {
            "step_count": count,
            "effective_time_frame": {
                "time_interval": {"start_date_time": start, "end_date_time": end}
            },
        },
    }


def omh_point(name: str, body: dict, *, source="Withings Health Mate"):
    return {
        "header": {
            "schema_id": {"namespace": "omh", "name": name, "version": "2.0"},
            "acquisition_provenance": {"source_name": source, "modality": "sensed"},
        },
        "body": body,
    }
