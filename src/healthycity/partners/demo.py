"""Demo: the products of the four partner companies of the agreement (the foundation creates the
companies with slugs inbody, cj, yuhan, hyundai)."""

from __future__ import annotations

from healthycity.partners.enums import ProductCategory as C
from healthycity.partners.models import Product

BOOTH = "AFHC 2026 DDP"
PRODUCTS = {
    "inbody": [
        (
            "inbody-970",
            "인바디 970",
            "InBody 970",
            C.MEASURING_DEVICE,
            "전문가용 체성분 분석기",
            "Professional body-composition analyser",
            f"{BOOTH} A-1",
        ),
        (
            "inbody-270",
            "인바디 270",
            "InBody 270",
            C.MEASURING_DEVICE,
            "보건소·복지관용 체성분 분석기",
            "Body-composition analyser for health and welfare centres",
            f"{BOOTH} A-1",
        ),
        (
            "inbody-h20",
            "인바디 H20N",
            "InBody H20N",
            C.MEASURING_DEVICE,
            "가정용 스마트 체성분계",
            "Home smart body-composition scale",
            "",
        ),
        (
            "inbody-band",
            "인바디 밴드",
            "InBody Band",
            C.MEASURING_DEVICE,
            "걸음 수와 심박을 재는 웨어러블",
            "Wearable that counts steps and heart rate",
            f"{BOOTH} A-1",
        ),
    ],
    "cj": [
        (
            "cj-hetbahn-grain",
            "햇반 잡곡밥",
            "Hetbahn multigrain rice",
            C.HEALTH_FOOD,
            "현미·귀리 잡곡 즉석밥",
            "Instant rice with brown rice and oats",
            f"{BOOTH} B-2",
        ),
        (
            "cj-protein-drink",
            "얼티브 단백질 음료",
            "Ultiv protein drink",
            C.HEALTH_FOOD,
            "식물성 단백질 음료",
            "Plant-protein drink",
            f"{BOOTH} B-2",
        ),
        (
            "cj-low-salt-kimchi",
            "저염 김치",
            "Low-salt kimchi",
            C.HEALTH_FOOD,
            "나트륨을 줄인 김치",
            "Kimchi with less sodium",
            "",
        ),
    ],
    "yuhan": [
        (
            "yuhan-multivitamin",
            "유한 멀티비타민",
            "Yuhan multivitamin",
            C.MEDICINE,
            "성인용 종합비타민",
            "Multivitamin for adults",
            f"{BOOTH} C-3",
        ),
        (
            "yuhan-vitamin-d",
            "유한 비타민D",
            "Yuhan vitamin D",
            C.MEDICINE,
            "비타민D 1000IU",
            "Vitamin D 1000 IU",
            f"{BOOTH} C-3",
        ),
        (
            "yuhan-omega3",
            "유한 오메가3",
            "Yuhan omega-3",
            C.MEDICINE,
            "오메가3 지방산 보충제",
            "Omega-3 fatty acid supplement",
            "",
        ),
    ],
    "hyundai": [
        (
            "hyundai-bp-monitor",
            "혈압계",
            "Blood-pressure monitor",
            C.RETAIL,
            "가정용 자동 혈압계",
            "Automatic home blood-pressure monitor",
            f"{BOOTH} D-4",
        ),
        (
            "hyundai-walking-shoes",
            "워킹화",
            "Walking shoes",
            C.RETAIL,
            "걷기 운동용 신발",
            "Shoes for walking exercise",
            f"{BOOTH} D-4",
        ),
        (
            "hyundai-health-box",
            "건강 선물세트",
            "Health gift box",
            C.RETAIL,
            "견과류와 건강식품 선물세트",
            "Gift box of nuts and health foods",
            "",
        ),
    ],
}


def populate(ctx) -> None:
    """Add the products of each partner company. Idempotent on product slugs."""
    existing = set(Product.objects.values_list("slug", flat=True))
    rows = []
    for slug, items in PRODUCTS.items():
        partner = ctx.partners.get(slug)
        if partner is None:
            continue
        for pslug, name_ko, name_en, category, desc_ko, desc_en, shown_at in items:
            if pslug in existing:
                continue
            rows.append(
                Product(
                    partner=partner,
                    slug=pslug,
                    name_ko=name_ko,
                    name_en=name_en,
                    category=category,
                    description_ko=desc_ko,
                    description_en=desc_en,
                    shown_at=shown_at,
                    unit="대" if category == C.MEASURING_DEVICE else "개",
                )
            )
    Product.objects.bulk_create(rows)
