"""Validation used alike by model, form and API (see STYLE.md)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from healthycity.core import uploads

PICTURE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PICTURE_EXTENSIONS = {"jpg", "jpeg", "png", "webp"}


def validate_picture(file) -> None:
    """A product picture: JPEG, PNG or WebP, at most 2 MB, and really an image of that type
    (the content is checked, not only the file name)."""
    if file is None or not getattr(file, "name", ""):
        return
    uploads.check(file, "picture")
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    if extension not in PICTURE_EXTENSIONS:
        raise ValidationError(
            _("'%(name)s' is not a JPEG, PNG or WebP picture.") % {"name": file.name},
            code="picture_type",
        )
    from PIL import Image, UnidentifiedImageError

    try:
        position = file.tell() if hasattr(file, "tell") else 0
        with Image.open(file) as image:
            kind = image.format
            image.verify()
        file.seek(position)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("'%(name)s' could not be read as a picture.") % {"name": file.name},
            code="picture_unreadable",
        ) from exc
    if kind not in PICTURE_FORMATS:
        raise ValidationError(
            _("'%(name)s' is not a JPEG, PNG or WebP picture.") % {"name": file.name},
            code="picture_type",
        )
