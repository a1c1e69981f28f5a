// Live results: poll the JSON API and redraw the table; no reload, works behind any proxy.
// The search box filters as one types, by the same rule as the server (memorialmiles.results
// .search): each word a bib's start (digits) or part of the name, case and accents ignored.
(function () {
  "use strict";
  var table = document.getElementById("results");
  if (!table) return;
  var body = table.tBodies[0];
  var form = document.getElementById("results-search");
  var query = document.getElementById("results-q");
  var status = document.getElementById("results-status");
  var latest = null;

  function fold(text) {
    return String(text || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  function matches(r, words, wanted) {
    if (wanted && r.status !== wanted) return false;
    var name = fold(r.name), bib = fold(r.bib);
    return words.every(function (w) {
      return /^\d+$/.test(w) ? bib.indexOf(w) === 0 : name.indexOf(w) >= 0 || w === bib;
    });
  }
  function cell(row, text, cls) {
    var td = row.insertCell();
    td.textContent = text == null ? "" : text;
    if (cls) td.className = cls;
    return td;
  }
  function draw(data) {
    var words = fold(query ? query.value : "").split(/\s+/).filter(Boolean);
    var wanted = status ? status.value : "";
    var rows = data.rows.filter(function (r) { return matches(r, words, wanted); });
    body.textContent = "";
    rows.forEach(function (r) {
      var tr = body.insertRow();
      cell(tr, r.place, "num");
      cell(tr, r.bib, "num");
      var name = cell(tr, "");
      var a = document.createElement("a");
      a.href = table.dataset.runner + encodeURIComponent(r.bib) + "/";
      a.textContent = r.name;
      name.appendChild(a);
      cell(tr, r.division, "wide");
      cell(tr, r.gun_time, "num");
      cell(tr, r.pace_per_mile, "num wide");
      var st = cell(tr, r.status === "finished" ? "Finished" : "", "status-col");
      if (r.status !== "finished") {
        var flag = document.createElement("strong");
        flag.className = "status-flag";
        flag.textContent = r.status;
        st.appendChild(flag);
      }
    });
    if (!rows.length) {
      cell(body.insertRow(), data.rows.length ? "Nobody matches." : "No results yet.").colSpan = 7;
    }
    document.getElementById("results-count").textContent = rows.length;
    document.getElementById("results-total").textContent = data.entrants;
  }
  function poll() {
    fetch(table.dataset.api, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { latest = data; draw(data); } })
      .catch(function () {});
  }
  if (form) {
    form.addEventListener("input", function () { if (latest) draw(latest); else poll(); });
  }
  setInterval(poll, 5000);
})();
