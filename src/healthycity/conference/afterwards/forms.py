"""Forms of the afterwards pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from healthycity.conference.afterwards.models import COMMENT_LIMIT

RATINGS = [
    (5, _("5 — excellent")),
    (4, _("4 — good")),
    (3, _("3 — fair")),
    (2, _("2 — poor")),
    (1, _("1 — very poor")),
]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "class": "krds-input"}),
        help_text=_("Up to 2,000 characters. Phone numbers and e-mail addresses are hidden."),
    )
