"""Reasons and errors of the equity app in the user's language: Korean by default, English when
asked — on the dashboard, in the API, in the command and in a whole report."""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

import healthycity.equity
from healthycity.equity import report, synthetic
from healthycity.equity.indicators import indicators, stratifiers
from healthycity.equity.methods import heat, rates

HANGUL = re.compile(r"[\uac00-\ud7a3]")
CATALOGUE = Path(healthycity.equity.__file__).parent / "locale" / "ko" / "LC_MESSAGES"
DASHBOARD = "/equity/"
API = "/api/v1/equity/report/"


@pytest.fixture
def snapshots(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.SMALL_CELL_K = 10
    path = tmp_path / "equity" / "snapshot-2025.parquet"
    synthetic.write_synthetic(path, rows=600, seed=2, period="2025")
    return path


def _report_reasons(path, **options) -> list[str]:
    """Every reason of a report of all indicators by all stratifiers, age-standardised."""
    rep = report.build_report(
        path=path,
        indicators=list(indicators().values()),
        stratifiers=list(stratifiers().values()),
        standard="who2000",
        **options,
    )
    rows = [*rep.estimates, *rep.measures]
    return [row[key] for row in rows for key in ("reason", "std_reason") if row.get(key)]


def test_catalogue_translates_every_message():
    """Untranslated and fuzzy entries are left out of the compiled catalogue, so a count short
    of the .po's means some text would fall back to English."""
    po = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    entries = len(re.findall(r"^msgid ", po, re.M)) - 1  # the header is not a message
    with (CATALOGUE / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)._catalog
    assert len([k for k in compiled if k]) == entries


def test_method_reasons_follow_the_active_language():
    assert rates.proportion(x=1, n=0).reason == "분모가 0입니다."
    with translation.override("en"):
        assert rates.proportion(x=1, n=0).reason == "The denominator is zero."


def test_korean_keeps_numbers_and_measure_names():
    reason = rates.dsr(counts=[3, 4], populations=[50, 60], standard=[1, 1]).reason
    assert "10" in reason and "7" in reason and "DSR" in reason and HANGUL.search(reason)
    one = heat.Dimension(
        subgroups=[heat.Subgroup("a", 10.0, 1.0, 100)], favourable=False, ordered=False
    )
    sii = heat.summary_measures(data=one, measures=("sii",))["sii"].reason
    assert HANGUL.search(sii)


def test_whole_report_in_korean_has_no_english_reason(snapshots):
    """Every reason a report commonly carries — suppressed cells, withheld measures, measures that
    do not apply, age bands without people, too few events — is Korean."""
    reasons = _report_reasons(snapshots, method="heat", suppress=True)
    reasons += _report_reasons(snapshots, method="phe", suppress=False)
    assert len(set(reasons)) > 20  # the small snapshot gives many different reasons
    english = sorted({r for r in reasons if not HANGUL.search(r)})
    assert not english, english


def test_whole_report_in_english_stays_english(snapshots):
    with translation.override("en"):
        reasons = _report_reasons(snapshots, suppress=True)
    assert reasons and not [r for r in reasons if HANGUL.search(r)]


def test_dashboard_in_korean_shows_korean_reasons(cast, client_for, snapshots):
    url = DASHBOARD + "?indicator=obesity&by=income_band"
    html = client_for(cast.official).get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "BGV 지표는 순서가 없는 차원에만 적용됩니다." in html
    assert "applies only to non-ordered dimensions" not in html


def test_dashboard_in_english_shows_english_reasons(cast, client_for, snapshots):
    url = DASHBOARD + "?indicator=obesity&by=income_band"
    html = client_for(cast.official).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "BGV applies only to non-ordered dimensions." in html
    assert "순서가 없는 차원" not in html


def test_dashboard_in_korean_says_why_a_small_group_is_not_standardised(
    cast, client_for, snapshots
):
    url = DASHBOARD + "?indicator=obesity&by=district&standard=who2000"
    html = client_for(cast.official).get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert (
        "연령표준화할 수 없습니다" in html or "직접 연령표준화율(DSR)을 계산하지 않습니다" in html
    )
    assert "age-standardised" not in html and "A DSR is not computed" not in html


def test_api_reasons_and_errors_follow_the_request_language(cast, api_for, snapshots):
    client = api_for(cast.official)
    ko = client.get(API + "?indicator=obesity&by=income_band", HTTP_ACCEPT_LANGUAGE="ko").json()
    en = client.get(API + "?indicator=obesity&by=income_band", HTTP_ACCEPT_LANGUAGE="en").json()
    bgv_ko = next(m for m in ko["measures"] if m["measure"] == "bgv")
    bgv_en = next(m for m in en["measures"] if m["measure"] == "bgv")
    assert bgv_ko["reason"] == "BGV 지표는 순서가 없는 차원에만 적용됩니다."
    assert bgv_en["reason"] == "BGV applies only to non-ordered dimensions."
    bad = client.get(API + "?by=shoe", HTTP_ACCEPT_LANGUAGE="ko")
    assert bad.status_code == 400 and "알 수 없는 층화 기준" in bad.content.decode()


def test_partner_export_in_korean_says_suppressed_in_korean(cast, client_for, snapshots):
    from tests.equity.test_views import export

    _response, body = export(client_for(cast.official), "csv", language="ko")
    assert (
        "비공개: 인원이 너무 적거나" in body.decode("utf-8") and "Suppressed" not in body.decode()
    )


def test_command_error_in_korean_by_default_and_english_when_asked(snapshots):
    args = ("equity", "report", "--snapshot", str(snapshots), "--indicator", "nope", "--by", "sex")
    with pytest.raises(CommandError, match="알 수 없는 지표입니다: 'nope'"):
        call_command(*args)
    with pytest.raises(CommandError, match="Unknown indicator 'nope'"):
        call_command(*args, "--language", "en")
    with translation.override("en"), pytest.raises(CommandError, match="알 수 없는 지표"):
        call_command(*args, "--language", "ko")


def test_command_report_reasons_follow_language(snapshots, capsys):
    base = ("equity", "report", "--snapshot", str(snapshots), "--indicator", "obesity")
    call_command(*base, "--by", "income_band", "--format", "json", "--language", "ko")
    ko = json.loads(capsys.readouterr().out)
    call_command(*base, "--by", "income_band", "--format", "csv", "--language", "en")
    en = capsys.readouterr().out
    reasons = [m["reason"] for m in ko["measures"] if m["reason"]]
    assert reasons and all(HANGUL.search(r) for r in reasons)
    assert "BGV applies only to non-ordered dimensions." in en and not HANGUL.search(en)


def test_summarize_bad_file_error_in_korean(tmp_path):
    path = tmp_path / "heat.csv"
    path.write_text("setting,year\nSeoul,2025\n", encoding="utf-8")
    with pytest.raises(CommandError, match="HEAT Plus 양식과 맞지 않습니다"):
        call_command("equity", "summarize", "--input", str(path))
