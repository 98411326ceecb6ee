// Draws the mental-map analysis on a Leaflet map from the page's `map-features` JSON:
// the municipality's boundary, hexagons in their class colours, trips between
// localities as lines of varying width, clusters as labelled markers and the gazetteer's
// place names. The table below the map shows the same numbers, so without JavaScript
// (or without tiles) nothing is lost.
const L = window.L;

function percent(value) {
  return `${Math.round(value * 100)} %`;
}

function cellText(p, labels) {
  const parts = [];
  if (p.category) parts.push(p.category);
  if (p.change !== undefined) {
    parts.push(`${labels.change}: ${(p.change * 100).toFixed(1)}`);
  } else {
    parts.push(`${labels.respondents}: ${p.respondents}`);
    parts.push(`${labels.share}: ${percent(p.share)}`);
  }
  return parts.join(" · ");
}

function analysisMap(el, data) {
  el.hidden = false;
  el.setAttribute("role", "region");
  el.setAttribute("aria-label", el.dataset.label);
  const map = L.map(el, { scrollWheelZoom: false });
  L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.attribution, maxZoom: 18 }).addTo(map);
  const labels = {
    respondents: el.dataset.respondentsLabel || "",
    share: el.dataset.shareLabel || "",
    change: el.dataset.changeLabel || "",
  };
  const byKind = (kind) => ({
    type: "FeatureCollection",
    features: data.features.filter((f) => f.properties.kind === kind),
  });
  const boundary = L.geoJSON(byKind("boundary"), {
    style: { color: "#444444", weight: 2, fill: false, interactive: false },
  }).addTo(map);
  const cells = L.geoJSON(byKind("cell"), {
    style: (f) => ({
      color: "#555555",
      weight: 0.5,
      fillColor: f.properties.colour,
      fillOpacity: 0.75,
      className: `map-cell map-cell-${f.properties.cell}`,
    }),
    onEachFeature: (f, layer) => layer.bindTooltip(cellText(f.properties, labels)),
  }).addTo(map);
  L.geoJSON(byKind("flow"), {
    style: (f) => ({
      color: "#1d4f7a",
      weight: f.properties.width,
      opacity: 0.7,
      className: "map-flow",
    }),
    onEachFeature: (f, layer) =>
      layer.bindTooltip(
        `${f.properties.origin} → ${f.properties.destination}: ${f.properties.respondents}`,
      ),
  }).addTo(map);
  L.geoJSON(byKind("place"), {
    pointToLayer: (f, latlng) =>
      L.circleMarker(latlng, {
        radius: 3,
        color: "#1a1a1a",
        weight: 1,
        fillColor: "#ffffff",
        fillOpacity: 1,
        className: "map-place",
      }).bindTooltip(f.properties.name, {
        permanent: f.properties.place_kind === "locality",
        direction: "right",
        className: "map-place-label",
      }),
  }).addTo(map);
  L.geoJSON(byKind("cluster"), {
    pointToLayer: (f, latlng) =>
      L.circleMarker(latlng, {
        radius: 8,
        color: "#ffffff",
        weight: 2,
        fillColor: "#6a3d9a",
        fillOpacity: 0.95,
        className: "map-cluster",
      }).bindTooltip(`${f.properties.label} (${f.properties.respondents})`, {
        permanent: true,
        direction: "top",
        className: "map-cluster-label",
      }),
  }).addTo(map);
  const frame = [cells, boundary].find((layer) => layer.getLayers().length);
  if (frame) {
    map.fitBounds(frame.getBounds(), { padding: [16, 16], maxZoom: 14 });
  } else {
    const centre = el.dataset.centre ? el.dataset.centre.split(",").map(Number) : [62.5, 16.5];
    map.setView(centre, el.dataset.centre ? 10 : 5);
  }
  el.dataset.cells = String(cells.getLayers().length);
  el.classList.add("map-ready");
}

const el = document.getElementById("analysis-map");
const source = document.getElementById("map-features");
if (L && el && source) analysisMap(el, JSON.parse(source.textContent));
