// "Écouter": reads the page aloud with the browser's speech synthesis.
// The bar holding the button is hidden in the HTML; it is shown only when the browser can
// speak, so without JavaScript or without the API nothing appears and nothing breaks.
// What is read: the region marked data-read-aloud, else <main>, without buttons, fields, menus,
// hidden or closed parts (a closed <details> is not read) and without the button itself.
// The text is spoken block by block (one utterance per heading or paragraph): long single
// utterances stop half-way in some browsers, and blocks give natural pauses.
(function () {
  "use strict";

  var SKIP = "nav, script, style, noscript, template, button, select, textarea, [hidden],"
    + " [aria-hidden='true'], [data-read-aloud-skip], .read-aloud-bar, .breadcrumb, .skip-link";

  function canSpeak() {
    return typeof window.SpeechSynthesisUtterance === "function"
      && !!window.speechSynthesis && typeof window.speechSynthesis.speak === "function";
  }

  function visible(element) {
    if (typeof element.checkVisibility === "function") { return element.checkVisibility(); }
    return element.getClientRects().length > 0;
  }

  function blockOf(element, region) {
    var node = element;
    while (node && node !== region) {
      var display = window.getComputedStyle(node).display;
      if (display.indexOf("inline") !== 0 && display !== "contents") { return node; }
      node = node.parentElement;
    }
    return region;
  }

  // The visible text of the region, one string per block, in reading order.
  function blocks(region) {
    var walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
    var chunks = [];
    var current = null;
    var block = null;
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var parent = node.parentElement;
      if (!node.nodeValue.trim() || parent.closest(SKIP) || !visible(parent)) { continue; }
      var here = blockOf(parent, region);
      if (here !== block) {
        block = here;
        current = [];
        chunks.push(current);
      }
      current.push(node.nodeValue);
    }
    return chunks.map(function (parts) { return parts.join("").replace(/\s+/g, " ").trim(); })
      .filter(function (text) { return text.length > 0; });
  }

  function language() {
    var lang = (document.documentElement.lang || "fr").toLowerCase();
    return lang.indexOf("en") === 0 ? "en-GB" : "fr-FR";
  }

  function setUp(button) {
    var label = button.querySelector(".read-aloud-label") || button;
    var run = 0;
    var speaking = false;

    function show(isSpeaking) {
      speaking = isSpeaking;
      label.textContent = isSpeaking ? button.dataset.labelStop : button.dataset.labelListen;
    }

    function stop() {
      run += 1;
      window.speechSynthesis.cancel();
      show(false);
    }

    function start() {
      var target = button.dataset.readAloudTarget;
      var region = (target && document.getElementById(target))
        || document.querySelector("[data-read-aloud]") || document.querySelector("main");
      var texts = region ? blocks(region) : [];
      if (!texts.length) { return; }
      window.speechSynthesis.cancel();
      run += 1;
      var mine = run;
      var lang = language();
      texts.forEach(function (text, index) {
        var utterance = new window.SpeechSynthesisUtterance(text);
        utterance.lang = lang;
        if (index === texts.length - 1) {
          utterance.onend = function () { if (mine === run) { show(false); } };
        }
        utterance.onerror = function () { if (mine === run) { show(false); } };
        window.speechSynthesis.speak(utterance);
      });
      show(true);
    }

    button.addEventListener("click", function () {
      if (speaking) { stop(); } else { start(); }
    });
    // Leaving the page stops the voice: it must not go on reading a page no longer shown.
    window.addEventListener("pagehide", function () { if (speaking) { stop(); } });
  }

  if (!canSpeak()) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("[data-read-aloud-bar]"), function (bar) {
    var button = bar.querySelector("button[data-read-aloud-button]");
    if (!button) { return; }
    bar.hidden = false;
    setUp(button);
  });
}());
