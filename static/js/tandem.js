// Small behaviours shared by every page. No inline scripts anywhere: the CSP forbids them.
document.addEventListener("DOMContentLoaded", () => {
  // Elements marked data-autosubmit submit their form on change (filter bars without a button).
  document.body.addEventListener("change", (event) => {
    const target = event.target.closest("[data-autosubmit]");
    if (target && target.form && !target.form.hasAttribute("hx-get")) target.form.requestSubmit();
  });
});
