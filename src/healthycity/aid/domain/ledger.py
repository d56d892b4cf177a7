"""The hash chain of the distribution ledger.

Each entry's `hash` is sha256 over the previous entry's hash followed by the canonical JSON of the
entry (keys sorted, no spaces, UTF-8). The first entry's previous hash is 64 zeros. Appends lock
the chain head (`LedgerHead`, one row) so two hand-overs can never take the same place in the
chain. `verify_ledger` recomputes every entry from its columns and names the first broken one.
"""

from __future__ import annotations

from healthycity.aid.models import HandOver, LedgerHead
from healthycity.core import chain
from healthycity.core.chain import GENESIS, canonical, chain_hash
from healthycity.core.chain import ChainReport as LedgerReport

__all__ = ["GENESIS", "LedgerReport", "append", "canonical", "chain_hash", "entry_of", "lock_head",
           "verify_ledger"]  # fmt: skip


def entry_of(handover: HandOver) -> dict:
    """The hashed content of an entry, rebuilt from its columns."""
    return {
        "seq": handover.seq,
        "key": handover.idempotency_key,
        "at": handover.recorded_at.isoformat(),
        "cycle": handover.cycle_id,
        "enrolment": handover.enrolment_id,
        "lot": handover.lot_id,
        "location": handover.location_id,
        "quantity": handover.quantity,
        "by": handover.by_id,
    }


def lock_head() -> LedgerHead:
    """Lock and return the ledger's chain head; call inside a transaction."""
    return chain.lock_head(LedgerHead)


def append(handover: HandOver, head: LedgerHead) -> HandOver:
    """Give `handover` the next place in the chain and save it. Caller holds the head lock."""
    handover.seq = head.seq + 1
    handover.prev_hash = head.hash
    entry = entry_of(handover)
    handover.payload = entry
    handover.hash = chain_hash(head.hash, entry)
    handover.save()
    head.seq, head.hash = handover.seq, handover.hash
    head.save(update_fields=["seq", "hash"])
    return handover


def verify_ledger(*, chunk: int = 5000) -> LedgerReport:
    """Walk the chain in order. Returns the count and the first broken entry, if any."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for handover in HandOver.objects.order_by("seq").iterator(chunk_size=chunk):
        count += 1
        entry = entry_of(handover)
        if handover.seq != expected_seq:
            return LedgerReport(count, handover.seq, f"entry {expected_seq} is missing")
        if handover.prev_hash != prev:
            return LedgerReport(count, handover.seq, "previous hash does not match")
        if handover.payload != entry:
            return LedgerReport(count, handover.seq, "stored entry differs from its columns")
        if chain_hash(prev, entry) != handover.hash:
            return LedgerReport(count, handover.seq, "hash does not match the entry")
        prev = handover.hash
        expected_seq += 1
    head = LedgerHead.objects.filter(pk=1).first()
    if head is not None and head.seq != count:
        return LedgerReport(count, count + 1, f"the head says {head.seq} entries")
    return LedgerReport(count)
