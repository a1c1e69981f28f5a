// Put the site's service worker on this phone and keep the race-day screens listed in the
// page (data-offline-urls) with their files, so they open with no signal. The timer's own
// worker (/timing/sw.js) keeps its pages too; this one covers every other page and answers
// the site's offline page for one not kept.
(function () {
  "use strict";
  var root = document.documentElement;
  if (!("serviceWorker" in navigator) || !window.caches) return;
  var lists = document.querySelectorAll("[data-offline-urls]");
  var urls = [];
  lists.forEach(function (el) {
    try { urls = urls.concat(JSON.parse(el.dataset.offlineUrls)); } catch (e) { /* none */ }
  });
  var assets = Array.prototype.map.call(
    document.querySelectorAll("link[rel=stylesheet], script[src]"),
    function (el) { return el.href || el.src; }
  );
  navigator.serviceWorker.register("/sw.js", { scope: "/" })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function () {
      return Promise.all([
        caches.open("mm-pages-v1").then(function (cache) {
          return Promise.all(urls.concat([location.pathname]).map(function (u) {
            return fetch(u, { credentials: "same-origin" }).then(function (r) {
              if (r.ok && !r.redirected) return cache.put(new URL(u, location.href).pathname, r);
            }).catch(function () {});
          }));
        }),
        caches.open("mm-static-v1").then(function (cache) { return cache.addAll(assets); }),
      ]);
    })
    .then(function () { root.dataset.offlineReady = "1"; })
    .catch(function () {});
})();
