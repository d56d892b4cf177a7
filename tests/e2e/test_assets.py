"""The shell's static assets and catalogues, checked without a browser: every url(...) in the vendored
KRDS CSS resolves to a vendored file (nothing points online), the project static folder is configured,
both catalogues are complete and compiled, and the error page renders without touching the database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import healthycity

PACKAGE = Path(healthycity.__file__).resolve().parent
STATIC = PACKAGE / "static"
URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
IMPORT = re.compile(r"@import\s+['\"]([^'\"]+)['\"]")


def _css_files():
    return sorted((STATIC / "vendor" / "krds").rglob("*.css")) + sorted(
        (STATIC / "healthycity").rglob("*.css")
    )


@pytest.mark.parametrize("css", _css_files(), ids=lambda p: str(p.relative_to(STATIC)))
def test_every_css_reference_resolves_to_a_vendored_file(css):
    text = css.read_text(encoding="utf-8")
    refs = URL.findall(text) + IMPORT.findall(text)
    for ref in refs:
        if ref.startswith("data:"):
            continue
        assert not re.match(r"^(https?:)?//", ref), f"{css.name} points online: {ref}"
        target = (css.parent / ref.split("#")[0].split("?")[0]).resolve()
        assert target.is_file(), f"{css.name}: {ref} does not exist"
        assert STATIC in target.parents
    assert "sourceMappingURL" not in text, f"{css.name} names a source map that is not vendored"


def test_vendored_script_fetches_nothing():
    script = (STATIC / "vendor/krds/js/component/ui-script.js").read_text(encoding="utf-8")
    assert not re.search(r"https?://", script)
    assert "sourceMappingURL" not in script


def test_krds_licence_note_names_version_and_licence():
    note = (STATIC / "vendor/krds/LICENSE-NOTE.md").read_text(encoding="utf-8")
    assert "krds-uiux" in note and "1.1.0" in note and "ISC" in note


def test_project_static_dir_is_configured():
    from healthycity import settings as project_settings

    dirs = [Path(p).resolve() for p in getattr(project_settings, "STATICFILES_DIRS", [])]
    assert STATIC in dirs, "settings.STATICFILES_DIRS must list src/healthycity/static"


def _entries(po: Path):
    """(msgid, [msgstr…]) for each entry of a .po file, header excluded."""
    text = po.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        ids = re.findall(r'^msgid "(.*)"((?:\n".*")*)', block, re.M)
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', block, re.M)
        if not ids or block.lstrip().startswith("#~"):
            continue
        join = lambda first, rest: first + "".join(re.findall(r'"(.*)"', rest))  # noqa: E731
        yield join(*ids[0]), [join(*s) for s in strs], "#, fuzzy" in block


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_project_catalogue_is_complete_and_compiled(lang):
    po = PACKAGE / "locale" / lang / "LC_MESSAGES" / "django.po"
    missing = [msgid for msgid, strs, _ in _entries(po) if not all(strs)]
    fuzzy = [msgid for msgid, _, is_fuzzy in _entries(po) if is_fuzzy]
    # An empty English msgstr would make Django fall back to Korean, the default language.
    assert not missing, f"untranslated in {lang}: {missing}"
    assert not fuzzy, f"fuzzy in {lang}: {fuzzy}"
    mo = po.with_suffix(".mo")
    assert mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime - 1, "run make messages"


def test_error_page_renders_without_a_request_or_database(django_assert_num_queries, db):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("ko"), django_assert_num_queries(0):
        html = render_to_string(
            "core/error.html",
            {
                "status": 500,
                "title": "일시적인 오류가 발생했습니다",
                "message": "잠시 후 다시 시도해 주세요.",
            },
        )
    assert "오류 500" in html and '<html lang="ko">' in html
    assert "vendor/krds/css/component/output.css" in html


def test_500_page_renders_without_a_request_or_database(django_assert_num_queries, db):
    from django.test import RequestFactory

    from healthycity.core.views import server_error

    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/somewhere/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "오류 500" in html and "vendor/krds/css/component/output.css" in html


@pytest.mark.parametrize(
    "po",
    sorted(PACKAGE.glob("**/locale/*/LC_MESSAGES/django.po")),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_catalogue_keeps_a_fuzzy_translation(po):
    """msgfmt leaves fuzzy entries out: a fuzzy Korean translation is never shown (the reader
    gets the English msgid), and a fuzzy English one was guessed from another msgid."""
    fuzzy = [msgid for msgid, _, is_fuzzy in _entries(po) if is_fuzzy]
    assert not fuzzy, f"fuzzy in {po}: {fuzzy} — check the translation and drop the flag"
