/* The interactive map, added only when Leaflet has loaded and a map tile has arrived.
 *
 * The SVG drawing of the course is always in the page and stays there: with no network, no
 * tiles or no script the reader still has the map, its text alternative and the splits. The
 * Leaflet map is built out of sight and shown above the drawing once the first tile loads.
 *
 * The map's view is set before any layer is added: a vector layer added to a map with no view
 * yet is drawn when the view arrives, before its renderer has bounds, and Leaflet threw
 * "Cannot read properties of undefined (reading 'min')" on every course page.
 */
(function () {
  "use strict";
  var figure = document.querySelector("[data-course-map]");
  var data = document.getElementById("course-geometry");
  if (!figure || !data || !window.L) return;
  var geometry = JSON.parse(data.textContent);
  var me = document.currentScript || document.querySelector("script[data-leaflet-css]");
  if (me && me.dataset.leafletCss && !document.querySelector("link[data-leaflet]")) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = me.dataset.leafletCss;
    css.dataset.leaflet = "1";
    document.head.appendChild(css);
  }
  var holder = document.createElement("div");
  holder.className = "course-leaflet pending";
  holder.id = "course-leaflet";
  holder.setAttribute("role", "region");
  holder.setAttribute("aria-label", "Interactive map of the course on OpenStreetMap");
  holder.setAttribute("aria-describedby", "course-map-text");
  figure.insertBefore(holder, figure.firstChild);

  var line = L.geoJSON(geometry, { style: { color: "#1a4d8f", weight: 5, opacity: 0.9 } });
  var bounds = line.getBounds();
  if (!bounds.isValid()) { holder.remove(); return; }
  var map = L.map(holder, { scrollWheelZoom: false });
  map.fitBounds(bounds, { padding: [24, 24] });
  var tiles = L.tileLayer(figure.dataset.tiles, {
    maxZoom: 19,
    attribution:
      '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
  });
  tiles.once("tileload", function () {
    holder.classList.remove("pending");
    figure.classList.add("has-leaflet");
    map.invalidateSize();
    map.fitBounds(bounds, { padding: [24, 24] });
  });
  tiles.addTo(map);
  line.addTo(map);
  // The drawn line repeats the SVG drawing and its caption: screen readers skip it.
  map.getPanes().overlayPane.setAttribute("aria-hidden", "true");
  // Start and finish: the first point of the first line and the last of the last.
  var lines = geometry.type === "MultiLineString" ? geometry.coordinates : [geometry.coordinates];
  lines = lines.filter(function (l) { return l && l.length; });
  if (lines.length) {
    var first = lines[0][0], tail = lines[lines.length - 1], last = tail[tail.length - 1];
    marker(first, "Start", "course-marker-start", "#1b7f3b");
    marker(last, "Finish", "course-marker-finish", "#111");
  }

  function marker(point, name, className, fill) {
    L.circleMarker([point[1], point[0]], {
      radius: 9, color: "#fff", weight: 3, fillColor: fill, fillOpacity: 1, className: className,
    }).bindTooltip(name, { permanent: true, direction: "top", className: className + "-label" })
      .addTo(map);
  }
})();
