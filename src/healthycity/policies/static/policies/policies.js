// Filters apply as soon as a box is ticked or a status chosen (the button stays for keyboards).
document.querySelectorAll("[data-autosubmit]").forEach((el) => {
  el.addEventListener("change", () => el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit());
});
// On a phone the results come first: the filters start folded (a tap opens them).
if (window.matchMedia("(max-width: 1023px)").matches) {
  document.querySelectorAll("details[data-collapse-on-phone]").forEach((el) => { el.open = false; });
}
