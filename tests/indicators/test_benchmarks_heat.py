"""The benchmarks page and API for the cast, Urban HEART colours, HEAT uploads equal to
`healthycity equity summarize` on the same file, and small-cell suppression for other cities."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from healthycity.policies.indicators import benchmarks
from healthycity.policies.indicators.enums import Colour
from healthycity.policies.indicators.heat import HeatUploadError, store_upload
from healthycity.policies.indicators.imports import import_file
from healthycity.policies.indicators.models import HeatUpload, Indicator, IndicatorValue
from tests.indicators.conftest import sdmx_file

pytestmark = pytest.mark.django_db

HEAT_HEADER = (
    "setting,year,indicator_abbr,dimension,subgroup,estimate,se,population,favourable_indicator,"
    "indicator_scale,ordered_dimension,subgroup_order,reference_subgroup"
)


def heat_csv(populations=(5000, 6000, 7000, 8000, 9000), setting="Suwon") -> bytes:
    lines = [HEAT_HEADER]
    for order, (estimate, population) in enumerate(
        zip((34.1, 31.5, 29.9, 27.2, 24.8), populations, strict=True), 1
    ):
        lines.append(
            f"{setting},2024,obesity,income_band,Q{order},{estimate},0.9,{population},0,100,1,{order},0"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def values(cities, tmp_path):
    lines = [
        "D,KRSEL,SDGPM25,2023,18.0,UG_M3,A,,",
        "D,KRSWU,SDGPM25,2023,4.0,UG_M3,A,,",
        "D,TWTPE,SDGPM25,2023,40.0,UG_M3,A,,",
        "D,KRSEL,ISO37120-12.3,2023,300,,,,",
        "D,KRSWU,ISO37120-12.3,2023,200,,,,",
        "D,TWTPE,ISO37120-12.3,2022,100,,,,",
        "D,TWTPE,ISO37120-12.3,2023,150,,,,",
    ]
    import_file(path=sdmx_file(tmp_path / "v.csv", lines), kind="sdmx-csv")


def _cell(m, city, code):
    ind = Indicator.objects.get(code=code)
    return m.cells[(city.pk, ind.pk)]


def test_matrix_colours_follow_the_cited_benchmarks_and_the_peers_thirds(cities, values):
    m = benchmarks.matrix(values=IndicatorValue.objects.all(), cities=list(cities_of(cities)))
    # PM2.5: WHO AQG 2021, good ≤ 5, poor > 35 µg/m³ (lower is better)
    assert _cell(m, cities["suwon"], "SDGPM25").colour == Colour.GREEN
    assert _cell(m, cities["seoul"], "SDGPM25").colour == Colour.YELLOW
    assert _cell(m, cities["taipei"], "SDGPM25").colour == Colour.RED
    # physicians: no cited target, so the peers' thirds; Taipei's latest (2023) is used
    assert _cell(m, cities["taipei"], "ISO37120-12.3").value.value == 150
    assert _cell(m, cities["seoul"], "ISO37120-12.3").colour == Colour.GREEN
    assert _cell(m, cities["taipei"], "ISO37120-12.3").colour == Colour.RED
    assert m.benchmarks[Indicator.objects.get(code="ISO37120-12.3").pk].relative


def cities_of(cities):
    return [cities["seoul"], cities["suwon"], cities["taipei"]]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("official", 200),
        ("admin", 200),
        ("delegate", 200),
        ("worker_a", 403),
        ("partner", 403),
        ("citizen", 403),
    ],
)
def test_benchmarks_page_is_for_officials_and_delegates(cast, values, client_for, who, status):
    response = client_for(cast.users()[who]).get("/policies/benchmarks/")
    assert response.status_code == status


def test_benchmarks_page_shows_the_matrix_with_numbers_in_both_languages(cast, values, client_for):
    client = client_for(cast.delegate)
    ko = client.get("/policies/benchmarks/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert 'data-testid="benchmark-matrix"' in ko and "18.0" in ko and "양호" in ko
    assert "인구 10만 명당" in ko  # the unit in the reader's language
    en = client.get("/policies/benchmarks/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "City benchmarks" in en and "Good" in en


def test_anonymous_is_sent_to_login(client_for):
    response = client_for(None).get("/policies/benchmarks/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_delegate_edits_own_city_value_but_not_another_citys(cast, cities, values, client_for):
    own = IndicatorValue.objects.get(area="KRSWU", indicator__code="SDGPM25")
    other = IndicatorValue.objects.get(area="TWTPE", indicator__code="SDGPM25")
    client = client_for(cast.delegate)
    ok = client.post(
        f"/policies/benchmarks/values/{own.external_id}/", {"value": "4.5", "source": "Suwon"}
    )
    assert ok.status_code == 302
    own.refresh_from_db()
    assert own.value == 4.5 and own.entered_by == cast.delegate
    refused = client.post(
        f"/policies/benchmarks/values/{other.external_id}/", {"value": "1", "source": "x"}
    )
    assert refused.status_code == 403
    other.refresh_from_db()
    assert other.value == 40.0


def test_official_edits_any_value_and_a_bad_interval_is_refused(cast, values, client_for):
    value = IndicatorValue.objects.get(area="TWTPE", indicator__code="SDGPM25")
    client = client_for(cast.official)
    response = client.post(
        f"/policies/benchmarks/values/{value.external_id}/",
        {"value": "30", "lower": "31", "source": "x"},
    )
    assert response.status_code == 200  # the form again, with the error
    value.refresh_from_db()
    assert value.value == 40.0


def test_upload_page_runs_the_import_as_a_job_and_shows_the_result(
    cast, cities, client_for, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = b"DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\nD,KRSWU,ISO37120-12.3,2023,1\nD,TWTPE,ISO37120-12.3,2023,2\n"
    client = client_for(cast.delegate)
    response = client.post(
        "/policies/benchmarks/import/",
        {"file": SimpleUploadedFile("s.csv", body), "kind": "sdmx-csv"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Import result" in page and response.redirect_chain[0][0].startswith("/jobs/")
    batch = response.context["job"].result["batch"]
    report = client.get(f"/policies/benchmarks/import/{batch}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Not your city" in report.content.decode()
    assert list(IndicatorValue.objects.values_list("area", flat=True)) == ["KRSWU"]


def test_heat_upload_gives_the_same_measures_as_equity_summarize(cities, tmp_path):
    data = heat_csv()
    upload = store_upload(city=cities["suwon"], data=data, file_name="suwon.csv")
    path = tmp_path / "suwon.csv"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("equity", "summarize", "--input", str(path), "--format", "json", stdout=out)
    assert upload.measures == json.loads(out.getvalue())


def test_heat_upload_reads_cp949_and_refuses_a_bad_file_naming_the_line(cities):
    data = heat_csv(setting="수원시").decode().encode("cp949")
    assert (
        store_upload(city=cities["suwon"], data=data, file_name="k.csv").rows[0]["setting"]
        == "수원시"
    )
    bad = heat_csv().decode().replace("34.1", "abc").encode()
    with pytest.raises(HeatUploadError, match="2번째 줄"):
        store_upload(city=cities["suwon"], data=bad, file_name="bad.csv")
    assert HeatUpload.objects.count() == 1


def test_small_subgroups_are_hidden_from_other_cities_but_not_from_their_own(
    cast, cities, client_for
):
    store_upload(
        city=cities["suwon"],
        data=heat_csv(populations=(4, 6000, 7000, 8000, 9000)),
        file_name="s.csv",
    )
    other = client_for(cities["taipei_delegate"]).get("/policies/benchmarks/")
    comparison = other.context["heat"]
    (suwon,) = comparison.cities
    assert suwon["suppressed"] and suwon["measures"] == {}
    hidden = [s["subgroup"] for s in suwon["subgroups"] if s["suppressed"]]
    assert set(hidden) == {"Q1", "Q2"}  # the small one and its complement
    own = client_for(cast.delegate).get("/policies/benchmarks/").context["heat"].cities[0]
    assert not own["suppressed"] and own["measures"]["d"]["estimate"] is not None


def test_delegate_uploads_heat_only_for_own_city(cast, cities, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(cast.delegate)
    response = client.post(
        "/policies/benchmarks/heat/",
        {"city": cities["taipei"].pk, "file": SimpleUploadedFile("h.csv", heat_csv())},
    )
    assert response.status_code == 200 and HeatUpload.objects.count() == 0  # not a choice
    response = client.post(
        "/policies/benchmarks/heat/",
        {"city": cities["suwon"].pk, "file": SimpleUploadedFile("h.csv", heat_csv())},
    )
    assert response.status_code == 302 and HeatUpload.objects.get().city == cities["suwon"]


def test_api_cities_lists_member_cities_for_any_logged_in_user(cast, cities, api_for):
    response = api_for(cast.citizen_user).get("/api/v1/policies/cities/")
    assert response.status_code == 200
    codes = {c["unlocode"] for c in response.json()["results"]}
    assert {"KRSEL", "KRSWU", "TWTPE"} <= codes
    assert api_for(None).get("/api/v1/policies/cities/").status_code in (401, 403)


def test_api_values_and_matrix_are_role_scoped(cast, values, api_for):
    assert api_for(cast.partner).get("/api/v1/policies/indicator-values/").json()["count"] == 0
    assert (
        api_for(cast.delegate).get("/api/v1/policies/indicator-values/?city=KRSEL").json()["count"]
        == 2
    )
    assert api_for(cast.partner).get("/api/v1/policies/benchmarks/").status_code == 403
    body = api_for(cast.delegate).get("/api/v1/policies/benchmarks/?city=KRSWU").json()
    assert body["focus"] == "KRSWU" and body["cities"][0]["unlocode"] == "KRSWU"


def test_sdmx_export_page_is_for_officials_and_delegates(cast, values, client_for):
    response = client_for(cast.delegate).get("/policies/benchmarks/export.csv")
    assert response.status_code == 200 and response.content.startswith(b"DATAFLOW,REF_AREA")
    assert client_for(cast.partner).get("/policies/benchmarks/export.csv").status_code == 403


def test_official_adds_a_catalogue_entry_with_its_source_and_a_delegate_cannot(
    cast, cities, client_for
):
    entry = {
        "code": "SEOUL_WALK", "name_ko": "걷기 실천율", "name_en": "Walking rate",
        "definition_ko": "정의", "definition_en": "Definition", "unit": "%", "unit_code": "PT",
        "higher_is_better": "True", "source": "Seoul Community Health Survey",
    }  # fmt: skip
    refused = client_for(cast.delegate).post("/policies/benchmarks/catalogue/", entry)
    assert refused.status_code == 403 and not Indicator.objects.filter(code="SEOUL_WALK").exists()
    no_source = client_for(cast.official).post(
        "/policies/benchmarks/catalogue/", {**entry, "source": ""}
    )
    assert no_source.status_code == 200 and not Indicator.objects.filter(code="SEOUL_WALK").exists()
    added = client_for(cast.official).post("/policies/benchmarks/catalogue/", entry)
    assert added.status_code == 302
    assert Indicator.objects.get(code="SEOUL_WALK").framework == "city"
    page = client_for(cast.delegate).get("/policies/benchmarks/catalogue/").content.decode()
    assert "ISO37120-12.7" in page and "SEOUL_WALK" in page
