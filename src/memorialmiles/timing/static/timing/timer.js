// The finish-line timer: every tap goes to IndexedDB first, then to the server when it can.
// Nothing is lost on a reload or a flat battery (IndexedDB survives both), and nothing is
// counted twice: each record carries this phone's own sequence number, and the server keeps
// one record per (device, seq) however often a batch is sent.
// Corrections made here (delete a tap, fix its bib, add a missed runner) are queued the same
// way, numbered by the same counter, and sent after the taps they name; the server keeps each
// as a correction record (the tap itself is never changed).
(function () {
  "use strict";
  var root = document.getElementById("timer");
  if (!root) return;
  var eventId = root.dataset.event;
  var device = JSON.parse(localStorage.getItem("mm-timing-device-" + eventId) || "null");
  var DB_NAME = "memorialmiles-timing";
  var STORE = "records";
  var BATCH = 200;
  var db = null;
  var syncing = false;
  var serverStartUs = null;
  var correcting = null;

  function $(id) { return document.getElementById(id); }
  function nowUs() { return Math.round((performance.timeOrigin + performance.now()) * 1000); }
  function seqKey() { return "mm-timing-seq-" + device.device_id; }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () {
        var store = req.result.createObjectStore(STORE, { keyPath: "key" });
        store.createIndex("device", "device");
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function all() {
    return new Promise(function (resolve, reject) {
      var req = db.transaction(STORE).objectStore(STORE).index("device").getAll(device.device_id);
      req.onsuccess = function () {
        resolve(req.result.sort(function (a, b) { return a.seq - b.seq; }));
      };
      req.onerror = function () { reject(req.error); };
    });
  }

  function put(records) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(STORE, "readwrite");
      records.forEach(function (r) { tx.objectStore(STORE).put(r); });
      tx.oncomplete = function () { resolve(); };
      tx.onerror = function () { reject(tx.error); };
    });
  }

  // Each record set anew as it is stored now, in one transaction: a sync answered after a
  // bib labelled a tap must mark the tap synced without putting back the copy it read before
  // the label (the tap then lost its bib, and the next bib went to it again).
  function update(keys, change) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(STORE, "readwrite"), objects = tx.objectStore(STORE);
      keys.forEach(function (key) {
        var req = objects.get(key);
        req.onsuccess = function () {
          if (req.result) { change(req.result); objects.put(req.result); }
        };
      });
      tx.oncomplete = function () { resolve(); };
      tx.onerror = function () { reject(tx.error); };
    });
  }

  function markSynced(records) {
    return update(records.map(function (r) { return r.key; }), function (r) { r.synced = 1; });
  }

  // This phone's writes one after another, each reading what the one before stored: a bib
  // typed in the instant after a tap labels that tap, and two bibs typed fast label two taps.
  var writing = Promise.resolve();
  function serially(work) {
    var done = writing.then(work);
    writing = done.catch(function () {});
    return done;
  }

  function nextSeq(records) {
    var last = Number(localStorage.getItem(seqKey()) || 0);
    records.forEach(function (r) { if (r.seq > last) last = r.seq; });
    localStorage.setItem(seqKey(), String(last + 1));
    return last + 1;
  }

  function store(fields) {
    return all().then(function (records) {
      var r = Object.assign({ device: device.device_id, seq: nextSeq(records), synced: 0 }, fields);
      r.key = r.device + ":" + r.seq;
      return put([r]).then(function () { return r; });
    });
  }

  function stored(r) { render(); sync(); return r; }

  function record(fields) { return serially(function () { return store(fields); }).then(stored); }

  function tap() { return record({ kind: "finish", source: "tap", time_us: nowUs() }); }

  function addBib(bib) {
    // Label the oldest finish on this phone without a bib; with none (two-device mode, or a
    // bib read out before the tap), send it in finish order for the server to pair.
    var fields = { kind: "finish", source: "typed", bib: bib, time_us: nowUs() };
    return serially(function () {
      return all().then(function (records) {
        var fx = effects(records);
        var open = device.role === "bibs" ? null : records.find(function (r) {
          return r.kind === "finish" && r.source === "tap" && !r.bib && !r.labelled &&
            !(fx[r.seq] && fx[r.seq].deleted);
        });
        if (!open) return store(fields);
        fields.ref_seq = open.seq;
        return update([open.key], function (r) { r.labelled = bib; }).then(function () {
          return store(fields);
        });
      });
    }).then(stored);
  }

  function group(text) {
    var bibs = text.split(/[\s,;]+/).filter(Boolean);
    return record({ kind: "group", source: "tap", time_us: nowUs(), group_bibs: bibs.length ? bibs : null });
  }

  function gun() { return record({ kind: "gun", source: "tap", time_us: nowUs() }); }

  function isFix(r) { return r.type === "correction"; }

  function fix(fields) {
    return record(Object.assign({ type: "correction", made_us: nowUs() }, fields));
  }

  // The start this phone knows: its own first gun tap, or the run's start from the server.
  function startUs(records) {
    var guns = records.filter(function (r) { return !isFix(r) && r.kind === "gun"; })
      .map(function (r) { return r.time_us; });
    if (serverStartUs) guns.push(serverStartUs);
    return guns.length ? Math.min.apply(null, guns) : null;
  }

  function elapsed(us) {
    if (us < 0) return "-" + elapsed(-us);
    var tenths = Math.floor(us / 100000), s = Math.floor(tenths / 10), m = Math.floor(s / 60);
    var text = String(s % 60).padStart(2, "0") + "." + (tenths % 10);
    return m >= 60 ? Math.floor(m / 60) + ":" + String(m % 60).padStart(2, "0") + ":" + text
      : m + ":" + text;
  }

  // "12:34", "1:02:03.5" or "754" (seconds) -> microseconds; NaN when it is none of these.
  function parseElapsed(text) {
    var parts = text.trim().split(":");
    if (!text.trim() || parts.length > 3) return NaN;
    var total = 0;
    for (var i = 0; i < parts.length; i++) {
      if (!/^\d+(\.\d+)?$/.test(parts[i])) return NaN;
      total = total * 60 + Number(parts[i]);
    }
    return Math.round(total * 1e6);
  }

  function payload(r) {
    return {
      seq: r.seq, kind: r.kind, source: r.source, bib: r.bib || null, time_us: r.time_us,
      ref_seq: r.ref_seq || null, group_bibs: r.group_bibs || null,
    };
  }

  function fixPayload(r) {
    return {
      seq: r.seq, action: r.action, record_seq: r.record_seq || null, bib: r.bib || null,
      time_us: r.time_us || null, made_us: r.made_us, why: r.why,
    };
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer " + device.token },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) return refused(response);
      $("sync-problem").hidden = true;
      return response.json();
    });
  }

  // Corrections go once their taps are on the server; one the server answers "waiting" for
  // (its tap did not arrive yet) stays queued for the next round.
  function syncFixes() {
    return all().then(function (records) {
      var held = new Set(records.filter(function (r) { return !isFix(r) && r.synced; })
        .map(function (r) { return r.seq; }));
      var queued = records.filter(function (r) {
        return isFix(r) && !r.synced && (!r.record_seq || held.has(r.record_seq));
      }).slice(0, BATCH);
      if (!queued.length) return null;
      return post(root.dataset.corrections, { corrections: queued.map(fixPayload) })
        .then(function (answer) {
          var accepted = new Set(answer.accepted);
          return markSynced(queued.filter(function (r) { return accepted.has(r.seq); }));
        });
    });
  }

  function sync() {
    if (syncing || !navigator.onLine) return Promise.resolve();
    syncing = true;
    return all().then(function (records) {
      var queued = records.filter(function (r) { return !r.synced && !isFix(r); }).slice(0, BATCH);
      if (!queued.length) return syncFixes().then(function () { return null; });
      return post(root.dataset.sync, { records: queued.map(payload) }).then(function (answer) {
        var accepted = new Set(answer.accepted);
        var done = queued.filter(function (r) { return accepted.has(r.seq); });
        $("server-count").textContent = answer.server_count;
        return markSynced(done).then(function () {
          return done.length === BATCH || syncFixes().then(function () { return false; });
        });
      });
    }).catch(function () { return false; })
      .then(function (more) { syncing = false; render(); if (more) sync(); });
  }

  // A refusal the phone cannot fix by retrying (run closed: 409; token ended or revoked: 401;
  // a record or correction the server cannot read: 400, with what and where)
  // is shown as the server words it; the taps stay queued on the phone all the same.
  function refused(response) {
    return response.json().catch(function () { return {}; }).then(function (body) {
      if ([400, 401, 403, 409].indexOf(response.status) >= 0) {
        $("sync-problem-text").textContent = body.detail || "The server refused these records.";
        $("sync-problem-join").hidden = response.status !== 401;
        $("sync-problem").hidden = false;
      }
      throw new Error("sync answered " + response.status);
    });
  }

  function refreshServer() {
    if (!navigator.onLine) return;
    fetch(root.dataset.status, { headers: { Authorization: "Bearer " + device.token } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) return;
        $("server-count").textContent = s.server_count;
        if (s.start_us) { serverStartUs = s.start_us; render(); }
        var last = Number(localStorage.getItem(seqKey()) || 0);
        if (s.max_seq > last) localStorage.setItem(seqKey(), String(s.max_seq));
      })
      .catch(function () {});
  }

  function clock(us) {
    return new Date(us / 1000).toLocaleTimeString([], { hour12: false }) + "." +
      String(Math.floor((us / 1000) % 1000)).padStart(3, "0");
  }

  // What the corrections made on this phone did to each of its records, by seq.
  function effects(records) {
    var out = {};
    records.filter(isFix).forEach(function (c) {
      if (!c.record_seq) return;
      var e = out[c.record_seq] = out[c.record_seq] || {};
      if (c.action === "delete_tap") e.deleted = true;
      if (c.action === "fix_bib") e.bib = c.bib;
    });
    return out;
  }

  function describe(r, start, done) {
    if (isFix(r)) {
      if (r.action === "insert_finish") {
        return "Added bib " + r.bib + " at " + (start ? elapsed(r.time_us - start) : clock(r.time_us)) + ": " + r.why;
      }
      return (r.action === "delete_tap" ? "Deleted #" : "Bib of #") + r.record_seq +
        (r.action === "fix_bib" ? " → " + r.bib : "") + ": " + r.why;
    }
    var what = { finish: "Finish", group: "Group finish", gun: "Start signal", start: "Start" }[r.kind];
    if (r.source === "typed") return "#" + r.seq + " Bib " + r.bib + (r.ref_seq ? " → #" + r.ref_seq : " (in order)") + (done.deleted ? " · deleted" : "");
    var text = "#" + r.seq + " " + what + " " + clock(r.time_us);
    if (start && r.kind !== "gun") text += " · " + elapsed(r.time_us - start);
    if (done.bib) text += " · bib " + done.bib + " (fixed)";
    else if (r.labelled) text += " · bib " + r.labelled;
    if (r.group_bibs) text += " · bibs " + r.group_bibs.join(", ");
    if (done.deleted) text += " · deleted";
    return text;
  }

  function correctable(r, done) {
    if (isFix(r) || r.kind !== "finish" || done.deleted) return false;
    return r.source === "tap" || !r.ref_seq;
  }

  function render() {
    return all().then(function (records) {
      var queued = records.filter(function (r) { return !r.synced; }).length;
      $("queued-count").textContent = queued;
      $("online-state").textContent = navigator.onLine ? "Online" : "Offline: taps are kept on this phone";
      var start = startUs(records), fx = effects(records);
      root.dataset.startUs = start || "";
      $("gun").hidden = !!start;
      $("started-at").textContent = start ? "started " + clock(start) : "";
      $("insert").disabled = !start;
      var list = $("recent");
      list.textContent = "";
      records.slice(-12).reverse().forEach(function (r) {
        var li = document.createElement("li"), done = fx[r.seq] || {};
        var text = document.createElement("span");
        text.textContent = describe(r, start, done) + (r.synced ? " ✓" : " (queued)");
        li.appendChild(text);
        if (done.deleted) li.className = "deleted";
        if (correctable(r, done)) {
          var b = document.createElement("button");
          b.type = "button";
          b.className = "button small-button";
          b.textContent = "Correct";
          b.setAttribute("aria-label", "Correct #" + r.seq);
          b.addEventListener("click", function () { openCorrection(r); });
          li.appendChild(b);
        }
        list.appendChild(li);
      });
    });
  }

  function tick() {
    var start = Number(root.dataset.startUs || 0);
    $("race-clock").textContent = start ? elapsed(nowUs() - start) : "Not started";
  }

  function openCorrection(r) {
    correcting = r;
    $("correct-what").textContent = (r.source === "tap" ? "tap #" : "bib #") + r.seq;
    $("correct-bib-row").hidden = r.source !== "tap";
    $("correct-fix").hidden = r.source !== "tap";
    $("correct-bib").value = r.labelled || "";
    $("correct-why").value = "";
    $("correct-error").textContent = "";
    $("correct-box").hidden = false;
    (r.source === "tap" ? $("correct-bib") : $("correct-why")).focus();
  }

  function closeCorrection() {
    correcting = null;
    $("correct-box").hidden = true;
    $("tap").focus();
  }

  function saveCorrection(action) {
    var why = $("correct-why").value.trim(), bib = $("correct-bib").value.trim();
    if (!why) { $("correct-error").textContent = "Say why: every correction keeps its reason."; return; }
    if (action === "fix_bib" && !bib) { $("correct-error").textContent = "Type the right bib."; return; }
    var fields = { action: action, record_seq: correcting.seq, why: why };
    if (action === "fix_bib") fields.bib = bib;
    fix(fields).then(closeCorrection);
  }

  function insertFinish() {
    var start = Number(root.dataset.startUs || 0), bib = $("insert-bib").value.trim();
    var after = parseElapsed($("insert-time").value), why = $("insert-why").value.trim();
    var error = !start ? "The race has not started on this phone." : !bib ? "Type the bib."
      : isNaN(after) ? "Type the time after the start, such as 12:34." : !why ? "Say why." : "";
    $("insert-error").textContent = error;
    if (error) return;
    fix({ action: "insert_finish", bib: bib, time_us: start + after, why: why }).then(function () {
      $("insert-bib").value = ""; $("insert-time").value = ""; $("insert-why").value = "";
    });
  }

  function cacheForOffline() {
    // The page and its assets go in the Cache API so a reload without signal still opens it.
    if (!("serviceWorker" in navigator) || !window.caches) return Promise.resolve();
    var assets = Array.prototype.map.call(
      document.querySelectorAll("link[rel=stylesheet], script[src]"),
      function (el) { return el.href || el.src; }
    );
    return navigator.serviceWorker.register(root.dataset.sw, { scope: "/timing/" })
      .then(function () { return caches.open("mm-timing-v1"); })
      .then(function (cache) { return cache.addAll([location.pathname].concat(assets)); })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function () { root.dataset.offlineReady = "1"; })
      .catch(function () {});
  }

  function start() {
    if (!device) {
      $("no-device").hidden = false;
      $("tap").disabled = true;
      $("add-bib").disabled = true;
      $("gun").disabled = true;
      return;
    }
    if (device.role === "bibs") $("tap").hidden = true;
    openDb().then(function (opened) {
      db = opened;
      $("tap").addEventListener("click", tap);
      $("add-bib").addEventListener("click", function () {
        var bib = $("bib").value.trim();
        if (!bib) return;
        $("bib").value = "";
        $("bib").focus();
        addBib(bib);
      });
      $("bib").addEventListener("keydown", function (e) {
        if (e.key === "Enter") { e.preventDefault(); $("add-bib").click(); }
      });
      $("group").addEventListener("click", function () {
        group($("group-bibs").value);
        $("group-bibs").value = "";
      });
      $("gun").addEventListener("click", gun);
      $("correct-fix").addEventListener("click", function () { saveCorrection("fix_bib"); });
      $("correct-delete").addEventListener("click", function () { saveCorrection("delete_tap"); });
      $("correct-cancel").addEventListener("click", closeCorrection);
      $("insert").addEventListener("click", insertFinish);
      setInterval(tick, 100);
      window.addEventListener("online", function () { render(); refreshServer(); sync(); });
      window.addEventListener("offline", render);
      setInterval(sync, 3000);
      root.dataset.ready = "1";
      render();
      refreshServer();
      sync();
    });
    cacheForOffline();
  }

  start();
})();
