"""The floor plan: hall outlines from the data file, booth geometry rules, the booth-plan CSV,
and the SVG drawn from them (parsed back as XML, not searched as text)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from healthycity.conference.exhibition.domain.booths import load_plan
from healthycity.conference.exhibition.floorplan import geometry, svg
from healthycity.conference.exhibition.models import Booth

SVG = "{http://www.w3.org/2000/svg}"
PLAN_FILE = Path(geometry.HALLS_FILE).parent / "ddp_booths_afhc2026.csv"


def test_the_halls_file_has_valid_outlines_and_entrances_on_the_walls():
    venue = geometry.venue()
    assert {"art-hall-1", "art-hall-2"} <= set(venue.halls)
    for hall in venue.halls.values():
        polygon = hall.polygon
        assert polygon.is_valid and polygon.area > 500  # m²: exhibition halls, not rooms
        for e in hall.entrances:
            from shapely.geometry import LineString

            assert polygon.exterior.buffer(0.01).contains(LineString([e.start, e.end]))
            assert e.name_ko and e.name_en


def fp(number="T-1", hall="art-hall-1", x=6.0, y=15.0, width=3.0, depth=3.0):
    return geometry.Footprint(number, hall, x, y, width, depth)


def test_a_booth_inside_its_hall_fits():
    assert geometry.footprint_errors(fp()) == {}


@pytest.mark.parametrize(
    ("footprint", "field"),
    [
        (fp(hall="roof"), "hall"),
        (fp(width=0.5), "width"),
        (fp(depth=45), "depth"),
        (fp(x=64, y=20), "x"),  # through the east wall
        (fp(x=0.2, y=0.5), "x"),  # in the curved north-west corner, outside the wall
    ],
)
def test_a_booth_that_does_not_fit_is_refused_with_the_field(footprint, field):
    errors = geometry.footprint_errors(footprint)
    assert field in errors and errors[field]


def test_overlapping_booths_are_refused_but_touching_ones_are_fine():
    other = fp(number="T-2", x=7.5)
    assert "T-2" in geometry.footprint_errors(fp(), [other])["x"]
    assert geometry.footprint_errors(fp(), [fp(number="T-3", x=9.0)]) == {}
    assert geometry.footprint_errors(fp(), [fp(number="T-4", hall="art-hall-2")]) == {}


@pytest.mark.django_db
def test_the_demo_booth_plan_loads_completely(cast):
    from tests.conference.factories import EventFactory

    event = EventFactory()
    result = load_plan(event=event, data=PLAN_FILE.read_bytes())
    assert result.count("rejected") == 0, result.as_dict()["rejections"]
    assert Booth.objects.filter(event=event).count() == result.count("created") >= 40
    assert Booth.objects.filter(event=event, station=True).count() >= 4
    again = load_plan(event=event, data=PLAN_FILE.read_bytes())
    assert again.count("unchanged") == result.count("created")


@pytest.mark.django_db
def test_a_plan_with_bad_rows_accounts_for_every_row(cast):
    from tests.conference.factories import EventFactory

    event = EventFactory()
    data = (
        "number,hall,x,y,width,depth,station\n"
        "A-01,art-hall-1,6,5,9,6,yes\n"  # fine
        "A-02,art-hall-1,10,6,3,3,no\n"  # overlaps A-01
        "A-03,roof,1,1,3,3,no\n"  # no such hall
        "a 04,art-hall-1,30,30,3,3,no\n"  # bad number
        "A-05,art-hall-1,x,30,3,3,no\n"  # not a number
        "A-06,art-hall-1,30,30,3,3,maybe\n"  # station?
        "A-01,art-hall-1,40,30,3,3,no\n"  # twice
    ).encode("cp949")
    dry = load_plan(event=event, data=data, dry_run=True)
    assert dry.as_dict()["read"] == 7 and dry.count("created") == 1 and dry.count("rejected") == 6
    assert not Booth.objects.filter(event=event).exists()
    done = load_plan(event=event, data=data)
    lines = [r["line"] for r in done.as_dict()["rejections"]]
    assert lines == [3, 4, 5, 6, 7, 8]
    assert "A-01" in done.as_dict()["rejections"][0]["reason"]
    assert list(Booth.objects.filter(event=event).values_list("number", flat=True)) == ["A-01"]


def booths_for_plan():
    return [
        svg.BoothInput("A-01", 6, 5, 9, 6, svg.BoothKind.PARTNER, "인바디", True, "/x/inbody/"),
        svg.BoothInput(
            "A-05", 6, 15, 3, 3, svg.BoothKind.EXHIBITOR, "종로구보건소 <b>&", False, "/x/c/"
        ),
        svg.BoothInput("A-06", 9, 15, 3, 3),
    ]


@pytest.mark.django_db
def test_the_hall_svg_has_a_title_and_a_focusable_labelled_link_per_let_booth():
    from django.template.loader import render_to_string

    plan = svg.plan_for(geometry.hall("art-hall-1"), booths_for_plan(), current="A-05")
    html = render_to_string("exhibition/_hall.svg", {"plan": plan})
    root = ET.fromstring(html)  # noqa: S314 — our own renderer's output, not untrusted input
    assert root.find(f"{SVG}title").text
    links = root.findall(f".//{SVG}a")
    assert [a.get("data-booth") for a in links] == ["A-01", "A-05"]
    inbody = links[0]
    assert inbody.get("href") == "/x/inbody/"
    assert "인바디" in inbody.get("aria-label") and inbody.find(f"{SVG}title").text
    assert inbody.find(f".//{SVG}g[@class='fp-station']") is not None
    assert "fp-current" in links[1].get("class")
    # the exhibitor's name is escaped, never markup
    assert "<b>" in links[1].get("aria-label") and links[1].find(f".//{SVG}b") is None
    vacant = root.find(f".//{SVG}g[@data-booth='A-06']")
    assert vacant is not None and "fp-vacant" in vacant.get("class")


def test_long_names_are_fitted_into_the_booth():
    lines = svg.fit_lines("국민건강보험공단 서울지역본부 건강증진센터", 0.8, 8.2, max_lines=2)
    assert 1 <= len(lines) <= 2
    assert all(svg.text_width(line, 0.8) <= 8.2 for line in lines)
    assert lines[-1].endswith("…")
    assert svg.fit_lines("InBody", 0.8, 8.2) == ["InBody"]


@pytest.mark.django_db
def test_the_standalone_svg_is_a_valid_document_with_every_hall():
    plans = [
        svg.plan_for(geometry.hall("art-hall-1"), booths_for_plan()),
        svg.plan_for(geometry.hall("art-hall-2"), []),
    ]
    text = svg.render_standalone(plans, title="AFHC 2026")
    root = ET.fromstring(text.encode("utf-8"))  # noqa: S314 — our own output
    assert root.tag == f"{SVG}svg" and root.get("width").endswith("mm")
    assert len(root.findall(f"{SVG}g")) == 2
