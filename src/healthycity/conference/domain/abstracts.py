"""The call for abstracts: anyone with an account submits; officials score each abstract on the
event's criteria (rows of data, each with a highest score and a weight); an accepted abstract
becomes a session or a poster in the programme."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from healthycity.conference.domain.errors import ConferenceError
from healthycity.conference.enums import AbstractFormat, AbstractStatus, SessionKind, SessionStatus
from healthycity.conference.models import (
    Abstract,
    AbstractReview,
    Event,
    ReviewCriterion,
    ReviewScore,
    Session,
    SessionSpeaker,
    Speaker,
)

TEXT_MAX = 5000


def check_cfp_open(event: Event, *, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    if event.cfp_opens_at is None or now < event.cfp_opens_at:
        raise ConferenceError(_("The call for abstracts is not open."), code="cfp_closed")
    if event.cfp_closes_at and now >= event.cfp_closes_at:
        raise ConferenceError(
            _("The call for abstracts closed on %(when)s.")
            % {
                "when": formats.date_format(
                    event.cfp_closes_at.astimezone(event.tz), "DATETIME_FORMAT"
                )
            },
            code="cfp_closed",
        )


def submit_abstract(
    *,
    event: Event,
    by,
    title: str,
    text: str,
    language: str,
    format: str,
    presenter_name: str,
    affiliation: str,
    co_authors: str = "",
    track=None,
    now: dt.datetime | None = None,
) -> Abstract:
    """Anyone with an account submits an abstract while the call is open. Side effect: INSERT."""
    check_cfp_open(event, now=now)
    errors = {}
    if not title.strip():
        errors["title"] = [_("Please give a title.")]
    if not text.strip():
        errors["text"] = [_("Please write the abstract.")]
    elif len(text) > TEXT_MAX:
        errors["text"] = [_("The abstract is at most %(n)s characters.") % {"n": TEXT_MAX}]
    if track is not None and track.event_id != event.pk:
        errors["track"] = [_("Choose a track of this event.")]
    if errors:
        raise ConferenceError(errors)
    return Abstract.objects.create(
        event=event,
        submitter=by,
        title=title.strip(),
        text=text.strip(),
        language=language,
        format=format,
        presenter_name=presenter_name.strip(),
        affiliation=affiliation.strip(),
        co_authors=co_authors.strip(),
        track=track,
    )


def withdraw_abstract(*, abstract: Abstract) -> Abstract:
    if abstract.status != AbstractStatus.SUBMITTED:
        raise ConferenceError(
            _("Only an abstract still under review can be withdrawn."), code="state"
        )
    abstract.status = AbstractStatus.WITHDRAWN
    abstract.save(update_fields=["status", "updated_at"])
    return abstract


@transaction.atomic
def review_abstract(
    *, abstract: Abstract, reviewer, scores: dict[int, int], comment: str = ""
) -> AbstractReview:
    """Record (or replace) `reviewer`'s scores — {criterion id: score} for every criterion of the
    event — and comment. Side effects: the review row and its scores."""
    criteria = {c.pk: c for c in abstract.event.criteria.all()}
    errors = []
    for pk, criterion in criteria.items():
        score = scores.get(pk)
        if score is None:
            errors.append(_("Score “%(criterion)s”.") % {"criterion": criterion.name})
        elif not 0 <= int(score) <= criterion.max_score:
            errors.append(
                _("“%(criterion)s” is scored from 0 to %(max)s.")
                % {"criterion": criterion.name, "max": criterion.max_score}
            )
    if unknown := set(scores) - set(criteria):
        errors.append(
            _("Unknown criteria: %(ids)s.") % {"ids": ", ".join(map(str, sorted(unknown)))}
        )
    if abstract.submitter_id == getattr(reviewer, "pk", None):
        errors.append(_("You cannot review your own abstract."))
    if errors:
        raise ConferenceError({"scores": errors})
    review, _created = AbstractReview.objects.update_or_create(
        abstract=abstract, reviewer=reviewer, defaults={"comment": comment.strip()}
    )
    for pk, score in scores.items():
        ReviewScore.objects.update_or_create(
            review=review, criterion_id=pk, defaults={"score": int(score)}
        )
    return review


def weighted_score(
    abstract: Abstract, criteria: list[ReviewCriterion] | None = None
) -> Decimal | None:
    """The mean over reviewers of Σ weight·score / Σ weight·max, as a percentage (0–100);
    None before the first review. Criteria with weight 0 do not count."""
    criteria = criteria if criteria is not None else list(abstract.event.criteria.all())
    weights = {c.pk: (c.weight, c.max_score) for c in criteria}
    denominator = sum(w * m for w, m in weights.values())
    if not denominator:
        return None
    totals = []
    for review in abstract.reviews.all():
        got = sum(
            weights[s.criterion_id][0] * s.score
            for s in review.scores.all()
            if s.criterion_id in weights
        )
        totals.append(Decimal(got) / Decimal(denominator) * 100)
    if not totals:
        return None
    return (sum(totals) / len(totals)).quantize(Decimal("0.1"))


@transaction.atomic
def reject_abstract(*, abstract: Abstract, by, note: str = "") -> Abstract:
    if abstract.status != AbstractStatus.SUBMITTED:
        raise ConferenceError(_("This abstract has already been decided."), code="state")
    abstract.status = AbstractStatus.REJECTED
    abstract.decided_by, abstract.decided_at, abstract.decision_note = (
        by,
        timezone.now(),
        note.strip(),
    )
    abstract.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    return abstract


@transaction.atomic
def accept_abstract(*, abstract: Abstract, by, session: Session, note: str = "") -> Session:
    """Accept the abstract as `session` (not yet saved: the official chose its kind, room and
    time). The presenter becomes its speaker; the session goes through the programme's conflict
    checks. Side effects: the abstract's decision, a speaker, the session and its speaker link."""
    from healthycity.conference.domain.programme import save_session

    if abstract.status != AbstractStatus.SUBMITTED:
        raise ConferenceError(_("This abstract has already been decided."), code="state")
    speaker = Speaker.objects.filter(
        event=abstract.event, user=abstract.submitter, name_ko=abstract.presenter_name
    ).first()
    if speaker is None:
        speaker = Speaker.objects.create(
            event=abstract.event,
            user=abstract.submitter,
            name_ko=abstract.presenter_name,
            name_en=abstract.presenter_name if abstract.language != "ko" else "",
            affiliation_ko=abstract.affiliation,
            affiliation_en=abstract.affiliation if abstract.language != "ko" else "",
        )
    session.event = abstract.event
    session.abstract_source = abstract
    if not session.title_ko:
        session.title_ko = abstract.title
    if not session.abstract_ko and not session.abstract_en:
        if abstract.language == "en":
            session.abstract_en, session.title_en = (
                abstract.text,
                session.title_en or abstract.title,
            )
        else:
            session.abstract_ko = abstract.text
    if not session.track_id and abstract.track_id:
        session.track_id = abstract.track_id
    session.languages = session.languages or abstract.language
    session.status = session.status or SessionStatus.PUBLISHED
    speakers = (
        [link.speaker for link in SessionSpeaker.objects.filter(session=session)]
        if session.pk
        else []
    )
    save_session(
        session=session, speakers=[*speakers, speaker] if speaker not in speakers else speakers
    )
    abstract.status = AbstractStatus.ACCEPTED
    abstract.decided_by, abstract.decided_at, abstract.decision_note = (
        by,
        timezone.now(),
        note.strip(),
    )
    abstract.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    return session


def session_kind_for(abstract: Abstract) -> str:
    return {
        AbstractFormat.POSTER: SessionKind.POSTER,
        AbstractFormat.WORKSHOP: SessionKind.WORKSHOP,
    }.get(abstract.format, SessionKind.PARALLEL)
