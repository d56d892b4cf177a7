"""Validation of practice records, used alike by the domain, the forms and the API."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from healthycity.core import uploads
from healthycity.policies.enums import EvaluationType, Licence, PartnerSector, TargetGroup
from healthycity.policies.reference import themes

TITLE_MAX = 300
SUMMARY_MAX = 2_000
BODY_MAX = 30_000
NOTE_MAX = 5_000
REASON_MAX = 2_000
MAX_PARTNERS = 30
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

TEXT_LIMITS = {
    **{f"title_{s}": TITLE_MAX for s in ("ko", "en", "original")},
    **{f"summary_{s}": SUMMARY_MAX for s in ("ko", "en", "original")},
    **{f"body_{s}": BODY_MAX for s in ("ko", "en", "original")},
    **{f"{f}_{s}": NOTE_MAX for f in ("equity_effect", "transferability") for s in ("ko", "en")},
    "contact_name": 200,
    "budget_note": 300,
}


def clean_text(value, *, field: str, limit: int, errors: dict) -> str:
    """Strip surrounding space; refuse control characters (NUL …) and text over `limit`."""
    text = "" if value is None else str(value).replace("\r\n", "\n").strip()
    if _CONTROL.search(text):
        errors[field] = [_("The text contains control characters; please retype it.")]
    elif len(text) > limit:
        errors[field] = [
            _("The text has %(n)s characters; the limit is %(limit)s. Please shorten it.")
            % {"n": f"{len(text):,}", "limit": f"{limit:,}"}
        ]
    return text


def _codes(values, allowed, field: str, errors: dict) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [v for v in values.split(",") if v.strip()]
    codes = list(dict.fromkeys(str(v).strip() for v in values))
    unknown = [c for c in codes if c not in allowed]
    if unknown:
        errors[field] = [_("Unknown code(s): %(codes)s.") % {"codes": ", ".join(unknown)}]
    return codes


def _date(value, field: str, errors: dict) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors[field] = [_("'%(value)s' is not a date; use YYYY-MM-DD.") % {"value": value}]
        return None


def _partners(value, errors: dict) -> list[dict]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or len(value) > MAX_PARTNERS:
        errors["partners"] = [
            _("Give at most %(n)s partners, each with a name and a sector.") % {"n": MAX_PARTNERS}
        ]
        return []
    found = []
    for i, item in enumerate(value, start=1):
        item = item if isinstance(item, dict) else {"name": item}
        sub: dict = {}
        name = clean_text(item.get("name"), field="name", limit=200, errors=sub)
        role = clean_text(item.get("role"), field="role", limit=300, errors=sub)
        sector = str(item.get("sector") or PartnerSector.GOVERNMENT)
        if not name:
            sub["name"] = [_("A partner needs a name.")]
        if sector not in PartnerSector.values:
            sub["sector"] = [_("Unknown sector '%(s)s'.") % {"s": sector}]
        if sub:
            errors["partners"] = [
                _("Partner %(i)s: %(msg)s") % {"i": i, "msg": " ".join(sum(sub.values(), []))}
            ]
            return []
        found.append({"name": name, "sector": sector, "role": role})
    return found


def validate_practice(data: dict) -> dict:
    """Clean what a form or the API sent for a practice; raise one ValidationError naming every
    field that is wrong. Only the keys present in `data` are cleaned and returned."""
    errors: dict[str, list] = {}
    out: dict = {}
    for field, limit in TEXT_LIMITS.items():
        if field in data:
            out[field] = clean_text(data[field], field=field, limit=limit, errors=errors)
    if "original_language" in data:
        lang = str(data["original_language"] or "ko").strip()
        if not LANGUAGE.match(lang):
            errors["original_language"] = [_("Give a language code such as ko, en or ja.")]
        out["original_language"] = lang
    if "themes" in data:
        out["themes"] = _codes(data["themes"], themes(), "themes", errors)
    if "target_groups" in data:
        out["target_groups"] = _codes(
            data["target_groups"], TargetGroup.values, "target_groups", errors
        )
    if "partners" in data:
        out["partners"] = _partners(data["partners"], errors)
    for field in ("period_start", "period_end"):
        if field in data:
            out[field] = _date(data[field], field, errors)
    start, end = out.get("period_start"), out.get("period_end")
    if start and end and end < start:
        errors["period_end"] = [_("The end date is before the start date.")]
    if "budget_amount" in data:
        out["budget_amount"] = _amount(data["budget_amount"], errors)
    if "budget_currency" in data:
        currency = str(data["budget_currency"] or "").strip().upper()
        if currency and not CURRENCY.match(currency):
            errors["budget_currency"] = [_("Use a three-letter currency code such as KRW.")]
        out["budget_currency"] = currency
    if "evaluation_type" in data:
        out["evaluation_type"] = _choice(
            data["evaluation_type"] or EvaluationType.NONE,
            EvaluationType,
            "evaluation_type",
            errors,
        )
    if "licence" in data:
        out["licence"] = _choice(data["licence"] or Licence.CC_BY, Licence, "licence", errors)
    if data.get("contact_email"):
        email = str(data["contact_email"]).strip()
        try:
            validate_email(email)
        except ValidationError:
            errors["contact_email"] = [_("'%(v)s' is not an e-mail address.") % {"v": email}]
        out["contact_email"] = email
    elif "contact_email" in data:
        out["contact_email"] = ""
    if errors:
        raise ValidationError(errors)
    return out


def _choice(value, choices, field: str, errors: dict) -> str:
    value = str(value)
    if value not in choices.values:
        errors[field] = [_("Choose one of the listed options.")]
    return value


def _amount(value, errors: dict) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        errors["budget_amount"] = [_("'%(v)s' is not an amount.") % {"v": value}]
        return None
    if amount < 0 or amount >= Decimal("1e14") or not amount.is_finite():
        errors["budget_amount"] = [_("The budget must be zero or more.")]
        return None
    return amount.quantize(Decimal("0.01"))


def validate_reason(value, *, field: str = "reason") -> str:
    errors: dict = {}
    text = clean_text(value, field=field, limit=REASON_MAX, errors=errors)
    if not text and not errors:
        errors[field] = [_("Please say why, so the city knows what to change.")]
    if errors:
        raise ValidationError(errors)
    return text


def missing_for_submission(practice) -> dict[str, list]:
    """What a practice still lacks before it can be submitted for review."""
    missing: dict[str, list] = {}
    if not (practice.title_ko or practice.title_en):
        missing["title_ko"] = [_("Give a title in Korean or English.")]
    if not (practice.summary_ko or practice.summary_en):
        missing["summary_ko"] = [_("Give a summary in Korean or English.")]
    if not (practice.body_ko or practice.body_en or practice.body_original):
        missing["body_ko"] = [_("Describe what the practice does.")]
    if not practice.tags.filter(kind="theme").exists():
        missing["themes"] = [_("Choose at least one theme.")]
    if not practice.contact_email:
        missing["contact_email"] = [_("Give a contact e-mail for other cities.")]
    return missing


RESULT_NUMBERS = ("baseline", "value", "estimate", "ci_low", "ci_high")
MAX_RESULTS = 50


def validate_results(rows: list[dict]) -> list[dict]:
    """Clean result rows typed by a city (empty rows are skipped). Numbers must be numbers,
    the interval in order and the estimate inside it."""
    errors: dict[str, list] = {}
    out = []
    for i, row in enumerate(rows, start=1):
        if not any(str(v or "").strip() for v in row.values()):
            continue
        sub: dict = {}
        indicator = clean_text(row.get("indicator"), field="indicator", limit=200, errors=sub)
        if not indicator:
            sub["indicator"] = [_("Name the indicator.")]
        clean = {
            "indicator": indicator,
            "unit": clean_text(row.get("unit"), field="unit", limit=40, errors=sub),
        }
        for name in RESULT_NUMBERS:
            raw = str(row.get(name) or "").replace(",", "").strip()
            try:
                clean[name] = float(raw) if raw else None
            except ValueError:
                sub[name] = [_("'%(v)s' is not a number.") % {"v": raw}]
        raw_n = str(row.get("n") or "").replace(",", "").strip()
        clean["n"] = int(raw_n) if (raw_n.isascii() and raw_n.isdigit()) else None
        if raw_n and not (raw_n.isascii() and raw_n.isdigit()):
            sub["n"] = [_("The number of people must be a whole number.")]
        low, high, est = clean.get("ci_low"), clean.get("ci_high"), clean.get("estimate")
        if low is not None and high is not None and low > high:
            sub["ci_low"] = [_("The interval's low end is above its high end.")]
        elif est is not None and low is not None and high is not None and not low <= est <= high:
            sub["estimate"] = [_("The estimate lies outside its interval.")]
        if sub:
            errors[f"results-{i}"] = [
                _("Result %(i)s: %(msg)s") % {"i": i, "msg": " ".join(sum(sub.values(), []))}
            ]
        out.append(clean)
    if len(out) > MAX_RESULTS:
        errors["results"] = [_("At most %(n)s results.") % {"n": MAX_RESULTS}]
    if errors:
        raise ValidationError(errors)
    return out


# Checked by the file's first bytes, not by its name: what the file *is* decides.
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (b"PK\x03\x04",),
    ),
    ".csv": ("text/csv", ()),
}


def validate_attachment(upload) -> tuple[str, str]:
    """(clean file name, content type) of an upload, or a ValidationError saying what is wrong."""
    from pathlib import PurePath

    name = PurePath(str(upload.name or "")).name.strip()[:200] or "file"
    suffix = PurePath(name.lower()).suffix
    if uploads.too_large(upload, "attachment"):
        raise ValidationError({"file": uploads.message("attachment", upload.size)})
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if suffix not in ATTACHMENT_TYPES:
        raise ValidationError(
            {
                "file": _(
                    "Files of type %(t)s cannot be attached; use PDF, PNG, JPEG, DOCX, XLSX, PPTX or CSV."
                )
                % {"t": suffix or "?"}
            }
        )
    content_type, magics = ATTACHMENT_TYPES[suffix]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if magics and not any(head.startswith(m) for m in magics):
        raise ValidationError(
            {
                "file": _("The file is named %(name)s but is not a %(t)s file.")
                % {"name": name, "t": suffix[1:].upper()}
            }
        )
    if not magics:
        import codecs

        try:  # an incremental decoder tolerates a character cut at the 2 048-byte boundary
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        except UnicodeDecodeError:
            raise ValidationError({"file": _("A CSV file must be UTF-8 text.")}) from None
        if b"\x00" in head:
            raise ValidationError({"file": _("A CSV file must be UTF-8 text.")})
    return name, content_type
