"""An export as it arrives: a zip (read member by member, decompressed as it streams, never
extracted), a folder (Fitbit and Samsung exports unpacked), or a single file."""

from __future__ import annotations

import fnmatch
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.utils.translation import gettext_noop

from healthycity.health.imports.base import ImportFailed

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP = b"PK\x05\x06"


def damaged_zip(name: str) -> ImportFailed:
    return ImportFailed(
        gettext_noop(
            "The zip file %(name)s is damaged or incomplete (was the download or copy interrupted?). Export it again from the phone and upload the new file; nothing was recorded."
        ),
        name=name,
    )


class Container:
    """The members of an export, by their path inside it ('apple_health_export/export.xml')."""

    def __init__(self, *, fileobj: IO[bytes] | None = None, folder: Path | None = None, name=""):
        self.name = name
        self.folder = folder
        self.fileobj = fileobj
        self.zip: zipfile.ZipFile | None = None
        if fileobj is not None and is_zip(fileobj):
            try:
                self.zip = zipfile.ZipFile(fileobj)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError):
                raise damaged_zip(name) from None

    @property
    def single(self) -> bool:
        """A bare file (export.xml, one CSV or JSON), not a zip or folder."""
        return self.zip is None and self.folder is None

    def names(self) -> list[str]:
        if self.zip is not None:
            return [i.filename for i in self.zip.infolist() if not i.is_dir()]
        if self.folder is not None:
            return sorted(
                str(p.relative_to(self.folder)).replace("\\", "/")
                for p in self.folder.rglob("*")
                if p.is_file()
            )
        return [self.name]

    def find(self, *patterns: str) -> list[str]:
        """Members whose base name matches one of the shell patterns, in name order (macOS
        '__MACOSX/._…' resource forks left out)."""
        out = []
        for member in self.names():
            base = member.rsplit("/", 1)[-1]
            if member.startswith("__MACOSX/") or base.startswith("._"):
                continue
            if any(fnmatch.fnmatchcase(base, p) for p in patterns):
                out.append(member)
        return sorted(out)

    def size(self, member: str) -> int:
        if self.zip is not None:
            return self.zip.getinfo(member).file_size
        if self.folder is not None:
            return (self.folder / member).stat().st_size
        return 0

    @contextmanager
    def open(self, member: str) -> Iterator[IO[bytes]]:
        """A binary stream of one member (a zip member decompresses as it is read)."""
        if self.zip is not None:
            try:
                stream = self.zip.open(member)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
                raise damaged_zip(self.name) from None
            with stream:
                yield stream
        elif self.folder is not None:
            with (self.folder / member).open("rb") as stream:
                yield stream
        else:
            assert self.fileobj is not None
            self.fileobj.seek(0)
            yield self.fileobj

    def position(self) -> int:
        """Bytes of the uploaded file consumed so far (for progress)."""
        try:
            return self.fileobj.tell() if self.fileobj is not None else 0
        except (OSError, ValueError):
            return 0


def is_zip(f: IO[bytes]) -> bool:
    head = f.read(4)
    f.seek(0)
    return head in (ZIP_MAGIC, EMPTY_ZIP)


ZIP_ERRORS = (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile)


@contextmanager
def reading(container: Container):
    """A damaged zip member met while reading (a bad CRC, a member cut short) is the same clear
    error as a zip that cannot be opened."""
    try:
        yield
    except ZIP_ERRORS:
        raise damaged_zip(container.name) from None
