"""Pages of walking missions: the citizen's progress and points; officials' missions, rules and
the evaluation of a change of rules (aggregates only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from healthycity.accounts import roles
from healthycity.health.views.flags import flagged_days
from healthycity.missions.domain import participation
from healthycity.missions.domain.evaluation import evaluate_change, group_label
from healthycity.missions.domain.missions import change_rules, create_mission
from healthycity.missions.domain.progress import ledger_of, progress_of
from healthycity.missions.errors import MissionError
from healthycity.missions.forms import GoalFormSet, MissionForm, TermsForm, goal_initial
from healthycity.missions.models import Mission, MissionTerms
from healthycity.missions.queries import missions_with_counts, summary


def _citizen(request):
    citizen = roles.citizen_of(request.user)
    if citizen is None or not request.user.has_perm("missions.take_part"):
        if request.user.has_perm("missions.manage"):
            return None
        raise PermissionDenied
    return citizen


@login_required
def mine(request):
    citizen = _citizen(request)
    if citizen is None:
        return redirect("missions:manage")
    from healthycity.health.models import DailySteps

    progress = progress_of(citizen)
    joined = {p.mission.pk for p in progress}
    steps = list(DailySteps.objects.filter(citizen=citizen, flagged=True).order_by("date", "id"))
    return render(
        request,
        "missions/mine.html",
        {
            "progress": progress,
            "open": [m for m in participation.open_missions() if m.pk not in joined],
            "ledger": ledger_of(citizen),
            "flagged": flagged_days(steps, limit=10),
        },
    )


def _mission(id) -> Mission:
    mission = Mission.objects.filter(external_id=id).first()
    if mission is None:
        raise Http404
    return mission


def _take_part(request, id, act, done: str):
    citizen = _citizen(request)
    if citizen is None:
        raise PermissionDenied
    mission = _mission(id)
    try:
        act(mission=mission, citizen=citizen)
    except MissionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done % {"name": mission.name()})
    return redirect("missions:mine")


@login_required
@require_POST
def join_mission(request, id):
    done = _("You take part in “%(name)s”. Your steps count from today.")
    return _take_part(request, id, participation.join, done)


@login_required
@require_POST
def leave_mission(request, id):
    done = _("You left “%(name)s”. The points you earned stay.")
    return _take_part(request, id, participation.leave, done)


def _require_manager(request) -> None:
    if not request.user.has_perm("missions.manage"):
        raise PermissionDenied


@login_required
def manage(request):
    _require_manager(request)
    return render(request, "missions/manage.html", {"missions": missions_with_counts()})


def _terms_values(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "effective_from"}


@login_required
def create(request):
    _require_manager(request)
    post = request.POST if request.method == "POST" else None
    mission_form = MissionForm(post, prefix="mission")
    terms_form = TermsForm(
        post,
        prefix="terms",
        initial={"points_per_day": 100, "week_goal_days": 5, "points_per_week": 300},
    )
    terms_form.fields["effective_from"].required = False
    # Initial values only on the empty form: a bound formset skips the extra forms that equal
    # their initial values (the age rules would look empty).
    goals = GoalFormSet(post, prefix="goals", initial=None if post else goal_initial(None))
    if post is not None and mission_form.is_valid() and terms_form.is_valid() and goals.is_valid():
        try:
            mission = create_mission(
                by=request.user,
                goals=goals.goals(),
                terms=_terms_values(terms_form),
                **mission_form.cleaned_data,
            )
        except MissionError as exc:
            mission_form.add_error(None, str(exc))
        else:
            messages.success(request, _("Mission created."))
            return redirect("missions:detail", id=mission.external_id)
    return render(
        request,
        "missions/form.html",
        {"mission_form": mission_form, "terms_form": terms_form, "goals": goals},
    )


@login_required
def detail(request, id):
    _require_manager(request)
    mission = _mission(id)
    versions = list(mission.terms.order_by("effective_from").prefetch_related("goals"))
    post = request.POST if request.method == "POST" else None
    terms_form = TermsForm(
        post, prefix="terms", initial=_initial_terms(versions[-1] if versions else None)
    )
    # Initial values only on the empty form (a bound formset skips the extra forms that equal
    # their initial values: unchanged age rules would look empty).
    current = versions[-1] if versions else None
    goals = GoalFormSet(post, prefix="goals", initial=None if post else goal_initial(current))
    if post is not None and terms_form.is_valid() and goals.is_valid():
        try:
            change_rules(
                mission=mission,
                by=request.user,
                goals=goals.goals(),
                effective_from=terms_form.cleaned_data["effective_from"],
                award_now=False,
                **_terms_values(terms_form),
            )
        except MissionError as exc:
            terms_form.add_error("effective_from", str(exc))
        else:
            from healthycity.jobs import enqueue

            job = enqueue(
                "missions.award", owner=request.user, params={"mission": str(mission.external_id)}
            )
            done = _(
                "New rules saved. The participants' points are worked out again in the background."
            )
            messages.success(request, done)
            return redirect("jobs:detail", id=job.external_id)
    return render(
        request,
        "missions/detail.html",
        {
            "mission": mission,
            "versions": versions,
            "summary": summary(mission),
            "terms_form": terms_form,
            "goals": goals,
        },
    )


def _initial_terms(terms: MissionTerms | None) -> dict:
    if terms is None:
        return {}
    return {
        f: getattr(terms, f)
        for f in ("points_per_day", "week_goal_days", "points_per_week", "half_year_cap")
    }


@login_required
def evaluation(request, id, terms):
    _require_manager(request)
    mission = _mission(id)
    version = MissionTerms.objects.filter(mission=mission, external_id=terms).first()
    if version is None:
        raise Http404
    try:
        weeks = min(52, max(1, int(request.GET.get("weeks", 8))))
    except ValueError:
        weeks = 8
    error, result = "", None
    try:
        result = evaluate_change(terms=version, weeks=weeks)
    except MissionError as exc:
        error = str(exc)
    rows = []
    if result is not None:
        rows = [{**r, "label": group_label(r["group_by"], r["group"])} for r in result.rows]
    return render(
        request,
        "missions/evaluation.html",
        {
            "mission": mission,
            "version": version,
            "result": result,
            "rows": rows,
            "error": error,
            "weeks": weeks,
        },
    )
