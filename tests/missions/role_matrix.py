"""Role matrix of walking missions: the citizen's progress, joining and leaving, the officials'
pages (aggregates only) and the citizen's API; the phone and watch uploads of the health app."""

import datetime as dt

from tests.missions.conftest import make_mission
from tests.role_matrix import HIDDEN, LOGIN, OK, WRITE, entry, only


def populate(world):
    from healthycity.missions.domain.rules import set_goals
    from healthycity.missions.models import MissionTerms

    world.mission = make_mission(starts_on=dt.date(2026, 1, 1))
    world.change = MissionTerms.objects.create(
        mission=world.mission, effective_from=dt.date(2026, 3, 1), points_per_day=150
    )
    set_goals(world.change, [(0, None, 6000)])


def _mission(w):
    return f"/missions/manage/{w.mission.external_id}/"


CITY = only("official", "admin")

ENTRIES = [
    # Officials and the operator are sent on to the managers' page.
    entry("missions:mine", "/missions/", GET=only("citizen", "official", "admin")),
    entry(
        "missions:join",
        lambda w: f"/missions/{w.mission.external_id}/join/",
        POST=only("citizen"),
    ),
    entry(
        "missions:leave",
        lambda w: f"/missions/{w.mission.external_id}/leave/",
        POST=only("citizen"),
    ),
    entry("missions:manage", "/missions/manage/", GET=CITY),
    entry(
        "missions:create",
        "/missions/manage/new/",
        GET=CITY,
        POST=only("official", "admin", ok=WRITE),
    ),
    entry("missions:detail", _mission, GET=CITY, POST=only("official", "admin", ok=WRITE)),
    entry(
        "missions:evaluation",
        lambda w: _mission(w) + f"evaluation/{w.change.external_id}/",
        GET=CITY,
    ),
    entry("missions-me", "/api/v1/missions/me/", GET=only("citizen", anonymous=LOGIN)),
    # The health app's phone and watch uploads (the form's answer without a file: the page again).
    entry(
        "health:my_upload", "/health/me/upload/", GET=only("citizen"), POST=only("citizen", ok=OK)
    ),
    entry(
        "health:citizen_upload",
        lambda w: f"/health/citizens/{w.citizen.external_id}/upload/",
        GET=only("worker_a", worker_b=HIDDEN),
        POST=only("worker_a", worker_b=HIDDEN),
    ),
]
