"""Exhibitors, the booth plan and booth staff: what officials (and exhibitors' own staff, for
their booth staff) change."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from healthycity.accounts.models import User
from healthycity.conference.exhibition.domain.errors import ExhibitionError
from healthycity.conference.exhibition.floorplan.geometry import Footprint, footprint_errors
from healthycity.conference.exhibition.models import Booth, BoothStaff, Exhibitor
from healthycity.conference.exhibition.validators import validate_booth_number
from healthycity.health.imports.tables import detect_encoding

PLAN_COLUMNS = ("number", "hall", "x", "y", "width", "depth")
YES = {"yes", "y", "true", "1", "예", "o"}
NO = {"no", "n", "false", "0", "아니오", "x", ""}


@dataclass
class PlanRow:
    line: int
    number: str
    outcome: str  # created | updated | unchanged | rejected
    reason: str = ""


@dataclass
class PlanResult:
    """Every data row of the file, accounted for: created + updated + unchanged + rejected."""

    rows: list[PlanRow] = field(default_factory=list)
    dry_run: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    def as_dict(self) -> dict:
        return {
            "read": len(self.rows),
            "created": self.count("created"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "rejected": self.count("rejected"),
            "dry_run": self.dry_run,
            "rejections": [
                {"line": r.line, "number": r.number, "reason": r.reason}
                for r in self.rows
                if r.outcome == "rejected"
            ],
        }


class _Rollback(Exception):
    pass


def _text(data: bytes) -> str:
    return data.decode(detect_encoding(data[:65536]), errors="replace").lstrip("\ufeff")


def _decimal(value: str, column: str) -> Decimal:
    try:
        number = Decimal((value or "").strip())
    except InvalidOperation:
        raise ValidationError(
            _("Column '%(column)s' has '%(value)s'; expected a number of metres.")
            % {"column": column, "value": (value or "")[:20]}
        ) from None
    if not number.is_finite():
        raise ValidationError(
            _("Column '%(column)s' has '%(value)s'; expected a number of metres.")
            % {"column": column, "value": value[:20]}
        )
    return number.quantize(Decimal("0.01"))


def load_plan(*, event, data: bytes, dry_run: bool = False) -> PlanResult:
    """Loads a booth plan CSV (columns number, hall, x, y, width, depth; optional station,
    exhibitor — the exhibitor's short name at this event). A booth already in the plan is
    updated; every row is created, updated, unchanged or rejected with its line and reason.
    Lines starting with '#' are comments. Side effects: Booth rows (none for a dry run).
    Raises ExhibitionError when the file has no header with the required columns."""
    lines = [(n, line) for n, line in enumerate(_text(data).splitlines(), 1)]
    lines = [(n, line) for n, line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise ExhibitionError(_("The booth plan is empty."), field="file")
    reader = csv.reader(io.StringIO("\n".join(line for _n, line in lines)))
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in PLAN_COLUMNS if c not in header]
    if missing:
        raise ExhibitionError(
            _("The booth plan is missing columns: %(missing)s (expected %(expected)s).")
            % {"missing": ", ".join(missing), "expected": ", ".join(PLAN_COLUMNS)},
            field="file",
        )
    result = PlanResult(dry_run=dry_run)
    records = [
        (lines[i + 1][0], dict(zip(header, cells, strict=False))) for i, cells in enumerate(reader)
    ]
    try:
        with transaction.atomic():
            _apply(event, records, result)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return result


def _apply(event, records, result: PlanResult) -> None:
    booths = {b.number: b for b in Booth.objects.select_for_update().filter(event=event)}
    exhibitors = {e.slug: e for e in Exhibitor.objects.filter(event=event)}
    seen: set[str] = set()
    for line, rec in records:
        number = (rec.get("number") or "").strip().upper()
        try:
            validate_booth_number(number)
            if number in seen:
                raise ValidationError(
                    _("Booth %(number)s appears twice in the file.") % {"number": number}
                )
            seen.add(number)
            station = _yes_no(rec.get("station", ""))
            slug = (rec.get("exhibitor") or "").strip()
            if slug and slug not in exhibitors:
                raise ValidationError(
                    _("There is no exhibitor '%(slug)s' at this event.") % {"slug": slug[:60]}
                )
            fp = Footprint(
                number=number,
                hall=(rec.get("hall") or "").strip(),
                x=float(_decimal(rec.get("x", ""), "x")),
                y=float(_decimal(rec.get("y", ""), "y")),
                width=float(_decimal(rec.get("width", ""), "width")),
                depth=float(_decimal(rec.get("depth", ""), "depth")),
            )
            errors = footprint_errors(fp, [b.footprint for b in booths.values()])
            if errors:
                raise ValidationError(" ".join(errors.values()))
        except ValidationError as exc:
            result.rows.append(PlanRow(line, number, "rejected", " ".join(exc.messages)))
            continue
        values = {
            "hall": fp.hall,
            "x": Decimal(str(fp.x)),
            "y": Decimal(str(fp.y)),
            "width": Decimal(str(fp.width)),
            "depth": Decimal(str(fp.depth)),
            "station": station,
        }
        if slug:
            values["exhibitor"] = exhibitors[slug]
        booth = booths.get(number)
        if booth is None:
            booths[number] = Booth.objects.create(event=event, number=number, **values)
            result.rows.append(PlanRow(line, number, "created"))
            continue
        changed = {k: v for k, v in values.items() if getattr(booth, k) != v}
        if not changed:
            result.rows.append(PlanRow(line, number, "unchanged"))
            continue
        for k, v in changed.items():
            setattr(booth, k, v)
        booth.save()
        result.rows.append(PlanRow(line, number, "updated"))


def _yes_no(value: str) -> bool:
    text = (value or "").strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValidationError(
        _("Column 'station' has '%(value)s'; expected yes or no.") % {"value": text[:20]}
    )


@transaction.atomic
def assign_booth(*, booth: Booth, exhibitor: Exhibitor | None) -> Booth:
    """Lets `booth` to `exhibitor` (None: vacant). Side effect: UPDATE of the booth.
    Raises ExhibitionError when the exhibitor is at another event."""
    if exhibitor is not None and exhibitor.event_id != booth.event_id:
        raise ExhibitionError(_("This exhibitor exhibits at another event."), field="exhibitor")
    booth.exhibitor = exhibitor
    booth.save(update_fields=["exhibitor", "updated_at"])
    return booth


@transaction.atomic
def add_booth_staff(
    *,
    exhibitor: Exhibitor,
    by,
    username: str,
    password: str = "",
    first_name: str = "",
    email: str = "",
) -> BoothStaff:
    """Gives `username` a booth role at `exhibitor` (for this event only). With `password` a
    new login is created (temporary booth staff); without, the login must exist (e.g. the
    company's own staff). Side effects: maybe a User; one BoothStaff.
    Raises ExhibitionError for an unknown or taken username, or a role already held."""
    user = User.objects.filter(username=username).first()
    if password:
        if user is not None:
            raise ExhibitionError(
                _("The username '%(name)s' is taken.") % {"name": username}, field="username"
            )
        user = User(username=username, first_name=first_name, email=email)
        user.set_password(password)
        user.save()
    elif user is None:
        raise ExhibitionError(
            _("There is no login '%(name)s'; give a password to create one.") % {"name": username},
            field="username",
        )
    if BoothStaff.objects.active().filter(exhibitor=exhibitor, user=user).exists():
        raise ExhibitionError(
            _("%(name)s already works at this booth.") % {"name": username}, field="username"
        )
    return BoothStaff.objects.create(exhibitor=exhibitor, user=user, added_by=by)


@transaction.atomic
def revoke_booth_staff(*, staff: BoothStaff) -> None:
    """Ends a booth role at once (the login stays; the history is kept)."""
    BoothStaff.objects.filter(pk=staff.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
