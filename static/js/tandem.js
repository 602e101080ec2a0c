// Small behaviours shared by every page. No inline scripts anywhere: the CSP forbids them.
document.addEventListener("DOMContentLoaded", () => {
  // Elements marked data-autosubmit submit their form on change (filter bars without a button).
  document.body.addEventListener("change", (event) => {
    const target = event.target.closest("[data-autosubmit]");
    if (target && target.form && !target.form.hasAttribute("hx-get")) target.form.requestSubmit();
  });

  // A tab that loads when first shown (includes/lazy_tab.html) and could not: say so rather
  // than leave its spinner turning.
  const tabFailed = (event) => {
    const tab = event.detail.elt;
    if (!tab || !tab.matches("[data-testid=lazy-tab]")) return;
    const message = document.createElement("p");
    message.className = "text-danger small";
    message.setAttribute("role", "alert");
    message.textContent = "This tab could not be loaded. Reload the page to try again.";
    tab.replaceChildren(message);
  };
  document.body.addEventListener("htmx:responseError", tabFailed);
  document.body.addEventListener("htmx:sendError", tabFailed);
});
