// The finish-line timer: every tap goes to IndexedDB first, then to the server when it can.
// Nothing is lost on a reload or a flat battery (IndexedDB survives both), and nothing is
// counted twice: each record carries this phone's own sequence number, and the server keeps
// one record per (device, seq) however often a batch is sent.
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

  function nextSeq(records) {
    var last = Number(localStorage.getItem(seqKey()) || 0);
    records.forEach(function (r) { if (r.seq > last) last = r.seq; });
    localStorage.setItem(seqKey(), String(last + 1));
    return last + 1;
  }

  function record(fields) {
    return all().then(function (records) {
      var r = Object.assign({ device: device.device_id, seq: nextSeq(records), synced: 0 }, fields);
      r.key = r.device + ":" + r.seq;
      return put([r]).then(function () { return r; });
    }).then(function (r) { render(); sync(); return r; });
  }

  function tap() { return record({ kind: "finish", source: "tap", time_us: nowUs() }); }

  function addBib(bib) {
    // Label the oldest finish on this phone without a bib; with none (two-device mode, or a
    // bib read out before the tap), send it in finish order for the server to pair.
    return all().then(function (records) {
      var open = device.role === "bibs" ? null : records.find(function (r) {
        return r.kind === "finish" && r.source === "tap" && !r.bib && !r.labelled;
      });
      var fields = { kind: "finish", source: "typed", bib: bib, time_us: nowUs() };
      if (open) {
        open.labelled = bib;
        fields.ref_seq = open.seq;
        return put([open]).then(function () { return record(fields); });
      }
      return record(fields);
    });
  }

  function group(text) {
    var bibs = text.split(/[\s,;]+/).filter(Boolean);
    return record({ kind: "group", source: "tap", time_us: nowUs(), group_bibs: bibs.length ? bibs : null });
  }

  function gun() { return record({ kind: "gun", source: "tap", time_us: nowUs() }); }

  function payload(r) {
    return {
      seq: r.seq, kind: r.kind, source: r.source, bib: r.bib || null, time_us: r.time_us,
      ref_seq: r.ref_seq || null, group_bibs: r.group_bibs || null,
    };
  }

  function sync() {
    if (syncing || !navigator.onLine) return Promise.resolve();
    syncing = true;
    return all().then(function (records) {
      var queued = records.filter(function (r) { return !r.synced; }).slice(0, BATCH);
      if (!queued.length) return null;
      return fetch(root.dataset.sync, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: "Bearer " + device.token },
        body: JSON.stringify({ records: queued.map(payload) }),
      }).then(function (response) {
        if (!response.ok) return refused(response);
        $("sync-problem").hidden = true;
        return response.json();
      }).then(function (answer) {
        var accepted = new Set(answer.accepted);
        var done = queued.filter(function (r) { return accepted.has(r.seq); });
        done.forEach(function (r) { r.synced = 1; });
        $("server-count").textContent = answer.server_count;
        return put(done).then(function () { return done.length === BATCH; });
      });
    }).catch(function () { return false; })
      .then(function (more) { syncing = false; render(); if (more) sync(); });
  }

  // A refusal the phone cannot fix by retrying (run closed: 409; token ended or revoked: 401)
  // is shown as the server words it; the taps stay queued on the phone all the same.
  function refused(response) {
    return response.json().catch(function () { return {}; }).then(function (body) {
      if (response.status === 401 || response.status === 403 || response.status === 409) {
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
        var last = Number(localStorage.getItem(seqKey()) || 0);
        if (s.max_seq > last) localStorage.setItem(seqKey(), String(s.max_seq));
      })
      .catch(function () {});
  }

  function clock(us) {
    return new Date(us / 1000).toLocaleTimeString([], { hour12: false }) + "." +
      String(Math.floor((us / 1000) % 1000)).padStart(3, "0");
  }

  function describe(r) {
    var what = { finish: "Finish", group: "Group finish", gun: "Start signal", start: "Start" }[r.kind];
    if (r.source === "typed") return "Bib " + r.bib + (r.ref_seq ? " → #" + r.ref_seq : " (in order)");
    var text = "#" + r.seq + " " + what + " " + clock(r.time_us);
    if (r.labelled) text += " · bib " + r.labelled;
    if (r.group_bibs) text += " · bibs " + r.group_bibs.join(", ");
    return text;
  }

  function render() {
    return all().then(function (records) {
      var queued = records.filter(function (r) { return !r.synced; }).length;
      $("queued-count").textContent = queued;
      $("online-state").textContent = navigator.onLine ? "Online" : "Offline: taps are kept on this phone";
      var list = $("recent");
      list.textContent = "";
      records.slice(-10).reverse().forEach(function (r) {
        var li = document.createElement("li");
        li.textContent = describe(r) + (r.synced ? " ✓" : " (queued)");
        list.appendChild(li);
      });
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
