// The trade picker: the text box becomes an ARIA 1.2 combobox with suggestions while typing.
// Without this script the page still works: "Chercher" asks the server, which shows the titles
// found as radio buttons (check boxes for several trades).
(function () {
  "use strict";

  var DELAY = 200; // ms of quiet typing before asking the server
  var MIN_LETTERS = 2;
  var counter = 0;

  function setUp(root) {
    var input = root.querySelector("input[type=text]");
    var pick = root.querySelector("input[data-pick]");
    var seen = root.querySelector("input[data-seen]");
    var chips = root.querySelector("[data-chips]");
    var status = root.querySelector("[data-status]");
    var multiple = root.dataset.multiple === "true";
    var max = parseInt(root.dataset.max, 10) || 1;
    var name = root.dataset.name;
    if (!input || !status) { return; }
    if (!multiple && !pick) {
      // The page shows the server's search results: keep one hidden value for the script too.
      pick = document.createElement("input");
      pick.type = "hidden";
      pick.name = name;
      pick.setAttribute("data-pick", "");
      root.insertBefore(pick, input.parentNode.parentNode);
    }

    counter += 1;
    var listId = "trade-list-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", root.querySelector("label").textContent);
    list.hidden = true;
    input.parentNode.appendChild(list);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var items = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function say(text) {
      // A new text node each time, so screen readers announce a repeated message again.
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      active = (index + options.length) % options.length;
      Array.prototype.forEach.call(options, function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function show(found) {
      items = found;
      list.textContent = "";
      found.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var label = document.createElement("span");
        label.textContent = item.label;
        var sheet = document.createElement("span");
        sheet.className = "picker-sheet";
        sheet.textContent = item.sheet_label;
        option.appendChild(label);
        option.appendChild(sheet);
        // mousedown would move the focus away from the text box before the click.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(i); });
        list.appendChild(option);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      if (!found.length) {
        say(root.dataset.foundNone);
      } else if (found.length === 1) {
        say(root.dataset.foundOne);
      } else {
        say(root.dataset.foundMany.replace("{n}", String(found.length)));
      }
    }

    function ask() {
      var words = input.value.trim();
      if (words.length < MIN_LETTERS) {
        close();
        return;
      }
      asked += 1;
      var mine = asked;
      var url = root.dataset.url + "?q=" + encodeURIComponent(words);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (answer) {
          if (mine !== asked) { return; } // an older answer, arrived late
          if (answer.ok) {
            show(answer.body);
          } else {
            close();
            say(answer.body.error ? answer.body.error.message : root.dataset.tooShort);
          }
        })
        .catch(function () { close(); });
    }

    function addChip(item) {
      var value = item.code + ":" + item.job_title;
      var taken = chips.querySelectorAll("input[type=hidden]");
      for (var i = 0; i < taken.length; i += 1) {
        if (taken[i].value === value) { return; }
      }
      if (taken.length >= max) {
        say(root.dataset.full);
        return;
      }
      var li = document.createElement("li");
      li.className = "chip";
      var words = document.createElement("span");
      words.textContent = item.label;
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = name;
      hidden.value = value;
      var remove = document.createElement("button");
      remove.type = "submit";
      remove.className = "chip-remove";
      remove.name = name + "-retirer";
      remove.value = value;
      remove.setAttribute("aria-label", root.dataset.removeLabel + " " + item.label);
      var cross = document.createElement("span");
      cross.setAttribute("aria-hidden", "true");
      cross.textContent = "×";
      remove.appendChild(cross);
      li.appendChild(words);
      li.appendChild(hidden);
      li.appendChild(remove);
      chips.appendChild(li);
      say(root.dataset.added.replace("{label}", item.label));
    }

    function choose(index) {
      var item = items[index];
      if (!item) { return; }
      // A choice ends the search: a question still waiting for quiet typing is dropped and an
      // answer still on its way is ignored, or the list would open again over the form.
      window.clearTimeout(timer);
      asked += 1;
      if (multiple) {
        addChip(item);
        input.value = "";
      } else {
        pick.value = item.code + ":" + item.job_title;
        // The server's search results (radio buttons) would post a second value: drop them.
        var results = root.querySelector(".picker-results");
        if (results) { results.parentNode.removeChild(results); }
        input.value = item.label;
        say(item.label);
      }
      seen.value = input.value;
      close();
      input.focus();
    }

    input.addEventListener("input", function () {
      if (!multiple && pick) { pick.value = ""; }
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (open) { highlight(active + 1); } else if (items.length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
          highlight(0);
        } else { ask(); }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (open) { highlight(active - 1); }
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          choose(active);
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          if (!multiple && pick) { pick.value = ""; }
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () { window.setTimeout(close, 150); });

    if (chips) {
      chips.addEventListener("click", function (event) {
        var button = event.target.closest(".chip-remove");
        if (!button) { return; }
        event.preventDefault();
        var chip = button.closest(".chip");
        var words = chip.querySelector("span").textContent;
        chip.parentNode.removeChild(chip);
        say(root.dataset.removed.replace("{label}", words));
        input.focus();
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-trade-picker]"), setUp);
  });
})();
