// The check-in desk, offline first. The run's roster lives in this phone's IndexedDB once
// loaded; every check-in, undo, walk-up and waiver goes to a local outbox first, with its own
// random op id, and is sent when there is signal: upload first, then the roster's changes. The
// server applies each op id once (raceday/desk.py), so a batch sent twice counts once, and two
// phones checking in one runner make one check-in. A phone whose pass ended (run over, lead
// revoked it, volunteer signed out) wipes the run's data.
//
// The phone keeps the server's rows as the server sent them ("base") and the roster's version;
// each sync sends the version and gets back only the rows changed since (raceday/roster_sync.py),
// or the whole roster when the server no longer knows that version. What the list shows is the
// base with the ops still queued laid over it, so an op the server refuses leaves no trace.
(function () {
  "use strict";
  var app = document.getElementById("desk-app");
  if (!app || !window.indexedDB) return;
  var eventId = Number(app.dataset.event);
  var DB_NAME = "memorialmiles-desk-" + eventId;
  var SHOW_AT_MOST = 200;
  var db = null;
  var base = [];  // the server's rows, as last sent
  var rows = [];  // what the screen shows: base with the queued ops laid over it
  var ops = [];
  var meta = {};
  var syncing = false;
  var lastDrawn = null;
  var stopped = false;

  function $(id) { return document.getElementById(id); }

  // --- storage -----------------------------------------------------------------------------
  function openDb() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () {
        req.result.createObjectStore("rows", { keyPath: "id" });
        req.result.createObjectStore("ops", { keyPath: "op_id" });
        req.result.createObjectStore("meta", { keyPath: "key" });
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function getAll(store) {
    return new Promise(function (resolve, reject) {
      var req = db.transaction(store).objectStore(store).getAll();
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function write(work) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(["rows", "ops", "meta"], "readwrite");
      work(tx);
      tx.oncomplete = function () { resolve(); };
      tx.onerror = function () { reject(tx.error); };
    });
  }

  function load() {
    return Promise.all([getAll("rows"), getAll("ops"), getAll("meta")]).then(function (got) {
      // A walk-up's local row is not the server's: it comes from its op (older pages kept both).
      base = got[0].filter(function (r) { return typeof r.id === "number"; });
      ops = got[1].sort(function (a, b) { return a.seq - b.seq; });
      meta = {};
      got[2].forEach(function (m) { meta[m.key] = m.value; });
      overlay();
    });
  }

  // The list on screen: the server's rows, then what this phone has queued on top.
  function overlay() {
    var out = base.map(function (r) { return Object.assign({}, r, { pending: false }); });
    var index = new Map(out.map(function (r) { return [r.id, r]; }));
    ops.forEach(function (o) {
      if (o.kind === "walk_up") { out.push(Object.assign({}, o.local_row)); return; }
      var row = index.get(o.registration_id);
      if (!row) return;
      row.pending = true;
      if (o.kind === "check_in") row.checked_in_at = row.checked_in_at || o.at;
      if (o.kind === "undo") row.checked_in_at = null;
      if (o.kind === "waiver") {
        row.waiver = true;
        row.guardian = row.guardian || !!(o.waiver && o.waiver.guardian_name);
      }
    });
    rows = out;
  }

  function wipe(id) {
    if (db) db.close();
    return new Promise(function (resolve) {
      var req = indexedDB.deleteDatabase("memorialmiles-desk-" + (id || eventId));
      req.onsuccess = req.onerror = req.onblocked = function () { resolve(); };
    });
  }
  window.MMDeskStore = { wipe: wipe };

  // --- ops -----------------------------------------------------------------------------------
  function opId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function queue(op) {
    op.op_id = opId();
    op.seq = Date.now() * 1000 + ops.length;
    op.at = new Date().toISOString();
    ops.push(op);
    overlay();
    return write(function (tx) { tx.objectStore("ops").put(op); })
      .then(function () { render(); sync(); return op; });
  }

  function checkIn(row) {
    return queue({ kind: "check_in", registration_id: row.id }).then(function () {
      say((navigator.onLine ? "Checking in " : "Checked in on this phone (sent when there is signal): ") + name(row) + ".");
    });
  }

  function undo(row) {
    return queue({ kind: "undo", registration_id: row.id }).then(function () {
      say("Check-in of " + name(row) + " undone.");
    });
  }

  function nextBib() {
    var block = meta.block;
    if (!block) return null;
    var used = new Set(rows.map(function (r) { return r.bib; }));
    for (var b = block.first; b <= block.last; b++) if (!used.has(b)) return b;
    return null;
  }

  // --- answers from the server ----------------------------------------------------------------
  function applyAnswer(answer) {
    var done = new Set();
    var notes = [];
    answer.results.forEach(function (r) {
      done.add(r.op_id);
      var op = ops.find(function (o) { return o.op_id === r.op_id; });
      var who = r.row ? r.row.first_name + " " + r.row.last_name : "";
      if (r.status === "refused") notes.push("Not done: " + r.detail);
      else if (op && op.kind === "check_in" && r.status === "applied") notes.push("Checked in " + who + ", bib " + r.bib + ".");
      else if (op && op.kind === "check_in") notes.push(who + " was already checked in.");
      else if (op && op.kind === "walk_up") {
        notes.push((r.detail || "Registered and checked in " + who + ", bib " + r.bib + "."));
        if (r.bib_changed_from) notes.push("Bib changed: " + r.bib_changed_from + " was taken, give " + who + " bib " + r.bib + ".");
      }
    });
    ops = ops.filter(function (o) { return !done.has(o.op_id); });
    return saveRoster(answer.roster, done).then(function () {
      if (notes.length) say(notes.join(" "));
    });
  }

  // The server's answer: the whole roster, or the rows changed since the version we sent.
  function saveRoster(roster, doneOps) {
    var removed = new Set(roster.removed || []);
    var changed = new Map(roster.rows.map(function (r) { return [r.id, r]; }));
    if (roster.full) {
      base = roster.rows.slice();
    } else {
      base = base.filter(function (r) { return !removed.has(r.id) && !changed.has(r.id); })
        .concat(roster.rows);
    }
    overlay();
    meta = {
      block: roster.block, counts: roster.counts, closed: roster.closed, at: roster.generated_at,
      version: roster.version,
    };
    return write(function (tx) {
      var rstore = tx.objectStore("rows");
      if (roster.full) rstore.clear();
      removed.forEach(function (id) { rstore.delete(id); });
      roster.rows.forEach(function (r) { rstore.put(r); });
      (doneOps ? Array.from(doneOps) : []).forEach(function (id) { tx.objectStore("ops").delete(id); });
      var mstore = tx.objectStore("meta");
      Object.keys(meta).forEach(function (k) { mstore.put({ key: k, value: meta[k] }); });
    }).then(render);
  }

  function ended(response) {
    // 401/403: this phone's pass is over (run ended, revoked, signed out): nothing stays.
    stopped = true;
    return response.json().catch(function () { return {}; }).then(function (body) {
      return wipe().then(function () {
        base = []; rows = []; ops = [];
        render();
        say((body.detail || "This phone's desk access has ended.") + " The list kept on this phone is wiped.");
      });
    });
  }

  function sync() {
    if (syncing || stopped || !navigator.onLine) return Promise.resolve();
    syncing = true;
    var batch = ops.slice(0, 100).map(function (o) {
      var out = { op_id: o.op_id, kind: o.kind, at: o.at };
      if (o.registration_id) out.registration_id = o.registration_id;
      if (o.person) out.person = o.person;
      if (o.waiver) out.waiver = o.waiver;
      return out;
    });
    var since = meta.version || null;
    var request = batch.length
      ? fetch(app.dataset.sync, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": app.dataset.csrf },
        body: JSON.stringify({ ops: batch, since: since }),
      })
      : fetch(app.dataset.roster + (since ? "?since=" + encodeURIComponent(since) : ""), { credentials: "same-origin" });
    var ok = false;
    return request.then(function (response) {
      if (response.status === 401 || response.status === 403) return ended(response);
      if (!response.ok) throw new Error("sync answered " + response.status);
      return response.json().then(function (body) {
        ok = true;
        return batch.length ? applyAnswer(body) : saveRoster(body, null);
      });
    }).catch(function () { /* kept for the next try, on the next round */ })
      .then(function () {
        syncing = false;
        render();
        // Ops left over (more than one batch, or queued while this round was out) go now,
        // not on the next round; after a failure they wait for it (no tight retry loop).
        if (ok && ops.length && navigator.onLine && !stopped) return sync();
      });
  }

  // --- screen --------------------------------------------------------------------------------
  function name(r) { return r.first_name + " " + r.last_name; }
  function say(text) { $("desk-message").textContent = text; }
  function fold(text) { return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }

  function matches(r, query, show, agency) {
    if (agency && r.agency !== agency) return false;
    if (show === "checked" && !r.checked_in_at) return false;
    if (show === "not-yet" && r.checked_in_at) return false;
    if (show === "waiver" && r.waiver) return false;
    if (show === "walk-up" && !r.walk_up) return false;
    if (!query) return true;
    if (/^\d+$/.test(query)) return String(r.bib) === query;
    var hay = fold(name(r));
    return fold(query).split(/\s+/).every(function (w) { return hay.indexOf(w) !== -1; });
  }

  function button(text, cls, handler) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button " + cls;
    b.textContent = text;
    b.addEventListener("click", handler);
    return b;
  }

  function item(r) {
    var li = document.createElement("li");
    li.className = "desk-item" + (r.checked_in_at ? " done" : "");
    var who = document.createElement("div");
    var strong = document.createElement("strong");
    strong.textContent = name(r);
    who.appendChild(strong);
    if (r.bib) {
      var badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = "Bib " + r.bib;
      who.append(" ", badge);
    }
    var small = document.createElement("span");
    small.className = "small";
    small.textContent = [r.role, r.agency, r.walk_up ? "Walk-up" : "", r.waitlisted ? "Waitlisted" : ""].filter(Boolean).join(" · ");
    who.appendChild(small);
    if (!r.waiver) who.appendChild(missing("waiver"));
    if (r.is_minor && !r.guardian) who.appendChild(missing("guardian"));
    li.appendChild(who);
    var actions = document.createElement("div");
    actions.className = "desk-actions";
    if (!r.waiver && typeof r.id === "number") {
      actions.appendChild(button("Sign waiver for " + r.first_name, "", function () { openWaiver(r); }));
    }
    if (r.checked_in_at) {
      var done = document.createElement("span");
      done.className = "checked";
      var at = new Date(r.checked_in_at);
      done.textContent = "Checked in " + at.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" }) + (r.pending ? " (not sent yet)" : "");
      actions.appendChild(done);
      if (typeof r.id === "number") actions.appendChild(button("Undo check-in of " + r.first_name, "", function () { undo(r); }));
    } else {
      actions.appendChild(button("Check in " + r.first_name, "primary big", function () { checkIn(r); }));
    }
    li.appendChild(actions);
    return li;
  }

  function missing(what) {
    var m = document.createElement("span");
    m.className = "missing";
    m.textContent = "Missing: " + what;
    return m;
  }

  function render() {
    var query = ($("desk-q") && $("desk-q").value || "").trim();
    var show = $("desk-show").value;
    var agency = $("desk-agency").value;
    var list = $("desk-rows");
    var found = rows.filter(function (r) { return matches(r, query, show, agency); })
      .sort(function (a, b) { return fold(a.last_name + " " + a.first_name).localeCompare(fold(b.last_name + " " + b.first_name)); });
    var shown = found.slice(0, SHOW_AT_MOST);
    // Rebuild the list only when what it shows changed: a sync every few seconds must not
    // swap the button under a volunteer's thumb between touching it and letting go.
    var drawn = JSON.stringify([shown, rows.length ? "" : navigator.onLine]);
    if (drawn !== lastDrawn) {
      lastDrawn = drawn;
      list.textContent = "";
      shown.forEach(function (r) { list.appendChild(item(r)); });
    }
    if (!found.length && !list.firstChild) {
      var empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = rows.length ? "Nobody matches." : (navigator.onLine ? "Loading the list…" : "No list on this phone yet: open the desk once with signal.");
      list.appendChild(empty);
    }
    $("desk-more").hidden = found.length <= SHOW_AT_MOST;
    $("desk-more").textContent = "Showing " + SHOW_AT_MOST + " of " + found.length + ": search to narrow.";
    var expected = rows.filter(function (r) { return !r.waitlisted; }).length;
    var checked = rows.filter(function (r) { return r.checked_in_at; }).length;
    var count = document.querySelector(".desk-count");
    if (count) {
      count.textContent = "";
      var n = document.createElement("strong");
      n.textContent = checked;
      count.append(n, " of " + expected + " checked in");
    }
    $("desk-walkups").textContent = rows.filter(function (r) { return r.walk_up; }).length;
    $("desk-queued").textContent = ops.length;
    $("desk-online").textContent = navigator.onLine ? "Online" : "Offline: check-ins are kept on this phone";
    var bib = nextBib();
    $("wu-bib").textContent = bib ? String(bib) : "given on sending";
    agencies();
  }

  function agencies() {
    var select = $("desk-agency");
    var names = Array.from(new Set(rows.map(function (r) { return r.agency; }).filter(Boolean))).sort();
    var have = Array.prototype.map.call(select.options, function (o) { return o.value; }).slice(1);
    if (have.join("\n") === names.join("\n")) return;
    var keep = select.value;
    select.length = 1;
    var list = $("desk-agencies");
    list.textContent = "";
    names.forEach(function (a) {
      select.add(new Option(a, a));
      var o = document.createElement("option");
      o.value = a;
      list.appendChild(o);
    });
    select.value = keep;
  }

  // --- waivers -------------------------------------------------------------------------------
  function waiverFields(box, prefix, minor) {
    box.textContent = "";
    box.appendChild($("waiver-fields").content.cloneNode(true));
    box.querySelectorAll("[data-field]").forEach(function (el) { el.id = prefix + "-" + el.dataset.field; });
    box.querySelectorAll("[data-for]").forEach(function (el) { el.htmlFor = prefix + "-" + el.dataset.for; });
    box.querySelector(".guardian").hidden = !minor;
    var pad = box.querySelector("canvas");
    pad.setAttribute("aria-describedby", prefix + "-pad-help");
    box.querySelector("[data-id=pad-help]").id = prefix + "-pad-help";
    var strokes = [];
    var drawing = false;
    var ctx = pad.getContext("2d");
    ctx.lineWidth = 3;
    ctx.lineCap = "round";
    function point(e) {
      var rect = pad.getBoundingClientRect();
      return [Math.round((e.clientX - rect.left) * pad.width / rect.width), Math.round((e.clientY - rect.top) * pad.height / rect.height)];
    }
    pad.addEventListener("pointerdown", function (e) {
      drawing = true;
      var p = point(e);
      strokes.push("M" + p[0] + " " + p[1]);
      ctx.beginPath();
      ctx.moveTo(p[0], p[1]);
      pad.setPointerCapture(e.pointerId);
    });
    pad.addEventListener("pointermove", function (e) {
      if (!drawing) return;
      var p = point(e);
      strokes.push("L" + p[0] + " " + p[1]);
      ctx.lineTo(p[0], p[1]);
      ctx.stroke();
    });
    pad.addEventListener("pointerup", function () { drawing = false; });
    box.querySelector("[data-field=clear]").addEventListener("click", function () {
      strokes = [];
      ctx.clearRect(0, 0, pad.width, pad.height);
    });
    return {
      setMinor: function (m) { box.querySelector(".guardian").hidden = !m; },
      value: function () {
        return {
          accepted: box.querySelector("[data-field=accepted]").checked,
          signed_name: box.querySelector("[data-field=signed_name]").value.trim(),
          guardian_name: box.querySelector("[data-field=guardian_name]").value.trim(),
          version: app.dataset.waiverVersion || "",
          signed_at: new Date().toISOString(),
          drawing: strokes.join(" ").slice(0, 20000),
        };
      },
      touched: function () {
        return box.querySelector("[data-field=accepted]").checked || box.querySelector("[data-field=signed_name]").value.trim() !== "";
      },
    };
  }

  function waiverProblem(w, minor) {
    if (!w.accepted) return "Tick the box to accept the waiver.";
    if (!w.signed_name) return "Type the signer's full name.";
    if (minor && !w.guardian_name) return "A runner under 18 needs a guardian's name.";
    return "";
  }

  var dialogWaiver = null;
  var dialogRow = null;
  function openWaiver(r) {
    dialogRow = r;
    $("waiver-who").textContent = name(r);
    $("wd-error").textContent = "";
    dialogWaiver = waiverFields($("wd-waiver"), "wd", r.is_minor);
    $("waiver-dialog").showModal();
  }

  function wire() {
    var search = document.querySelector("form[role=search]");
    if (search) {
      search.addEventListener("submit", function (e) {
        if (!rows.length) return; // no list on the phone yet: the server searches
        e.preventDefault();
        render();
      });
      $("desk-q").addEventListener("input", render);
    }
    var serverList = document.querySelector(".desk-list:not(#desk-rows)");
    if (serverList) serverList.hidden = true;
    $("desk-show").addEventListener("change", render);
    $("desk-agency").addEventListener("change", render);
    $("waiver-cancel").addEventListener("click", function () { $("waiver-dialog").close(); });
    $("waiver-form").addEventListener("submit", function (e) {
      var w = dialogWaiver.value();
      var problem = waiverProblem(w, dialogRow.is_minor);
      if (problem) { e.preventDefault(); $("wd-error").textContent = problem; return; }
      queue({ kind: "waiver", registration_id: dialogRow.id, waiver: w });
      say("Waiver signed by " + w.signed_name + ".");
    });
    var wuWaiver = waiverFields($("wu-waiver"), "wu", false);
    $("wu-age").addEventListener("input", function () {
      var age = parseInt($("wu-age").value, 10);
      wuWaiver.setMinor(!isNaN(age) && age < 18);
    });
    $("walk-up-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var f = e.target.elements;
      var age = f.age.value === "" ? null : parseInt(f.age.value, 10);
      var person = {
        first_name: f.first_name.value.trim(), last_name: f.last_name.value.trim(), sex: f.sex.value,
        age: age, agency: f.agency.value.trim(), emergency_name: f.emergency_name.value.trim(),
        emergency_phone: f.emergency_phone.value.trim(), bib: nextBib(),
      };
      var minor = age !== null && age < 18;
      var w = wuWaiver.value();
      var problem = !person.first_name || !person.last_name ? "Give a first and a last name."
        : (age !== null && (isNaN(age) || age < 0 || age > 120)) ? "Age is a whole number from 0 to 120."
        : waiverProblem(w, minor);
      if (problem) { $("wu-error").textContent = problem; return; }
      $("wu-error").textContent = "";
      var local = {
        id: "walk-up:" + opId(), first_name: person.first_name, last_name: person.last_name, bib: person.bib,
        agency: person.agency, role: "Runner", waitlisted: false, checked_in_at: new Date().toISOString(),
        waiver: true, is_minor: minor, guardian: !!w.guardian_name, walk_up: true, pending: true,
      };
      queue({ kind: "walk_up", person: person, waiver: w, local_row: local }).then(function () {
        say("Registered " + name(local) + (local.bib ? ", bib " + local.bib : "") + ": checked in.");
        e.target.reset();
        wuWaiver = waiverFields($("wu-waiver"), "wu", false);
      });
    });
    window.addEventListener("online", function () { render(); sync(); });
    window.addEventListener("offline", render);
    setInterval(sync, 5000);
  }

  function start() {
    openDb().then(function (opened) {
      db = opened;
      return load();
    }).then(function () {
      app.hidden = false;
      wire();
      render();
      app.dataset.ready = "1";
      return sync();
    }).then(function () { app.dataset.loaded = rows.length ? "1" : "0"; });
  }

  start();
})();
