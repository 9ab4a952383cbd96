// "Parler au lieu d'écrire": record the voice in the trace form (MediaRecorder: WebM/Opus on
// Android and desktop, MP4/AAC on iPhone), listen, record again or remove before saving.
// The recording goes into the form's own file input, so the server receives one file, as it
// does without JavaScript (the input alone: a phone then offers its recorder app).
(function () {
  "use strict";

  function pickType() {
    var types = ["audio/webm;codecs=opus", "audio/webm", "audio/mp4", "audio/ogg;codecs=opus"];
    for (var i = 0; i < types.length; i += 1) {
      if (window.MediaRecorder.isTypeSupported && window.MediaRecorder.isTypeSupported(types[i])) {
        return types[i];
      }
    }
    return "";
  }

  function clock(seconds) {
    var s = Math.floor(seconds);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function button(text, extra) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (extra) { b.className = extra; }
    return b;
  }

  function setUp(box) {
    var input = box.querySelector("[data-voice-input]");
    if (!input || typeof DataTransfer === "undefined") { return; }
    var d = box.dataset;
    var max = parseInt(d.maxSeconds, 10) || 180;
    var label = box.querySelector("[data-voice-label]");
    if (label && d.labelFile) { label.textContent = d.labelFile; }  // the button speaks first
    var controls = document.createElement("div");
    controls.className = "voice-controls";
    var start = button(d.labelStart, "primary voice-start");
    var stop = button(d.labelStop, "voice-stop");
    var again = button(d.labelAgain);
    var remove = button(d.labelRemove);
    var timer = document.createElement("span");
    timer.className = "voice-timer";
    timer.setAttribute("role", "timer");
    var status = document.createElement("p");
    status.className = "voice-status";
    status.setAttribute("aria-live", "polite");
    var player = document.createElement("audio");
    player.controls = true;
    player.className = "voice-player";
    stop.hidden = again.hidden = remove.hidden = player.hidden = timer.hidden = true;
    controls.append(start, stop, timer, again, remove);
    box.insertBefore(controls, input.previousElementSibling);
    box.insertBefore(status, input.previousElementSibling);
    box.insertBefore(player, input.previousElementSibling);

    var recorder = null, chunks = [], began = 0, tick = null, stream = null, url = null;

    function say(text) { status.textContent = text || ""; }

    function show(state) {
      start.hidden = state !== "idle";
      stop.hidden = timer.hidden = state !== "recording";
      again.hidden = remove.hidden = player.hidden = state !== "ready";
    }

    function clear() {
      input.value = "";
      if (url) { URL.revokeObjectURL(url); url = null; }
      player.removeAttribute("src");
    }

    function finish() {
      clearInterval(tick);
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
      var type = (recorder && recorder.mimeType) || "audio/webm";
      var blob = new Blob(chunks, { type: type });
      var name = type.indexOf("mp4") !== -1 ? "voix.m4a" : "voix.webm";
      var transfer = new DataTransfer();
      transfer.items.add(new File([blob], name, { type: type }));
      input.files = transfer.files;
      url = URL.createObjectURL(blob);
      player.src = url;
      show("ready");
      say(d.msgReady);
      again.focus();
    }

    function begin() {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.MediaRecorder) {
        say(d.msgUnsupported);
        return;
      }
      clear();
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (s) {
        stream = s;
        var type = pickType();
        recorder = type ? new MediaRecorder(s, { mimeType: type }) : new MediaRecorder(s);
        chunks = [];
        recorder.ondataavailable = function (e) { if (e.data && e.data.size) { chunks.push(e.data); } };
        recorder.onstop = finish;
        recorder.start(1000);
        began = Date.now();
        timer.textContent = "0:00";
        tick = setInterval(function () {
          var elapsed = (Date.now() - began) / 1000;
          timer.textContent = clock(elapsed);
          if (elapsed >= max) { recorder.stop(); }
        }, 250);
        show("recording");
        say(d.msgRecording);
        stop.focus();
      }).catch(function (err) {
        var name = err && err.name;
        say(name === "NotFoundError" || name === "OverconstrainedError" ? d.msgAbsent : d.msgDenied);
      });
    }

    start.addEventListener("click", begin);
    again.addEventListener("click", begin);
    stop.addEventListener("click", function () {
      if (recorder && recorder.state !== "inactive") { recorder.stop(); }
    });
    remove.addEventListener("click", function () {
      clear();
      show("idle");
      say(d.msgRemoved);
      start.focus();
    });
    input.addEventListener("change", function () {
      if (input.files.length && !url) { say(""); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-voice]"), setUp);
  });
}());
