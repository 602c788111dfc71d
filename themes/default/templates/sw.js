// Offline search: pages and search files a visitor has seen keep working without a network.
// Index files live in a folder named after their content, so they never change once cached.
(function () {
  var VERSION = "qingdan-{{ search_index | replace(from="search/", to="") | replace(from="/", to="") }}";
  // Only the search page and its script and style: index files are kept as queries fetch them.
  var SHELL = ["search/", "static/style.css", "static/search.js"];

  self.addEventListener("install", function (event) {
    event.waitUntil(
      caches.open(VERSION).then(function (cache) {
        return cache.addAll(SHELL.map(function (p) { return new URL(p, self.registration.scope).href; }));
      }).then(function () { return self.skipWaiting(); })
    );
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(
      caches.keys().then(function (keys) {
        return Promise.all(keys.filter(function (k) { return k.indexOf("qingdan-") === 0 && k !== VERSION; })
          .map(function (k) { return caches.delete(k); }));
      }).then(function () { return self.clients.claim(); })
    );
  });

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    var url = new URL(request.url);
    if (request.method !== "GET" || url.origin !== self.location.origin) return;
    var immutable = url.pathname.indexOf("/search/") >= 0 && /\/search\/[0-9a-f]{8}\//.test(url.pathname);
    if (immutable) {
      event.respondWith(caches.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) { return keep(request, response); });
      }));
      return;
    }
    // Pages and theme files: the network first, so updates show; the cache when offline.
    event.respondWith(fetch(request).then(function (response) { return keep(request, response); }).catch(function () {
      return caches.match(request, { ignoreSearch: request.mode === "navigate" }).then(function (hit) {
        return hit || caches.match(new URL("search/", self.registration.scope).href);
      });
    }));
  });

  function keep(request, response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(VERSION).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }
})();
