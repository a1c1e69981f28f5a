/* The live page: the flag-bearer on the course map, the figures, the results, the replay.
 *
 * The page opens with the server's snapshot, then follows the stream (server-sent events,
 * which the browser resumes with Last-Event-ID by itself); where EventSource is missing or
 * keeps failing, it polls live.json with the last position it has. The map is drawn only when
 * Leaflet has loaded; the figures and the status line say everything without it.
 */
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) return;
  var read = function (id) { var n = document.getElementById(id); return n ? JSON.parse(n.textContent) : null; };
  var snap = read("live-snapshot"), course = read("course-geometry"), recorded = read("recorded-geometry");
  var $ = function (id) { return document.getElementById(id); };
  var MILE = 1609.344;
  var status = snap.status, lastId = 0, line = [], ticker = null, polling = null, replaying = false;
  var map = null, marker = null, trail = null;

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function duration(s) {
    if (s == null || !isFinite(s)) return "–";
    s = Math.max(0, Math.round(s));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    return (h ? h + ":" + two(m) : m) + ":" + two(sec);
  }
  function distance(m) { return m == null ? "–" : (m / MILE).toFixed(2) + " mi (" + (m / 1000).toFixed(2) + " km)"; }
  function pace(sPerKm) { return sPerKm == null ? "–" : duration(sPerKm * MILE / 1000) + " /mi (" + duration(sPerKm) + " /km)"; }

  if (window.L) {
    map = L.map("live-map", { scrollWheelZoom: false });
    L.tileLayer(root.dataset.tiles, { maxZoom: 19,
      attribution: '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors' }).addTo(map);
    var shape = course || recorded;
    if (shape) {
      var drawn = L.geoJSON(shape, { style: { color: "#1a4d8f", weight: 5, opacity: 0.8 } }).addTo(map);
      map.fitBounds(drawn.getBounds(), { padding: [20, 20] });
    } else {
      map.setView([39.5, -98.35], 4);
    }
    trail = L.polyline([], { color: "#a4161a", weight: 4 }).addTo(map);
    // The drawing repeats what the figures and the status line say in words.
    map.getPanes().overlayPane.setAttribute("aria-hidden", "true");
  }

  function place(p) {
    if (!map) return;
    var at = [p.lat, p.lon];
    trail.addLatLng(at);
    if (!marker) {
      marker = L.circleMarker(at, { radius: 10, color: "#fff", weight: 3, fillColor: "#a4161a", fillOpacity: 1 })
        .bindTooltip("Flag-bearer").addTo(map);
    } else {
      marker.setLatLng(at);
    }
    if (!map.getBounds().contains(at)) map.panTo(at);
  }

  function figures(p) {
    $("f-done").textContent = distance(p.done_m);
    $("f-left").textContent = distance(p.left_m);
    $("f-pace").textContent = pace(p.pace_s_per_km);
    $("f-eta").textContent = p.eta_s == null ? "–" : "in " + duration(p.eta_s);
    if (!ticker) $("f-elapsed").textContent = duration(p.elapsed_s);
    $("f-where").textContent = "Last position " + new Date(p.t).toLocaleTimeString() +
      (p.done_m == null ? "." : ": " + distance(p.done_m) + " done.");
  }

  function position(p) {
    if (p.id <= lastId) return;
    lastId = p.id;
    line.push(p);
    if (replaying) return;
    place(p);
    figures(p);
  }

  function showStatus(st) {
    status = st;
    var text = st.live ? "Live now." : st.status === "finished" ? "Finished." : st.status === "cancelled" ? "Cancelled." : "Not started yet: the map follows the flag-bearer from the start.";
    if (st.finish) {
      text = "Finished in " + duration(st.finish.final_s) + ".";
      $("f-final").textContent = duration(st.finish.final_s);
    }
    $("live-status").textContent = text;
    if (ticker) { clearInterval(ticker); ticker = null; }
    if (st.live && st.started_at) {
      var started = Date.parse(st.started_at);
      var tick = function () { $("f-elapsed").textContent = duration((Date.now() - started) / 1000); };
      tick();
      ticker = setInterval(tick, 1000);
    }
    $("replay").hidden = !(st.status === "finished" && st.positions_public);
  }

  function showResults(r) {
    var body = $("live-results");
    body.textContent = "";
    if (!r.rows.length) {
      var empty = body.insertRow(); var c = empty.insertCell(); c.colSpan = 5; c.textContent = "No results yet.";
    }
    r.rows.forEach(function (row) {
      var tr = body.insertRow();
      [row.place == null ? "" : row.place, row.bib, row.name, row.net_time, row.status].forEach(function (v, i) {
        var td = tr.insertCell(); td.textContent = v;
        if (i < 2 || i === 3) td.className = "num";
      });
    });
    $("results-count").textContent = r.finished;
  }

  function apply(s) {
    showStatus(s.status);
    s.positions.forEach(position);
    showResults(s.results);
  }

  function poll() {
    fetch(root.dataset.json + "?after=" + lastId, { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s) apply(s); })
      .catch(function () {});
  }

  function follow() {
    if (!window.EventSource) { polling = setInterval(poll, 5000); return; }
    var url = root.dataset.stream + (lastId ? "?after=" + lastId : "");
    var es = new EventSource(url);
    es.addEventListener("position", function (e) { position(JSON.parse(e.data)); });
    es.addEventListener("results", function (e) { showResults(JSON.parse(e.data)); });
    es.addEventListener("status", function (e) { showStatus(JSON.parse(e.data)); });
    var failures = 0;
    es.addEventListener("open", function () { failures = 0; });
    es.addEventListener("error", function () {
      failures += 1;
      if (es.readyState === EventSource.CLOSED || failures > 5) {
        es.close();
        if (!polling) polling = setInterval(poll, 5000);
      }
    });
  }

  // Replay: the line again at 1x to 60x, on the clock of its own fixes.
  $("replay-play").addEventListener("click", function () {
    if (!line.length || !map) return;
    replaying = true;
    var speed = parseFloat($("replay-speed").value) || 10;
    var t0 = Date.parse(line[0].t), wall0 = performance.now(), i = 0;
    trail.setLatLngs([]);
    var step = function () {
      var now = t0 + (performance.now() - wall0) * speed;
      while (i < line.length && Date.parse(line[i].t) <= now) { place(line[i]); figures(line[i]); i += 1; }
      if (i < line.length) requestAnimationFrame(step); else replaying = false;
    };
    requestAnimationFrame(step);
  });

  var video = $("video-load");
  if (video) {
    video.addEventListener("click", function () {
      var holder = $("video"), frame = document.createElement("iframe");
      frame.src = holder.dataset.embed;
      frame.title = "Live video";
      frame.className = "live-video";
      frame.allow = "autoplay; encrypted-media; picture-in-picture";
      frame.allowFullscreen = true;
      holder.textContent = "";
      holder.appendChild(frame);
    });
  }

  apply(snap);
  follow();
})();
