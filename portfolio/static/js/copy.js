// "Copier le lien": buttons with data-copy="<id of the element holding the text>".
// Without this script the buttons stay hidden and the link is plain text to select.
(function () {
  "use strict";

  function copy(button) {
    var source = document.getElementById(button.dataset.copy);
    var status = button.parentNode.querySelector(".copy-status");
    if (!source || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      if (status) { status.textContent = button.dataset.copied || ""; }
    }, function () {
      // Refused (no permission): select the text so a long press or Ctrl+C still works.
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
}());
