// Timer pages offline: pages are network-first with the cached copy as the fallback, so a
// reload at a finish line without signal still opens the timer and its queued taps.
// The sync API is never cached: a record is only "on the server" when the server said so.
var CACHE = "mm-timing-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf("/api/") !== -1) return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreSearch: true }).then(function (hit) {
        if (hit) return hit;
        // A page not kept: the site's offline page (kept by the site's worker, /sw.js).
        return (request.mode === "navigate" ? caches.match("/offline/") : Promise.resolve(null))
          .then(function (page) {
            return page || new Response("Offline and not cached yet.", { status: 503 });
          });
      });
    })
  );
});
