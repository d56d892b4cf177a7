/* healthycity: small fixes on top of KRDS's ui-script.js (which runs first, also on DOMContentLoaded). */
"use strict";

window.addEventListener("DOMContentLoaded", () => {
  // KRDS labels the main menu list "메인 메뉴" in every language; use our translated label instead.
  document.querySelectorAll(".krds-main-menu[aria-label] .gnb-menu").forEach((menu) => {
    menu.setAttribute("aria-label", menu.closest(".krds-main-menu").getAttribute("aria-label"));
  });
  // The mobile menu button opens a dialog-like panel; tell assistive technology whether it is open.
  const opener = document.querySelector("#krds-header .btn-navi.all");
  const panel = document.getElementById("mobile-nav");
  if (opener && panel) {
    opener.setAttribute("aria-expanded", "false");
    new MutationObserver(() => {
      opener.setAttribute("aria-expanded", String(panel.classList.contains("is-open")));
    }).observe(panel, { attributes: true, attributeFilter: ["class"] });
  }
});

// Behaviour that pages ask for with data attributes: the Content-Security-Policy runs no inline
// event handlers (onclick="…"), so they live here.
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-print]");
  if (target) window.print();
  const field = event.target.closest("[data-select-on-click]");
  if (field) field.select();
});
document.addEventListener("change", (event) => {
  const select = event.target.closest("[data-autosubmit]");
  if (select && select.form) select.form.submit();
});
document.addEventListener("submit", (event) => {
  const question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
