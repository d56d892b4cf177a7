"""Forms of the conference pages. The rules are the domain's; forms collect and show them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from healthycity.conference.domain.programme import check_session
from healthycity.conference.enums import AbstractFormat, QuestionKind, SessionLanguage
from healthycity.conference.models import Abstract, Event, Question, Room, Session, Speaker, Track
from healthycity.core import uploads
from healthycity.core.i18n import in_language


class KrdsForm:
    """Gives text inputs, selects and text areas KRDS's input class; checkboxes and radio buttons
    are laid out by conference/_form.html in KRDS's check markup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if not isinstance(
                widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
            ):
                widget.attrs["class"] = (widget.attrs.get("class", "") + " krds-input").strip()


def _choice_label(choice: dict) -> str:
    return in_language(choice.get("ko", ""), choice.get("en", "")) or str(choice.get("value"))


def question_field(question: Question) -> forms.Field:
    common = {"label": question.label, "help_text": question.help, "required": question.required}
    choices = [(str(c.get("value")), _choice_label(c)) for c in question.choices or []]
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *choices], **common)
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == QuestionKind.BOOLEAN:
        return forms.BooleanField(**common)
    if question.kind == QuestionKind.NUMBER:
        return forms.DecimalField(**common)
    return forms.CharField(max_length=1000, **common)


class RegistrationForm(KrdsForm, forms.Form):
    """Name and contact (pre-filled for citizens), the category's questions, and consent."""

    name = forms.CharField(label=_("Name (as printed on your badge)"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    affiliation = forms.CharField(
        label=_("City or organisation"),
        max_length=200,
        required=False,
        help_text=_("Printed on the badge."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the city uses my name, contact details and answers to run this conference (registration, badge, entry) and for nothing else."
        ),
        required=False,
    )

    def __init__(self, *args, questions: list[Question] = (), ask_consent: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q_{question.code}"] = question_field(question)
        if not ask_consent:
            del self.fields["consent"]
        else:
            # Move consent to the end, after the questions.
            self.fields["consent"] = self.fields.pop("consent")

    def answers(self) -> dict:
        return {q.code: self.cleaned_data.get(f"q_{q.code}") for q in self.questions}


class SessionForm(KrdsForm, forms.ModelForm):
    """An official adds or changes a session; conflicts come from conference.domain.programme."""

    speakers = forms.ModelMultipleChoiceField(
        label=_("speakers"),
        queryset=Speaker.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    languages = forms.MultipleChoiceField(
        label=_("languages"), choices=SessionLanguage.choices, widget=forms.CheckboxSelectMultiple
    )
    interpretation_into = forms.MultipleChoiceField(
        label=_("interpreted into"),
        choices=SessionLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Session
        fields = [
            "kind",
            "status",
            "title_ko",
            "title_en",
            "abstract_ko",
            "abstract_en",
            "track",
            "room",
            "location_note",
            "starts_at",
            "ends_at",
            "languages",
            "interpretation",
            "interpretation_into",
            "capacity",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "abstract_ko": forms.Textarea(attrs={"rows": 4}),
            "abstract_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.instance.event = event
        self.fields["track"].queryset = Track.objects.filter(event=event)
        self.fields["room"].queryset = Room.objects.filter(venue=event.venue)
        self.fields["speakers"].queryset = Speaker.objects.filter(event=event)
        if self.instance.pk:
            self.initial["speakers"] = list(self.instance.speakers.all())
            self.initial["languages"] = self.instance.language_list
            self.initial["interpretation_into"] = self.instance.interpretation_list

    def clean_languages(self):
        return ",".join(self.cleaned_data["languages"])

    def clean_interpretation_into(self):
        return ",".join(self.cleaned_data.get("interpretation_into") or [])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        for name, value in data.items():
            if name != "speakers":
                setattr(self.instance, name, value)
        for field, messages in check_session(
            self.instance, speakers=data.get("speakers") or []
        ).items():
            self.add_error(field if field in self.fields else None, messages)
        return data


class AbstractForm(KrdsForm, forms.ModelForm):
    class Meta:
        model = Abstract
        fields = [
            "title",
            "format",
            "language",
            "track",
            "presenter_name",
            "affiliation",
            "co_authors",
            "text",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 12, "maxlength": 5000})}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = Track.objects.filter(event=event)
        self.fields["format"].choices = AbstractFormat.choices


class ReviewForm(KrdsForm, forms.Form):
    comment = forms.CharField(
        label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                help_text=in_language(criterion.description_ko, criterion.description_en),
                choices=[(str(i), str(i)) for i in range(criterion.max_score + 1)],
                coerce=int,
                widget=forms.RadioSelect,
            )

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c_{c.pk}"] for c in self.criteria}


class AcceptForm(KrdsForm, forms.ModelForm):
    """Where and when an accepted abstract goes in the programme."""

    note = forms.CharField(
        label=_("note to the submitter"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Session
        fields = ["kind", "room", "starts_at", "ends_at", "languages"]
        widgets = SessionForm.Meta.widgets

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(venue=event.venue)


class ImportForm(KrdsForm, forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    category = forms.ChoiceField(
        label=_("Category for rows without one"),
        required=False,
        help_text=_("Used when the file has no category column."),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (record nothing)"), required=False, initial=True
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            ("", "—"),
            *((c.code, c.name) for c in event.categories.all()),
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.check(upload, "registrations")
        return upload


class BadgeForm(KrdsForm, forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: everyone confirmed."),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = [(c.code, c.name) for c in event.categories.all()]
