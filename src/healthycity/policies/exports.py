"""A practice as JSON-LD (schema.org) and as PDF (WeasyPrint, Korean font).

JSON-LD: a schema.org `CreativeWork` (there is no "practice" type) with both languages as
language-tagged values, themes as `DefinedTerm`s of the versioned theme list, the city as
`spatialCoverage`, the licence as a URL, results as a `Dataset` whose `variableMeasured` are
`PropertyValue`s with `minValue`/`maxValue` for the 95 % interval, award nominations as `award`
and the conference sessions that presented it as `subjectOf` events.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from healthycity.core import pdf
from healthycity.policies.domain.links import presentations_of
from healthycity.policies.enums import LICENCE_URLS, ReviewOutcome, TargetGroup
from healthycity.policies.reference import award_categories, theme_name, themes, themes_data


def _both(ko: str, en: str, original: str = "", original_language: str = "") -> list[dict]:
    values = []
    if ko:
        values.append({"@value": ko, "@language": "ko"})
    if en:
        values.append({"@value": en, "@language": "en"})
    if original and original_language not in ("ko", "en"):
        values.append({"@value": original, "@language": original_language})
    return values


def _result(r) -> dict:
    value = {
        "@type": "PropertyValue",
        "name": r.indicator + (f" — {r.group_label}" if r.group_by != "all" else ""),
        "unitText": r.unit,
        "measurementTechnique": r.method,
    }
    if r.suppressed:
        value["description"] = "suppressed: fewer people than the small-cell threshold"
    else:
        value.update(
            {
                k: v
                for k, v in (("value", r.estimate), ("minValue", r.ci_low), ("maxValue", r.ci_high))
                if v is not None
            }
        )
    return value


def jsonld(practice, *, url: str) -> dict:
    """The practice as a schema.org JSON-LD document (a dict ready for json.dumps)."""
    names = themes()
    version = themes_data()["version"]
    with translation.override("en"):
        awards = award_categories()
        doc: dict = {
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "@id": url,
            "url": url,
            "identifier": str(practice.external_id),
            "genre": "public health practice",
            "name": _both(
                practice.title_ko,
                practice.title_en,
                practice.title_original,
                practice.original_language,
            ),
            "abstract": _both(
                practice.summary_ko,
                practice.summary_en,
                practice.summary_original,
                practice.original_language,
            ),
            "text": _both(
                practice.body_ko,
                practice.body_en,
                practice.body_original,
                practice.original_language,
            ),
            "inLanguage": sorted(
                {
                    lang
                    for lang, text in (
                        ("ko", practice.title_ko),
                        ("en", practice.title_en),
                        (practice.original_language, practice.title_original),
                    )
                    if text
                }
            ),
            "about": [
                {
                    "@type": "DefinedTerm",
                    "termCode": code,
                    "name": names[code].name_en if code in names else code,
                    "inDefinedTermSet": f"healthycity themes {version}",
                }
                for code in practice.themes
            ],
            "audience": [
                {
                    "@type": "Audience",
                    "audienceType": str(TargetGroup(c).label) if c in TargetGroup.values else c,
                }
                for c in practice.target_groups
            ],
            "spatialCoverage": {
                "@type": "City",
                "name": practice.city.name_en,
                "alternateName": practice.city.name_ko,
                "address": {"@type": "PostalAddress", "addressCountry": practice.city.country_code},
            },
            "creator": {
                "@type": "GovernmentOrganization",
                "name": practice.city.name_en,
                **({"email": practice.contact_email} if practice.contact_email else {}),
            },
            "contributor": [
                {
                    "@type": "Organization",
                    "name": p.get("name", ""),
                    "description": p.get("role", ""),
                }
                for p in practice.partners
            ],
            "license": LICENCE_URLS.get(practice.licence, practice.licence),
            "dateModified": practice.updated_at.isoformat(),
            "creativeWorkStatus": practice.status,
        }
        if practice.published_at:
            doc["datePublished"] = practice.published_at.date().isoformat()
        if practice.period_start:
            end = practice.period_end.isoformat() if practice.period_end else ".."
            doc["temporalCoverage"] = f"{practice.period_start.isoformat()}/{end}"
        if practice.review_outcome in (ReviewOutcome.BEST_PRACTICE, ReviewOutcome.PROMISING):
            doc["review"] = {
                "@type": "Review",
                "name": str(ReviewOutcome(practice.review_outcome).label),
                "reviewAspect": "EU best-practice criteria, peer review by two member cities",
            }
        results = list(practice.results.all())
        if results:
            doc["hasPart"] = {
                "@type": "Dataset",
                "name": "Measured results",
                "variableMeasured": [_result(r) for r in results],
            }
        nominations = list(practice.nominations.all())
        if nominations:
            doc["award"] = [
                f"AFHC award nomination {n.conference_year}: "
                + (awards[n.category].name_en if n.category in awards else n.category)
                for n in nominations
            ]
        sessions = [link.session for link in presentations_of(practice)]
        if sessions:
            doc["subjectOf"] = [
                {
                    "@type": "Event",
                    "name": s.title_en or s.title_ko,
                    "startDate": s.starts_at.isoformat(),
                    "superEvent": {"@type": "Event", "name": s.event.name_en},
                }
                for s in sessions
            ]
    return doc


def render_pdf(practice, *, language: str, url: str) -> bytes:
    """The practice as an A4 PDF in `language`, in Pretendard GOV (Korean). Every user-written
    text goes through Django's autoescaping, so markup in it is printed, not interpreted."""
    from healthycity.health.report.pdf import font_faces

    with translation.override(language):
        html = render_to_string(
            "policies/practice_pdf.html",
            {
                "p": practice,
                "fonts": font_faces(),
                "LANGUAGE_CODE": language,
                "url": url,
                "generated_at": timezone.localtime(),
                "results": list(practice.results.all()),
                "theme_names": [theme_name(c) for c in practice.themes],
                "sessions": [link.session for link in presentations_of(practice)],
            },
        )
    return pdf.render(html)
