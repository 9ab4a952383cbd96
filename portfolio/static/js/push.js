// Settings, "Notifications sur ce téléphone": subscribe this browser to Web Push (or stop),
// and tell the server (portfolio/pwa/views.py). Shown only where the browser can do it.
(function () {
  "use strict";

  var section = document.querySelector("[data-push]");
  if (!section) { return; }
  var on = section.querySelector("[data-push-on]");
  var off = section.querySelector("[data-push-off]");
  var state = section.querySelector("[data-push-state]");
  var unsupported = section.querySelector("[data-push-unsupported]");
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    return;
  }
  unsupported.hidden = true;

  function key(text) {
    var padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); });
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": section.dataset.csrf },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response;
    });
  }

  function show(subscribed) {
    on.hidden = subscribed;
    off.hidden = !subscribed;
    state.textContent = subscribed ? section.dataset.on : section.dataset.off;
  }

  function current() {
    return navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription().then(function (subscription) {
        return { registration: registration, subscription: subscription };
      });
    });
  }

  on.addEventListener("click", function () {
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { state.textContent = section.dataset.denied; return null; }
      return current().then(function (found) {
        return found.subscription || found.registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: key(section.dataset.key),
        });
      }).then(function (subscription) {
        return post(section.dataset.subscribeUrl, subscription.toJSON());
      }).then(function () { show(true); });
    }).catch(function () { state.textContent = section.dataset.failed; });
  });

  off.addEventListener("click", function () {
    current().then(function (found) {
      if (!found.subscription) { show(false); return null; }
      var endpoint = found.subscription.endpoint;
      return found.subscription.unsubscribe().then(function () {
        return post(section.dataset.unsubscribeUrl, { endpoint: endpoint }).catch(function () {});
      }).then(function () { show(false); });
    }).catch(function () { state.textContent = section.dataset.failed; });
  });

  current().then(function (found) { show(Boolean(found.subscription)); }).catch(function () {
    show(false);
  });
})();
