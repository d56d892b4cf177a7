"""Hash chains for append-only logs (the access log, the distribution ledger).

Each entry's hash is sha256 over the previous entry's hash followed by the canonical JSON of the
entry (keys sorted, no spaces, UTF-8); the first entry's previous hash is 64 zeros. A head row
holds the number of entries and the last hash, so a missing entry, a changed one, or a table
emptied outright (TRUNCATE, a restore from an old backup) is found by walking the chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

GENESIS = "0" * 64


def canonical(entry: dict) -> str:
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, entry: dict) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode("utf-8")).hexdigest()


@dataclass
class ChainReport:
    """What a walk of a chain found: the number of entries and the first broken one, if any."""

    entries: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def lock_head(model):
    """Lock and return the chain's head row (pk 1) of `model`, creating it on first use; call
    inside a transaction. Every writer of the chain queues on this one row."""
    head = model.objects.select_for_update().filter(pk=1).first()
    if head is None:
        model.objects.get_or_create(pk=1)
        head = model.objects.select_for_update().get(pk=1)
    return head
