"""Forms of the partners app."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from healthycity.accounts.models import Organisation, User
from healthycity.core.uploads import LimitedImageField
from healthycity.partners.models import Product


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name_ko", "name_en", "slug"]


class StaffForm(forms.Form):
    username = forms.SlugField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError(_("The username '%(name)s' is taken.") % {"name": username})
        return username

    def clean(self):
        data = super().clean()
        if data.get("password"):
            validate_password(data["password"], User(username=data.get("username", "")))
        return data


class PictureField(LimitedImageField):
    """The model's picture field with the upload limit checked before Pillow opens the file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, kind="picture", **kwargs)


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "slug",
            "name_ko",
            "name_en",
            "category",
            "description_ko",
            "description_en",
            "unit",
            "picture",
            "shown_at",
            "active",
        ]
        field_classes = {"picture": PictureField}
        widgets = {
            "description_ko": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }
