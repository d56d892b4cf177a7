"""A chunk: the rows of a file that parsed, as a DataFrame, plus the rows that did not."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

import pandas as pd

from healthycity.health.imports.base import Rejection

CHUNK_ROWS = 2_500
T = TypeVar("T")


@dataclass
class Chunk:
    """`frame` holds one row per accepted input row with at least the columns `line` and `raw`;
    `read` counts every input row of the chunk (accepted + rejected)."""

    frame: pd.DataFrame
    rejections: list[Rejection] = field(default_factory=list)
    read: int = 0


def batched(it, n: int) -> Iterator[list]:
    it = iter(it)
    while block := list(islice(it, n)):
        yield block


def reject_rows(frame: pd.DataFrame, mask: pd.Series, reason: str, messages) -> list[Rejection]:
    """Rejections for the rows of `frame` selected by `mask`; `messages` is a Series (aligned),
    one string, or a function of the row's `ident_text` (called for the rejected rows only)."""
    picked = frame[mask]
    if picked.empty:
        return []
    if isinstance(messages, pd.Series):
        texts = messages[mask].tolist()
    elif callable(messages):
        texts = [messages(v) for v in picked["ident_text"]]
    else:
        texts = [messages] * len(picked)
    return [
        Rejection(line=int(line), reason=reason, message=str(text), raw=raw)
        for line, raw, text in zip(picked["line"], raw_texts(picked), texts, strict=True)
    ]


def raw_texts(frame: pd.DataFrame) -> list[str]:
    """The rows as read: a `raw` column (FHIR, steps) or the cells of a device file."""
    if "raw" in frame:
        return frame["raw"].tolist()
    return [b.raw(r) for b, r in zip(frame["block"], frame["_row"], strict=True)]
