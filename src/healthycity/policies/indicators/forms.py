from django import forms
from django.utils.translation import gettext_lazy as _

from healthycity.core.uploads import LimitedFileField
from healthycity.policies.indicators.enums import FileKind
from healthycity.policies.indicators.models import Indicator, IndicatorValue


class ImportForm(forms.Form):
    file = LimitedFileField(label=_("Indicator file"), kind="indicators")
    kind = forms.ChoiceField(label=_("Format"), choices=FileKind.choices)
    dry_run = forms.BooleanField(label=_("Check only (dry run)"), required=False)


class HeatForm(forms.Form):
    city = forms.ModelChoiceField(label=_("City"), queryset=None, empty_label=None)
    file = LimitedFileField(
        kind="heat",
        label=_("HEAT Plus file (CSV)"),
        help_text=_(
            "The WHO HEAT Plus upload template: setting, year, indicator_abbr, dimension, subgroup, estimate, se, population, …"
        ),
    )

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities


class ValueForm(forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["value", "lower", "upper", "status", "source"]

    def clean(self):
        data = super().clean()
        value, lower, upper = data.get("value"), data.get("lower"), data.get("upper")
        if value is not None and lower is not None and lower > value:
            self.add_error("lower", _("The lower bound must not exceed the value."))
        if value is not None and upper is not None and upper < value:
            self.add_error("upper", _("The upper bound must not be below the value."))
        return data


class IndicatorForm(forms.ModelForm):
    """A catalogue entry an official adds before its values can be imported: code, names,
    definition, unit and source are required (cited data)."""

    class Meta:
        model = Indicator
        fields = [
            "code", "name_ko", "name_en", "definition_ko", "definition_en", "unit", "unit_code",
            "higher_is_better", "benchmark_good", "benchmark_poor", "benchmark_source", "source",
        ]  # fmt: skip
        widgets = {
            "higher_is_better": forms.Select(
                choices=[("", "—"), (True, _("Yes")), (False, _("No"))]
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("definition_ko", "definition_en"):
            self.fields[name].required = True

    def clean(self):
        data = super().clean()
        if (
            data.get("benchmark_good") is not None or data.get("benchmark_poor") is not None
        ) and not data.get("benchmark_source"):
            self.add_error("benchmark_source", _("A benchmark needs its source."))
        return data
