// The installed app, on every page: registers the service worker (/sw.js), and keeps the
// traces written without network on this phone (IndexedDB, "the outbox") until they are
// sent. Each trace carries the client key of its form (a UUID made when the form opens):
// sent twice, the server records it once. Without JavaScript the form posts as usual.
(function () {
  "use strict";

  var DB_NAME = "e2c-outbox";
  var STORE = "traces";
  var FORM_URL = "/portfolio/traces/nouvelle";
  var user = document.body ? document.body.getAttribute("data-user") : null;
  var flushing = false;
  var sent = [];

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data === "flush-outbox") { flush(); }
    });
    // Logging out: forget the copied pages now (the login page's header does it too), and
    // tell the server which push subscription is this browser's, so that it is deleted.
    var endpoint = null;
    navigator.serviceWorker.getRegistration().then(function (registration) {
      return registration && registration.pushManager
        ? registration.pushManager.getSubscription() : null;
    }).then(function (subscription) {
      endpoint = subscription ? subscription.endpoint : null;
    }).catch(function () {});
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!/\/deconnexion$/.test(form.getAttribute("action") || "")) { return; }
      if (navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage("clear-pages");
      }
      if (endpoint && !form.querySelector("input[name=push_endpoint]")) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = "push_endpoint";
        input.value = endpoint;
        form.appendChild(input);
      }
    }, true);
  }
  if (!("indexedDB" in window)) { return; }

  // ------------------------------------------------------------------ IndexedDB
  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () {
          db.close();
          resolve(request ? request.result : undefined);
        };
        transaction.onerror = transaction.onabort = function () {
          db.close();
          reject(transaction.error);
        };
      });
    });
  }

  function mine() {
    return withStore("readonly", function (store) { return store.getAll(); })
      .then(function (items) {
        return (items || []).filter(function (item) { return item.owner === user; })
          .sort(function (a, b) { return a.savedAt - b.savedAt; });
      });
  }
  function put(item) { return withStore("readwrite", function (store) { return store.put(item); }); }
  function remove(key) { return withStore("readwrite", function (store) { return store.delete(key); }); }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join("-");
  }

  // ------------------------------------------------------------------ the list
  function render() {
    var sections = document.querySelectorAll("[data-outbox-list]");
    if (!sections.length || !user) { return Promise.resolve(); }
    return mine().then(function (items) {
      Array.prototype.forEach.call(sections, function (section) {
        var list = section.querySelector("[data-outbox-items]");
        list.textContent = "";
        items.forEach(function (item) {
          var li = document.createElement("li");
          var title = document.createElement("strong");
          title.textContent = item.title || section.dataset.untitled;
          var state = document.createElement("span");
          state.className = "outbox-state";
          state.textContent = " · " + (section.dataset[item.state] || section.dataset.waiting);
          li.appendChild(title);
          li.appendChild(state);
          if (item.state === "refused") {
            var button = document.createElement("button");
            button.type = "button";
            button.className = "link-button";
            button.textContent = section.dataset.remove;
            button.addEventListener("click", function () { remove(item.key).then(render); });
            li.appendChild(document.createTextNode(" "));
            li.appendChild(button);
          }
          list.appendChild(li);
        });
        sent.forEach(function (done) {
          var li = document.createElement("li");
          var link = document.createElement("a");
          link.href = done.url;
          link.textContent = section.dataset.sent.replace("{title}", done.title);
          li.appendChild(link);
          list.appendChild(li);
        });
        section.hidden = !items.length && !sent.length;
      });
    }).catch(function () {});
  }

  // ------------------------------------------------------------------ sending
  function freshToken() {
    return fetch(FORM_URL, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok || response.redirected) { throw new Error("not logged in"); }
        return response.text();
      }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var input = doc.querySelector("input[name=csrf_token]");
        if (!input) { throw new Error("no token"); }
        return input.value;
      });
  }

  function send(item) {
    item.state = "sending";
    return put(item).then(render).then(freshToken).then(function (token) {
      var data = new FormData();
      data.append("csrf_token", token);
      item.entries.forEach(function (entry) {
        if (entry[1] instanceof Blob) {
          data.append(entry[0], entry[1], entry[1].name || "photo.jpg");
        } else {
          data.append(entry[0], entry[1]);
        }
      });
      return fetch(FORM_URL, { method: "POST", body: data, credentials: "same-origin" });
    }).then(function (response) {
      if (response.ok && /\/portfolio\/traces\/\d+$/.test(new URL(response.url).pathname)) {
        sent.push({ title: item.title, url: response.url });
        return remove(item.key);
      }
      item.state = response.status === 422 ? "refused" : "waiting";
      return put(item);
    }, function () {
      item.state = "waiting";
      return put(item);
    });
  }

  function flush() {
    if (flushing || !user || !navigator.onLine) { return Promise.resolve(); }
    flushing = true;
    return mine().then(function (items) {
      return items.filter(function (item) { return item.state !== "refused"; })
        .reduce(function (chain, item) {
          return chain.then(function () { return send(item); });
        }, Promise.resolve());
    }).catch(function () {}).then(function () {
      flushing = false;
      return render();
    });
  }

  function askForSync() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) { return registration.sync.register("outbox"); }
      return null;
    }).catch(function () {});
  }

  // ------------------------------------------------------------------ the form
  function keepOffline(form, event) {
    var keyInput = form.querySelector("[data-client-key]");
    var status = document.querySelector("[data-outbox-status]");
    var section = document.querySelector("[data-outbox-list]");
    var submitter = event.submitter;
    var action = submitter && submitter.name === "action" ? submitter.value : "draft";
    event.preventDefault();
    var data = new FormData(form);
    var title = String(data.get("title") || "").trim();
    if (action === "search" || !title) {
      status.textContent = action === "search" ? section.dataset.needNetwork : section.dataset.needTitle;
      section.hidden = false;
      return;
    }
    data.set("action", action);
    var entries = [];
    data.forEach(function (value, name) {
      if (name === "csrf_token") { return; }
      if (value instanceof File && !value.name && !value.size) { return; }
      entries.push([name, value]);
    });
    var item = {
      key: keyInput.value, owner: user, title: title, savedAt: Date.now(),
      state: "waiting", entries: entries,
    };
    put(item).then(function () {
      form.reset();
      keyInput.value = newKey();
      var preview = form.querySelector("[data-photo-preview]");
      if (preview) { preview.textContent = ""; preview.hidden = true; }
      return render();
    }).then(function () {
      status.textContent = section.dataset.kept;
      section.scrollIntoView({ block: "start" });
      askForSync();
    }).catch(function () {
      status.textContent = section.dataset.notKept;
    });
  }

  var form = document.querySelector("form[data-outbox]");
  if (form) {
    var keyInput = form.querySelector("[data-client-key]");
    // A new key each time the form opens, even from the phone's copy of the page.
    if (keyInput) { keyInput.value = newKey(); }
    form.addEventListener("submit", function (event) {
      if (!navigator.onLine && keyInput && user) { keepOffline(form, event); }
    });
  }

  window.addEventListener("online", flush);
  render().then(flush);
})();
