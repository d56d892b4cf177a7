"""Which phone or watch export a file is, from its content (the citizen just picks a file)."""

from __future__ import annotations

import zipfile
from typing import IO

from django.utils.translation import gettext_noop

from healthycity.health.enums import ImportKind
from healthycity.health.imports.base import ImportFailed
from healthycity.health.imports.wearables.container import damaged_zip, is_zip

HEAD = 64 * 1024


def detect(fileobj: IO[bytes], name: str = "") -> str:
    """The ImportKind of an upload: Apple Health (export.zip, export.xml), Samsung Health (its
    CSVs, or their zip), Fitbit (Takeout zip, steps-….json) or Open mHealth JSON. Reads the zip's
    directory or the first 64 KiB; leaves the file at its start. Raises ImportFailed."""
    fileobj.seek(0)
    if is_zip(fileobj):
        try:
            names = [n.rsplit("/", 1)[-1] for n in zipfile.ZipFile(fileobj).namelist()]
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise damaged_zip(name) from None
        finally:
            fileobj.seek(0)
        return _from_names(names)
    head = fileobj.read(HEAD)
    fileobj.seek(0)
    if not head.strip():
        raise ImportFailed(
            gettext_noop("The file %(name)s is empty; nothing was recorded."), name=name
        )
    return _from_head(head.lstrip(b"\xef\xbb\xbf").lstrip(), name)


def _from_names(names: list[str]) -> str:
    if any(n.endswith(".xml") and "cda" not in n.lower() for n in names) and any(
        n in ("export.xml", "내보내기.xml") or n.endswith(".xml") for n in names
    ):
        return ImportKind.APPLE_HEALTH
    if any(n.startswith("com.samsung.") and n.endswith(".csv") for n in names):
        return ImportKind.SAMSUNG_HEALTH
    if any(n.startswith("steps-") and n.endswith(".json") for n in names):
        return ImportKind.FITBIT
    if any(n.endswith((".json", ".ndjson", ".jsonl")) for n in names):
        return ImportKind.OMH
    raise _unknown()


def _from_head(head: bytes, name: str) -> str:
    if (
        head.startswith(b"<?xml")
        or head.startswith(b"<!DOCTYPE")
        or head.startswith(b"<HealthData")
    ):
        return ImportKind.APPLE_HEALTH
    if head.startswith(b"com.samsung."):
        return ImportKind.SAMSUNG_HEALTH
    if head[:1] in (b"[", b"{"):
        text = head.decode("utf-8", errors="replace")
        if '"dateTime"' in text and text.startswith("["):
            return ImportKind.FITBIT
        if any(
            key in text
            for key in ('"schema_id"', '"step_count"', '"effective_time_frame"', '"body_weight"')
        ):
            return ImportKind.OMH
    raise _unknown()


def _unknown() -> ImportFailed:
    return ImportFailed(
        gettext_noop(
            "This is not an export we can read. Upload the export.zip of Apple Health, the folder zip of Samsung Health's personal data download, a Fitbit Google Takeout zip, or an Open mHealth JSON file."
        )
    )
