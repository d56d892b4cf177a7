"""The ESG impact report of one partner for one period: the figures, the CSV, the PDF.

Every count is an aggregate with small cells suppressed (`partners.cells`), every table names its
method, and each figure is marked with the GRI disclosure it maps to:
GRI 413-1 (operations with local community engagement, impact assessments and development
programmes) and GRI 416-1 (assessment of the health and safety impacts of product categories).
Source: GRI 413: Local Communities 2016; GRI 416: Customer Health and Safety 2016 (GRI Standards).
"""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.citizens.enums import IncomeBand
from healthycity.core import csvsafe, pdf
from healthycity.core.privacy import small_cell_k
from healthycity.feedback.analysis import dashboard
from healthycity.partners.cells import safe_count, table
from healthycity.partners.esg.sources import aid_figures
from healthycity.partners.periods import Period

GRI = {
    "413": "GRI 413-1",
    "416": "GRI 416-1",
}


def build_report(partner, period: Period, *, k: int | None = None) -> dict:
    """All figures of the report as plain data (the page, the PDF, the CSV and the API use it)."""
    k = small_cell_k() if k is None else k
    aid = aid_figures(partner, period)
    sections = [
        _donations(aid, k),
        _reach(aid, k),
        _outcomes(aid, k),
        _feedback(partner, period, k),
    ]
    return {
        "partner": {
            "slug": partner.slug,
            "name": partner.name,
            "name_ko": partner.name_ko,
            "name_en": partner.name_en,
        },
        "period": str(period),
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "small_cell_k": k,
        "aid_available": aid.available,
        "sections": sections,
    }


def _donations(aid, k) -> dict:
    method = _(
        "Units of the partner's donated products registered as donations (given) and handed to citizens (delivered) in the period; from the aid app's donation lots and hand-over ledger."
    )
    given = table(
        "donations_given",
        _("Donated units given"),
        [(d["key"], d["label"], int(d["given"])) for d in aid.donations],
        unit=_("units"),
        method=method,
        gri=["413"],
        k=k,
    )
    delivered = table(
        "donations_delivered",
        _("Donated units delivered to citizens"),
        [(d["key"], d["label"], int(d["delivered"])) for d in aid.donations],
        unit=_("units"),
        method=method,
        gri=["413"],
        k=k,
    )
    return {
        "id": "donations",
        "title": _("Donations given and delivered"),
        "gri": ["413"],
        "available": aid.available,
        "tables": [given, delivered],
        "figures": [],
    }


def _reach(aid, k) -> dict:
    method = _(
        "Distinct citizens who received at least one of the partner's donated products in the period, by their district and income band at the time; small cells and complements suppressed."
    )
    districts = aid.people_reached.get("district", {})
    bands = aid.people_reached.get("income_band", {})
    band_rows = [
        (value, str(label), int(bands.get(value, (label, 0))[1]))
        for value, label in IncomeBand.choices
    ]
    return {
        "id": "reach",
        "title": _("People reached"),
        "gri": ["413"],
        "available": aid.available,
        "tables": [
            table(
                "reach_district",
                _("People reached by district"),
                [(key, label, int(n)) for key, (label, n) in sorted(districts.items())],
                unit=_("people"),
                method=method,
                gri=["413"],
                k=k,
            ),
            table(
                "reach_income",
                _("People reached by income band"),
                band_rows,
                unit=_("people"),
                method=method,
                gri=["413"],
                k=k,
            ),
        ],
        "figures": [],
    }


def _outcomes(aid, k) -> dict:
    figures = []
    for o in aid.outcomes:
        n = int(o.get("n") or 0)
        shown = safe_count(n, k=k) is not None and n > 0
        figures.append(
            {
                "programme": str(o.get("programme", "")),
                "measure": str(o.get("measure", "")),
                "unit": str(o.get("unit", "")),
                "estimate": o.get("estimate") if shown else None,
                "low": o.get("low") if shown else None,
                "high": o.get("high") if shown else None,
                "n": n if shown else None,
                "suppressed": not shown,
                "method": str(o.get("method", "")),
                "gri": ["413"],
            }
        )
    return {
        "id": "outcomes",
        "title": _("What the aid programmes measured among beneficiaries"),
        "gri": ["413"],
        "available": aid.available,
        "tables": [],
        "figures": figures,
    }


def _feedback(partner, period, k) -> dict:
    products = list(partner.products.all())
    data = dashboard.build(products, period, k=k)
    figures = [
        {
            "measure": _("Public reviews received"),
            "n": data["reviews"],
            "suppressed": data["reviews"] is None,
            "method": _(
                "Count of public reviews of the partner's products in the period (held, rejected and withdrawn reviews excluded)."
            ),
            "gri": ["416"],
        },
        {
            "measure": _("Reviews acted on (planned or done)"),
            "n": data["acted_on"],
            "suppressed": data["acted_on"] is None,
            "method": _("Public reviews whose status is 'planned' or 'done'."),
            "gri": ["416"],
        },
        {
            "measure": _("Reviews with a public reply"),
            "n": data["replied"],
            "suppressed": data["replied"] is None,
            "method": _("Public reviews with at least one reply from the partner."),
            "gri": ["416"],
        },
        {
            "measure": _("Mean rating (1–5)"),
            "estimate": data["mean_rating"],
            "suppressed": data["mean_rating"] is None,
            "method": _(
                "Arithmetic mean of the ratings of public reviews; shown only when at least k reviews."
            ),
            "gri": ["416"],
        },
        {
            "measure": _("Mean sentiment (−1 to +1)"),
            "estimate": data["mean_sentiment"],
            "suppressed": data["mean_sentiment"] is None,
            "method": _(
                "Lexicon sentiment with negation, normalised S/sqrt(S²+15) (docs/methods.md)."
            ),
            "gri": ["416"],
        },
    ]
    return {
        "id": "feedback",
        "title": _("Citizens' feedback received and acted on"),
        "gri": ["416"],
        "available": True,
        "tables": [data["statuses"], data["ratings"]],
        "figures": figures,
    }


def as_json(report: dict) -> dict:
    """The report with tables as plain dicts (for JSON and the API)."""
    out = dict(report)
    out["sections"] = [
        {
            **s,
            "title": str(s["title"]),
            "tables": [t.as_dict() for t in s["tables"]],
            "figures": [
                {**f, "measure": str(f["measure"]), "method": str(f["method"])}
                for f in s["figures"]
            ],
        }
        for s in report["sections"]
    ]
    return out


CSV_HEADER = [
    "section",
    "table",
    "row",
    "value",
    "low",
    "high",
    "suppressed",
    "unit",
    "gri",
    "method",
]


def as_csv(report: dict) -> str:
    """One line per figure: section, table, row, value (empty when suppressed), interval, GRI."""
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer)
    writer.writerow(CSV_HEADER)
    for section in report["sections"]:
        sid = section["id"]
        for t in section["tables"]:
            gri = " ".join(GRI[g] for g in t.gri)
            for r in t.rows:
                writer.writerow(
                    [
                        sid,
                        t.id,
                        r.label,
                        "" if r.count is None else r.count,
                        "",
                        "",
                        int(r.suppressed),
                        t.unit,
                        gri,
                        t.method,
                    ]
                )
            writer.writerow(
                [
                    sid,
                    t.id,
                    _("Total"),
                    "" if t.total is None else t.total,
                    "",
                    "",
                    int(t.total_suppressed),
                    t.unit,
                    gri,
                    t.method,
                ]
            )
        for f in section["figures"]:
            value = f.get("estimate") if f.get("estimate") is not None else f.get("n")
            label = f["measure"] if not f.get("programme") else f"{f['programme']}: {f['measure']}"
            writer.writerow(
                [
                    sid,
                    "figures",
                    label,
                    "" if value is None else value,
                    f.get("low") or "",
                    f.get("high") or "",
                    int(bool(f.get("suppressed"))),
                    f.get("unit", ""),
                    " ".join(GRI[g] for g in f["gri"]),
                    f["method"],
                ]
            )
    return buffer.getvalue()


def as_pdf(report: dict) -> bytes:
    """The report as a PDF (WeasyPrint; Korean text in NanumGothic from fonts-nanum, or the
    Pretendard GOV font if vendored)."""
    from django.template.loader import render_to_string

    html = render_to_string("partners/report_pdf.html", {"report": report, "font_css": _font_css()})
    return pdf.render(html)


def _font_css() -> str:
    from pathlib import Path

    candidates = [
        Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf"),
        Path("/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf"),
    ]
    bold = Path("/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf")
    rules = []
    for path in candidates:
        if path.exists():
            rules.append(
                f"@font-face {{ font-family: 'HC Korean'; src: url('{path.as_uri()}'); font-weight: normal; }}"
            )
            break
    if bold.exists():
        rules.append(
            f"@font-face {{ font-family: 'HC Korean'; src: url('{bold.as_uri()}'); font-weight: bold; }}"
        )
    return "\n".join(rules)
