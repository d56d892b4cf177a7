"""The interface shell in a real browser: log-in for every role, Korean first, English on request,
clear errors, redirects, error pages, the phone layout, and the KRDS assets actually loading."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import PASSWORD, ROLE_USERS, login, screenshot, switch_language

pytestmark = pytest.mark.e2e

# Per role: text expected on the home page in Korean, then in English (panel titles, nav items).
HOME_TEXT = {
    "official": (
        ["사업 현황", "등록 시민", "시민 명단", "열람 기록"],
        ["Programme at a glance", "Access log"],
    ),
    "worker-a": (
        ["우리 기관", "우리 기관 등록 시민", "시민 명단"],
        ["My centre", "Citizens of my centre"],
    ),
    "worker-b": (["우리 기관", "소득 구간별 시민 수"], ["My centre", "Citizens by income band"]),
    "partner": (
        ["우리 회사", "집계 정보만 볼 수 있으며"],
        ["My company", "You see aggregates only"],
    ),
    "citizen": (
        ["나의 동의 관리", "유효한 동의", "동의 관리하기"],
        ["My consents", "Manage my consents"],
    ),
    "delegate": (["우리 도시", "회원도시 대표"], ["My city", "City delegate"]),
    "admin": (["사업 현황", "관리자", "열람 기록"], ["Programme at a glance", "Administrator"]),
}


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_each_role_logs_in_and_sees_home_in_korean_then_english(page, people, live_server, role):
    user = getattr(people, ROLE_USERS[role])
    login(page, user.username)

    assert page.url == f"{live_server.url}/"
    assert page.locator("html").get_attribute("lang") == "ko"
    title = page.locator("[data-testid=home-title]")
    assert title.inner_text() == f"{user.username}님, 환영합니다"
    body = page.locator("#container").inner_text() + page.locator("#krds-header").inner_text()
    korean, english = HOME_TEXT[role]
    for text in korean:
        assert text in body, f"{role}: {text!r} not on the Korean home page"
    assert "서울 스마트 건강도시" in page.locator("#krds-header").inner_text()
    screenshot(page, f"home-{role}-ko")

    switch_language(page, "en")
    assert page.locator("[data-testid=home-title]").inner_text() == f"Welcome, {user.username}"
    body = page.locator("#container").inner_text() + page.locator("#krds-header").inner_text()
    for text in english:
        assert text in body, f"{role}: {text!r} not on the English home page"
    assert "Seoul Smart Healthy City" in page.locator("#krds-header").inner_text()
    assert not re.search("[가-힣]", page.locator("#container").inner_text()), (
        "Korean left on the English page"
    )
    screenshot(page, f"home-{role}-en")

    switch_language(page, "ko")
    assert "환영합니다" in page.locator("[data-testid=home-title]").inner_text()
    page.problems.assert_none()


def test_wrong_password_shows_a_clear_error(page, people):
    login(page, people.official.username, "not-the-password")
    error = page.locator("[data-testid=login-error]")
    assert "아이디 또는 비밀번호가 올바르지 않습니다" in error.inner_text()
    assert error.get_attribute("role") == "alert"
    assert page.locator("#id_username").input_value() == people.official.username
    assert page.locator("#id_password").input_value() == ""
    screenshot(page, "login-wrong-password-ko")
    page.problems.assert_none()


def test_empty_login_form_marks_the_missing_fields(page, people):
    page.goto("/login/")
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state("load")
    assert page.locator("#id_username[aria-invalid=true]").count() == 1
    assert page.locator(".form-hint-invalid").count() == 2


def test_lock_out_after_repeated_failures_shows_the_locked_page(page, people, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(page, people.worker_a.username, "wrong")
    assert "계정 잠김" in page.locator("h1").inner_text()
    screenshot(page, "login-locked-ko")


def test_anonymous_visiting_a_protected_page_is_redirected_to_login(page, people):
    page.goto("/citizens/")
    assert "/login/" in page.url and "next=/citizens/" in page.url
    assert page.locator("h1").inner_text() == "로그인"
    login_with_next = page.url
    page.fill("#id_username", people.worker_a.username)
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state("load")
    assert page.url.endswith("/citizens/"), login_with_next
    assert page.locator("h1").inner_text() == "시민 명단"
    assert page.locator("[data-testid=citizen-count]").inner_text() == "총 1명"
    screenshot(page, "citizens-list-worker-a-ko")


def test_not_found_page_speaks_the_users_language(page, people):
    page.goto("/no-such-page/")
    assert page.locator("h1").inner_text() == "페이지를 찾을 수 없습니다"
    screenshot(page, "404-anonymous-ko")

    login(page, people.citizen_user.username)
    switch_language(page, "en")
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "404-citizen-en")
    page.problems.assert_none()


def test_citizen_gives_and_withdraws_consent_with_a_message(page, people):
    login(page, people.citizen_user.username)
    page.goto("/citizens/me/consents/")
    row = page.locator("tr[data-purpose=statistics]")
    row.locator("button[value=grant]").click()
    page.wait_for_load_state("load")
    alert = page.locator(".hc-messages")
    assert "동의했습니다" in alert.inner_text()
    assert "동의함" in page.locator("tr[data-purpose=statistics]").inner_text()
    screenshot(page, "my-consents-citizen-ko")
    page.locator("tr[data-purpose=statistics] button[value=withdraw]").click()
    page.wait_for_load_state("load")
    assert "동의를 철회했습니다" in page.locator(".hc-messages").inner_text()
    page.problems.assert_none()


def test_official_searches_the_access_log(page, people):
    from healthycity.core.audit import log_access

    log_access(actor=people.worker_a, citizen=people.citizen, action="view", purpose="care")
    login(page, people.official.username)
    page.click("#krds-header .krds-main-menu >> text=열람 기록")
    page.wait_for_load_state("load")
    page.fill("#f-actor", "worker-a")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state("load")
    assert "총 1건" in page.locator(".hc-count").inner_text()
    assert "복지 담당자" in page.locator("table tbody").inner_text()
    screenshot(page, "access-log-official-ko")
    page.problems.assert_none()


def test_phone_layout_has_a_working_menu(phone_page, people):
    page = phone_page
    login(page, people.worker_a.username)
    assert page.locator("#krds-header .krds-main-menu").is_hidden()
    screenshot(page, "home-worker-a-phone-ko")
    page.click("#krds-header .btn-navi.all")
    menu = page.locator("#mobile-nav")
    menu.wait_for(state="visible")
    page.wait_for_timeout(500)  # the menu slides in
    assert "시민 명단" in menu.inner_text()
    screenshot(page, "menu-worker-a-phone-ko", full_page=False)
    menu.locator("a.gnb-sub-trigger", has_text="시민 명단").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/citizens/")
    page.problems.assert_none()


def test_krds_styles_fonts_and_icons_load_from_our_server(page, people, live_server):
    requested: list[str] = []
    page.on("request", lambda req: requested.append(req.url))
    page.goto("/")
    page.evaluate("document.fonts.ready")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith('"Pretendard GOV"'), font
    assert page.evaluate("document.fonts.check('16px \"Pretendard GOV\"', '서울')")
    # The skip link is positioned by KRDS's CSS, so this proves the stylesheet applied.
    assert page.evaluate(
        "getComputedStyle(document.getElementById('krds-skip-link')).position"
    ) in (
        "absolute",
        "fixed",
    )
    assert any(url.endswith(".woff2") for url in requested), requested
    assert all(url.startswith(live_server.url) for url in requested), [
        url for url in requested if not url.startswith(live_server.url)
    ]
    screenshot(page, "landing-anonymous-ko")
    page.problems.assert_none()


# Words (runs of non-space characters) of the elements matched by the selector that the browser
# laid out over more than one line: "제품" drawn as "제/품" is one such word.
BROKEN_WORDS_JS = """
(selector) => {
  const broken = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.offsetParent === null) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}
"""


@pytest.mark.parametrize("width", [1280, 1100])
def test_officials_long_menu_never_splits_a_word(page, people, width):
    """The official's dozen menu items squeezed into one row broke "제품" into "제/품" and
    "Stock" into "Stoc/k"; the items keep their width and the menu wraps instead."""
    page.set_viewport_size({"width": width, "height": 900})
    login(page, people.official.username)
    for language in ("ko", "en"):
        if language == "en":
            switch_language(page, "en")
        items = page.locator("#krds-header .krds-main-menu .gnb-menu > li > a")
        assert items.count() >= 5
        assert page.evaluate(BROKEN_WORDS_JS, "#krds-header .krds-main-menu .gnb-menu") == []
        screenshot(page, f"menu-official-{language}-{width}", full_page=False)
    page.problems.assert_none()


def test_phone_masthead_breaks_between_words(phone_page, people):
    """KRDS breaks the masthead anywhere ("서비/스입니다" on a 390 px phone)."""
    page = phone_page
    page.goto("/")
    assert page.evaluate(BROKEN_WORDS_JS, "#krds-masthead .nuri-txt") == []


PAGE_WIDER_THAN_SCREEN_JS = (
    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
)


@pytest.mark.parametrize(
    ("who", "url"), [("citizen_user", "/citizens/me/consents/"), ("worker_a", "/citizens/")]
)
def test_phone_pages_with_tables_do_not_scroll_sideways(phone_page, people, who, url):
    """The tables' visually hidden captions and labels escaped their scroll box and made a 390 px
    page 514 px wide (the browser then zoomed the whole page out)."""
    from healthycity.citizens.domain.consent import grant_consent

    page = phone_page
    grant_consent(citizen=people.citizen, purpose="care", by=None)
    login(page, getattr(people, who).username)
    page.goto(url)
    assert page.evaluate(PAGE_WIDER_THAN_SCREEN_JS) <= 0
    assert page.evaluate("window.innerWidth") == 390


def test_citizen_reaches_the_consent_buttons_on_a_phone(phone_page, people):
    """On a phone each consent is a block with its button in view, not a table to scroll sideways."""
    from healthycity.citizens.domain.consent import grant_consent

    page = phone_page
    grant_consent(citizen=people.citizen, purpose="care", by=None)
    login(page, people.citizen_user.username)
    page.goto("/citizens/me/consents/")
    for button in page.locator("[data-testid=consents] button").all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, button.inner_text()
    screenshot(page, "my-consents-citizen-phone-ko")
    page.locator("tr[data-purpose=care] button[value=withdraw]").click()
    page.wait_for_load_state("load")
    assert "동의를 철회했습니다" in page.locator(".hc-messages").inner_text()
    page.problems.assert_none()
