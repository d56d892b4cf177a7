"""Lead retrieval: booth staff scan a visitor's ticket; the visitor decides, per exhibitor and
per field, what the exhibitor may see of them, and may withdraw at any time.

Without the visitor's consent a scan records an anonymous visit (a keyed hash, the category,
the time). With it, the exhibitor's staff see the fields the visitor chose — read from the
registration when shown, never copied — for as long as the consent is active.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.conference.exhibition import sources
from healthycity.conference.exhibition.domain.errors import ExhibitionError
from healthycity.conference.exhibition.domain.keys import visitor_key
from healthycity.conference.exhibition.domain.window import check_open
from healthycity.conference.exhibition.enums import LeadField, ScanResult
from healthycity.conference.exhibition.models import BoothVisit, Exhibitor, LeadConsent

# A scanner's clock may be a little fast; a scan from tomorrow is an error, not a visit.
FUTURE_TOLERANCE = dt.timedelta(minutes=10)


@dataclass
class Lead:
    """What an exhibitor may see of one visitor who consented: only the chosen fields."""

    consent_id: str
    fields: dict[str, str]
    first_visit: dt.datetime | None = None
    last_visit: dt.datetime | None = None
    visits: int = 0


@dataclass
class ScanOutcome:
    result: str  # ScanResult
    visit: BoothVisit | None = None
    lead: Lead | None = None
    replayed: bool = False
    products: list = field(default_factory=list)

    @property
    def message(self) -> str:
        return str(ScanResult(self.result).label)


SHARE_COLUMNS = [f"share_{f.value}" for f in LeadField]


def _consent_rows(consents) -> list[dict]:
    """Active consents as rows: their id, key, what they share and the registration's fields
    (one query; no model objects)."""
    return list(
        consents.values("external_id", "visitor_key", *SHARE_COLUMNS, *sources.lead_columns())
    )


def _lead_from(row: dict, **visits) -> Lead:
    values = sources.lead_values(row)
    return Lead(
        consent_id=str(row["external_id"]),
        fields={f.value: values[f] for f in LeadField if row[f"share_{f.value}"]},
        **visits,
    )


@transaction.atomic
def record_visit(
    *,
    exhibitor: Exhibitor,
    payload: str,
    by,
    booth=None,
    nonce: str = "",
    scanned_at: dt.datetime | None = None,
    products=(),
) -> ScanOutcome:
    """Record that a ticket was scanned at `exhibitor`'s booth. Side effect: one BoothVisit for a
    valid ticket of the exhibitor's event (none for an unknown, cancelled or foreign ticket, and
    none when `nonce` was already recorded — the first answer is given again).
    Raises BoothClosed outside the event's days, ExhibitionError for a scan dated in the future."""
    now = timezone.now()
    scanned_at = scanned_at or now
    if scanned_at > now + FUTURE_TOLERANCE:
        raise ExhibitionError(
            _("The scan is dated %(when)s, in the future; check the scanner's clock.")
            % {"when": timezone.localtime(scanned_at).strftime("%Y-%m-%d %H:%M")},
            field="scanned_at",
        )
    check_open(exhibitor.event, scanned_at)
    nonce = (nonce or "")[:64]
    ticket = sources.find_ticket(payload)
    refusal = _refusal(exhibitor, ticket)
    if refusal is not None:
        # A retried upload of a scan that was recorded (before the registration was cancelled,
        # say) still gets its first answer.
        earlier = nonce and BoothVisit.objects.filter(exhibitor=exhibitor, nonce=nonce).first()
        return _outcome(exhibitor, earlier, replayed=True) if earlier else ScanOutcome(refusal)
    registration = ticket.registration
    if booth is not None and booth.exhibitor_id != exhibitor.pk:
        booth = None
    visit = BoothVisit(
        exhibitor=exhibitor,
        booth=booth,
        visitor_key=visitor_key(registration),
        category_kind=sources.category_kind(registration),
        scanned_at=scanned_at,
        scanned_by=by,
        nonce=nonce,
    )
    if not nonce:
        visit.save()  # nothing to collide with: no savepoint needed
    else:
        try:
            with transaction.atomic():
                visit.save()
        except IntegrityError:
            # The nonce is recorded (a retried upload): insert first, and let the unique index
            # say so — the common case, a new scan, costs no look-up.
            earlier = BoothVisit.objects.get(exhibitor=exhibitor, nonce=nonce)
            return _outcome(exhibitor, earlier, replayed=True)
    tried = list(exhibitor.products.filter(pk__in=[p.pk for p in products])) if products else []
    if tried:
        visit.products_tried.set(tried)
    return _outcome(exhibitor, visit, products=tried)


def _refusal(exhibitor: Exhibitor, ticket) -> str | None:
    """Why a scanned ticket records no visit here (None: it does)."""
    if ticket is None:
        return ScanResult.UNKNOWN
    if ticket.registration.event_id != exhibitor.event_id:
        return ScanResult.WRONG_EVENT
    if not sources.is_valid(ticket.registration):
        return ScanResult.CANCELLED
    return None


def _outcome(
    exhibitor: Exhibitor, visit: BoothVisit, *, replayed: bool = False, products=None
) -> ScanOutcome:
    """The answer for `visit`; `products` are its products tried when the caller knows them
    (a new visit), else they are read (a replayed one)."""
    consent = next(
        iter(
            _consent_rows(
                LeadConsent.objects.active().filter(
                    exhibitor=exhibitor, visitor_key=visit.visitor_key
                )[:1]
            )
        ),
        None,
    )
    if products is None:
        products = list(visit.products_tried.all())
    if consent is None:
        return ScanOutcome(ScanResult.VISIT, visit, replayed=replayed, products=products)
    lead = _lead_from(consent, last_visit=visit.scanned_at)
    return ScanOutcome(ScanResult.LEAD, visit, lead=lead, replayed=replayed, products=products)


@transaction.atomic
def share_contact(*, registration, exhibitor: Exhibitor, fields: list[str]) -> LeadConsent:
    """The visitor shares `fields` with `exhibitor` (replacing an earlier choice). Side effects:
    the active consent, if any, is withdrawn and a new one recorded (the history is kept).
    Raises ExhibitionError when no field is chosen or the exhibitor is of another event."""
    chosen = {LeadField(f) for f in fields if f in LeadField.values}
    if not chosen:
        raise ExhibitionError(_("Choose at least one thing to share."), field="fields")
    if registration.event_id != exhibitor.event_id:
        raise ExhibitionError(_("This exhibitor is at another event."))
    current = LeadConsent.objects.select_for_update().active()
    current.filter(exhibitor=exhibitor, registration=registration).update(
        withdrawn_at=timezone.now()
    )
    return LeadConsent.objects.create(
        exhibitor=exhibitor,
        registration=registration,
        visitor_key=visitor_key(registration),
        **{f"share_{f.value}": f in chosen for f in LeadField},
    )


@transaction.atomic
def withdraw_contact(*, registration, exhibitor: Exhibitor) -> int:
    """Stop sharing with `exhibitor` at once. Returns how many consents were withdrawn (0 or 1).
    Side effect: UPDATE of the active consent; the exhibitor's lead list no longer shows it."""
    return (
        LeadConsent.objects.active()
        .filter(exhibitor=exhibitor, registration=registration)
        .update(withdrawn_at=timezone.now())
    )


def leads_of(exhibitor: Exhibitor) -> list[Lead]:
    """The visitors who were scanned at the booth and share contact details with the exhibitor,
    newest visit first; each with only the fields they chose. Two queries, whatever the count."""
    active = LeadConsent.objects.active().filter(exhibitor=exhibitor)
    consents = _consent_rows(active)
    if not consents:
        return []
    visits = {
        row["visitor_key"]: row
        for row in BoothVisit.objects.filter(
            exhibitor=exhibitor, visitor_key__in=active.values("visitor_key")
        )
        .values("visitor_key")
        .annotate(first=Min("scanned_at"), last=Max("scanned_at"), n=Count("id"))
    }
    leads = [
        _lead_from(
            c,
            first_visit=visits[c["visitor_key"]]["first"],
            last_visit=visits[c["visitor_key"]]["last"],
            visits=visits[c["visitor_key"]]["n"],
        )
        for c in consents
        if c["visitor_key"] in visits
    ]
    return sorted(leads, key=lambda lead: lead.last_visit, reverse=True)


def lead_count(exhibitor: Exhibitor) -> int:
    """How many leads `exhibitor` has (one query, nothing read)."""
    return (
        LeadConsent.objects.active()
        .filter(
            exhibitor=exhibitor,
            visitor_key__in=BoothVisit.objects.filter(exhibitor=exhibitor).values("visitor_key"),
        )
        .count()
    )


def visits_of(registration) -> list[dict]:
    """A visitor's own booth visits at the registration's event, by exhibitor, with what they
    share with each (for the visitor's "my booth visits" page)."""
    key = visitor_key(registration)
    rows = (
        BoothVisit.objects.filter(visitor_key=key, exhibitor__event_id=registration.event_id)
        .values("exhibitor_id")
        .annotate(first=Min("scanned_at"), last=Max("scanned_at"), n=Count("id"))
    )
    by_exhibitor = {r["exhibitor_id"]: r for r in rows}
    consents = {
        c.exhibitor_id: c for c in LeadConsent.objects.active().filter(registration=registration)
    }
    ids = set(by_exhibitor) | set(consents)
    exhibitors = Exhibitor.objects.filter(pk__in=ids).prefetch_related("booths", "products")
    tried = _products_tried(key, ids)
    out = []
    for ex in sorted(exhibitors, key=lambda e: e.name):
        row = by_exhibitor.get(ex.pk, {})
        out.append(
            {
                "exhibitor": ex,
                "visits": row.get("n", 0),
                "last": row.get("last"),
                "consent": consents.get(ex.pk),
                "tried": tried.get(ex.pk, []),
            }
        )
    return out


def _products_tried(key: str, exhibitor_ids) -> dict[int, list]:
    through = BoothVisit.products_tried.through
    out: dict[int, list] = {}
    for link in through.objects.filter(
        boothvisit__visitor_key=key, boothvisit__exhibitor_id__in=exhibitor_ids
    ).select_related("product", "boothvisit"):
        products = out.setdefault(link.boothvisit.exhibitor_id, [])
        if link.product not in products:
            products.append(link.product)
    return out
