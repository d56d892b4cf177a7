"""Forms of the health pages. Value validation is the model's (PlausibleRange from the code
catalogue), so the form, the importers and the API reject the same values with the same message."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from healthycity.core.uploads import LimitedFileField
from healthycity.health.enums import WEARABLE_KINDS, ImportKind
from healthycity.health.models import Measurement

FORM_VALUES = (
    "weight_kg",
    "height_cm",
    "waist_cm",
    "pbf_percent",
    "smm_kg",
    "systolic_mmhg",
    "diastolic_mmhg",
    "heart_rate_bpm",
    "grip_kg",
    "gait_speed_mps",
    "chair_stand_s",
)


class MeasurementForm(forms.ModelForm):
    """A measurement taken by hand at the centre (tape, cuff, dynamometer, stopwatch, scale)."""

    taken_at = forms.DateTimeField(
        label=_("Taken at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )

    class Meta:
        model = Measurement
        fields = ("taken_at", "context", "place", *FORM_VALUES)

    def __init__(self, *args, citizen, **kwargs):
        super().__init__(*args, **kwargs)
        self.citizen = citizen
        if not self.is_bound and self.initial.get("taken_at") is None:
            # The instance is new, so model_to_dict gave None; default to now, to the minute.
            self.initial["taken_at"] = timezone.localtime().replace(second=0, microsecond=0)
        for name in FORM_VALUES:
            widget = self.fields[name].widget
            widget.attrs.update({"inputmode": "decimal", "step": "any", "class": "krds-input"})
        self.fields["place"].widget.attrs["class"] = "krds-input"

    def clean(self):
        data = super().clean()
        if not any(data.get(name) is not None for name in FORM_VALUES):
            raise forms.ValidationError(_("Enter at least one measured value."))
        sbp, dbp = data.get("systolic_mmhg"), data.get("diastolic_mmhg")
        if (sbp is None) != (dbp is None):
            raise forms.ValidationError(_("Enter both systolic and diastolic blood pressure."))
        if sbp is not None and dbp is not None and dbp >= sbp:
            self.add_error(
                "diastolic_mmhg", _("Diastolic pressure must be lower than systolic pressure.")
            )
        taken_at = data.get("taken_at")
        if (
            taken_at
            and Measurement.objects.filter(
                citizen=self.citizen, taken_at=taken_at, device_serial=""
            ).exists()
        ):
            self.add_error("taken_at", _("A measurement at this time is already recorded."))
        return data


class UploadForm(forms.Form):
    # Files of many citizens; a phone or watch export is one person's and is uploaded for them
    # (the citizen on the portal, a worker from the citizen's record).
    kind = forms.ChoiceField(
        label=_("File type"), choices=[c for c in ImportKind.choices if c[0] not in WEARABLE_KINDS]
    )
    file = LimitedFileField(label=_("File"), kind="device_table")
    dry_run = forms.BooleanField(
        label=_("Check only (dry run): read and report, record nothing"), required=False
    )


class WearableUploadForm(forms.Form):
    file = LimitedFileField(
        kind="device_export",
        label=_("Export file"),
        help_text=_(
            "Apple Health export.zip, Samsung Health's personal data download (zip), a Fitbit Google Takeout zip, or Open mHealth JSON. The kind of file is recognised by itself."
        ),
    )
