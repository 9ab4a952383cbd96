// The service worker of the installed app, served from /sw.js (portfolio/pwa/views.py, which
// fills CONFIG: the shell's addresses and a version that changes with their content).
//
// - The shell (style sheet, scripts, icons, the offline page) is stored at install.
// - Pages: network first; the trainee's own pages (answers marked "X-Offline-Copy: keep")
//   are copied, and shown from the copy without network. Any page marked
//   "X-Offline-Copy: clear" (every page seen logged out: the login page after a logout)
//   makes the worker forget every copied page. Nothing else is kept: the other answers of a
//   logged-in person are "Cache-Control: no-store".
// - A page neither on the network nor copied: the offline page.
// - Background sync "outbox": asks the open pages to send the traces waiting (pwa.js).
// - Push: shows the notification; a tap opens its address (of this site only).
"use strict";

const CONFIG = { version: 'dev', shell: [] };
const SHELL = "e2c-shell-" + CONFIG.version;
const PAGES = "e2c-pages";

// The shell is the same for everyone: fetched without cookies, so the offline page stored is
// the anonymous one, and no request of the worker's own can touch the person's session.
self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL)
      .then(function (cache) {
        return cache.addAll(CONFIG.shell.map(function (url) {
          return new Request(url, { credentials: "omit" });
        }));
      })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("e2c-shell-") === 0 && key !== SHELL;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function noStore(response) {
  return /no-store/i.test(response.headers.get("Cache-Control") || "");
}

// Copy or forget, as the server says (a clone of the response is given).
function remember(request, response) {
  var mark = response.headers.get("X-Offline-Copy");
  if (mark === "clear") { return caches.delete(PAGES); }
  if (mark === "keep" && response.ok && response.type === "basic") {
    return caches.open(PAGES).then(function (cache) { return cache.put(request.url, response); });
  }
  return Promise.resolve();
}

function fromCopy(request) {
  return caches.open(PAGES).then(function (cache) { return cache.match(request.url); });
}

function page(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    event.waitUntil(remember(request, response.clone()));
    return response;
  }, function () {
    return fromCopy(request).then(function (kept) {
      if (kept) { return kept; }
      return caches.open(SHELL).then(function (cache) { return cache.match(CONFIG.offline); })
        .then(function (offline) { return offline || Response.error(); });
    });
  });
}

function shellFile(request) {
  return caches.open(SHELL).then(function (cache) {
    return cache.match(request, { ignoreSearch: true }).then(function (kept) {
      if (kept) { return kept; }
      return fetch(request).then(function (response) {
        if (response.ok && !noStore(response)) { cache.put(request, response.clone()); }
        return response;
      });
    });
  });
}

function image(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    event.waitUntil(remember(request, response.clone()));
    return response;
  }, function () {
    return fromCopy(request).then(function (kept) { return kept || Response.error(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (CONFIG.shell.indexOf(url.pathname) !== -1) {
    event.respondWith(shellFile(request));
  } else if (request.destination === "image") {
    event.respondWith(image(event));
  }
});

self.addEventListener("message", function (event) {
  if (event.data === "clear-pages") { event.waitUntil(caches.delete(PAGES)); }
});

self.addEventListener("sync", function (event) {
  if (event.tag !== "outbox") { return; }
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage("flush-outbox"); });
  }));
});

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (err) { data = {}; }
  event.waitUntil(self.registration.showNotification(data.title || "E2C", {
    body: data.body || "",
    icon: "/static/icons/app-192.png",
    badge: "/static/icons/app-192.png",
    data: { url: data.url || "/" },
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var wanted = (event.notification.data && event.notification.data.url) || "/";
  var target = new URL(wanted, self.location.origin);
  if (target.origin !== self.location.origin) { return; }
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true })
    .then(function (clients) {
      for (var i = 0; i < clients.length; i += 1) {
        if (clients[i].url === target.href && "focus" in clients[i]) { return clients[i].focus(); }
      }
      return self.clients.openWindow(target.href);
    }));
});
