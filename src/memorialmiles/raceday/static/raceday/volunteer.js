// Volunteer pages without a script of their own: hand a timer's token to the timer, and wipe
// a run's roster from this phone when its volunteer signs out.
(function () {
  "use strict";
  var handoff = document.getElementById("timer-handoff");
  if (handoff) {
    var d = handoff.dataset;
    // The key and shape timing/join.js writes: the timer reads nothing else.
    localStorage.setItem("mm-timing-device-" + d.event, JSON.stringify({
      token: d.token, device_id: Number(d.device), role: "both", name: d.name,
    }));
    // Wait (a few seconds at most) for offline.js to keep the timer's pages, then go.
    var waited = 0;
    var go = setInterval(function () {
      waited += 100;
      if (document.documentElement.dataset.offlineReady === "1" || waited >= 4000 || !("serviceWorker" in navigator)) {
        clearInterval(go);
        window.location.replace(d.timer);
      }
    }, 100);
  }
  var left = document.getElementById("volunteer-left");
  if (left) {
    var state = document.getElementById("wipe-state");
    var done = function () { state.textContent = "Wiped."; left.dataset.wiped = "1"; };
    if (window.caches) {
      // The run's pages kept for offline use go too.
      caches.open("mm-pages-v1").then(function (cache) {
        return cache.keys().then(function (keys) {
          keys.forEach(function (k) {
            if (new URL(k.url).pathname.indexOf("/events/" + left.dataset.event + "/") === 0) cache.delete(k);
          });
        });
      }).catch(function () {});
    }
    if (window.MMDeskStore) {
      window.MMDeskStore.wipe(Number(left.dataset.event)).then(done, done);
    } else if (window.indexedDB) {
      var req = indexedDB.deleteDatabase("memorialmiles-desk-" + left.dataset.event);
      req.onsuccess = done;
      req.onerror = done;
      req.onblocked = done;
    } else {
      done();
    }
  }
})();
