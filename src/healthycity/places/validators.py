"""Codes of a member city: ISO 3166-1 countries (the ISO data shipped with pycountry) and UN/LOCODE.

One validation for the model, forms, the API and the indicator imports.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# UN/LOCODE: ISO 3166-1 alpha-2 country code + 3 characters from A–Z and 2–9 (UNECE, UN/LOCODE
# Manual, section 3.3: digits 0 and 1 are not used, to avoid confusion with O and I).
UNLOCODE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """{alpha-2: alpha-3} and {alpha-3: alpha-2} of every ISO 3166-1 country."""
    import pycountry

    two = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    return two, {v: k for k, v in two.items()}


def is_alpha2(code: str) -> bool:
    return code in _countries()[0]


def is_alpha3(code: str) -> bool:
    return code in _countries()[1]


def alpha3_of(alpha2: str) -> str:
    return _countries()[0].get(alpha2, "")


def alpha2_of(alpha3: str) -> str:
    return _countries()[1].get(alpha3, "")


def country_name(code: str, language: str = "en") -> str:
    """The ISO 3166 short name of a country (alpha-2 or alpha-3), in Korean where pycountry's
    ISO translations have it; the code itself if unknown."""
    import gettext

    import pycountry

    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if country is None and len(code) == 3:
        country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    if language == "en":
        return name
    try:
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return name
    return tr.gettext(country.name)


def validate_alpha2(value: str) -> None:
    if not is_alpha2(value):
        raise ValidationError(
            _("'%(value)s' is not an ISO 3166-1 alpha-2 country code (e.g. KR)."),
            params={"value": value},
            code="country",
        )


def validate_alpha3(value: str) -> None:
    if value and not is_alpha3(value):
        raise ValidationError(
            _("'%(value)s' is not an ISO 3166-1 alpha-3 country code (e.g. KOR)."),
            params={"value": value},
            code="country",
        )


def validate_unlocode(value: str) -> None:
    if value and not UNLOCODE.match(value):
        raise ValidationError(
            _(
                "'%(value)s' is not a UN/LOCODE: two letters of the country and three for the place, e.g. KRSEL."
            ),
            params={"value": value},
            code="unlocode",
        )


def check_city_codes(city) -> None:
    """The alpha-3 code and the UN/LOCODE must name the same country as the alpha-2 code."""
    errors = {}
    if city.country_alpha3 and alpha2_of(city.country_alpha3) != city.country_code:
        errors["country_alpha3"] = _("The alpha-3 code names another country than %(code)s.") % {
            "code": city.country_code
        }
    if city.unlocode and city.unlocode[:2] != city.country_code:
        errors["unlocode"] = _("A UN/LOCODE starts with the country code %(code)s.") % {
            "code": city.country_code
        }
    if errors:
        raise ValidationError(errors)
