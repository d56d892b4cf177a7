"""Demo: session feedback from the demo conference's attendees — people at a workshop's door, or
checked in on the day and sitting in a few of its sessions — about a third of whom rate a
session, some with a comment; each session has its own quality, so the dashboard compares.

Runs after the conference hook (it needs the check-ins); without them it adds nothing.
Synthetic: invented ratings and comments."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.utils import timezone

from healthycity.conference.afterwards.domain.attendance import attendee_sets
from healthycity.conference.afterwards.domain.feedback import NOT_RATED
from healthycity.conference.afterwards.models import SessionFeedback
from healthycity.conference.enums import SessionStatus
from healthycity.conference.models import Event, Session

SESSIONS_PER_DAY = 3
SHARE_RATING = 0.35
SHARE_COMMENT = 0.3
COMMENTS = {
    5: [
        "정말 유익했습니다.",
        "사례가 구체적이라 바로 적용해 보고 싶어요.",
        "Excellent and practical.",
    ],
    4: ["좋은 발표였습니다.", "통역이 잘 들렸어요.", "Good examples from member cities."],
    3: ["내용은 좋았지만 시간이 부족했어요.", "자료를 미리 받을 수 있으면 좋겠습니다."],
    2: ["질의응답 시간이 짧았습니다.", "The room was too small."],
    1: ["소리가 잘 들리지 않았어요."],
}


def populate(ctx) -> None:
    events = Event.objects.filter(checkin_lists__checkins__isnull=False).distinct()
    rng = ctx.rng_for("afterwards")
    for event in events.order_by("starts_on", "pk"):
        _feedback(ctx, rng, event)


def _feedback(ctx, rng, event) -> None:
    by_day, by_door = attendee_sets(event)
    now = timezone.now()
    sessions = list(
        Session.objects.filter(event=event, starts_at__lte=now)
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(kind__in=NOT_RATED)
        .order_by("starts_at", "pk")
    )
    # Who sat in which session: a door scan where there is one; otherwise each person checked in
    # on the day went to a few of that day's sessions (Poisson, mean SESSIONS_PER_DAY).
    by_session: dict = defaultdict(list)
    open_sessions: dict = defaultdict(list)
    for session in sessions:
        if session.pk in by_door:
            by_session[session.pk] = sorted(by_door[session.pk])
        else:
            open_sessions[timezone.localtime(session.starts_at, event.tz).date()].append(session)
    for day, day_sessions in open_sessions.items():
        for registration_id in sorted(by_day.get(day, ())):
            k = min(len(day_sessions), int(rng.poisson(SESSIONS_PER_DAY)))
            for i in rng.choice(len(day_sessions), size=k, replace=False).tolist():
                by_session[day_sessions[i].pk].append(registration_id)
    rows = []
    for session in sessions:
        present = by_session.get(session.pk, [])
        n = int(rng.binomial(len(present), SHARE_RATING)) if present else 0
        if n == 0:
            continue
        quality = float(np.clip(rng.normal(4.0, 0.5), 2.5, 4.8))
        chosen = rng.choice(len(present), size=n, replace=False)
        ratings = np.clip(np.rint(rng.normal(quality, 0.8, size=n)), 1, 5).astype(int)
        for i, rating in zip(chosen.tolist(), ratings.tolist(), strict=True):
            comment = ""
            if rng.random() < SHARE_COMMENT:
                pool = COMMENTS[rating]
                comment = pool[int(rng.integers(len(pool)))]
            rows.append(
                SessionFeedback(
                    session=session,
                    registration_id=present[i],
                    rating=rating,
                    comment=comment,
                    submitted_at=session.ends_at,
                    external_id=ctx.uuid4(rng),
                )
            )
    SessionFeedback.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
