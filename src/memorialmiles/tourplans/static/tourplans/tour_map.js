/* The tour on a Leaflet map: the start, each stop numbered by its day, and the road taken
 * night to night. The day-by-day table on the page says the same in words. */
(function () {
  "use strict";
  var holder = document.getElementById("tour-map");
  var data = document.getElementById("tour-map-data");
  if (!holder || !data || !window.L) return;
  var plan = JSON.parse(data.textContent);
  var me = document.currentScript || document.querySelector("script[data-tiles]");
  // Canvas, not SVG: the drawing is decoration; the table below is the text alternative.
  var map = L.map(holder, { scrollWheelZoom: false, preferCanvas: true });
  L.tileLayer(me.dataset.tiles, {
    maxZoom: 18,
    attribution:
      '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
  }).addTo(map);
  var route = L.polyline(plan.route, { color: "#1a4d8f", weight: 3, opacity: 0.8 });
  route.addTo(map);
  L.circleMarker(plan.start, { radius: 8, color: "#fff", weight: 2, fillColor: "#1b7f3b",
    fillOpacity: 1 }).bindTooltip("Start: " + plan.start_name).addTo(map);
  plan.stops.forEach(function (stop) {
    L.marker([stop.lat, stop.lon], {
      title: "Day " + stop.day + ", " + stop.date + ": " + stop.name,
      icon: L.divIcon({ className: "tour-pin", html: String(stop.day), iconSize: [26, 26] }),
    }).addTo(map);
  });
  var bounds = route.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20] });
  else map.setView(plan.start, 6);
})();
