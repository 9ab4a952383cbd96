// The collective observation grid: one tap per cell, and a local draft.
// Without this script each cell is a <select>; with it, a button cycles through the select's
// options ("—", "observé", then the levels) with one tap. Every change is kept in
// localStorage, so a network drop loses nothing; a draft whose key the server has already
// saved (data-saved) is dropped.
(function () {
  "use strict";

  function draftOf(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.disabled) return;
      if (el.type === "radio" && !el.checked) return;
      values[el.name] = el.value;
    });
    return values;
  }

  function save(form) {
    try {
      window.localStorage.setItem(form.dataset.draft, JSON.stringify(draftOf(form)));
    } catch (e) { /* private mode or full: the grid still works */ }
  }

  function restore(form) {
    var raw = null;
    try { raw = window.localStorage.getItem(form.dataset.draft); } catch (e) { return; }
    if (!raw) return;
    var draft;
    try { draft = JSON.parse(raw); } catch (e) { return; }
    var saved = (form.dataset.saved || "").split(" ");
    if (!draft || saved.indexOf(draft.cle) !== -1) {
      window.localStorage.removeItem(form.dataset.draft);
      return;
    }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || !(el.name in draft)) return;
      if (el.type === "radio") el.checked = el.value === draft[el.name];
      else el.value = draft[el.name];
    });
    var status = form.querySelector(".grid-draft-status");
    if (status) status.textContent = status.dataset.restored || "";
  }

  function label(select) {
    var option = select.options[select.selectedIndex];
    return option ? option.text : "—";
  }

  function enhance(form, select) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "grid-tap";
    button.disabled = select.disabled;
    button.setAttribute("aria-label", select.getAttribute("aria-label") || "");
    button.textContent = label(select);
    button.dataset.value = select.value;
    button.addEventListener("click", function () {
      select.selectedIndex = (select.selectedIndex + 1) % select.options.length;
      button.textContent = label(select);
      button.dataset.value = select.value;
      save(form);
    });
    select.hidden = true;
    select.parentNode.insertBefore(button, select);
    select.gridButton = button;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.grid-form");
    if (!form) return;
    restore(form);
    Array.prototype.forEach.call(form.querySelectorAll("select.grid-cell"), function (s) {
      enhance(form, s);
    });
    form.addEventListener("input", function () { save(form); });
    form.addEventListener("change", function () { save(form); });
  });
})();
