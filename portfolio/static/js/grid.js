// The collective observation grid: any value in two taps at most, a whole column "observé" in
// one, and a local draft.
// Without this script each cell is a <select>. With it, a cell is a button: tapping an empty
// cell makes it "observé" and opens a compact picker row under the trainee's row ("—",
// "observé", 1…4); a second tap there picks the value and closes it. Tapping a filled cell
// opens the picker. Each column head gets a "Tous observés" button that turns the column's
// empty cells to "observé". Escape closes the picker (focus back on its cell). Every change is
// kept in localStorage, so a network drop loses nothing; a draft whose key the server has
// already saved (data-saved) is dropped.
(function () {
  "use strict";

  var OBSERVED = "observe";

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

  function setValue(form, select, value) {
    select.value = value;
    var button = select.gridButton;
    button.textContent = label(select);
    button.dataset.value = select.value;
    save(form);
  }

  var open = null; // {select, row}: the picker shown, if any

  function closePicker(focusCell) {
    if (!open) return;
    var select = open.select;
    open.row.parentNode.removeChild(open.row);
    select.gridButton.setAttribute("aria-expanded", "false");
    select.gridButton.removeAttribute("aria-controls");
    open = null;
    if (focusCell) select.gridButton.focus();
  }

  function optionWords(form, option) {
    if (option.value === "") return form.dataset.clear || "—";
    if (option.value === OBSERVED) return option.text;
    return (form.dataset.level || "{n}").replace("{n}", option.text);
  }

  function openPicker(form, select) {
    var tr = select.closest("tr");
    var row = document.createElement("tr");
    row.className = "grid-picker-row";
    var cell = document.createElement("td");
    cell.colSpan = tr.children.length;
    var box = document.createElement("div");
    box.className = "grid-picker";
    box.id = "grid-picker";
    box.setAttribute("role", "group");
    var name = select.getAttribute("aria-label") || "";
    box.setAttribute("aria-label", (form.dataset.picker || "{c}").replace("{c}", name));
    var current = null;
    Array.prototype.forEach.call(select.options, function (option) {
      var choice = document.createElement("button");
      choice.type = "button";
      choice.className = "grid-pick";
      choice.textContent = option.value === "" ? "—" : option.text;
      choice.dataset.value = option.value;
      choice.setAttribute("aria-label", optionWords(form, option));
      var pressed = option.value === select.value;
      choice.setAttribute("aria-pressed", pressed ? "true" : "false");
      if (pressed) current = choice;
      choice.addEventListener("click", function () {
        setValue(form, select, option.value);
        closePicker(true);
      });
      box.appendChild(choice);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); closePicker(true); }
    });
    cell.appendChild(box);
    row.appendChild(cell);
    tr.parentNode.insertBefore(row, tr.nextSibling);
    select.gridButton.setAttribute("aria-expanded", "true");
    select.gridButton.setAttribute("aria-controls", box.id);
    open = {select: select, row: row};
    if (current && document.activeElement === select.gridButton) current.focus();
  }

  function enhance(form, select) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "grid-tap";
    button.disabled = select.disabled;
    button.setAttribute("aria-label", select.getAttribute("aria-label") || "");
    button.setAttribute("aria-expanded", "false");
    button.textContent = label(select);
    button.dataset.value = select.value;
    button.addEventListener("click", function () {
      var same = open && open.select === select;
      closePicker(false);
      if (same) return;
      if (select.value === "") setValue(form, select, OBSERVED);
      openPicker(form, select);
    });
    select.hidden = true;
    select.parentNode.insertBefore(button, select);
    select.gridButton = button;
  }

  function columnButton(form, th, selects) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "grid-column-all";
    button.textContent = form.dataset.allObserved || "✓";
    var abbr = th.querySelector("abbr");
    var words = abbr ? abbr.textContent : th.textContent;
    button.setAttribute(
      "aria-label", (form.dataset.allObservedLabel || "{c}").replace("{c}", words.trim())
    );
    button.addEventListener("click", function () {
      closePicker(false);
      selects.forEach(function (select) {
        if (!select.disabled && select.value === "") setValue(form, select, OBSERVED);
      });
    });
    th.appendChild(document.createElement("br"));
    th.appendChild(button);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.grid-form");
    if (!form) return;
    restore(form);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select.grid-cell"));
    selects.forEach(function (s) { enhance(form, s); });
    Array.prototype.forEach.call(form.querySelectorAll("th.grid-col"), function (th) {
      var column = selects.filter(function (s) { return s.dataset.column === th.dataset.column; });
      if (column.some(function (s) { return !s.disabled; })) columnButton(form, th, column);
    });
    form.addEventListener("input", function () { save(form); });
    form.addEventListener("change", function () { save(form); });
  });
})();
