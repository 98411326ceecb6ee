// Shows proposals on Leaflet maps: every placed proposal (the map page, from GeoJSON) or
// the one point of a proposal. The pages list the same places in text, so the maps are
// an extra; without JavaScript they stay hidden.
const L = window.L;

function baseMap(el, options = {}) {
  el.hidden = false;
  const map = L.map(el, { scrollWheelZoom: false, ...options });
  el.setAttribute("role", "region");
  el.setAttribute("aria-label", el.dataset.label);
  L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.attribution, maxZoom: 19 }).addTo(map);
  return map;
}

const STATUS_COLOURS = {
  received: "#1d4f7a",
  review: "#6a3d9a",
  forwarded: "#9a3412",
  approved: "#1e6b3a",
  partly: "#5b6b1e",
  rejected: "#a4161a",
  implemented: "#0b5345",
};

function popup(feature, supportsLabel) {
  const box = document.createElement("div");
  const link = document.createElement("a");
  link.href = feature.properties.url;
  link.textContent = feature.properties.title;
  const title = document.createElement("p");
  title.className = "map-popup-title";
  title.append(link);
  const meta = document.createElement("p");
  meta.className = "map-popup-meta";
  const parts = [feature.properties.status_label, `${supportsLabel}: ${feature.properties.supports}`];
  if (feature.properties.place_name) parts.unshift(feature.properties.place_name);
  meta.textContent = parts.join(" · ");
  box.append(title, meta);
  return box;
}

function proposalsMap(el) {
  const map = baseMap(el);
  const centre = el.dataset.centre ? el.dataset.centre.split(",").map(Number) : [62.5, 16.5];
  map.setView(centre, el.dataset.centre ? 10 : 5);
  fetch(el.dataset.url, { headers: { Accept: "application/geo+json, application/json" } })
    .then((response) => (response.ok ? response.json() : null))
    .then((data) => {
      if (!data || !data.features.length) return;
      const layer = L.geoJSON(data, {
        pointToLayer: (feature, latlng) =>
          L.circleMarker(latlng, {
            radius: 8,
            color: "#ffffff",
            weight: 2,
            fillColor: STATUS_COLOURS[feature.properties.status] || "#1d4f7a",
            fillOpacity: 0.95,
          }),
        onEachFeature: (feature, marker) => {
          marker.bindPopup(() => popup(feature, el.dataset.supportsLabel || ""));
        },
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 15 });
    })
    .catch(() => {});
}

function pointMap(el) {
  const point = [Number(el.dataset.lat), Number(el.dataset.lon)];
  const map = baseMap(el);
  map.setView(point, 15);
  L.circleMarker(point, {
    radius: 9,
    color: "#143a5a",
    weight: 3,
    fillColor: "#ffbf47",
    fillOpacity: 0.9,
  }).addTo(map);
}

if (L) {
  const all = document.getElementById("proposals-map");
  if (all) proposalsMap(all);
  document.querySelectorAll(".point-map").forEach(pointMap);
}
