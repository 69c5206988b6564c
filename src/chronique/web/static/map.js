// The map page: Natural Earth country outlines (world-atlas, served locally) under one
// circle marker per event. No tile server: the map works offline.
(function () {
  "use strict";
  var points = JSON.parse(document.getElementById("points").textContent);
  var map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12 });
  map.setView([20, 10], 2);

  fetch("/static/vendor/world-atlas/countries-110m.json")
    .then(function (response) { return response.json(); })
    .then(function (world) {
      var countries = topojson.feature(world, world.objects.countries);
      L.geoJSON(countries, {
        interactive: false,
        style: { color: "#9aa5b1", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(map).bringToBack();
    });

  function popup(p) {
    // Built from DOM nodes, not HTML strings: nothing from the data is parsed as markup.
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = "/events/" + encodeURIComponent(p.id);
    link.textContent = p.type + (p.mode ? " " + p.mode : "");
    box.appendChild(link);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(
      (p.date_start || "no date") + " · " + p.modality + " · " + (p.country || "?")));
    return box;
  }

  var markers = points.map(function (p) {
    return L.circleMarker([p.lat, p.lon], {
      radius: 7, weight: 1.5, className: "event-marker t-" + p.type,
    }).bindPopup(popup(p)).addTo(map);
  });
  if (markers.length) {
    map.fitBounds(L.featureGroup(markers).getBounds(), { maxZoom: 5, padding: [40, 40] });
  }
  document.getElementById("map").dataset.markers = String(markers.length);
})();
