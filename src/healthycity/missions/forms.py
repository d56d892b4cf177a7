"""Forms of the missions pages (validation of the age rules lives in domain.rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from healthycity.missions.domain.rules import check_goals
from healthycity.missions.errors import MissionError
from healthycity.missions.models import Mission, MissionTerms

DATE = forms.DateInput(attrs={"type": "date"})


class MissionForm(forms.ModelForm):
    class Meta:
        model = Mission
        fields = ["name_ko", "name_en", "summary_ko", "summary_en", "starts_on", "ends_on"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "summary_ko": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
        }


class TermsForm(forms.ModelForm):
    class Meta:
        model = MissionTerms
        fields = [
            "effective_from",
            "points_per_day",
            "week_goal_days",
            "points_per_week",
            "half_year_cap",
            "note",
        ]
        widgets = {"effective_from": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class GoalForm(forms.Form):
    from_age = forms.IntegerField(label=_("from age"), min_value=0, max_value=130, required=False)
    to_age = forms.IntegerField(label=_("below age"), min_value=1, max_value=130, required=False)
    daily_steps = forms.IntegerField(
        label=_("daily steps goal"), min_value=1, max_value=100_000, required=False
    )


class BaseGoalFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        try:
            check_goals(self.goals())
        except MissionError as exc:
            raise forms.ValidationError(str(exc)) from None

    def goals(self) -> list[tuple[int, int | None, int]]:
        out = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("daily_steps") is None and data.get("from_age") is None:
                continue
            out.append(
                (data.get("from_age") or 0, data.get("to_age"), data.get("daily_steps") or 0)
            )
        return out


GoalFormSet = forms.formset_factory(GoalForm, formset=BaseGoalFormSet, extra=4, max_num=8)


def goal_initial(terms: MissionTerms | None) -> list[dict]:
    if terms is None:
        return [
            {"from_age": 0, "to_age": 70, "daily_steps": 8000},
            {"from_age": 70, "daily_steps": 5000},
        ]
    return [
        {"from_age": g.from_age, "to_age": g.to_age, "daily_steps": g.daily_steps}
        for g in terms.goals.all()
    ]
