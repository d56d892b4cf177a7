"""Practice records: create, edit, tag, record results, attach files, and move through the
states draft → submitted → in review → published / returned, with history."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.policies.domain.errors import NotAllowed, WrongState
from healthycity.policies.enums import EDITABLE, TRANSITIONS, PracticeStatus, TagKind
from healthycity.policies.models import (
    Practice,
    PracticeResult,
    PracticeStateChange,
    PracticeTag,
)
from healthycity.policies.reference import evidence_level_of
from healthycity.policies.search.backend import fill_search_columns
from healthycity.policies.validators import (
    missing_for_submission,
    validate_practice,
    validate_reason,
)

TAG_FIELDS = {"themes": TagKind.THEME, "target_groups": TagKind.TARGET_GROUP}


def _require(user, perm: str, practice, message) -> None:
    if not user.has_perm(perm, practice):
        raise NotAllowed(message)


def _apply(practice: Practice, cleaned: dict) -> dict[str, list[str]]:
    tags = {key: cleaned.pop(key) for key in list(cleaned) if key in TAG_FIELDS}
    for field, value in cleaned.items():
        setattr(practice, field, value)
    practice.evidence_level = evidence_level_of(practice.evaluation_type)
    fill_search_columns([practice])
    return tags


def _set_tags(practice: Practice, tags: dict[str, list[str]]) -> None:
    for key, codes in tags.items():
        kind = TAG_FIELDS[key]
        practice.tags.filter(kind=kind).exclude(code__in=codes).delete()
        have = set(practice.tags.filter(kind=kind).values_list("code", flat=True))
        PracticeTag.objects.bulk_create(
            [PracticeTag(practice=practice, kind=kind, code=c) for c in codes if c not in have]
        )


@transaction.atomic
def create_practice(*, city, by, data: dict) -> Practice:
    """A new draft practice of `city`, written by `by`. Writes the practice, its tags and the
    first history entry. Raises ValidationError (fields) or NotAllowed."""
    cleaned = validate_practice(data)
    practice = Practice(city=city, created_by=by)
    _require(
        by, "policies.change_practice", practice, _("You can add practices only for your own city.")
    )
    tags = _apply(practice, cleaned)
    practice.save()
    _set_tags(practice, tags)
    PracticeStateChange.objects.create(
        practice=practice, from_status="", to_status=PracticeStatus.DRAFT, by=by
    )
    return practice


@transaction.atomic
def update_practice(*, practice: Practice, by, data: dict) -> Practice:
    """Change a draft or returned practice. Raises ValidationError, NotAllowed or WrongState."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status not in EDITABLE:
        raise WrongState(
            _("A practice that is %(status)s cannot be changed; ask an official to return it.")
            % {"status": practice.get_status_display()}
        )
    _require(
        by,
        "policies.change_practice",
        practice,
        _("You can change only your own city's practices."),
    )
    cleaned = validate_practice(data)
    tags = _apply(practice, cleaned)
    practice.save()
    _set_tags(practice, tags)
    return practice


def set_results(*, practice: Practice, rows: list[dict]) -> list[PracticeResult]:
    """Replace the practice's results with `rows` (dicts of PracticeResult fields)."""
    practice.results.all().delete()
    return PracticeResult.objects.bulk_create(
        [PracticeResult(practice=practice, position=i, **row) for i, row in enumerate(rows)]
    )


def move(practice: Practice, *, to: str, by, reason: str = "") -> Practice:
    """Move `practice` to status `to` if the state machine allows it; write the history.
    Side effects: saves the practice (status, published_at) and one PracticeStateChange."""
    current = PracticeStatus(practice.status)
    if PracticeStatus(to) not in TRANSITIONS[current]:
        raise WrongState(
            _("A practice that is %(from)s cannot become %(to)s.")
            % {"from": current.label, "to": PracticeStatus(to).label}
        )
    practice.status = to
    if to == PracticeStatus.PUBLISHED:
        practice.published_at = timezone.now()
    elif current == PracticeStatus.PUBLISHED:
        practice.published_at = None
    practice.save(update_fields=["status", "published_at", "updated_at"])
    PracticeStateChange.objects.create(
        practice=practice, from_status=current, to_status=to, by=by, reason=reason
    )
    return practice


@transaction.atomic
def submit_practice(*, practice: Practice, by) -> Practice:
    """Send a draft (or a returned practice, changed) for review. Refuses an incomplete one
    with a ValidationError naming what is missing."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    _require(
        by,
        "policies.submit_practice",
        practice,
        _("You can submit only your own city's practices."),
    )
    missing = missing_for_submission(practice)
    if missing:
        from django.core.exceptions import ValidationError

        raise ValidationError(missing)
    practice.review_outcome = ""
    practice.review_reasons = ""
    practice.save(update_fields=["review_outcome", "review_reasons", "updated_at"])
    return move(practice, to=PracticeStatus.SUBMITTED, by=by)


@transaction.atomic
def return_practice(*, practice: Practice, by, reason: str) -> Practice:
    """An official sends a practice back to its city with the reason (also a published one,
    which leaves the library until it is submitted and reviewed again)."""
    reason = validate_reason(reason)
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    _require(by, "policies.publish", practice, _("Only city officials return practices."))
    practice.review_reasons = reason
    practice.save(update_fields=["review_reasons", "updated_at"])
    return move(practice, to=PracticeStatus.RETURNED, by=by, reason=reason)


@transaction.atomic
def publish_practice(*, practice: Practice, by, note: str = "") -> Practice:
    """An official publishes a reviewed practice whose outcome is best or promising practice."""
    from healthycity.policies.enums import PUBLISHABLE_OUTCOMES

    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    _require(by, "policies.publish", practice, _("Only city officials publish practices."))
    if practice.review_outcome not in PUBLISHABLE_OUTCOMES:
        raise WrongState(
            _("Only a practice the reviewers found a best or promising practice can be published.")
        )
    return move(practice, to=PracticeStatus.PUBLISHED, by=by, reason=note)


def add_attachment(*, practice: Practice, by, upload):
    """Attach an uploaded file (type and size checked) to a practice the user may change.
    Side effect: the file is written under MEDIA_ROOT/policies/attachments/."""
    from healthycity.policies.models import PracticeAttachment
    from healthycity.policies.validators import validate_attachment

    _require(
        by,
        "policies.change_practice",
        practice,
        _("You can attach files only to your own city's practices while they are drafts."),
    )
    name, content_type = validate_attachment(upload)
    attachment = PracticeAttachment(
        practice=practice, name=name, content_type=content_type, size=upload.size, uploaded_by=by
    )
    attachment.file.save(attachment_path_for(attachment), upload, save=False)
    attachment.save()
    return attachment


def attachment_path_for(attachment) -> str:
    return str(attachment.external_id)
