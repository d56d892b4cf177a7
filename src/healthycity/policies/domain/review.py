"""Peer review: two reviewers from other member cities score a practice on the rubric of
policies/data/rubric.toml; the outcome follows from their scores; officials publish or return,
and nominate published practices for the AFHC awards.

Decision rule (docs/methods.md, "Practice review"): every exclusion criterion must pass for
every reviewer, else the outcome is "returned"; otherwise the mean of all core-criterion scores
(both reviewers) and the mean of all qualifier-criterion scores decide: best practice when the
core mean ≥ `best_practice_core` and the qualifier mean ≥ `best_practice_qualifier`, promising
when the core mean ≥ `promising_core`, returned otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import fmean

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.accounts import roles
from healthycity.accounts.enums import Role
from healthycity.policies.domain.errors import NotAllowed, WrongState
from healthycity.policies.domain.practices import move
from healthycity.policies.enums import PracticeStatus, ReviewOutcome
from healthycity.policies.models import Nomination, Practice, ReviewAssignment
from healthycity.policies.reference import award_categories, criteria_of, rubric_data
from healthycity.policies.validators import REASON_MAX, clean_text


def reviewers_needed() -> int:
    return int(rubric_data()["reviewers"])


def _city_of_reviewer(reviewer):
    from healthycity.policies.cities import cities_of

    found = cities_of(reviewer) if roles.has_role(reviewer, Role.DELEGATE) else []
    if not found:
        raise ValidationError(
            {"reviewer": [_("A reviewer must be the delegate of a member city.")]}
        )
    return found[0]


@transaction.atomic
def assign_reviewer(*, practice: Practice, reviewer, by) -> ReviewAssignment:
    """An official asks `reviewer` (a delegate of another member city) to review `practice`.
    The first assignment of a round moves a submitted practice into review (history).
    Refuses the practice's own city, the same reviewer twice and more than the rubric's
    number of reviewers."""
    if not by.has_perm("policies.manage_reviews"):
        raise NotAllowed(_("Only city officials assign reviewers."))
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status not in (PracticeStatus.SUBMITTED, PracticeStatus.IN_REVIEW):
        raise WrongState(_("Only a submitted practice can be given reviewers."))
    city = _city_of_reviewer(reviewer)
    if city.pk == practice.city_id:
        raise ValidationError(
            {"reviewer": [_("A reviewer cannot review a practice of their own city.")]}
        )
    if practice.status == PracticeStatus.SUBMITTED:
        practice.review_round += 1
        practice.save(update_fields=["review_round", "updated_at"])
        move(practice, to=PracticeStatus.IN_REVIEW, by=by)
    current = practice.reviews.filter(round=practice.review_round)
    if current.filter(reviewer=reviewer).exists():
        raise ValidationError({"reviewer": [_("This reviewer is already assigned.")]})
    if current.count() >= reviewers_needed():
        raise ValidationError(
            {
                "reviewer": [
                    _("This practice already has %(n)s reviewers.") % {"n": reviewers_needed()}
                ]
            }
        )
    return ReviewAssignment.objects.create(
        practice=practice,
        round=practice.review_round,
        reviewer=reviewer,
        reviewer_city=city,
        assigned_by=by,
    )


def _clean_sheet(exclusion: dict, scores: dict) -> tuple[dict, dict]:
    data = rubric_data()
    low, high = int(data["scale_min"]), int(data["scale_max"])
    errors: dict[str, list] = {}
    passed: dict[str, bool] = {}
    for c in criteria_of("exclusion"):
        value = exclusion.get(c.code)
        if isinstance(value, str):
            value = {
                "yes": True,
                "true": True,
                "1": True,
                "no": False,
                "false": False,
                "0": False,
            }.get(value.lower())
        if not isinstance(value, bool):
            errors[c.code] = [_("Say whether “%(c)s” is met.") % {"c": c.name}]
        else:
            passed[c.code] = value
    scored: dict[str, int] = {}
    for c in [*criteria_of("core"), *criteria_of("qualifier")]:
        try:
            score = int(scores.get(c.code))
        except (TypeError, ValueError):
            score = None
        if score is None or not low <= score <= high:
            errors[c.code] = [
                _("Score “%(c)s” from %(low)s to %(high)s.")
                % {"c": c.name, "low": low, "high": high}
            ]
        else:
            scored[c.code] = score
    if errors:
        raise ValidationError(errors)
    return passed, scored


@transaction.atomic
def submit_review(
    *, assignment: ReviewAssignment, by, exclusion: dict, scores: dict, comments: str
) -> ReviewAssignment:
    """The reviewer submits their sheet (once). When the last reviewer of the round has
    submitted, the practice's outcome and reasons are set (the status stays "in review" until an
    official publishes or returns it)."""
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.reviewer_id != by.pk:
        raise NotAllowed(_("Only the assigned reviewer can submit this review."))
    if assignment.submitted_at is not None:
        raise WrongState(_("This review was already submitted."))
    if assignment.practice.status != PracticeStatus.IN_REVIEW:
        raise WrongState(_("This practice is no longer in review."))
    passed, scored = _clean_sheet(exclusion or {}, scores or {})
    errors: dict = {}
    text = clean_text(comments, field="comments", limit=REASON_MAX, errors=errors)
    if not all(passed.values()) and not text:
        errors["comments"] = [_("Say why a criterion is not met, so the city can improve it.")]
    if errors:
        raise ValidationError(errors)
    assignment.exclusion, assignment.scores, assignment.comments = passed, scored, text
    assignment.recommendation = outcome_of([assignment]).outcome
    assignment.submitted_at = timezone.now()
    assignment.save()
    _conclude_if_done(assignment.practice)
    return assignment


@dataclass
class Outcome:
    outcome: str
    core_mean: float | None
    qualifier_mean: float | None
    failed: list[str] = field(default_factory=list)  # exclusion criteria not met
    reasons: list[str] = field(default_factory=list)


def outcome_of(sheets: list[ReviewAssignment]) -> Outcome:
    """The outcome of submitted review sheets, by the rule in the module docstring."""
    t = rubric_data()["thresholds"]
    failed = sorted(
        {c.code for s in sheets for c in criteria_of("exclusion") if not s.exclusion.get(c.code)}
    )
    core = [s.scores[c.code] for s in sheets for c in criteria_of("core")]
    qual = [s.scores[c.code] for s in sheets for c in criteria_of("qualifier")]
    core_mean = fmean(core) if core else None
    qual_mean = fmean(qual) if qual else None
    names = {c.code: c.name for c in criteria_of("exclusion")}
    if failed:
        reasons = [_("Not met: %(c)s.") % {"c": names[code]} for code in failed]
        return Outcome(ReviewOutcome.RETURNED, core_mean, qual_mean, failed, reasons)
    if (
        core_mean is not None
        and core_mean >= t["best_practice_core"]
        and (qual_mean or 0) >= t["best_practice_qualifier"]
    ):
        outcome = ReviewOutcome.BEST_PRACTICE
    elif core_mean is not None and core_mean >= t["promising_core"]:
        outcome = ReviewOutcome.PROMISING
    else:
        outcome = ReviewOutcome.RETURNED
    reasons = [
        _("Core criteria %(core).1f of 5, qualifier criteria %(qual).1f of 5.")
        % {"core": core_mean or 0, "qual": qual_mean or 0}
    ]
    return Outcome(outcome, core_mean, qual_mean, [], reasons)


def _conclude_if_done(practice: Practice) -> None:
    sheets = list(practice.reviews.filter(round=practice.review_round))
    if len(sheets) < reviewers_needed() or any(s.submitted_at is None for s in sheets):
        return
    result = outcome_of(sheets)
    comments = [s.comments for s in sheets if s.comments]
    practice.review_outcome = result.outcome
    practice.review_reasons = "\n".join([*result.reasons, *comments])
    practice.save(update_fields=["review_outcome", "review_reasons", "updated_at"])


@transaction.atomic
def nominate(*, practice: Practice, category: str, year: int, by, reason: str = "") -> Nomination:
    """An official nominates a published practice for an AFHC award category of a conference."""
    if not by.has_perm("policies.nominate"):
        raise NotAllowed(_("Only city officials nominate practices for the awards."))
    if practice.status != PracticeStatus.PUBLISHED:
        raise WrongState(_("Only a published practice can be nominated."))
    if category not in award_categories():
        raise ValidationError({"category": [_("Choose one of the award categories.")]})
    errors: dict = {}
    text = clean_text(reason, field="reason", limit=REASON_MAX, errors=errors)
    if errors:
        raise ValidationError(errors)
    nomination, created = Nomination.objects.get_or_create(
        practice=practice,
        category=category,
        conference_year=int(year),
        defaults={"nominated_by": by, "reason": text},
    )
    if not created:
        raise ValidationError(
            {"category": [_("This practice is already nominated in that category.")]}
        )
    return nomination
