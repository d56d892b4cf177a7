"""Times of phone and watch exports as *wall seconds*: seconds since 1970-01-01 00:00 on the
clock the person's device showed (its local time), plus that clock's UTC offset in minutes.

Days and hours are the device's local ones (a day of steps is the day as the phone showed it).
A time written in UTC (Z, +00:00) or without an offset is an encoding, not a place: it is put
on the programme's clock (settings.TIME_ZONE, Asia/Seoul).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings

EPOCH = dt.datetime(1970, 1, 1)
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
DAY = 86_400
HOUR = 3_600


class BadTime(ValueError):
    pass


@lru_cache(maxsize=1)
def programme_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@lru_cache(maxsize=65_536)
def _apple_hour(prefix: str, offset: str) -> tuple[int, int]:
    """'2024-01-02 09', '+0900' → (wall seconds of that hour, offset in minutes)."""
    try:
        day = dt.date(int(prefix[0:4]), int(prefix[5:7]), int(prefix[8:10]))
        hour = int(prefix[11:13])
        sign = -1 if offset[0] == "-" else 1
        minutes = sign * (int(offset[1:3]) * 60 + int(offset[3:5]))
    except (ValueError, IndexError):
        raise BadTime(prefix) from None
    if prefix[4] != "-" or prefix[7] != "-" or prefix[10] != " " or not 0 <= hour < 24:
        raise BadTime(prefix)
    if len(offset) != 5 or offset[0] not in "+-" or abs(minutes) > 14 * 60:
        raise BadTime(offset)
    return (day.toordinal() - EPOCH_ORDINAL) * DAY + hour * HOUR, minutes


def apple(text: str | None) -> tuple[int, int]:
    """Apple Health's '2024-01-02 09:05:00 +0900' → (wall seconds, offset minutes)."""
    if text is None or len(text) != 25 or text[19] != " " or text[13] != ":":
        raise BadTime(text)
    base, offset = _apple_hour(text[:13], text[20:])
    try:
        minute, second = int(text[14:16]), int(text[17:19])
    except ValueError:
        raise BadTime(text) from None
    if minute > 59 or second > 60:
        raise BadTime(text)
    return base + minute * 60 + second, offset


def from_aware(moment: dt.datetime) -> tuple[int, int]:
    """An aware datetime → (wall seconds, offset minutes), UTC put on the programme's clock."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=programme_zone())
    offset = moment.utcoffset() or dt.timedelta(0)
    if offset == dt.timedelta(0):
        moment = moment.astimezone(programme_zone())
        offset = moment.utcoffset() or dt.timedelta(0)
    wall = moment.replace(tzinfo=None) - EPOCH
    return int(wall.total_seconds()), int(offset.total_seconds() // 60)


def iso(text: str) -> tuple[int, int]:
    """ISO 8601 ('2024-01-02T09:05:00+09:00', '…Z', '2024-01-02T09:05:00') → wall, offset."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError, TypeError):
        raise BadTime(text) from None
    return from_aware(moment)


def to_aware(wall: int, offset: int) -> dt.datetime:
    zone = dt.timezone(dt.timedelta(minutes=offset))
    return (EPOCH + dt.timedelta(seconds=wall)).replace(tzinfo=zone)


def day_of(wall: int) -> dt.date:
    return dt.date.fromordinal(EPOCH_ORDINAL + wall // DAY)


def now_wall() -> int:
    """The programme's clock now, in wall seconds (for 'in the future' checks, with a margin
    for the offsets of other zones: a time is in the future if it is after now anywhere)."""
    return from_aware(dt.datetime.now(programme_zone()))[0]
