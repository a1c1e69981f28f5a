/* The flag-bearer's phone: take a position every few seconds, keep it on the phone until the
 * server has it, send the queue whenever there is a signal.
 *
 * Each position gets the phone's own sequence number and waits in localStorage (it survives a
 * closed tab and a dead signal). The server stores each (link, seq) once and answers with the
 * seqs it holds, and only those leave the queue: a batch sent twice is stored once.
 */
(function () {
  "use strict";
  var root = document.getElementById("tracker");
  if (!root) return;
  var api = root.dataset.api;
  var token = root.dataset.token;
  var id = root.dataset.tracker;
  var QUEUE = "mm-live-queue-" + id, SEQ = "mm-live-seq-" + id, SENT = "mm-live-sent-" + id;
  var GAP_MS = 4000, MOVED_M = 20, BATCH = 200;
  var queue = JSON.parse(localStorage.getItem(QUEUE) || "[]");
  var seq = parseInt(localStorage.getItem(SEQ) || "0", 10);
  var sent = parseInt(localStorage.getItem(SENT) || "0", 10);
  var taken = 0, last = null, watch = null, sending = false, dead = false, lastSent = "never";
  var el = function (name) { return document.getElementById(name); };
  var shareBtn = el("share"), stopBtn = el("stop"), state = el("state");

  function save() {
    localStorage.setItem(QUEUE, JSON.stringify(queue));
    localStorage.setItem(SEQ, String(seq));
    localStorage.setItem(SENT, String(sent));
  }
  function render() {
    el("taken").textContent = taken;
    el("waiting").textContent = queue.length;
    el("sent").textContent = sent;
    el("last-sent").textContent = lastSent;
  }
  function say(text) { state.textContent = text; render(); }
  function metres(a, b) {
    var r = 6371000, rad = Math.PI / 180;
    var x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
    var y = (b.lat - a.lat) * rad;
    return Math.sqrt(x * x + y * y) * r;
  }

  function onPosition(pos) {
    var fix = { lat: pos.coords.latitude, lon: pos.coords.longitude };
    var now = pos.timestamp || Date.now();
    if (last && now - last.time < GAP_MS && metres(last, fix) < MOVED_M) return;
    last = { lat: fix.lat, lon: fix.lon, time: now };
    seq += 1;
    taken += 1;
    queue.push({ seq: seq, time: new Date(now).toISOString(), lat: fix.lat, lon: fix.lon,
      accuracy_m: pos.coords.accuracy == null ? null : Math.round(pos.coords.accuracy * 10) / 10 });
    save();
    flush();
  }

  function flush() {
    if (sending || dead || !queue.length) { render(); return; }
    if (navigator.onLine === false) {
      say("No signal: " + queue.length + " position(s) wait on this phone and go out when the signal returns.");
      return;
    }
    sending = true;
    var batch = queue.slice(0, BATCH);
    fetch(api, {
      method: "POST", credentials: "omit", cache: "no-store",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token },
      body: JSON.stringify({ positions: batch })
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (r.status === 401 || r.status === 403) {
          dead = true;
          stop();
          say((body && body.detail) || "This link no longer works.");
          return;
        }
        if (!r.ok) throw new Error("HTTP " + r.status);
        var held = {};
        body.accepted.forEach(function (s) { held[s] = true; });
        var before = queue.length;
        queue = queue.filter(function (p) { return !held[p.seq]; });
        sent += before - queue.length;
        lastSent = new Date().toLocaleTimeString();
        save();
        say(watch === null ? "Stopped. Everything taken has been sent." :
          "Sharing your position" + (body.live ? ": watchers see it now." : ": it shows once the run is live."));
      });
    }).catch(function () {
      say("No signal: " + queue.length + " position(s) wait on this phone and go out when the signal returns.");
    }).then(function () {
      sending = false;
      render();
      if (queue.length && !dead && navigator.onLine !== false) setTimeout(flush, 1500);
    });
  }

  function onError(err) {
    if (err.code === 1) say("Location is blocked: allow location for this page in the browser's settings, then tap Start again.");
    else say("No position from the phone yet (" + err.message + "); keep the page open outdoors.");
  }
  function start() {
    if (!navigator.geolocation) { say("This browser cannot share a position."); return; }
    watch = navigator.geolocation.watchPosition(onPosition, onError,
      { enableHighAccuracy: true, maximumAge: 2000, timeout: 30000 });
    shareBtn.hidden = true;
    stopBtn.hidden = false;
    say("Sharing your position: waiting for the first fix…");
    if (navigator.wakeLock) navigator.wakeLock.request("screen").catch(function () {});
  }
  function stop() {
    if (watch !== null) navigator.geolocation.clearWatch(watch);
    watch = null;
    shareBtn.hidden = dead;
    stopBtn.hidden = true;
  }
  shareBtn.addEventListener("click", start);
  stopBtn.addEventListener("click", function () { stop(); say("Stopped sharing. " + queue.length + " position(s) still to send."); flush(); });
  window.addEventListener("online", flush);
  window.addEventListener("offline", function () { say("No signal: positions wait on this phone."); });
  setInterval(flush, 5000);
  if (queue.length) say(queue.length + " position(s) from before wait to be sent.");
  render();
  flush();
})();
