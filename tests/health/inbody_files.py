"""Builds LookinBody test files from the 87 real export labels (fixtures/lookinbody120_export_header.txt)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
LABELS = (FIXTURES / "lookinbody120_export_header.txt").read_text(encoding="utf-8").split("\n")
LABELS = [label for label in LABELS if label.strip()]

# A plausible scan (values of a 60-year-old woman), by label without number.
SCAN = {
    "Name": "김민지", "ID": "", "Height": "158.2", "Gender": "F", "Age": "60",
    "Mobile Number": "010-1234-5678", "Test Date / Time": "2025.03.15 14:22:10",
    "Weight": "61.5", "TBW (Total Body Water)": "29.1", "Protein": "7.8", "Minerals": "2.75",
    "BFM (Body Fat Mass)": "21.9", "SMM (Skeletal Muscle Mass)": "21.3",
    "BMI (Body Mass Index)": "24.6", "PBF (Percent Body Fat)": "35.6",
    "FFM of Right Arm": "1.95", "FFM% of Right Arm": "92.1", "FFM of Left Arm": "1.90",
    "FFM% of Left Arm": "89.9", "FFM of Trunk": "17.1", "FFM% of Trunk": "95.0",
    "FFM of Right Leg": "5.62", "FFM% of Right Leg": "88.0", "FFM of Left Leg": "5.58",
    "FFM% of Left Leg": "87.4", "BFM of Right Arm": "1.6", "BFM% of Right Arm": "190.5",
    "BFM of Left Arm": "1.7", "BFM% of Left Arm": "201.1", "BFM of Trunk": "11.2",
    "BFM% of Trunk": "250.3", "BFM of Right Leg": "3.3", "BFM% of Right Leg": "140.2",
    "BFM of Left Leg": "3.3", "BFM% of Left Leg": "139.8", "InBody Score": "68",
    "BMR (Basal Metabolic Rate)": "1232", "WHR (Waist-Hip Ratio)": "0.93",
    "VFL (Visceral Fat Level)": "9", "20kHz-RA Impedance": "380.2", "20kHz-LA Impedance": "385.1",
    "20kHz-TR Impedance": "27.3", "20kHz-RL Impedance": "290.4", "20kHz-LL Impedance": "292.0",
    "100kHz-RA Impedance": "340.5", "100kHz-LA Impedance": "344.9", "100kHz-TR Impedance": "23.1",
    "100kHz-RL Impedance": "262.3", "100kHz-LL Impedance": "263.8", "InBody Type": "InBody120",
}  # fmt: skip


def strip_number(label: str) -> str:
    return label.split(". ", 1)[1] if ". " in label else label


def row(**overrides) -> list[str]:
    values = {**SCAN, **overrides}
    return [values.get(strip_number(label), "") for label in LABELS]


def csv_bytes(rows: list[list[str]], *, encoding="utf-8-sig", header=None) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header or LABELS)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[str]], header=None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header or LABELS)
    for r in rows:
        sheet.append([_number(c) for c in r])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(cell: str):
    try:
        return float(cell)
    except ValueError:
        return cell


KOREAN = {
    "Name": "이름", "Mobile Number": "휴대폰번호", "Test Date / Time": "측정일시", "Weight": "체중",
    "Height": "신장", "BMI (Body Mass Index)": "체질량지수", "PBF (Percent Body Fat)": "체지방률",
    "SMM (Skeletal Muscle Mass)": "골격근량", "BFM (Body Fat Mass)": "체지방량",
}  # fmt: skip


def korean_header() -> list[str]:
    out = []
    for label in LABELS:
        number, _, name = label.partition(". ")
        out.append(f"{number}. {KOREAN.get(name, name)}")
    return out
