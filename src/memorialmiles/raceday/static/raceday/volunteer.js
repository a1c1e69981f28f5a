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
    window.location.replace(d.timer);
  }
  var left = document.getElementById("volunteer-left");
  if (left) {
    var state = document.getElementById("wipe-state");
    var done = function () { state.textContent = "Wiped."; };
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
