// Trace form: filter the competency picker while typing (the page works without this:
// the "Chercher" button then searches on the server).
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\u2019/g, "'")
      .replace(/\u0153/g, "oe").toLowerCase();
  }

  function setUp(input) {
    var picker = document.getElementById("competencies");
    var counter = document.querySelector("[data-search-count]");
    if (!picker) { return; }
    var items = Array.prototype.slice.call(picker.querySelectorAll("li[data-search]"));
    var domains = Array.prototype.slice.call(picker.querySelectorAll("details[data-domain]"));
    var initiallyOpen = domains.map(function (d) { return d.open; });
    items.forEach(function (li) { li.dataset.folded = fold(li.dataset.search); });

    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var found = 0;
      items.forEach(function (li) {
        var hit = words.every(function (w) { return li.dataset.folded.indexOf(w) !== -1; });
        var box = li.querySelector("input[type=checkbox]");
        // A chosen competency stays in sight, so the trainee never thinks it was lost.
        li.hidden = words.length > 0 && !hit && !(box && box.checked);
        li.classList.toggle("match", words.length > 0 && hit);
        if (words.length > 0 && hit) { found += 1; }
      });
      domains.forEach(function (d, n) {
        var visible = d.querySelectorAll("li[data-search]:not([hidden])").length;
        d.hidden = words.length > 0 && visible === 0;
        d.open = words.length > 0 ? visible > 0 : initiallyOpen[n];
      });
      if (counter) {
        counter.hidden = words.length === 0;
        counter.textContent = found === 0 ? counter.dataset.none
          : found === 1 ? counter.dataset.one
          : counter.dataset.many.replace("{n}", String(found));
      }
    }

    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); apply(); }
    });
  }

  // The company's name is asked only for an internship.
  function companyField() {
    var wrapper = document.querySelector("[data-company]");
    var context = document.getElementById("context");
    if (!wrapper || !context) { return; }
    var input = wrapper.querySelector("input");
    function sync() {
      wrapper.hidden = context.value !== "internship" && !(input && input.value);
    }
    context.addEventListener("change", sync);
    sync();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("[data-competency-search]");
    if (input) { setUp(input); }
    companyField();
  });
})();
