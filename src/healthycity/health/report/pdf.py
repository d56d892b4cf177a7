"""The one-page personal report as PDF (WeasyPrint), in the style of a body-composition result
sheet. Korean text is set in Pretendard GOV (vendored with KRDS, found through the static
finders, so it works on any machine with the repo) with Nanum as a system fallback."""

from __future__ import annotations

import functools
import io
import tempfile
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from healthycity.core import cache, pdf
from healthycity.health.queries import records_fingerprint, records_for
from healthycity.health.report.summary import RecordSummary, summarise

# The citizen's report is the same PDF until something it shows changes; a day at most (the date
# is part of its key: ages, "today" and the steps window move with it).
REPORT_CACHE_SECONDS = 24 * 3600
# A download that finds the same report being rendered (ahead, after the citizen logged in; or
# by a second click) waits this long for it rather than rendering it twice.
REPORT_WAIT_SECONDS = 15

FONTS = {
    400: "vendor/krds/fonts/PretendardGOV-Regular.subset.woff2",
    700: "vendor/krds/fonts/PretendardGOV-Bold.subset.woff2",
}


def font_faces() -> list[dict]:
    """@font-face sources as file:// URLs; a font missing from this checkout is left out (the
    CSS falls back to NanumBarunGothic from fonts-nanum)."""
    faces = []
    for weight, path in FONTS.items():
        found = finders.find(path) or _in_package(path)
        if found:
            faces.append({"weight": weight, "url": as_truetype(Path(found).resolve()).as_uri()})
    return faces


@functools.cache
def as_truetype(woff2: Path) -> Path:
    """The font decompressed to TrueType, once per process and file version. WeasyPrint would
    otherwise decode the WOFF2 (in pure Python, ~4 s per face) on every report."""
    stat = woff2.stat()
    target = Path(tempfile.gettempdir()) / "healthycity-fonts"
    target = target / f"{woff2.stem}-{stat.st_size}-{int(stat.st_mtime)}.ttf"
    if not target.exists():
        from fontTools.ttLib import woff2 as woff2_codec

        buffer = io.BytesIO()
        with woff2.open("rb") as source:
            woff2_codec.decompress(source, buffer)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{id(buffer)}.part")
        partial.write_bytes(buffer.getvalue())
        partial.replace(target)  # atomic: a parallel request never reads half a font
    return target


def _in_package(path: str) -> str | None:
    """The project's own static folder, for when settings do not list it for the finders."""
    import healthycity

    candidate = Path(healthycity.__file__).resolve().parent / "static" / path
    return str(candidate) if candidate.exists() else None


def report_pdf(citizen, *, language: str) -> tuple[bytes, str]:
    """The citizen's one-page report and its file name, rendered once and then taken from the
    shared cache until anything it shows changes: a sitting or a day of steps added, changed or
    removed, the citizen's birth year or sex, the language, the date, the code, templates,
    reference data, translations or fonts. No permission check and no access log: the views do
    both before they ask, on every download."""
    key = cache.key(
        "health.report_pdf",
        citizen.pk,
        citizen.external_id,
        citizen.updated_at,
        citizen.sex,
        citizen.birth_year,
        language,
        timezone.localdate(),
        timezone.now().date(),  # the file name's date
        tuple(face["url"].rsplit("/", 1)[-1] for face in font_faces()),
        records_fingerprint([citizen]),
    )
    return cache.cached(
        key,
        lambda: _render_report(citizen, language),
        timeout=REPORT_CACHE_SECONDS,
        wait=REPORT_WAIT_SECONDS,
    )


def prepare_report(citizen_id: int, *, language: str) -> bool:
    """Render the report of the citizen `citizen_id` in `language` into the shared cache ahead
    of its download (after they log in); False when there is no such citizen. It is the same
    key `report_pdf` looks up, so a report already there is not rendered again."""
    from healthycity.citizens.models import Citizen

    citizen = Citizen.objects.filter(pk=citizen_id).first()
    if citizen is None:
        return False
    with translation.override(language):
        report_pdf(citizen, language=language)
    return True


def _render_report(citizen, language: str) -> tuple[bytes, str]:
    summary = summarise(records_for(citizen))
    name = f"health-report-{summary.generated_at:%Y%m%d}.pdf"
    return render_pdf(summary, language=language), name


def render_pdf(summary: RecordSummary, *, language: str) -> bytes:
    html = render_to_string(
        "health/report_pdf.html",
        {
            "s": summary,
            "finding_columns": two_columns(summary.findings),
            "fonts": font_faces(),
            "LANGUAGE_CODE": language,
        },
    )
    return pdf.render(html)


def two_columns(findings: list[dict]) -> list[list[dict]]:
    """The findings in reading order, split where the two columns come out about as long.
    CSS `columns: 2` gives the same page, but WeasyPrint balances columns by laying their
    content out again and again: two thirds of a report's time went there."""
    sizes = [_text_size(f) for f in findings]
    total, before, best, cut = sum(sizes), 0, None, len(findings)
    for i in range(len(findings) + 1):
        longer = max(before, total - before)
        if best is None or longer < best:
            best, cut = longer, i
        if i < len(sizes):
            before += sizes[i]
    return [findings[:cut], findings[cut:]]


def _text_size(finding: dict) -> int:
    """How tall a finding prints, roughly: its characters plus a line's worth per paragraph."""
    parts = [finding.get("title"), finding.get("outcome_label"), finding.get("meaning")]
    parts += list(finding.get("notes") or [])
    parts += [finding.get("rule_id"), finding.get("source")]
    return sum(len(str(p or "")) for p in parts) + 40 * (3 + len(finding.get("notes") or []))
