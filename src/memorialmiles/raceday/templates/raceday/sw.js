// The site's service worker (scope "/"), registered by the pages a volunteer opens.
// Pages a volunteer needs on race day (desk, timer, results, silence, ceremony, the run's page,
// the volunteer page) are network-first: fresh with signal, the kept copy without. A page not
// kept yet answers the site's own offline page, never the browser's error. Static files are
// served from the cache and refreshed behind. The API is never touched: data is "on the
// server" only when the server said so (the desk and the timer keep their own outboxes).
var VERSION = "{{ version }}";
var PAGES = "mm-pages-v1";
var STATIC = "mm-static-v1";
var KEPT = [PAGES, STATIC, "mm-timing-v1"];
var OFFLINE = "{% url 'raceday_offline' %}";
var KEEP = [
  /^\/events\/\d+\/$/,
  /^\/events\/\d+\/(desk|results|silence|ceremony)\/$/,
  /^\/events\/\d+\/results\.json$/,
  /^\/timing\/events\/\d+\/timer\/$/,
  /^\/volunteer\/$/,
  /^\/offline\/$/,
];

function keeps(url) {
  return KEEP.some(function (re) { return re.test(url.pathname); });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(PAGES).then(function (cache) { return cache.add(OFFLINE); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return KEPT.indexOf(n) === -1; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function networkFirst(request, url, navigate) {
  return fetch(request).then(function (response) {
    if (response.ok && keeps(url)) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { cache.put(url.pathname, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(url.pathname, { ignoreSearch: true }).then(function (hit) {
      if (hit) return hit;
      if (navigate) return caches.match(OFFLINE);
      return new Response("Offline.", { status: 503, headers: { "Content-Type": "text/plain" } });
    });
  });
}

function staticFile(request) {
  return caches.open(STATIC).then(function (cache) {
    return cache.match(request).then(function (hit) {
      var fresh = fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
      if (hit) { fresh.catch(function () {}); return hit; }
      return fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, url, true));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staticFile(request));
  } else if (keeps(url)) {
    event.respondWith(networkFirst(request, url, false));
  }
});
