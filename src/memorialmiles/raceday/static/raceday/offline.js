// Put the site's service worker on this phone and keep the race-day screens listed in the
// page (data-offline-urls) with their files, so they open with no signal. The timer's own
// worker (/timing/sw.js) keeps its pages too; this one covers every other page and answers
// the site's offline page for one not kept.
//
// Keeping is background work and must not get in the way of the volunteer's own taps on a
// weak signal: it starts once the page has loaded and the phone is idle, fetches one page at
// a time, and skips a page kept in the last few minutes (each search on the desk reloads the
// desk page; it used to fetch every race-day screen again, all at once, each time). A page the
// volunteer opens is kept fresh anyway by the worker, whenever there is signal.
(function () {
  "use strict";
  var root = document.documentElement;
  if (!("serviceWorker" in navigator) || !window.caches) return;
  var FRESH_MS = 5 * 60 * 1000;
  var STAMPS = "mm-kept-at";
  var lists = document.querySelectorAll("[data-offline-urls]");
  var urls = [];
  lists.forEach(function (el) {
    try { urls = urls.concat(JSON.parse(el.dataset.offlineUrls)); } catch (e) { /* none */ }
  });
  urls.push(location.pathname);
  var paths = Array.from(new Set(urls.map(function (u) { return new URL(u, location.href).pathname; })));
  var assets = Array.prototype.map.call(
    document.querySelectorAll("link[rel=stylesheet], script[src]"),
    function (el) { return el.href || el.src; }
  );

  function stamps() {
    try { return JSON.parse(localStorage.getItem(STAMPS) || "{}"); } catch (e) { return {}; }
  }

  function stamp(path) {
    var all = stamps();
    all[path] = Date.now();
    try { localStorage.setItem(STAMPS, JSON.stringify(all)); } catch (e) { /* full: refetch */ }
  }

  function keepPage(cache, path) {
    var fresh = Date.now() - (stamps()[path] || 0) < FRESH_MS;
    return cache.match(path).then(function (hit) {
      if (hit && fresh) return null;
      return fetch(path, { credentials: "same-origin" }).then(function (r) {
        if (r.ok && !r.redirected) return cache.put(path, r).then(function () { stamp(path); });
      }).catch(function () {});
    });
  }

  function keepAssets(cache) {
    return Promise.all(assets.map(function (a) {
      return cache.match(a).then(function (hit) { return hit ? null : cache.add(a).catch(function () {}); });
    }));
  }

  function keepAll() {
    return navigator.serviceWorker.register("/sw.js", { scope: "/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function () { return caches.open("mm-static-v1").then(keepAssets); })
      .then(function () { return caches.open("mm-pages-v1"); })
      .then(function (cache) {
        // One page after another: the volunteer's own requests never queue behind a burst.
        return paths.reduce(function (done, path) {
          return done.then(function () { return keepPage(cache, path); });
        }, Promise.resolve());
      })
      .then(function () { root.dataset.offlineReady = "1"; })
      .catch(function () {});
  }

  function whenIdle() {
    if (window.requestIdleCallback) window.requestIdleCallback(keepAll, { timeout: 2000 });
    else setTimeout(keepAll, 200);
  }

  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle);
})();
