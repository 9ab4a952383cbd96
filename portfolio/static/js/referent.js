// Note form: show only the indicators of the competency chosen on the same row.
// Without this script every indicator is listed, grouped by competency, and the server
// checks that each one belongs to the chosen competency.
(function () {
  "use strict";

  function setUp(row) {
    var competency = row.querySelector("[data-competency-select]");
    var indicators = row.querySelector("[data-indicator-select]");
    if (!competency || !indicators) { return; }
    var groups = Array.prototype.slice.call(indicators.querySelectorAll("optgroup"));

    function apply() {
      var chosen = competency.value;
      groups.forEach(function (group) {
        var keep = !chosen || group.dataset.competency === chosen;
        group.hidden = !keep;
        group.disabled = !keep;
        if (!keep) {
          Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
            option.selected = false;
          });
        }
      });
      indicators.disabled = !chosen;
    }

    competency.addEventListener("change", apply);
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-row]"), setUp);
  });
})();
