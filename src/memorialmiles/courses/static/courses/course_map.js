/* The interactive map, added only when Leaflet has loaded and a map tile has arrived.
 *
 * The SVG drawing of the course is always in the page and stays there: with no network, no
 * tiles or no script the reader still has the map, its text alternative and the splits. The
 * Leaflet map is built out of sight and shown above the drawing once the first tile loads.
 */
(function () {
  "use strict";
  var figure = document.querySelector("[data-course-map]");
  var data = document.getElementById("course-geometry");
  if (!figure || !data || !window.L) return;
  var geometry = JSON.parse(data.textContent);
  var me = document.currentScript || document.querySelector("script[data-leaflet-css]");
  if (me && me.dataset.leafletCss) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = me.dataset.leafletCss;
    document.head.appendChild(css);
  }
  var holder = document.createElement("div");
  holder.className = "course-leaflet pending";
  holder.id = "course-leaflet";
  holder.setAttribute("role", "region");
  holder.setAttribute("aria-label", "Interactive map of the course on OpenStreetMap");
  holder.setAttribute("aria-describedby", "course-map-text");
  figure.insertBefore(holder, figure.firstChild);

  var map = L.map(holder, { scrollWheelZoom: false });
  var line = L.geoJSON(geometry, { style: { color: "#1a4d8f", weight: 5, opacity: 0.9 } });
  var bounds = line.getBounds();
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
  var coords = geometry.type === "MultiLineString" ? [].concat.apply([], geometry.coordinates)
    : geometry.coordinates;
  if (coords && coords.length) {
    var first = coords[0], last = coords[coords.length - 1];
    L.circleMarker([first[1], first[0]], { radius: 9, color: "#fff", weight: 3,
      fillColor: "#1b7f3b", fillOpacity: 1 }).bindTooltip("Start").addTo(map);
    L.circleMarker([last[1], last[0]], { radius: 9, color: "#fff", weight: 3,
      fillColor: "#111", fillOpacity: 1 }).bindTooltip("Finish").addTo(map);
  }
  map.fitBounds(bounds, { padding: [24, 24] });
})();
