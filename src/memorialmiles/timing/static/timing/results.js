// Live results: poll the JSON API and redraw the table; no reload, works behind any proxy.
(function () {
  "use strict";
  var table = document.getElementById("results");
  if (!table) return;
  var body = table.tBodies[0];
  function cell(row, text, cls) {
    var td = row.insertCell();
    td.textContent = text == null ? "" : text;
    if (cls) td.className = cls;
    return td;
  }
  function draw(data) {
    body.textContent = "";
    data.rows.forEach(function (r) {
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
      cell(tr, r.status, "status-col wide");
    });
    if (!data.rows.length) cell(body.insertRow(), "No results yet.").colSpan = 7;
    document.getElementById("results-count").textContent = data.entrants;
  }
  function poll() {
    fetch(table.dataset.api, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) draw(data); })
      .catch(function () {});
  }
  setInterval(poll, 5000);
})();
