// Shared by the map question's script (map_draw.js): the English fallback words, the
// geometry helpers, the map's background (tiles, boundary, place names) and the list item
// that asks a drawing's follow-up questions.

const L = window.L;

// Layer colours, each at least 4.5:1 against white and the plain background.
export const PALETTE = [
  "#0b57d0", "#b3261e", "#146c2e", "#7b1fa2", "#8f4700", "#00696b", "#a0136e", "#4a4a4a",
];
// What a layer's geometry setting lets residents draw.
export const KINDS = {
  point: ["point"],
  line: ["line"],
  area: ["area"],
  line_area: ["line", "area"],
  point_area: ["point", "area"],
};
export const SHAPE = { point: "Marker", line: "Line", area: "Polygon" };
// English defaults; the server sends the translated words in `config.messages` (same keys).
// `%(name)s` is filled in here.
export const ENGLISH = {
  map: "Map for drawing your answers",
  layers: "Map layers",
  tools: "Drawing tools",
  drawPoint: "Place a point",
  drawLine: "Draw a line",
  drawArea: "Draw an area",
  finish: "Finish",
  cancel: "Cancel",
  undo: "Undo",
  doneEditing: "Done editing",
  edit: "Edit",
  delete: "Delete",
  drawing: "drawing %(n)s",
  kindPoint: "point",
  kindLine: "line",
  kindArea: "area",
  chooseLayer: "Choose a layer, then draw on the map.",
  useList: "You can also answer without the map, below.",
  howPoint: "Tap the map where the place is.",
  howLine: "Tap the map for each point of the line, then press Finish.",
  howArea: "Tap the map for each corner of the area, then press Finish.",
  keyboard:
    "With a keyboard: move the map with the arrow keys and press Enter to put a point in the middle.",
  tooFewPoints: "A line needs two points and an area three.",
  added: "%(drawing)s added. Its questions are below the map.",
  deleted: "%(drawing)s deleted.",
  changed: "%(drawing)s changed.",
  editing: "Drag the points of %(drawing)s on the map to move them, then press Done editing.",
  undone: "Undone.",
  nothingToUndo: "There is nothing to undo.",
  maxReached: "This layer takes at most %(max)s places.",
  maxReachedOne: "This layer takes one place only.",
  outside: "That is outside the area you can draw in.",
  noTiles: "The background map could not be loaded: the boundary and place names are shown.",
  noDrawings: "Nothing drawn yet.",
  blank: "– not chosen –",
  unknownLayer: "Unknown layer",
  zoomIn: "Zoom in",
  zoomOut: "Zoom out",
};

export const cap = (word) => word.charAt(0).toUpperCase() + word.slice(1);
export const round6 = (x) => Math.round(x * 1e6) / 1e6;
export const lonlat = (ll) => [round6(((ll.lng + 540) % 360) - 180), round6(ll.lat)];
export const latlng = (c) => [c[1], c[0]];

export function geometryOf(leaf) {
  if (leaf instanceof L.Marker || leaf instanceof L.CircleMarker) {
    return { type: "Point", coordinates: lonlat(leaf.getLatLng()) };
  }
  if (leaf instanceof L.Polygon) {
    let ring = leaf.getLatLngs();
    while (Array.isArray(ring[0])) ring = ring[0];
    const coords = ring.map(lonlat);
    if (coords.length) coords.push(coords[0]);
    return { type: "Polygon", coordinates: [coords] };
  }
  return { type: "LineString", coordinates: leaf.getLatLngs().flat(Infinity).map(lonlat) };
}

export function kindOf(geometry) {
  return { Point: "point", LineString: "line", Polygon: "area" }[geometry && geometry.type];
}

// Ray casting: is [lon, lat] inside a GeoJSON Polygon or MultiPolygon (holes honoured)?
function inRing(pt, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    const crosses = yi > pt[1] !== yj > pt[1];
    if (crosses && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function inArea(pt, area) {
  const polygons = area.type === "MultiPolygon" ? area.coordinates : [area.coordinates];
  const inHole = (rings) => rings.slice(1).some((hole) => inRing(pt, hole));
  return polygons.some((rings) => inRing(pt, rings[0]) && !inHole(rings));
}

export function vertices(geometry) {
  if (geometry.type === "Point") return [geometry.coordinates];
  if (geometry.type === "LineString") return geometry.coordinates;
  return geometry.coordinates[0] || [];
}

// Tiles when they load; otherwise (no tile URL, or the first tiles fail) a plain
// background, and always the boundary and the named places, so the map can be read
// without any tile server. The view fits the boundary, or the configured centre.
export function background(map, cfg, onNoTiles) {
  if (cfg.tileUrl) {
    let loaded = 0;
    const tiles = L.tileLayer(cfg.tileUrl, { attribution: cfg.attribution || "", maxZoom: 19 });
    tiles.on("tileload", () => loaded++);
    tiles.on("tileerror", () => {
      if (!loaded && map.hasLayer(tiles)) {
        map.removeLayer(tiles);
        onNoTiles();
      }
    });
    tiles.addTo(map);
  } else {
    onNoTiles();
  }
  // The view first: Leaflet cannot draw paths on a map that has none yet.
  const outline = cfg.boundary
    ? L.geoJSON(cfg.boundary, {
        pmIgnore: true,
        interactive: false,
        style: { color: "#1f2d3a", weight: 2.5, fillColor: "#ffffff", fillOpacity: 0.35 },
      })
    : null;
  const bounds = outline && outline.getBounds();
  if (bounds && bounds.isValid()) {
    map.fitBounds(bounds, { padding: [8, 8] });
  } else {
    map.setView(cfg.centre || [62.5, 16.5], cfg.zoom || (cfg.centre ? 11 : 5));
  }
  if (outline) outline.addTo(map);
  for (const place of cfg.places || []) {
    if (place.lat == null || place.lon == null) continue;
    const big = place.kind === "locality";
    L.circleMarker([place.lat, place.lon], {
      pmIgnore: true,
      interactive: false,
      radius: big ? 4 : 3,
      color: "#1f2d3a",
      weight: 1,
      fillColor: big ? "#1f2d3a" : "#ffffff",
      fillOpacity: 1,
    })
      .bindTooltip(place.name, {
        permanent: true,
        direction: "right",
        offset: [4, 0],
        className: `map-place-label map-place-${place.kind || "place"}`,
      })
      .addTo(map);
  }
}

function field(control, text) {
  const wrap = document.createElement("div");
  wrap.className = "subfield";
  const label = document.createElement("label");
  label.htmlFor = control.id;
  label.textContent = text;
  wrap.append(label, control);
  return wrap;
}

// The list item of one drawing: its title, a warning, the layer's follow-up questions
// (written straight into `item`), and Edit and Delete. `changed` runs after each answer.
export function drawingItem(item, layer, id, t, { changed, edit, remove }) {
  const base = id;
  const li = document.createElement("li");
  li.className = "map-drawing";
  li.tabIndex = -1;
  li.style.setProperty("--layer-color", layer.color);
  li.setAttribute("aria-labelledby", `${base}-title`);
  const title = document.createElement("p");
  title.className = "map-drawing-title";
  title.id = `${base}-title`;
  li.append(title);
  const warning = document.createElement("p");
  warning.className = "map-drawing-warning";
  warning.id = `${base}-warning`;
  warning.hidden = true;
  li.append(warning);
  if (layer.choices && layer.choices.length) {
    const select = document.createElement("select");
    select.id = `${base}-choice`;
    select.add(new Option(t("blank"), ""));
    for (const choice of layer.choices) select.add(new Option(choice.label, String(choice.value)));
    if (item.choice != null) select.value = String(item.choice);
    select.addEventListener("change", () => {
      item.choice = select.value === "" ? null : Number(select.value);
      changed();
    });
    li.append(field(select, layer.choice_label || layer.label));
  }
  if (layer.text_label) {
    const input = document.createElement("input");
    input.type = "text";
    input.id = `${base}-text`;
    input.maxLength = 1000;
    input.value = item.text || "";
    input.addEventListener("input", () => {
      item.text = input.value;
      changed();
    });
    li.append(field(input, layer.text_label));
  }
  const actions = document.createElement("div");
  actions.className = "map-drawing-actions";
  for (const [action, run] of [
    ["edit", edit],
    ["delete", remove],
  ]) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `secondary map-drawing-${action}`;
    b.dataset.action = action;
    b.append(t(action), " ");
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    b.append(hidden);
    b.addEventListener("click", run);
    actions.append(b);
  }
  li.append(actions);
  return li;
}
