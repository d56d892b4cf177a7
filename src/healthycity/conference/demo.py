"""Demo: the 10th AFHC Global Conference at Dongdaemun Design Plaza (DDP), 25–27 September 2026
(the demo year of the other apps): DDP's halls and rooms, five tracks, 66 sessions with speakers,
2 000 registrations of every category with waiting lists, offers and moderation, tickets,
gates with scanner phones, check-ins for each day and workshop, abstracts under review, and the
demo citizen's own registration and agenda. Deterministic for a seed; written with bulk_create.

All people are synthetic. Expo (issue 10, item 7) adds the booths to the same event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from healthycity.conference.enums import (
    AbstractStatus,
    CategoryKind,
    Interpretation,
    QuestionKind,
    RegistrationSource,
    RegistrationStatus,
    ScanStatus,
    SessionKind,
)
from healthycity.conference.models import (
    Abstract,
    AbstractReview,
    Checkin,
    CheckinList,
    Device,
    Event,
    Gate,
    PersonalAgenda,
    Question,
    Registration,
    RegistrationCategory,
    ReviewCriterion,
    ReviewScore,
    Room,
    Session,
    SessionBooking,
    SessionSpeaker,
    Speaker,
    Ticket,
    Track,
    Venue,
)
from healthycity.conference.models.registration import CODE_ALPHABET, CODE_LENGTH

SLUG = "afhc-2026"
SEOUL = ZoneInfo("Asia/Seoul")
DAYS = [dt.date(2026, 9, 25), dt.date(2026, 9, 26), dt.date(2026, 9, 27)]

ROOMS = [  # code, Korean, English, kind, capacity, floor, order
    ("art-hall-1", "알림1관", "Art Hall 1", "hall", 2000, "B2", 1),
    ("art-hall-2", "알림2관", "Art Hall 2", "hall", 1200, "B2", 2),
    ("intl-hall", "국제회의실", "International Conference Hall", "room", 400, "B2", 3),
    ("design-lab-1", "디자인랩 1", "Design Lab 1", "room", 120, "3F", 4),
    ("design-lab-2", "디자인랩 2", "Design Lab 2", "room", 100, "3F", 5),
    ("design-lab-3", "디자인랩 3", "Design Lab 3", "room", 80, "3F", 6),
    ("seminar-a", "세미나실 A", "Seminar Room A", "room", 40, "2F", 7),
    ("seminar-b", "세미나실 B", "Seminar Room B", "room", 40, "2F", 8),
    ("eoullim", "어울림광장", "Eoullim Plaza", "outdoor", 3000, "1F", 9),
]
TRACKS = [
    ("equity", "건강 형평성", "Health equity", "#d63d4a"),
    ("smart", "스마트 헬스", "Smart health", "#0b50d0"),
    ("ageing", "고령친화도시", "Age-friendly cities", "#1e7e34"),
    ("climate", "기후와 건강", "Climate and health", "#b35c00"),
    ("environment", "건강한 도시 환경", "Healthy urban environments", "#6b2fb3"),
]
CATEGORIES = [  # code, kind, Korean, English, colour, capacity, moderated, self-service, count
    (
        "delegate",
        CategoryKind.DELEGATE,
        "회원도시 대표단",
        "Member-city delegate",
        "#0b50d0",
        500,
        True,
        True,
        480,
    ),
    ("speaker", CategoryKind.SPEAKER, "연사", "Speaker", "#b35c00", None, False, False, 70),
    (
        "partner-staff",
        CategoryKind.PARTNER_STAFF,
        "협력기업 직원",
        "Partner staff",
        "#6b2fb3",
        200,
        False,
        False,
        160,
    ),
    (
        "citizen",
        CategoryKind.CITIZEN,
        "시민 참관객",
        "Citizen visitor",
        "#1e7e34",
        1150,
        False,
        True,
        1210,
    ),
    ("press", CategoryKind.PRESS, "언론", "Press", "#33363d", 80, True, True, 80),
]
TOPICS = [
    ("걷기 좋은 도시 만들기", "Making cities walkable"),
    ("복지관과 함께하는 체성분 측정", "Body-composition checks with welfare centres"),
    ("취약계층 건강 격차 줄이기", "Narrowing health gaps for vulnerable people"),
    ("폭염 대응 도시 보건", "Urban health responses to heat waves"),
    ("스마트 기기로 보는 시민 건강", "Citizen health through smart devices"),
    ("고령자 근감소증 예방", "Preventing sarcopenia in older people"),
    ("건강한 먹거리 환경", "Healthy food environments"),
    ("기업 기부와 건강 성과", "Company donations and health outcomes"),
    ("도시 녹지와 정신 건강", "Urban green space and mental health"),
    ("건강도시 지표와 벤치마크", "Healthy city indicators and benchmarks"),
    ("지역사회 통합 돌봄", "Integrated community care"),
    ("디지털 격차와 건강", "The digital divide and health"),
    ("대기질과 호흡기 건강", "Air quality and respiratory health"),
    ("1인 가구 고립 예방", "Preventing isolation of people living alone"),
    ("학교 건강 증진", "Health promotion in schools"),
    ("건강 형평성 측정 방법", "Measuring health equity"),
]
FAMILY = [
    "김",
    "이",
    "박",
    "최",
    "정",
    "강",
    "조",
    "윤",
    "장",
    "임",
    "한",
    "오",
    "서",
    "신",
    "권",
    "황",
]
GIVEN = [
    "민준",
    "서연",
    "지우",
    "하은",
    "도윤",
    "수아",
    "예준",
    "지민",
    "현우",
    "은서",
    "준서",
    "채원",
    "지호",
    "유진",
]
LATIN = {
    "PH": (["Santos", "Reyes", "Cruz", "Garcia"], ["Maria", "Jose", "Ana", "Mark"]),
    "TW": (["Chen", "Lin", "Huang", "Chang"], ["Wei", "Yi-Ting", "Chia-Hao", "Mei"]),
    "JP": (["Tanaka", "Suzuki", "Sato", "Ito"], ["Yuki", "Haruto", "Aoi", "Ren"]),
    "MY": (["Tan", "Lim", "Abdullah", "Wong"], ["Ah Hock", "Siti", "Mei Ling", "Farid"]),
}


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SEOUL)


def _korean_name(rng) -> str:
    return FAMILY[rng.integers(len(FAMILY))] + GIVEN[rng.integers(len(GIVEN))]


def _person(rng, city) -> tuple[str, str]:
    """(name, affiliation) of a delegate of `city` (None: a Korean city)."""
    if city is not None and city.country_code in LATIN:
        family, given = LATIN[city.country_code]
        return (
            f"{given[rng.integers(len(given))]} {family[rng.integers(len(family))]}",
            city.name_en,
        )
    return _korean_name(rng), (city.name_ko + "시청") if city is not None else "서울특별시"


def _secret(rng) -> str:
    return "".join(CODE_ALPHABET[i] for i in rng.integers(0, len(CODE_ALPHABET), CODE_LENGTH))


@transaction.atomic
def populate(ctx) -> None:
    if Event.objects.filter(slug=SLUG).exists():
        return
    rng = ctx.rng_for("conference")
    event, rooms, tracks = _event(ctx)
    speakers = _speakers(ctx, rng, event)
    sessions = _programme(rng, event, rooms, tracks, speakers)
    categories = _categories(event)
    registrations = _registrations(ctx, rng, event, categories, speakers)
    _bookings(rng, sessions, registrations)
    _checkins(ctx, rng, event, sessions, registrations)
    _abstracts(ctx, rng, event, tracks)
    _citizen(ctx, event, categories, sessions)


def _event(ctx):
    venue, _created = Venue.objects.get_or_create(
        slug="ddp",
        defaults={
            "name_ko": "동대문디자인플라자(DDP)",
            "name_en": "Dongdaemun Design Plaza (DDP)",
            "address_ko": "서울특별시 중구 을지로 281",
            "address_en": "281 Eulji-ro, Jung-gu, Seoul",
            "latitude": Decimal("37.566535"),
            "longitude": Decimal("127.009288"),
            "url": "https://ddp.or.kr/",
        },
    )
    rooms = {}
    for code, ko, en, kind, capacity, floor, order in ROOMS:
        rooms[code], _ = Room.objects.get_or_create(
            venue=venue,
            code=code,
            defaults={
                "name_ko": ko,
                "name_en": en,
                "kind": kind,
                "capacity": capacity,
                "floor": floor,
                "order": order,
            },
        )
    event = Event.objects.create(
        slug=SLUG,
        name_ko="제10회 건강도시연맹 국제총회",
        name_en="10th AFHC Global Conference",
        description_ko=(
            "세계보건기구 서태평양 건강도시연맹(AFHC) 회원도시가 서울 동대문디자인플라자에 모여 건강도시 정책과 "
            "경험을 나눕니다. 협력기업 전시 부스에서는 시민 누구나 스마트 건강 기기를 체험하고 측정받을 수 있습니다."
        ),
        description_en=(
            "Member cities of the WHO Western Pacific Alliance for Healthy Cities (AFHC) meet at Dongdaemun Design "
            "Plaza in Seoul to share healthy-city policies and experience. At the partners' exhibition booths, "
            "any citizen can try smart health devices and get measured."
        ),
        venue=venue,
        starts_on=DAYS[0],
        ends_on=DAYS[-1],
        status="published",
        organiser=ctx.city,
        contact_email="afhc2026@seoul.example",
        registration_opens_at=_at(dt.date(2026, 4, 1), "09:00"),
        registration_closes_at=_at(dt.date(2026, 9, 20), "18:00"),
        hold_hours=48,
        cfp_opens_at=_at(dt.date(2026, 3, 1), "09:00"),
        cfp_closes_at=_at(dt.date(2026, 6, 30), "18:00"),
        cfp_text_ko="건강도시 정책과 사업의 경험, 평가 결과를 나누어 주세요. 구두 발표, 포스터, 워크숍으로 제출할 수 있습니다.",
        cfp_text_en="Share the experience and evaluation of your healthy-city policies and programmes, as an oral presentation, a poster or a workshop.",
    )
    tracks = {
        slug: Track.objects.create(
            event=event, slug=slug, name_ko=ko, name_en=en, colour=colour, order=i
        )
        for i, (slug, ko, en, colour) in enumerate(TRACKS)
    }
    return event, rooms, tracks


def _speakers(ctx, rng, event) -> list[Speaker]:
    cities = list(ctx.member_cities)
    rows = []
    for i in range(70):
        city = cities[i % len(cities)] if i % 3 else None
        name, affiliation = _person(rng, city)
        latin = city is not None and city.country_code in LATIN
        rows.append(
            Speaker(
                event=event,
                name_ko=name,
                name_en=name if latin else "",
                affiliation_ko=affiliation,
                affiliation_en=city.name_en
                if city is not None
                else "Seoul Metropolitan Government",
                member_city=city,
                bio_ko="건강도시 정책 담당자입니다.",
                bio_en="Works on healthy-city policy.",
                email=f"speaker{i + 1}@afhc.example",
            )
        )
    return Speaker.objects.bulk_create(rows)


def _programme(rng, event, rooms, tracks, speakers) -> list[Session]:
    """66 sessions: opening and closing, keynotes and plenaries in Art Hall 1, four parallel blocks
    a day in five rooms, workshops with booked seats, a poster session and site visits."""
    plan = []  # (day, start, end, kind, room, title_ko, title_en, track, capacity, interpretation)
    track_list = list(tracks.values())
    topic = iter(TOPICS * 8)
    d1, d2, d3 = DAYS
    plan.append(
        (
            d1,
            "09:00",
            "09:40",
            SessionKind.CEREMONY,
            "art-hall-1",
            "개회식",
            "Opening ceremony",
            None,
            None,
            True,
        )
    )
    for day, (ko, en) in zip(
        DAYS,
        [
            ("기조연설: 건강도시 30년", "Keynote: thirty years of healthy cities"),
            ("기조연설: 기후 위기와 도시 건강", "Keynote: the climate crisis and urban health"),
            ("기조연설: 모두를 위한 건강", "Keynote: health for all"),
        ],
        strict=True,
    ):
        plan.append(
            (
                day,
                "09:40" if day == d1 else "09:00",
                "10:30" if day == d1 else "09:50",
                SessionKind.KEYNOTE,
                "art-hall-1",
                ko,
                en,
                None,
                None,
                True,
            )
        )
        plenary_ko, plenary_en = next(topic)
        plan.append(
            (
                day,
                "10:50",
                "12:00",
                SessionKind.PLENARY,
                "art-hall-1",
                f"전체회의: {plenary_ko}",
                f"Plenary: {plenary_en}",
                None,
                None,
                True,
            )
        )
    parallel_rooms = ["intl-hall", "design-lab-1", "design-lab-2", "design-lab-3", "art-hall-2"]
    blocks = {
        d1: [
            ("13:30", "15:00", parallel_rooms),
            ("15:20", "16:50", parallel_rooms),
            ("17:10", "18:30", parallel_rooms),
        ],
        d2: [
            ("13:30", "15:00", parallel_rooms),
            ("15:20", "16:50", parallel_rooms),
            ("17:10", "18:30", parallel_rooms),
        ],
        d3: [
            ("10:10", "11:40", parallel_rooms[:4]),
            ("13:30", "15:00", parallel_rooms[:4]),
            ("15:20", "16:50", parallel_rooms[:4]),
        ],
    }
    for day, day_blocks in blocks.items():
        for start, end, block_rooms in day_blocks:
            for room in block_rooms:
                ko, en = next(topic)
                track = track_list[len(plan) % 5]
                plan.append(
                    (
                        day,
                        start,
                        end,
                        SessionKind.PARALLEL,
                        room,
                        ko,
                        en,
                        track,
                        None,
                        room == "intl-hall",
                    )
                )
    workshop_slots = {
        d1: [("17:10", "18:30")],
        d2: [("17:10", "18:30")],
        d3: [("10:10", "11:40"), ("13:30", "15:00")],
    }
    for day, slots in workshop_slots.items():
        for start, end in slots:
            for room in ("seminar-a", "seminar-b"):
                ko, en = next(topic)
                track = track_list[len(plan) % 5]
                plan.append(
                    (
                        day,
                        start,
                        end,
                        SessionKind.WORKSHOP,
                        room,
                        f"워크숍: {ko}",
                        f"Workshop: {en}",
                        track,
                        30,
                        False,
                    )
                )
    plan.append(
        (
            d1,
            "10:50",
            "12:00",
            SessionKind.PLENARY,
            "intl-hall",
            "신규 회원도시 환영 회의",
            "Welcome meeting of new member cities",
            None,
            None,
            True,
        )
    )
    plan.append(
        (
            d2,
            "10:50",
            "12:00",
            SessionKind.PLENARY,
            "intl-hall",
            "회원도시 총회",
            "General assembly of member cities",
            None,
            None,
            True,
        )
    )
    plan.append(
        (
            d3,
            "15:20",
            "16:50",
            SessionKind.PARALLEL,
            "art-hall-2",
            "협력기업 세션: 스마트 건강 기기",
            "Partner session: smart health devices",
            tracks["smart"],
            None,
            False,
        )
    )
    plan.append(
        (
            d2,
            "12:00",
            "13:30",
            SessionKind.POSTER,
            "eoullim",
            "포스터 발표",
            "Poster session",
            None,
            None,
            False,
        )
    )
    plan.append(
        (
            d3,
            "12:00",
            "13:30",
            SessionKind.POSTER,
            "eoullim",
            "포스터 발표",
            "Poster session",
            None,
            None,
            False,
        )
    )
    for ko, en, place in (
        ("청계천 걷기길 현장 방문", "Site visit: the Cheonggyecheon walking path", "청계천 입구"),
        ("서울 건강관리센터 현장 방문", "Site visit: a Seoul health-care centre", "DDP 1번 출구"),
        ("스마트 경로당 현장 방문", "Site visit: a smart senior centre", "DDP 1번 출구"),
    ):
        plan.append(
            (
                d3,
                "15:20",
                "17:30",
                SessionKind.SITE_VISIT,
                None,
                ko,
                en,
                tracks["ageing"],
                25,
                False,
                place,
            )
        )
    plan.append(
        (
            d3,
            "17:40",
            "18:30",
            SessionKind.CEREMONY,
            "art-hall-1",
            "폐회식 및 서울 선언",
            "Closing ceremony and Seoul declaration",
            None,
            None,
            True,
        )
    )
    sessions = []
    for row in plan:
        day, start, end, kind, room, ko, en, track, capacity, interpreted = row[:10]
        place = row[10] if len(row) > 10 else ""
        english = bool(en) and (
            kind in (SessionKind.KEYNOTE, SessionKind.PARALLEL) and rng.random() < 0.4
        )
        sessions.append(
            Session(
                event=event,
                kind=kind,
                title_ko=ko,
                title_en=en,
                abstract_ko=f"{ko}에 관한 회원도시의 경험과 근거를 나눕니다."
                if kind != SessionKind.CEREMONY
                else "",
                abstract_en=f"Member cities share experience and evidence on {en[:1].lower() + en[1:]}."
                if en and kind != SessionKind.CEREMONY
                else "",
                track=track,
                room=rooms[room] if room else None,
                location_note=place,
                starts_at=_at(day, start),
                ends_at=_at(day, end),
                languages="en" if english else "ko",
                interpretation=Interpretation.SIMULTANEOUS if interpreted else Interpretation.NONE,
                interpretation_into=("ko" if english else "en") if interpreted else "",
                capacity=capacity,
            )
        )
    sessions = Session.objects.bulk_create(sessions)
    links = []
    busy: dict[int, list[Session]] = {}  # no speaker in two places at once
    turn = 0
    for session in sorted(sessions, key=lambda x: x.starts_at):
        n = {
            SessionKind.KEYNOTE: 1,
            SessionKind.PLENARY: 3,
            SessionKind.PARALLEL: 3,
            SessionKind.WORKSHOP: 2,
        }.get(session.kind, 0)
        chosen: list[Speaker] = []
        while len(chosen) < n:
            speaker = speakers[turn % len(speakers)]
            turn += 1
            taken = busy.setdefault(speaker.pk, [])
            if any(o.starts_at < session.ends_at and o.ends_at > session.starts_at for o in taken):
                continue
            taken.append(session)
            chosen.append(speaker)
        for order, speaker in enumerate(chosen):
            role = "moderator" if order == 0 and n > 1 else "speaker"
            links.append(SessionSpeaker(session=session, speaker=speaker, order=order, role=role))
    SessionSpeaker.objects.bulk_create(links)
    return sessions


def _categories(event) -> dict[str, RegistrationCategory]:
    categories = {}
    for order, (code, kind, ko, en, colour, capacity, moderated, self_service, _n) in enumerate(
        CATEGORIES
    ):
        categories[code] = RegistrationCategory.objects.create(
            event=event,
            code=code,
            kind=kind,
            name_ko=ko,
            name_en=en,
            colour=colour,
            capacity=capacity,
            moderated=moderated,
            self_service=self_service,
            order=order,
        )
    diet = Question.objects.create(
        event=event,
        code="diet",
        kind=QuestionKind.CHOICE,
        label_ko="식사",
        label_en="Meals",
        required=True,
        order=1,
        choices=[
            {"value": "any", "ko": "제한 없음", "en": "No restrictions"},
            {"value": "vegetarian", "ko": "채식", "en": "Vegetarian"},
            {"value": "halal", "ko": "할랄", "en": "Halal"},
            {"value": "no-pork", "ko": "돼지고기 제외", "en": "No pork"},
        ],
    )
    diet.categories.set([categories["delegate"], categories["speaker"]])
    headset = Question.objects.create(
        event=event,
        code="headset",
        kind=QuestionKind.BOOLEAN,
        label_ko="동시통역 수신기가 필요합니다",
        label_en="I need an interpretation headset",
        order=2,
    )
    headset.categories.set(list(categories.values()))
    outlet = Question.objects.create(
        event=event,
        code="outlet",
        kind=QuestionKind.TEXT,
        label_ko="소속 언론사",
        label_en="Media outlet",
        required=True,
        order=3,
    )
    outlet.categories.set([categories["press"]])
    return categories


def _registrations(ctx, rng, event, categories, speakers) -> dict[str, list[Registration]]:
    """2 000 registrations. Delegates: a few awaiting approval, a few declined; citizens: more than
    the places, so a waiting list with offers; some cancelled everywhere."""
    cities = list(ctx.member_cities)
    partners = list(ctx.partners.values())
    rows: list[Registration] = []
    day0 = _at(dt.date(2026, 4, 1), "09:00")
    for code, _kind, _ko, _en, _colour, capacity, _moderated, _self, count in CATEGORIES:
        category = categories[code]
        held = 0
        # Places kept back for the offers made to the waiting list and the demo citizen.
        limit = None if capacity is None else capacity - (6 if code == "citizen" else 0)
        minutes = sorted(int(m) for m in rng.integers(0, 60 * 24 * 170, size=count))
        for i in range(count):
            when = day0 + dt.timedelta(minutes=minutes[i])
            city = organisation = None
            if code == "delegate":
                city = cities[i % len(cities)]
                name, affiliation = _person(rng, city)
            elif code == "speaker":
                speaker = speakers[i % len(speakers)]
                name, affiliation, city = (
                    speaker.name_ko,
                    speaker.affiliation_ko,
                    speaker.member_city,
                )
            elif code == "partner-staff":
                organisation = partners[i % len(partners)]
                name, affiliation = _korean_name(rng), organisation.name_ko
            elif code == "press":
                name, affiliation = (
                    _korean_name(rng),
                    ["연합뉴스", "KBS", "한겨레", "The Korea Herald"][i % 4],
                )
            else:
                name, affiliation = _korean_name(rng), ""
            roll = rng.random()
            if roll < 0.03:
                status = RegistrationStatus.CANCELLED
            elif limit is not None and held >= limit:
                status = RegistrationStatus.WAITING
            elif code in ("delegate", "press") and roll < 0.07:
                status = RegistrationStatus.PENDING
            elif code == "delegate" and roll < 0.09:
                status = RegistrationStatus.REJECTED
            else:
                status = RegistrationStatus.CONFIRMED
            if status in (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING):
                held += 1
            rows.append(
                Registration(
                    event=event,
                    category=category,
                    status=status,
                    source=RegistrationSource.IMPORT
                    if code in ("delegate", "speaker", "partner-staff")
                    else RegistrationSource.SELF,
                    name=name,
                    email=f"{code}{i + 1}@afhc.example",
                    affiliation=affiliation,
                    member_city=city,
                    organisation=organisation,
                    country=city.country_code if city else "KR",
                    language="en" if city is not None and city.country_code in LATIN else "ko",
                    answers={"headset": bool(city is not None and city.country_code in LATIN)},
                    consent_version="2026-1",
                    consented_at=when,
                    confirmed_at=when if status == RegistrationStatus.CONFIRMED else None,
                    waiting_since=when if status == RegistrationStatus.WAITING else None,
                    cancelled_at=when + dt.timedelta(days=3)
                    if status in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED)
                    else None,
                    decided_by=ctx.users["official"]
                    if status == RegistrationStatus.REJECTED
                    else None,
                )
            )
    # The first citizens on the waiting list were offered places freed by cancellations.
    waiting = sorted(
        (r for r in rows if r.status == RegistrationStatus.WAITING), key=lambda r: r.waiting_since
    )
    for r in waiting[:5]:
        r.status = RegistrationStatus.OFFERED
        r.hold_expires_at = _at(dt.date(2026, 9, 21), "18:00")
    created = Registration.objects.bulk_create(rows, batch_size=1000)
    Ticket.objects.bulk_create(
        [
            Ticket(registration=r, secret=_secret(rng))
            for r in created
            if r.status == RegistrationStatus.CONFIRMED
        ],
        batch_size=1000,
    )
    by_code: dict[str, list[Registration]] = {}
    for r in created:
        by_code.setdefault(r.category.code, []).append(r)
    return by_code


def _bookings(rng, sessions, registrations) -> None:
    confirmed = [
        r for rs in registrations.values() for r in rs if r.status == RegistrationStatus.CONFIRMED
    ]
    rows = []
    for session in sessions:
        if session.capacity is None:
            continue
        people = rng.choice(len(confirmed), size=session.capacity + 6, replace=False)
        for n, index in enumerate(people):
            full = n >= session.capacity
            rows.append(
                SessionBooking(
                    session=session,
                    registration=confirmed[index],
                    status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
                    waiting_since=_at(dt.date(2026, 9, 1), "10:00") + dt.timedelta(minutes=n)
                    if full
                    else None,
                    confirmed_at=None if full else _at(dt.date(2026, 9, 1), "10:00"),
                )
            )
    SessionBooking.objects.bulk_create(rows, batch_size=1000)


def _checkins(ctx, rng, event, sessions, registrations) -> None:
    gates = [
        Gate.objects.create(
            event=event, name_ko="정문 A (알림터)", name_en="Main entrance A (Alimteo)", order=1
        ),
        Gate.objects.create(
            event=event, name_ko="정문 B (배움터)", name_en="Entrance B (Baeumteo)", order=2
        ),
        Gate.objects.create(
            event=event, name_ko="알림1관 입구", name_en="Art Hall 1 door", order=3
        ),
    ]
    devices = Device.objects.bulk_create(
        [
            Device(
                event=event,
                gate=g,
                name=f"{g.name_en.split(' (')[0]} · phone {n}",
                registered_by=ctx.users["official"],
            )
            for g in gates
            for n in (1, 2)
        ]
    )
    entry = [
        CheckinList.objects.create(
            event=event,
            kind="entry",
            day=day,
            name_ko=f"{i + 1}일차 입장",
            name_en=f"Day {i + 1} entry",
        )
        for i, day in enumerate(DAYS)
    ]
    session_lists = {
        s.pk: CheckinList.objects.create(
            event=event,
            kind="session",
            session=s,
            name_ko=s.title_ko,
            name_en=s.title_en or s.title_ko,
        )
        for s in sessions
        if s.capacity is not None
    }
    tickets = {t.registration_id: t for t in Ticket.objects.filter(registration__event=event)}
    rows = []
    nonce = 0
    for day_index, (the_list, share) in enumerate(zip(entry, (0.88, 0.78, 0.64), strict=True)):
        for ticket in tickets.values():
            if rng.random() >= share:
                continue
            device = devices[int(rng.integers(0, 4))]  # the two main entrances
            when = _at(DAYS[day_index], "08:20") + dt.timedelta(seconds=int(rng.gamma(2.0, 1500)))
            nonce += 1
            rows.append(
                Checkin(
                    checkin_list=the_list,
                    ticket=ticket,
                    device=device,
                    nonce=f"demo-{nonce}",
                    status=ScanStatus.OK,
                    scanned_at=when,
                    offline=bool(rng.random() < 0.05),
                )
            )
    for booking in SessionBooking.objects.filter(
        session__event=event, status=RegistrationStatus.CONFIRMED
    ):
        if rng.random() < 0.85 and booking.registration_id in tickets:
            nonce += 1
            rows.append(
                Checkin(
                    checkin_list=session_lists[booking.session_id],
                    ticket=tickets[booking.registration_id],
                    device=devices[4 + int(rng.integers(0, 2))],
                    nonce=f"demo-{nonce}",
                    status=ScanStatus.OK,
                    scanned_at=booking.session.starts_at
                    - dt.timedelta(minutes=int(rng.integers(0, 15))),
                )
            )
    Checkin.objects.bulk_create(rows, batch_size=2000)
    # A few people scanned twice, and a few codes that were not tickets.
    firsts = list(
        Checkin.objects.filter(checkin_list=entry[0], status=ScanStatus.OK).order_by("id")[:40]
    )
    extra = [
        Checkin(
            checkin_list=entry[0],
            ticket=c.ticket,
            device=devices[1],
            nonce=f"demo-dup-{c.pk}",
            status=ScanStatus.ALREADY,
            first=c,
            scanned_at=c.scanned_at + dt.timedelta(minutes=3),
        )
        for c in firsts
    ]
    extra += [
        Checkin(
            checkin_list=entry[0],
            ticket=None,
            device=devices[0],
            nonce=f"demo-unknown-{i}",
            status=ScanStatus.UNKNOWN,
            scanned_at=_at(DAYS[0], "08:45"),
            payload_hash=f"{i:064x}",
        )
        for i in range(12)
    ]
    Checkin.objects.bulk_create(extra)


def _abstracts(ctx, rng, event, tracks) -> None:
    criteria = [
        ReviewCriterion.objects.create(
            event=event,
            name_ko="건강도시 관련성",
            name_en="Relevance to healthy cities",
            max_score=5,
            weight=Decimal("2"),
            order=1,
        ),
        ReviewCriterion.objects.create(
            event=event,
            name_ko="근거와 평가",
            name_en="Evidence and evaluation",
            max_score=5,
            weight=Decimal("1.5"),
            order=2,
        ),
        ReviewCriterion.objects.create(
            event=event,
            name_ko="다른 도시로의 확산 가능성",
            name_en="Transferability to other cities",
            max_score=5,
            weight=Decimal("1"),
            order=3,
        ),
    ]
    submitter = ctx.users["delegate"]
    track_list = list(tracks.values())
    abstracts = []
    for i, (ko, en) in enumerate(TOPICS * 2):
        status = [
            AbstractStatus.SUBMITTED,
            AbstractStatus.SUBMITTED,
            AbstractStatus.ACCEPTED,
            AbstractStatus.REJECTED,
        ][i % 4]
        abstracts.append(
            Abstract(
                event=event,
                submitter=submitter,
                title=en if i % 2 else ko,
                language="en" if i % 2 else "ko",
                text=("We describe how our city " + en.lower() + ", what it cost and what changed.")
                if i % 2
                else f"우리 도시의 {ko} 사업과 그 결과를 소개합니다.",
                format=["oral", "poster", "oral", "workshop"][i % 4],
                track=track_list[i % len(track_list)],
                presenter_name=_korean_name(rng),
                affiliation=ctx.member_cities[i % len(ctx.member_cities)].name_ko,
                status=status,
                decided_by=ctx.users["official"] if status != AbstractStatus.SUBMITTED else None,
            )
        )
    abstracts = Abstract.objects.bulk_create(abstracts)
    reviews = AbstractReview.objects.bulk_create(
        [
            AbstractReview(abstract=a, reviewer=ctx.users["official"], comment="")
            for a in abstracts[: len(abstracts) * 3 // 4]
        ]
    )
    ReviewScore.objects.bulk_create(
        [
            ReviewScore(review=r, criterion=c, score=int(rng.integers(2, 6)))
            for r in reviews
            for c in criteria
        ]
    )


def _citizen(ctx, event, categories, sessions) -> None:
    """The demo citizen is registered (with a ticket) and has starred a few sessions."""
    from healthycity.citizens.domain.consent import grant_consent

    grant_consent(citizen=ctx.citizen, purpose="conference")
    identity = getattr(ctx.citizen, "identity", None)
    registration = Registration.objects.create(
        event=event,
        category=categories["citizen"],
        status=RegistrationStatus.CONFIRMED,
        source=RegistrationSource.SELF,
        user=ctx.users["citizen"],
        citizen=ctx.citizen,
        name=identity.name if identity else "시민",
        consent_version="2026-1",
        consented_at=_at(dt.date(2026, 5, 2), "10:00"),
        confirmed_at=_at(dt.date(2026, 5, 2), "10:00"),
        answers={"headset": False},
    )
    Ticket.objects.create(
        registration=registration, secret="DEM0C1T1ZEN0000TCKT1".replace("I", "1")[:CODE_LENGTH]
    )
    agenda = PersonalAgenda.objects.create(user=ctx.users["citizen"], event=event)
    agenda.sessions.set(
        [s for s in sessions if s.kind in (SessionKind.KEYNOTE, SessionKind.CEREMONY)][:4]
    )
