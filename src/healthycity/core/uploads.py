"""Upload size limits, one per kind of file, from settings.UPLOAD_LIMITS_MB (environment
`UPLOAD_MAX_MB_<KIND>`, see docs/operations.md).

Django reads a multipart body to the end before a view runs: files above
FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, and DATA_UPLOAD_MAX_MEMORY_SIZE counts the
other fields only, never files. Neither limits a file, so every upload is checked here by its
size before anything is stored or queued (the proxy's body limit caps what is read at all).
Pages show the message as a form error; the API answers 413 with the one error shape."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers

MB = 1024 * 1024


def limit(kind: str) -> int:
    """The limit for `kind`, in bytes."""
    return settings.UPLOAD_LIMITS_MB[kind] * MB


def message(kind: str, size: int) -> str:
    return _(
        "This file is %(size)s; files of this kind may be at most %(limit)s. "
        "Split it or make it smaller and upload it again."
    ) % {"size": filesizeformat(size), "limit": filesizeformat(limit(kind))}


def too_large(upload, kind: str) -> bool:
    return upload is not None and (getattr(upload, "size", 0) or 0) > limit(kind)


def check(upload, kind: str) -> None:
    """Raises ValidationError (a form's or model's) when `upload` is over the limit."""
    if too_large(upload, kind):
        raise ValidationError(message(kind, upload.size), code="file_too_large")


class FileTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = gettext_lazy("The file is too large.")
    default_code = "file_too_large"


def check_api(upload, kind: str) -> None:
    """Raises FileTooLarge (413, the API's error shape) when `upload` is over the limit."""
    if too_large(upload, kind):
        raise FileTooLarge(message(kind, upload.size))


class _Limited:
    """A file field with the limit of its kind, checked before the field reads the file (an
    image field would otherwise open a huge file with Pillow first)."""

    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)


class LimitedFileField(_Limited, forms.FileField):
    """A form's file field with the limit of its kind: a form error when over it."""

    def to_python(self, data):
        check(data, self.kind)
        return super().to_python(data)


class LimitedImageField(LimitedFileField, forms.ImageField):
    pass


class LimitedSerializerFileField(_Limited, serializers.FileField):
    """An API file field with the limit of its kind: 413 when over it (an exception other than a
    validation error stops the request before any other check, so nothing is queued or stored)."""

    def to_internal_value(self, data):
        check_api(data, self.kind)
        return super().to_internal_value(data)


class LimitedSerializerImageField(LimitedSerializerFileField, serializers.ImageField):
    pass
