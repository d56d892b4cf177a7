"""Forms of the feedback app; validation itself lives in feedback.validators (shared with API)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from healthycity.feedback.validators import NOTE_MAX_CHARS, REPLY_MAX_CHARS, REVIEW_MAX_CHARS

RATING_CHOICES = [(i, "★" * i) for i in range(5, 0, -1)]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    # The length limit is checked by the domain (with a clear message), not cut by the browser.
    text = forms.CharField(
        label=_("Your review (Korean or English)"),
        widget=forms.Textarea(attrs={"rows": 5, "data-limit": REVIEW_MAX_CHARS}),
        required=False,
        strip=False,
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Public reply"),
        widget=forms.Textarea(attrs={"rows": 3, "data-limit": REPLY_MAX_CHARS}),
        required=False,
    )


class StatusForm(forms.Form):
    status = forms.CharField(label=_("New status"))
    note = forms.CharField(
        label=_("What we did (shown to the citizen)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "data-limit": NOTE_MAX_CHARS}),
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Make public")), ("reject", _("Reject"))], label=_("Decision")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
