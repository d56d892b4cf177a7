"""Forms of the aid pages. Validation is the domain's (validators live in `domain/`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from healthycity.accounts.enums import OrganisationKind
from healthycity.accounts.models import Organisation
from healthycity.aid.enums import ExitReason, Indicator
from healthycity.aid.models import Location, Programme
from healthycity.partners.models import Product
from healthycity.places.models import WelfareCentre


class ProgrammeForm(forms.ModelForm):
    target_indicators = forms.MultipleChoiceField(
        label=_("target indicators"),
        choices=Indicator.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Programme
        fields = [
            "name_ko",
            "name_en",
            "description",
            "status",
            "starts_on",
            "ends_on",
            "sponsors",
            "centres",
            "rule",
            "target_indicators",
            "fairness_floor",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "rule": forms.Textarea(attrs={"rows": 4, "class": "krds-input", "spellcheck": "false"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsors"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.PARTNER
        )
        self.fields["centres"].queryset = WelfareCentre.objects.all()

    def clean(self):
        data = super().clean()
        candidate = Programme(
            **{
                k: data.get(k)
                for k in ("name_ko", "name_en", "starts_on", "ends_on", "rule", "fairness_floor")
                if k in data
            }
        )
        candidate.target_indicators = data.get("target_indicators") or []
        candidate.rule = data.get("rule") or ""
        candidate.fairness_floor = data.get("fairness_floor") or 0
        check_programme(self, candidate)
        return data


def check_programme(form: forms.BaseForm, candidate: Programme) -> None:
    """The domain's programme rules (`validate_programme`) on `candidate`, each error added to
    `form` at its field (or to the form as a whole) — for this form and the admin's."""
    from django.core.exceptions import ValidationError

    from healthycity.aid.domain.programmes import validate_programme

    try:
        validate_programme(candidate)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            form.add_error(None if field == "__all__" else field, messages)


class RuleForm(forms.Form):
    rule = forms.CharField(
        label=_("eligibility rule (CEL)"),
        widget=forms.Textarea(attrs={"rows": 5, "class": "krds-input", "spellcheck": "false"}),
    )

    def clean_rule(self):
        from healthycity.aid.eligibility.service import check_rule

        rule = self.cleaned_data["rule"]
        try:
            check_rule(rule)
        except Exception as exc:  # RuleInvalid carries the message for this field
            raise forms.ValidationError(getattr(exc, "text", str(exc))) from exc
        return rule


class LotForm(forms.Form):
    product = forms.ModelChoiceField(label=_("product"), queryset=Product.objects.none())
    quantity = forms.CharField(label=_("units"))
    lot_number = forms.CharField(label=_("lot number"), max_length=60)
    expires_on = forms.DateField(
        label=_("expires on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    deliver_to = forms.ModelChoiceField(label=_("delivered to"), queryset=Location.objects.all())
    programme = forms.ModelChoiceField(
        label=_("programme"), queryset=Programme.objects.all(), required=False
    )

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(partner__in=partners)


class TransferForm(forms.Form):
    lot = forms.UUIDField(widget=forms.HiddenInput)
    source = forms.ModelChoiceField(
        label=pgettext_lazy("stock transfer", "from"), queryset=Location.objects.all()
    )
    destination = forms.ModelChoiceField(
        label=pgettext_lazy("stock transfer", "to"), queryset=Location.objects.all()
    )
    quantity = forms.CharField(label=_("units"))


class ExitForm(forms.Form):
    reason = forms.ChoiceField(label=_("reason"), choices=ExitReason.choices)
    note = forms.CharField(label=_("note"), max_length=300, required=False)
