"""Forms of the exhibition pages. Values are validated where the domain validates them (the
health catalogue's plausible ranges, the floor-plan geometry); forms add field-level help."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from healthycity.accounts.enums import OrganisationKind
from healthycity.accounts.models import Organisation, User
from healthycity.conference.exhibition.domain.stations import FORM_FIELDS
from healthycity.conference.exhibition.enums import LeadField
from healthycity.conference.exhibition.models import Exhibitor
from healthycity.core import uploads
from healthycity.health.codes import code_for
from healthycity.health.models import Measurement
from healthycity.partners.models import Product


class TicketCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("label", _("Ticket code"))
        kwargs.setdefault(
            "help_text", _("Scan the QR code, or type the code under it (e.g. ABCDE-FGHJK-…).")
        )
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "krds-input",
                "data-ticket-code": "1",
            }
        )


class ScanForm(forms.Form):
    code = TicketCodeField()
    products = forms.ModelMultipleChoiceField(
        label=_("Products the visitor tried"),
        queryset=Product.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nonce = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, exhibitor: Exhibitor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = exhibitor.products.filter(active=True)
        if not self.fields["products"].queryset.exists():
            del self.fields["products"]


class ShareForm(forms.Form):
    share = forms.MultipleChoiceField(
        label=_("What may this exhibitor see of you?"),
        choices=LeadField.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one thing to share.")},
    )


class StationForm(forms.Form):
    """One sitting at a booth's measurement station: the analyser's export file, or its
    values typed in; the visitor's ticket when they have one."""

    code = TicketCodeField(
        required=False,
        help_text=_("Optional. Without a ticket the visitor gets a result slip to claim later."),
    )
    save_to_record = forms.BooleanField(
        label=_("The visitor asks to keep this result in their own health record"),
        required=False,
        initial=True,
    )
    file = forms.FileField(
        label=_("LookinBody export of this visitor's result (CSV or XLSX)"), required=False
    )
    taken_at = forms.DateTimeField(
        label=_("Taken at"),
        required=False,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "krds-input"}, format="%Y-%m-%dT%H:%M"
        ),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    device_model = forms.CharField(label=_("Device model"), max_length=60, required=False)
    device_serial = forms.CharField(label=_("Device serial number"), max_length=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["taken_at"] = timezone.localtime().replace(second=0, microsecond=0)
        for name in FORM_FIELDS:
            model_field = Measurement._meta.get_field(name)
            code = code_for(name)
            field = forms.FloatField(
                label=f"{model_field.verbose_name}",
                required=False,
                min_value=code.min,
                max_value=code.max,
            )
            field.widget.attrs.update(
                {"inputmode": "decimal", "step": "any", "class": "krds-input"}
            )
            self.fields[name] = field
        self.fields["device_model"].widget.attrs["class"] = "krds-input"
        self.fields["device_serial"].widget.attrs["class"] = "krds-input"

    @property
    def value_fields(self):
        return [self[name] for name in FORM_FIELDS]

    def clean_file(self):
        f = self.cleaned_data.get("file")
        uploads.check(f, "station")  # a one-sitting export is a few kB
        return f

    def clean(self):
        data = super().clean()
        values = {n: data.get(n) for n in FORM_FIELDS if data.get(n) is not None}
        if data.get("file") and values:
            raise forms.ValidationError(_("Upload the export file or type the values, not both."))
        if not data.get("file") and not values:
            raise forms.ValidationError(
                _("Upload the analyser's export file, or type at least one measured value.")
            )
        if values and not data.get("taken_at"):
            self.add_error("taken_at", _("Enter when the measurement was taken."))
        sbp, dbp = values.get("systolic_mmhg"), values.get("diastolic_mmhg")
        if (sbp is None) != (dbp is None):
            raise forms.ValidationError(_("Enter both systolic and diastolic blood pressure."))
        if sbp is not None and dbp is not None and dbp >= sbp:
            self.add_error(
                "diastolic_mmhg", _("Diastolic pressure must be lower than systolic pressure.")
            )
        data["values"] = values
        return data


class ClaimForm(forms.Form):
    consent_care = forms.BooleanField(
        label=_(
            "I consent to keeping my measurements in my health record for care and follow-up "
            "by my welfare centre (purpose: care). I can withdraw this at any time."
        ),
        required=False,
    )


class ExhibitorForm(forms.ModelForm):
    website = forms.URLField(label=_("web site"), required=False, assume_scheme="https")

    class Meta:
        model = Exhibitor
        fields = [
            "organisation",
            "slug",
            "name_ko",
            "name_en",
            "description_ko",
            "description_en",
            "website",
            "products",
        ]
        widgets = {
            "description_ko": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "products": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.instance.event = event
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            kind=OrganisationKind.WELFARE_CENTRE
        ).order_by("kind", "name_ko")
        self.fields["products"].queryset = Product.objects.filter(active=True).select_related(
            "partner"
        )

    def clean(self):
        data = super().clean()
        org, products = data.get("organisation"), data.get("products")
        if products and any(org is None or p.partner_id != org.pk for p in products):
            self.add_error("products", _("An exhibitor can show only its own company's products."))
        slug = data.get("slug")
        if slug:
            taken = Exhibitor.objects.filter(event=self.event, slug=slug).exclude(
                pk=self.instance.pk
            )
            if taken.exists():
                self.add_error("slug", _("Another exhibitor of this event has this short name."))
        if org is not None:
            taken = Exhibitor.objects.filter(event=self.event, organisation=org).exclude(
                pk=self.instance.pk
            )
            if taken.exists():
                self.add_error(
                    "organisation", _("This organisation already exhibits at this event.")
                )
        return data


class BoothForm(forms.Form):
    exhibitor = forms.ModelChoiceField(
        label=_("Exhibitor"),
        queryset=Exhibitor.objects.none(),
        required=False,
        empty_label=_("— vacant —"),
    )
    station = forms.BooleanField(label=_("Measurement station"), required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exhibitor"].queryset = Exhibitor.objects.filter(event=event)


class PlanForm(forms.Form):
    file = forms.FileField(label=_("Booth plan (CSV)"))
    dry_run = forms.BooleanField(
        label=_("Check only (dry run): read and report, change nothing"), required=False
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        uploads.check(f, "booth_plan")
        return f


class BoothStaffForm(forms.Form):
    username = forms.SlugField(label=_("Username"), max_length=150)
    password = forms.CharField(
        label=_("Initial password (for a new login)"),
        widget=forms.PasswordInput,
        required=False,
        help_text=_(
            "Leave empty to give an existing login (e.g. your company's staff) a booth role."
        ),
    )
    first_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("password"):
            validate_password(data["password"], User(username=data.get("username", "")))
        return data
