// Draws a municipality's boundary on a Leaflet map. The map is an extra: the page says
// the same in text, and the boundary is drawn even when no background tiles load.
const el = document.getElementById("municipality-map");
if (el && window.L) {
  const L = window.L;
  const map = L.map(el, { scrollWheelZoom: false });
  // The map container takes keyboard focus (arrow keys pan); say what it is.
  el.setAttribute("role", "region");
  el.setAttribute("aria-label", el.dataset.label);
  L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.attribution, maxZoom: 18 }).addTo(map);
  const centre = el.dataset.centre ? el.dataset.centre.split(",").map(Number) : [62.5, 16.5];
  map.setView(centre, 9);
  fetch(el.dataset.boundaryUrl, { headers: { Accept: "application/geo+json, application/json" } })
    .then((response) => (response.ok ? response.json() : null))
    .then((data) => {
      if (!data || !data.features.length) return;
      const layer = L.geoJSON(data, {
        style: { color: "#1d4f7a", weight: 2, fillOpacity: 0.05 },
        pointToLayer: (_feature, latlng) => L.circleMarker(latlng, { radius: 6 }),
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [10, 10] });
    })
    .catch(() => {});
}
