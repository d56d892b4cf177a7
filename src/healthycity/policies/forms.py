"""Forms of the practice pages. They only render and collect; policies.validators checks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from healthycity.policies.enums import EvaluationType, Licence, PartnerSector, TargetGroup
from healthycity.policies.reference import award_categories, themes

PARTNER_ROWS = 5
RESULT_ROWS = 3
TEXT = {"class": "krds-input"}


def _theme_choices():
    groups: dict[str, list] = {"who": [], "afhc": []}
    for code, theme in themes().items():
        groups[theme.group].append((code, theme.name))
    return [
        (_("WHO Healthy Cities themes"), groups["who"]),
        (_("AFHC award categories"), groups["afhc"]),
    ]


class PracticeForm(forms.Form):
    original_language = forms.CharField(
        label=_("Original language"),
        initial="ko",
        max_length=12,
        help_text=_("A language code: ko, en, ja, zh, vi, ms, fil, mn …"),
        widget=forms.TextInput(attrs=TEXT),
    )
    title_ko = forms.CharField(
        label=_("Title (Korean)"), required=False, widget=forms.TextInput(attrs=TEXT)
    )
    title_en = forms.CharField(
        label=_("Title (English)"), required=False, widget=forms.TextInput(attrs=TEXT)
    )
    title_original = forms.CharField(
        label=_("Title (original language, if neither)"),
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )
    summary_ko = forms.CharField(
        label=_("Summary (Korean)"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )
    summary_en = forms.CharField(
        label=_("Summary (English)"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )
    summary_original = forms.CharField(
        label=_("Summary (original language)"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )
    body_ko = forms.CharField(
        label=_("What the practice does (Korean)"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 8}),
    )
    body_en = forms.CharField(
        label=_("What the practice does (English)"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 8}),
    )
    body_original = forms.CharField(
        label=_("What the practice does (original language)"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 8}),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        required=False,
        choices=_theme_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        required=False,
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    period_start = forms.CharField(
        label=_("Started on"),
        required=False,
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}),
    )
    period_end = forms.CharField(
        label=_("Ended on (empty: ongoing)"),
        required=False,
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}),
    )
    budget_amount = forms.CharField(
        label=_("Budget"),
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
    )
    budget_currency = forms.CharField(
        label=_("Currency"),
        required=False,
        initial="KRW",
        widget=forms.TextInput(attrs={**TEXT, "size": 4}),
    )
    budget_note = forms.CharField(
        label=_("Budget note"), required=False, widget=forms.TextInput(attrs=TEXT)
    )
    evaluation_type = forms.ChoiceField(
        label=_("Evaluation design"),
        choices=EvaluationType.choices,
        initial=EvaluationType.NONE,
        widget=forms.Select(attrs=TEXT),
    )
    equity_effect_ko = forms.CharField(
        label=_("Equity effect (Korean)"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        help_text=_("Who gained most and least: by income, district, sex, age or disability."),
    )
    equity_effect_en = forms.CharField(
        label=_("Equity effect (English)"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )
    transferability_ko = forms.CharField(
        label=_("Transferability notes (Korean)"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        help_text=_("What another city needs to adopt it: staff, partners, rules, costs."),
    )
    transferability_en = forms.CharField(
        label=_("Transferability notes (English)"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )
    contact_name = forms.CharField(
        label=_("Contact person"), required=False, widget=forms.TextInput(attrs=TEXT)
    )
    contact_email = forms.CharField(
        label=_("Contact e-mail"), required=False, widget=forms.EmailInput(attrs=TEXT)
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=Licence.choices,
        initial=Licence.CC_BY,
        widget=forms.Select(attrs=TEXT),
    )


def check_groups(form: forms.Form, name: str) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """[(group label or "", [(value, label, checked)])] of a multiple-choice field, for KRDS
    checkboxes (label after the input), grouped as the field's choices are."""
    field = form[name]
    chosen = {str(v) for v in (field.value() or [])}
    groups: list[tuple[str, list]] = []
    for group, options in field.field.choices:
        if isinstance(options, list | tuple):
            groups.append((str(group), [(v, str(lbl), v in chosen) for v, lbl in options]))
        elif groups and groups[-1][0] == "":
            groups[-1][1].append((group, str(options), group in chosen))
        else:
            groups.append(("", [(group, str(options), group in chosen)]))
    return groups


def partner_rows(data=None, initial: list[dict] | None = None) -> list[dict]:
    """Rows of the partner table: from posted data, or the practice's partners plus blanks."""
    if data is not None:
        return [
            {
                "name": data.get(f"partner-{i}-name", ""),
                "sector": data.get(f"partner-{i}-sector", ""),
                "role": data.get(f"partner-{i}-role", ""),
            }
            for i in range(PARTNER_ROWS)
        ]
    rows = list(initial or [])[:PARTNER_ROWS]
    return rows + [{"name": "", "sector": "", "role": ""}] * (PARTNER_ROWS - len(rows))


def partners_from(rows: list[dict]) -> list[dict]:
    return [r for r in rows if str(r.get("name", "")).strip()]


SECTORS = PartnerSector.choices
RESULT_FIELDS = ("indicator", "unit", "baseline", "value", "estimate", "ci_low", "ci_high", "n")
MAX_RESULT_ROWS = 60


def result_rows_from(data) -> list[dict]:
    """The result rows of a posted form (`result-rows` says how many the page showed)."""
    shown = str(data.get("result-rows", ""))
    count = (
        min(int(shown), MAX_RESULT_ROWS) if (shown.isascii() and shown.isdigit()) else RESULT_ROWS
    )
    return [{k: data.get(f"result-{i}-{k}", "") for k in RESULT_FIELDS} for i in range(count)]


class ReviewForm(forms.Form):
    comments = forms.CharField(
        label=_("Comments to the city"),
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 4}),
        help_text=_("Needed when a criterion is not met: say what is missing."),
    )


class NominationForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Award category"),
        choices=lambda: [(c, t.name) for c, t in award_categories().items()],
        widget=forms.Select(attrs=TEXT),
    )
    conference_year = forms.IntegerField(
        label=_("Conference year"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs=TEXT),
    )
    reason = forms.CharField(
        label=_("Why"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2})
    )
