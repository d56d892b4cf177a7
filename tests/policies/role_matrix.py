"""Role matrix of the practice library (issue 11, Access): delegates edit only their own city's
practices; reviewers see only what they are asked to review; officials assign, publish, return and
nominate; everyone signed in reads published practices. Each request runs in a rolled-back
transaction, so every role meets the same state."""

from __future__ import annotations

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from healthycity.accounts.enums import Role
from healthycity.places.models import MemberCity
from healthycity.policies.domain.practices import add_attachment, submit_practice
from healthycity.policies.domain.review import assign_reviewer
from healthycity.policies.enums import PracticeStatus, ReviewOutcome
from healthycity.policies.models import Practice
from healthycity.policies.reference import criteria_of
from tests.factories import member
from tests.policies.conftest import WALKING, draft, member_city
from tests.role_matrix import DENIED, HIDDEN, LOGIN, entry, everyone, only


def populate(world):
    world.settings.MEDIA_ROOT = str(world.tmp_path)
    suwon = MemberCity.objects.get(organisation__memberships__user=world.delegate)
    taipei = member_city("taipei", "타이베이", "Taipei", "Taiwan", "TWTPE")
    member_city("seoul", "서울", "Seoul", "Republic of Korea", "KRSEL")
    world.delegate_taipei = member("delegate-taipei", taipei.organisation, Role.DELEGATE)
    world.published = draft(suwon, world.delegate)
    Practice.objects.filter(pk=world.published.pk).update(
        status=PracticeStatus.PUBLISHED, review_outcome=ReviewOutcome.BEST_PRACTICE
    )
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.7\n1 0 obj\n", content_type="application/pdf")
    world.attachment_draft = draft(suwon, world.delegate)
    world.attachment = add_attachment(
        practice=world.attachment_draft, by=world.delegate, upload=pdf
    )
    Practice.objects.filter(pk=world.attachment_draft.pk).update(status=PracticeStatus.PUBLISHED)
    world.own_draft = draft(suwon, world.delegate)
    world.taipei_draft = draft(taipei, world.delegate_taipei)
    world.taipei_submitted = submit_practice(
        practice=draft(taipei, world.delegate_taipei), by=world.delegate_taipei
    )
    world.taipei_reviewed = draft(taipei, world.delegate_taipei)
    Practice.objects.filter(pk=world.taipei_reviewed.pk).update(
        status=PracticeStatus.IN_REVIEW, review_outcome=ReviewOutcome.PROMISING, review_round=1
    )
    in_review = submit_practice(
        practice=draft(taipei, world.delegate_taipei), by=world.delegate_taipei
    )
    from tests.conference.factories import SessionFactory

    world.session = SessionFactory()
    world.assignment = assign_reviewer(
        practice=in_review, reviewer=world.delegate, by=world.official
    )


SHEET = {
    **{f"ex-{c.code}": "yes" for c in criteria_of("exclusion")},
    **{f"score-{c.code}": "4" for c in [*criteria_of("core"), *criteria_of("qualifier")]},
}
SHEET_JSON = {
    "exclusion": {c.code: True for c in criteria_of("exclusion")},
    "scores": {c.code: 4 for c in [*criteria_of("core"), *criteria_of("qualifier")]},
    "comments": "",
}
READERS = everyone(anonymous=LOGIN)
CITY_STAFF = only("official", "admin", others=HIDDEN)  # unpublished practices of another city
# Suwon's draft: its delegate; officials see it but may not change it; the operator (superuser)
# holds every permission, as Django gives a superuser.
OWN_CITY = only("delegate", "admin", others=HIDDEN, official=DENIED)
REVIEWER = only("delegate", "official", "admin", others=HIDDEN)
EDITORS = only("official", "delegate", "admin")


def _form():
    return {
        **{k: v for k, v in WALKING.items() if not isinstance(v, list)},
        "themes": WALKING["themes"],
        "licence": "CC-BY-4.0",
        "evaluation_type": "cba",
        "original_language": "ko",
    }


def _file(_world):
    return {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n", content_type="application/pdf")}


P = "/policies/practices"
A = "/api/v1/policies/practices"
ENTRIES = [
    # pages
    entry("policies:library", "/policies/?q=걷는", GET=READERS),
    entry("policies:mine", "/policies/mine/", GET=EDITORS),
    entry(
        "policies:from_aid",
        "/policies/from-aid/",
        GET=only("official", "admin"),
        POST=only("official", "admin"),
        data={"programme": str(uuid.UUID(int=1))},  # unknown: the page says so
    ),
    entry("policies:new", f"{P}/new/", GET=EDITORS, POST=EDITORS, data=lambda w: _form()),
    entry("policies:practice", lambda w: f"{P}/{w.published.external_id}/", GET=READERS),
    entry("policies:practice", lambda w: f"{P}/{w.taipei_draft.external_id}/", GET=CITY_STAFF),
    entry(
        "policies:edit",
        lambda w: f"{P}/{w.own_draft.external_id}/edit/",
        GET=OWN_CITY,
        POST=OWN_CITY,
        data=lambda w: _form(),
    ),
    entry("policies:submit", lambda w: f"{P}/{w.own_draft.external_id}/submit/", POST=OWN_CITY),
    entry(
        "policies:assign",
        lambda w: f"{P}/{w.taipei_submitted.external_id}/reviewers/",
        POST=CITY_STAFF,
        data={"reviewer": "delegate"},
    ),
    entry(
        "policies:publish",
        lambda w: f"{P}/{w.taipei_reviewed.external_id}/publish/",
        POST=CITY_STAFF,
    ),
    entry(
        "policies:return",
        lambda w: f"{P}/{w.taipei_reviewed.external_id}/return/",
        POST=CITY_STAFF,
        data={"reason": "근거를 보완해 주세요."},
    ),
    entry(
        "policies:nominate",
        lambda w: f"{P}/{w.published.external_id}/nominations/",
        POST=only("official", "admin", anonymous=LOGIN),
        data={"category": "afhc-ageing", "conference_year": "2026"},
    ),
    entry(
        "policies:link_session",
        lambda w: f"{P}/{w.published.external_id}/sessions/",
        POST=only("official", "admin", "delegate"),  # officials, or the practice's own city
        data=lambda w: {"session": str(w.session.external_id)},
    ),
    entry(
        "policies:attach",
        lambda w: f"{P}/{w.own_draft.external_id}/attachments/",
        POST=OWN_CITY,
        data=_file,
    ),
    entry(
        "policies:attachment",
        lambda w: f"{P}/{w.attachment_draft.external_id}/attachments/{w.attachment.external_id}/",
        GET=READERS,
    ),
    entry(
        "policies:pdf", lambda w: f"{P}/{w.taipei_draft.external_id}/practice.pdf", GET=CITY_STAFF
    ),
    entry(
        "policies:jsonld", lambda w: f"{P}/{w.published.external_id}/practice.jsonld", GET=READERS
    ),
    entry(
        "policies:review",
        lambda w: f"/policies/reviews/{w.assignment.external_id}/",
        GET=REVIEWER,
        POST=only("delegate", others=HIDDEN, official=DENIED, admin=DENIED),
        data=SHEET,
    ),
    # API
    entry(
        "practice-list",
        f"{A}/?q=walking&theme=who-mobility",
        GET=READERS,
        POST=EDITORS,
        data=dict(WALKING),
        json=True,
    ),
    entry("practice-facets", f"{A}/facets/?q=걷기", GET=READERS),
    entry("practice-mine", f"{A}/mine/", GET=READERS),
    entry("practice-detail", lambda w: f"{A}/{w.published.external_id}/", GET=READERS),
    entry(
        "practice-detail",
        lambda w: f"{A}/{w.own_draft.external_id}/",
        PATCH=OWN_CITY,
        data={"budget_note": "시비"},
        json=True,
    ),
    entry("practice-jsonld", lambda w: f"{A}/{w.published.external_id}/jsonld/", GET=READERS),
    entry("practice-similar", lambda w: f"{A}/{w.published.external_id}/similar/", GET=READERS),
    entry("practice-submit", lambda w: f"{A}/{w.own_draft.external_id}/submit/", POST=OWN_CITY),
    entry(
        "practice-reviewers",
        lambda w: f"{A}/{w.taipei_submitted.external_id}/reviewers/",
        POST=CITY_STAFF,
        data={"reviewer": "delegate"},
        json=True,
    ),
    entry(
        "practice-publish",
        lambda w: f"{A}/{w.taipei_reviewed.external_id}/publish/",
        POST=CITY_STAFF,
    ),
    entry(
        "practice-return-",
        lambda w: f"{A}/{w.taipei_reviewed.external_id}/return/",
        POST=CITY_STAFF,
        data={"reason": "근거를 보완해 주세요."},
        json=True,
    ),
    entry(
        "practice-nominations",
        lambda w: f"{A}/{w.published.external_id}/nominations/",
        POST=only("official", "admin"),
        data={"category": "afhc-ageing", "conference_year": 2026},
        json=True,
    ),
    entry(
        "practice-from-aid",
        f"{A}/from-aid/",
        # an unknown programme: officials are told it is not found; the others may not ask
        POST=only("official", "admin", ok=HIDDEN),
        data={"programme": str(uuid.UUID(int=1))},
        json=True,
    ),
    entry("practice-review-list", "/api/v1/policies/reviews/", GET=READERS),
    entry(
        "practice-review-detail",
        lambda w: f"/api/v1/policies/reviews/{w.assignment.external_id}/",
        GET=REVIEWER,
    ),
    entry(
        "practice-review-submit",
        lambda w: f"/api/v1/policies/reviews/{w.assignment.external_id}/submit/",
        POST=only("delegate", others=HIDDEN, official=DENIED, admin=DENIED),
        data=SHEET_JSON,
        json=True,
    ),
]
