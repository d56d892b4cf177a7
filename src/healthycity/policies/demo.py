"""Demo data of the practice library (synthetic; every text says so).

Practices of the demo member cities in every state: published after peer review by two delegates
of other cities (some nominated for an AFHC award), one in review with one sheet submitted, one
submitted and waiting for reviewers, one returned with reasons, one draft; and one draft of Seoul
written by the platform from the aid app's support programme (its measured outcome and equity
effect). Reviewers are delegate logins `delegate-<city>` with the demo password. A few dozen
domain calls, whatever the city size.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from healthycity.accounts.enums import Role
from healthycity.accounts.models import Membership, User
from healthycity.places.models import MemberCity
from healthycity.policies.domain.practices import (
    create_practice,
    publish_practice,
    return_practice,
    set_results,
    submit_practice,
)
from healthycity.policies.domain.review import assign_reviewer, nominate, submit_review
from healthycity.policies.models import Practice
from healthycity.policies.reference import criteria_of

SYNTHETIC_KO = "※ 합성 데모 자료입니다. 실제 도시의 사업·수치가 아닙니다."
SYNTHETIC_EN = "Synthetic demo data: not a real city's programme or figures."

# (city slug, state, texts, themes, target groups, design, result, partners)
PRACTICES = [
    (
        "suwon",
        "published",
        (
            "어르신 걷기 모임으로 근감소 예방",
            "Walking groups against sarcopenia in older people",
            "동네 어르신들이 매주 세 번 함께 걸었고 근육량과 악력이 좋아졌습니다.",
            "Older residents walked together three times a week; muscle mass and grip improved.",
            "보건소가 걷기 지도자를 양성하고 행정복지센터가 모임 장소를 제공했습니다. 걷기 후에는 단백질 간식을 나눴습니다.",
            "The health centre trained walk leaders; community centres hosted the groups; protein snacks followed each walk.",
        ),
        ["who-mobility", "afhc-ageing"],
        ["older_people"],
        "cba",
        ("근육량", "kg", 0.6, 0.2, 1.0, 240),
        [("수원시 보건소", "health"), ("인바디", "company")],
    ),
    (
        "wonju",
        "published",
        (
            "건강 식단 도시락 배달",
            "Healthy lunch boxes for people living alone",
            "혼자 사는 저소득 어르신에게 저염 도시락을 배달하고 혈압을 쟀습니다.",
            "Low-salt lunch boxes delivered to older people living alone on low incomes, with blood-pressure checks.",
            "지역 식당과 자원봉사자가 함께 만든 도시락을 주 5회 배달했습니다.",
            "Local restaurants and volunteers cooked and delivered five days a week.",
        ),
        ["who-food-water", "afhc-ncd"],
        ["older_people", "low_income"],
        "before_after",
        ("수축기 혈압", "mmHg", -4.1, -6.8, -1.4, 180),
        [("원주시", "government"), ("지역 식당 협동조합", "community")],
    ),
    (
        "kobe",
        "published",
        (
            "공원 전체 금연 구역 지정",
            "Smoke-free parks across the city",
            "모든 공원을 금연 구역으로 지정하고 간접흡연 노출이 줄었습니다.",
            "Every park became smoke-free; second-hand smoke exposure fell.",
            "시 조례를 고치고 공원 관리인이 안내했습니다.",
            "The city changed its by-law; park wardens explained the rule.",
        ),
        ["who-smoke-free", "afhc-environment"],
        ["all_residents", "children"],
        "its",
        ("간접흡연 노출률", "%", -7.5, -10.9, -4.0, 3200),
        [("Kobe City", "government")],
    ),
    (
        "taipei",
        "published",
        (
            "학교 급식 나트륨 줄이기",
            "Less salt in school meals",
            "초등학교 급식의 나트륨을 20% 줄였습니다.",
            "Salt in primary-school meals was cut by a fifth.",
            "영양사 교육과 조리법 표준화를 함께 했습니다.",
            "Dietitian training and standard recipes went together.",
        ),
        ["who-food-water", "who-children"],
        ["children"],
        "nrct",
        ("급식 1식 나트륨", "mg", -210.0, -260.0, -160.0, 48),
        [("Taipei Department of Education", "government")],
    ),
    (
        "kuching",
        "published",
        (
            "강변 자전거 길과 야간 조명",
            "Riverside cycle paths with night lighting",
            "강변에 자전거 길과 조명을 놓아 저녁 신체활동이 늘었습니다.",
            "Cycle paths and lights along the river raised evening physical activity.",
            "주민 참여 설계로 안전한 경로를 정했습니다.",
            "Residents helped design safe routes.",
        ),
        ["who-mobility", "afhc-creative"],
        ["all_residents", "women"],
        "before_after",
        ("주 150분 이상 활동 비율", "%", 6.2, 2.1, 10.3, 820),
        [("Kuching North City Hall", "government")],
    ),
    (
        "manila",
        "published",
        (
            "우기 전 모기 서식지 제거",
            "Clearing mosquito breeding sites before the rains",
            "우기 전 주민과 함께 고인 물을 없애 뎅기열 환자가 줄었습니다.",
            "Residents cleared standing water before the rainy season; dengue cases fell.",
            "바랑가이 보건요원이 집집마다 방문했습니다.",
            "Barangay health workers visited every household.",
        ),
        ["who-infectious", "afhc-cross-sectoral"],
        ["all_residents", "low_income"],
        "its",
        ("뎅기열 발생률(인구 10만 명당)", "/100 000", -31.0, -45.0, -17.0, None),
        [("Barangay councils", "community")],
    ),
    (
        "ulaanbaatar",
        "in_review",
        (
            "게르 지역 난방 전환",
            "Cleaner heating in ger districts",
            "게르 가구의 석탄 난로를 전기 난방으로 바꾸는 지원을 했습니다.",
            "Households in ger districts were helped to switch from coal stoves to electric heating.",
            "야간 전기요금 할인과 함께 진행했습니다.",
            "Together with a night-time electricity discount.",
        ),
        ["who-environment", "who-urban-poor"],
        ["low_income", "children"],
        "cba",
        ("겨울 호흡기 진료 건수", "/1 000", -12.0, -20.0, -4.0, 1500),
        [("Ulaanbaatar City", "government")],
    ),
    (
        "busan",
        "submitted",
        (
            "산복도로 계단 손잡이 설치",
            "Handrails on hillside stairways",
            "경사 마을 계단에 손잡이와 쉼터를 놓아 어르신 낙상을 줄이려 했습니다.",
            "Handrails and benches on steep stairways to prevent falls among older residents.",
            "주민 걷기 점검단이 위험 구간을 찾았습니다.",
            "Residents' walking audits found the risky stretches.",
        ),
        ["who-mobility", "who-discrimination"],
        ["older_people", "disability"],
        "process",
        None,
        [("부산광역시 동구", "government")],
    ),
    (
        "nagoya",
        "returned",
        (
            "직장인 건강 포인트",
            "Health points for workers",
            "걷기와 건강검진에 포인트를 주는 직장 프로그램입니다.",
            "A workplace scheme rewarding walking and check-ups with points.",
            "중소기업 20곳이 참여했습니다.",
            "Twenty small firms took part.",
        ),
        ["afhc-ncd"],
        ["workers"],
        "none",
        None,
        [("Nagoya Chamber of Commerce", "company")],
    ),
    (
        "suwon",
        "draft",
        (
            "마을 건강 반장",
            "Neighbourhood health wardens",
            "주민이 이웃의 건강을 살피는 반장이 됩니다.",
            "Residents become wardens who look after their neighbours' health.",
            "작성 중입니다.",
            "Work in progress.",
        ),
        ["who-basic-needs"],
        ["older_people"],
        "none",
        None,
        [],
    ),
]
REVIEWER_CITIES = ["kobe", "taipei", "kuching", "manila", "ulaanbaatar", "wonju"]


def _reviewers(ctx, cities: dict[str, MemberCity]) -> dict[str, User]:
    """A delegate login per city that writes or reviews (`delegate-<slug>`), made if the city
    has none yet (Suwon's is the foundation's `delegate`)."""
    found: dict[str, User] = {}
    encoded = make_password(ctx.password)
    for slug in dict.fromkeys([*REVIEWER_CITIES, *(spec[0] for spec in PRACTICES)]):
        city = cities.get(slug)
        if city is None or city.organisation is None:
            continue
        existing = Membership.objects.filter(organisation=city.organisation, role=Role.DELEGATE)
        if existing.exists():
            found[slug] = existing.first().user
            continue
        user = User.objects.filter(username=f"delegate-{slug}").first()
        if user is None:
            user = User.objects.create(
                username=f"delegate-{slug}",
                password=encoded,
                first_name=city.name_en,
                last_name="Delegate",
                preferred_language="ko" if city.country_code == "KR" else "en",
            )
            ctx.users[user.username] = user
        Membership.objects.get_or_create(
            user=user, organisation=city.organisation, defaults={"role": Role.DELEGATE}
        )
        found[slug] = user
    return found


def _author(ctx, city: MemberCity):
    member = Membership.objects.filter(organisation=city.organisation, role=Role.DELEGATE).first()
    return member.user if member else ctx.users.get("official")


def _pick_reviewers(reviewers: dict[str, User], own: str, n: int, offset: int) -> list[User]:
    others = [u for slug, u in reviewers.items() if slug != own]
    return [others[(offset + i) % len(others)] for i in range(min(n, len(others)))]


def _sheet(core: int, qualifier: int) -> dict:
    scores = {c.code: core for c in criteria_of("core")}
    scores.update({c.code: qualifier for c in criteria_of("qualifier")})
    return scores


def _write(ctx, city, spec, official) -> Practice:
    _slug, _state, texts, themes, groups, design, result, partners = spec
    by = _author(ctx, city)
    practice = create_practice(
        city=city,
        by=by,
        data={
            "title_ko": texts[0],
            "title_en": texts[1],
            "summary_ko": texts[2],
            "summary_en": texts[3],
            "body_ko": f"{texts[4]}\n\n{SYNTHETIC_KO}",
            "body_en": f"{texts[5]}\n\n{SYNTHETIC_EN}",
            "themes": themes,
            "target_groups": groups,
            "evaluation_type": design,
            "partners": [{"name": n, "sector": s, "role": ""} for n, s in partners],
            "contact_email": f"healthy-city@{city.organisation.slug}.example",
            "period_start": "2024-03-01",
            "period_end": "2025-12-31",
            "budget_amount": "250000000" if city.country_code == "KR" else "",
            "budget_currency": "KRW" if city.country_code == "KR" else "",
            "transferability_ko": "시·구 보건소와 주민 모임이 있는 도시라면 옮겨 적용할 수 있습니다.",
            "transferability_en": "Any city with district health centres and resident groups can adopt it.",
        },
    )
    practice.source = {"kind": "demo", "synthetic": True}
    practice.save(update_fields=["source"])
    if result:
        indicator, unit, est, low, high, n = result
        set_results(
            practice=practice,
            rows=[
                {
                    "indicator": indicator,
                    "unit": unit,
                    "estimate": est,
                    "ci_low": low,
                    "ci_high": high,
                    "n": n,
                    "method": "synthetic demo figure",
                }
            ],
        )
    return practice


def populate(ctx) -> None:
    if Practice.objects.exists():
        return
    official = ctx.users.get("official")
    cities = {
        c.organisation.slug: c
        for c in MemberCity.objects.select_related("organisation")
        if c.organisation
    }
    delegates = _reviewers(ctx, cities)
    reviewers = {slug: delegates[slug] for slug in REVIEWER_CITIES if slug in delegates}
    if official is None or len(reviewers) < 3:
        return
    advance = ctx.progress("policies: practices", len(PRACTICES) + 1)
    for i, spec in enumerate(PRACTICES):
        slug, state = spec[0], spec[1]
        city = cities.get(slug)
        if city is None:
            advance(1)
            continue
        practice = _write(ctx, city, spec, official)
        by = _author(ctx, city)
        if state != "draft":
            submit_practice(practice=practice, by=by)
        if state in ("published", "in_review"):
            pair = _pick_reviewers(reviewers, slug, 2, i)
            sheets = [assign_reviewer(practice=practice, reviewer=u, by=official) for u in pair]
            done = sheets if state == "published" else sheets[:1]
            for sheet, score in zip(done, (5, 4), strict=False):
                submit_review(
                    assignment=sheet,
                    by=sheet.reviewer,
                    exclusion={c.code: True for c in criteria_of("exclusion")},
                    scores=_sheet(score if i % 2 == 0 else 3, 4),
                    comments="",
                )
        if state == "published":
            practice = publish_practice(practice=practice, by=official)
            if i in (0, 4):
                nominate(
                    practice=practice,
                    category="afhc-ageing" if i == 0 else "afhc-creative",
                    year=2026,
                    by=official,
                    reason="동료 심사 우수 사례",
                )
        if state == "returned":
            return_practice(
                practice=practice,
                by=official,
                reason="평가 설계와 결과 수치가 없습니다. 참여 인원과 전후 비교를 더해 다시 제출해 주세요.",
            )
        advance(1)
    _from_aid(official)
    _link_sessions(official)
    advance(1)


def _from_aid(official) -> None:
    """Seoul's own practice: a draft from the aid app's demo programme (its measured outcome)."""
    from healthycity.aid.queries import programmes_visible_to
    from healthycity.policies.cities import home_city
    from healthycity.policies.domain.from_aid import draft_from_programme

    programme = programmes_visible_to(official).order_by("starts_on").first()
    if programme is not None and home_city() is not None:
        practice = draft_from_programme(programme=programme, by=official)
        practice.contact_email = "health@seoul.example"
        practice.save(update_fields=["contact_email"])


def _link_sessions(official) -> None:
    """Where the conference demo has sessions, the first published practice was presented."""
    try:
        from healthycity.conference.models import Session
    except ImportError:  # pragma: no cover - the conference app is always installed
        return
    session = Session.objects.order_by("starts_at").first()
    practice = Practice.objects.published().order_by("published_at").first()
    if session is not None and practice is not None:
        from healthycity.policies.domain.links import link_session

        link_session(practice=practice, session=session, by=official, note="demo")
