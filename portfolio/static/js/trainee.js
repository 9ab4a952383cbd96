// Trace form: filter the competency picker while typing (the page works without this:
// the "Chercher" button then searches on the server).
(function () {
  "use strict";

  // Where it happened: a group of radio buttons (#context), one tap per place.
  function contextValue() {
    var chosen = document.querySelector("input[name=context]:checked");
    return chosen ? chosen.value : "";
  }

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

    // The server's search (the same as without JavaScript) refines the instant filter.
    var box = document.querySelector("[data-suggestions]");
    var url = box ? box.dataset.url : null;
    var timer = null;
    function applyIds(ids) {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      if (!words.length) { return; }
      var wanted = {};
      ids.forEach(function (id) { wanted["c-" + id] = true; });
      var found = 0;
      items.forEach(function (li) {
        var hit = !!wanted[li.id];
        var check = li.querySelector("input[type=checkbox]");
        li.hidden = !hit && !(check && check.checked);
        li.classList.toggle("match", hit);
        if (hit) { found += 1; }
      });
      domains.forEach(function (d) {
        var visible = d.querySelectorAll("li[data-search]:not([hidden])").length;
        d.hidden = visible === 0;
        d.open = visible > 0;
      });
      if (counter) {
        counter.hidden = false;
        counter.textContent = found === 0 ? counter.dataset.none
          : found === 1 ? counter.dataset.one
          : counter.dataset.many.replace("{n}", String(found));
      }
    }
    function ask() {
      if (!url || !window.fetch || !input.value.trim()) { return; }
      var asked = input.value;
      fetch(url + "?q=" + encodeURIComponent(asked), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && input.value === asked) { applyIds(data.matches); } })
        .catch(function () { /* the instant filter stays */ });
    }
    function later() { clearTimeout(timer); timer = setTimeout(ask, 250); }

    input.addEventListener("input", function () { apply(); later(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); apply(); ask(); }
    });
    // "Chercher" filters in place instead of reloading the page.
    var button = document.querySelector("button[name=action][value=search]");
    if (button) {
      button.addEventListener("click", function (event) { event.preventDefault(); apply(); ask(); });
    }
  }

  // Suggested competencies follow the words typed and the place chosen.
  function suggestions() {
    var box = document.querySelector("[data-suggestions]");
    var list = document.querySelector("[data-suggestion-list]");
    var title = document.getElementById("title");
    var body = document.getElementById("body");
    var context = document.getElementById("context");
    if (!box || !list || !title || !window.fetch) { return; }
    var timer = null;
    function pickerBox(id) {
      return document.querySelector("#competencies input[type=checkbox][value='" + id + "']");
    }
    function refresh() {
      var words = title.value + " " + (body ? body.value : "");
      var query = "?mots=" + encodeURIComponent(words) +
        "&contexte=" + encodeURIComponent(contextValue());
      fetch(box.dataset.url + query, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          var keep = Array.prototype.slice.call(list.querySelectorAll("input:checked"))
            .map(function (i) { return i.value; });
          var shown = 0;
          list.textContent = "";
          data.suggestions.forEach(function (s) {
            var twin = pickerBox(s.id);
            if (twin && twin.checked && keep.indexOf(s.id) === -1) { return; }
            var li = document.createElement("li");
            var label = document.createElement("label");
            label.className = "check";
            var input = document.createElement("input");
            input.type = "checkbox";
            input.value = s.id;
            input.name = "competencies";
            input.dataset.suggested = "";
            input.checked = keep.indexOf(s.id) !== -1;
            var span = document.createElement("span");
            span.textContent = s.label;
            label.appendChild(input);
            label.appendChild(document.createTextNode(" "));
            label.appendChild(span);
            li.appendChild(label);
            list.appendChild(li);
            shown += 1;
          });
          box.hidden = shown === 0;
        })
        .catch(function () { /* the suggestions shown stay */ });
    }
    function later() { clearTimeout(timer); timer = setTimeout(refresh, 400); }
    title.addEventListener("input", later);
    if (body) { body.addEventListener("input", later); }
    if (context) { context.addEventListener("change", later); }
    // A suggestion and the same line of the list below stay ticked together.
    document.addEventListener("change", function (event) {
      var target = event.target;
      if (!target || target.name !== "competencies") { return; }
      var twins = document.querySelectorAll("input[name=competencies][value='" + target.value + "']");
      Array.prototype.forEach.call(twins, function (t) { t.checked = target.checked; });
    });
  }

  // Show the photos chosen before saving; revoke the previews when the choice changes.
  function photoPreview() {
    var preview = document.querySelector("[data-photo-preview]");
    var inputs = document.querySelectorAll("[data-photo-input]");
    if (!preview || !window.URL || !URL.createObjectURL) { return; }
    var urls = [];
    function show() {
      urls.forEach(function (u) { URL.revokeObjectURL(u); });
      urls = [];
      Array.prototype.forEach.call(preview.querySelectorAll("li[data-chosen]"), function (li) {
        li.remove();
      });
      Array.prototype.forEach.call(inputs, function (input) {
        Array.prototype.forEach.call(input.files || [], function (file) {
          var url = URL.createObjectURL(file);
          urls.push(url);
          var li = document.createElement("li");
          li.dataset.chosen = "";
          var img = document.createElement("img");
          img.src = url;
          img.alt = preview.dataset.alt.replace("{name}", file.name);
          img.width = 96;
          img.height = 96;
          li.appendChild(img);
          preview.appendChild(li);
        });
      });
      preview.hidden = preview.querySelectorAll("li").length === 0;
    }
    Array.prototype.forEach.call(inputs, function (input) { input.addEventListener("change", show); });
  }

  // The company's name is asked only for an internship.
  function companyField() {
    var wrapper = document.querySelector("[data-company]");
    var context = document.getElementById("context");
    if (!wrapper || !context) { return; }
    var input = wrapper.querySelector("input");
    function sync() {
      wrapper.hidden = contextValue() !== "internship" && !(input && input.value);
    }
    context.addEventListener("change", sync);
    sync();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("[data-competency-search]");
    if (input) { setUp(input); }
    companyField();
    suggestions();
    photoPreview();
  });
})();
