// Searchable pickers (core/widgets.py): a hidden <select> holds the chosen option(s); the
// search box asks the picker's data-lookup-url for matches. Every listener is delegated from
// the document, so forms htmx swaps in work without set-up. No inline scripts: the CSP forbids them.
(() => {
  const DELAY_MS = 200;
  const state = new WeakMap(); // picker element -> {timer, controller, results, active}

  const pickerOf = (element) => element.closest("[data-lookup]");
  const parts = (picker) => ({
    select: picker.querySelector("[data-lookup-select]"),
    input: picker.querySelector("[data-lookup-input]"),
    menu: picker.querySelector("[role=listbox]"),
    status: picker.querySelector("[data-lookup-status]"),
    chips: picker.querySelector("[data-lookup-chips]"),
    multiple: picker.hasAttribute("data-lookup-multiple"),
  });
  const stateOf = (picker) => {
    if (!state.has(picker)) state.set(picker, { timer: null, controller: null, results: [], active: -1 });
    return state.get(picker);
  };

  function close(picker) {
    const { input, menu } = parts(picker);
    menu.classList.remove("show");
    menu.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    stateOf(picker).active = -1;
  }

  function highlight(picker, index) {
    const { input, menu } = parts(picker);
    const items = menu.querySelectorAll("[role=option]");
    if (!items.length) return;
    const s = stateOf(picker);
    s.active = (index + items.length) % items.length;
    items.forEach((item, i) => {
      item.classList.toggle("active", i === s.active);
      item.setAttribute("aria-selected", i === s.active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", items[s.active].id);
    items[s.active].scrollIntoView({ block: "nearest" });
  }

  function show(picker, rows) {
    const { input, menu, status, select } = parts(picker);
    const s = stateOf(picker);
    const chosen = new Set(Array.from(select.selectedOptions, (option) => option.value));
    s.results = rows.filter((row) => !chosen.has(String(row.id)));
    menu.replaceChildren();
    if (!s.results.length) {
      const empty = document.createElement("li");
      empty.className = "dropdown-item-text text-secondary small";
      empty.textContent = "No matches";
      menu.append(empty);
    }
    s.results.forEach((row, i) => {
      const item = document.createElement("li");
      item.id = `${menu.id}-${i}`;
      item.className = "dropdown-item text-wrap";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.lookupIndex = String(i);
      item.textContent = row.label;
      menu.append(item);
    });
    menu.classList.add("show");
    input.setAttribute("aria-expanded", "true");
    status.textContent = s.results.length ? `${s.results.length} matches` : "No matches";
    s.active = -1;
  }

  function search(picker) {
    const { input } = parts(picker);
    const s = stateOf(picker);
    if (s.controller) s.controller.abort();
    s.controller = new AbortController();
    const url = new URL(picker.dataset.lookupUrl, window.location.origin);
    const text = input.value.trim();
    url.searchParams.set("q", text);
    fetch(url, { headers: { Accept: "application/json" }, signal: s.controller.signal, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : []))
      .then((rows) => {
        // Only the answer to what the box holds now: an older one may arrive late.
        if (document.activeElement === input && input.value.trim() === text) show(picker, rows);
      })
      .catch((error) => {
        if (error.name !== "AbortError") close(picker);
      });
  }

  function changed(select) {
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function addChip(picker, value, label) {
    const { chips } = parts(picker);
    const chip = document.createElement("button");
    chip.type = "button";
    chip.className = "btn btn-sm btn-outline-secondary";
    chip.dataset.lookupRemove = value;
    chip.setAttribute("aria-label", `Remove ${label}`);
    chip.textContent = `${label} `;
    const icon = document.createElement("i");
    icon.className = "bi bi-x";
    icon.setAttribute("aria-hidden", "true");
    chip.append(icon);
    chips.append(chip);
  }

  function pick(picker, index) {
    const { select, input, multiple } = parts(picker);
    const row = stateOf(picker).results[index];
    if (!row) return;
    const value = String(row.id);
    if (multiple) {
      select.append(new Option(row.label, value, true, true));
      addChip(picker, value, row.label);
      input.value = "";
    } else {
      Array.from(select.options).forEach((option) => option.value && option.remove());
      select.append(new Option(row.label, value, true, true));
      input.value = row.label;
    }
    input.dataset.lookupLabel = multiple ? "" : row.label;
    close(picker);
    changed(select);
  }

  function clearSingle(picker) {
    const { select, input } = parts(picker);
    if (!select.value) return;
    Array.from(select.options).forEach((option) => option.value && option.remove());
    select.value = "";
    input.dataset.lookupLabel = "";
    changed(select);
  }

  const isLookupInput = (target) => target instanceof HTMLElement && target.matches("[data-lookup-input]");

  // Captured, so a filter form (htmx, triggered by change) never sees the typing itself.
  document.addEventListener(
    "input",
    (event) => {
      if (!isLookupInput(event.target)) return;
      event.stopPropagation();
      const picker = pickerOf(event.target);
      const s = stateOf(picker);
      clearTimeout(s.timer);
      s.timer = setTimeout(() => search(picker), DELAY_MS);
    },
    true,
  );

  document.addEventListener(
    "change",
    (event) => {
      if (isLookupInput(event.target)) event.stopPropagation();
    },
    true,
  );

  document.addEventListener("keydown", (event) => {
    if (!isLookupInput(event.target)) return;
    const picker = pickerOf(event.target);
    const { menu } = parts(picker);
    const open = menu.classList.contains("show");
    const s = stateOf(picker);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) search(picker);
      else highlight(picker, s.active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter") {
      // Enter picks; it never submits the form half-filled.
      event.preventDefault();
      if (open && s.active >= 0) pick(picker, s.active);
      else if (open && s.results.length === 1) pick(picker, 0);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close(picker);
    }
  });

  document.addEventListener("focusin", (event) => {
    if (!isLookupInput(event.target)) return;
    const picker = pickerOf(event.target);
    const { input } = parts(picker);
    if (!("lookupLabel" in input.dataset)) input.dataset.lookupLabel = parts(picker).multiple ? "" : input.value;
    search(picker);
  });

  document.addEventListener("focusout", (event) => {
    if (!isLookupInput(event.target)) return;
    const picker = pickerOf(event.target);
    const { input, multiple } = parts(picker);
    close(picker);
    if (multiple) input.value = "";
    else if (!input.value.trim()) clearSingle(picker);
    else input.value = input.dataset.lookupLabel || ""; // typed but not picked: back to the choice
  });

  document.addEventListener("mousedown", (event) => {
    const item = event.target instanceof Element && event.target.closest("[data-lookup] [role=option]");
    if (!item) return;
    event.preventDefault(); // keep the focus in the search box
    pick(pickerOf(item), Number(item.dataset.lookupIndex));
  });

  document.addEventListener("click", (event) => {
    const chip = event.target instanceof Element && event.target.closest("[data-lookup-remove]");
    if (!chip) return;
    const picker = pickerOf(chip);
    const { select, input } = parts(picker);
    Array.from(select.options)
      .filter((option) => option.value === chip.dataset.lookupRemove)
      .forEach((option) => option.remove());
    chip.remove();
    input.focus();
    changed(select);
  });
})();
