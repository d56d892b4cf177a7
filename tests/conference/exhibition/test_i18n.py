"""Both languages: every message of the exhibition's and afterwards' catalogues is translated
into Korean (and spelled out in English), and pages follow the visitor's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

import healthycity.conference.afterwards
import healthycity.conference.exhibition

APPS = [healthycity.conference.exhibition, healthycity.conference.afterwards]


def entries(po: str) -> list[tuple[str, list[str]]]:
    out = []
    for block in po.split("\n\n")[1:]:
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not msgid:
            continue
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        out.append(
            (
                "".join(re.findall(r'"(.*)"', msgid.group(1))),
                ["".join(re.findall(r'"(.*)"', s)) for s in strings],
            )
        )
    return out


@pytest.mark.parametrize("app", APPS, ids=lambda a: a.__name__.rsplit(".", 1)[1])
@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_message_is_translated(app, language):
    po = Path(app.__file__).parent / "locale" / language / "LC_MESSAGES" / "django.po"
    found = entries(po.read_text(encoding="utf-8"))
    assert len(found) > 50
    empty = [msgid for msgid, strings in found if not all(strings)]
    assert not empty, f"untranslated in {po}: {empty[:5]}"
    if language == "ko":
        english_only = [m for m, s in found if s == [m] and re.search(r"[a-z]{4}", m)]
        assert not english_only, english_only[:5]


@pytest.mark.django_db
def test_the_floor_plan_follows_the_language(client_for, expo):
    url = f"/conference/{expo.event.slug}/exhibition/"
    korean = client_for(None).get(url).content.decode()
    assert "전시 배치도" in korean and "알림1관" in korean
    with translation.override("en"):
        client = client_for(None)
        client.cookies["django_language"] = "en"
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Exhibition floor plan" in english and "Art Hall 1" in english
    assert "전시 배치도" not in english
