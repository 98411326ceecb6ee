// Drawing on a map question: Leaflet for the map, Leaflet-Geoman for drawing and editing.
// The server renders the layer buttons, the hidden textarea that carries the answer, an
// empty list of drawings and a non-map alternative; this script draws the map, keeps one
// list item per drawing (its follow-up questions, Edit and Delete) and writes every
// change back into the textarea as the JSON list the server expects. Without JavaScript,
// or with a screen reader, the alternative below the map takes the same answers.
// The server checks everything again: the checks here only warn early.
// Helpers (words, geometry, the map's background, a drawing's list item): map_base.js.

import {
  ENGLISH,
  KINDS,
  PALETTE,
  SHAPE,
  background,
  cap,
  drawingItem,
  geometryOf,
  inArea,
  kindOf,
  latlng,
  vertices,
} from "./map_base.js";

const L = window.L;

class MapQuestion {
  constructor(root) {
    this.root = root;
    this.cfg = JSON.parse(root.dataset.config || "{}");
    this.msg = Object.assign({}, ENGLISH, this.cfg.messages || {});
    this.layers = new Map();
    (this.cfg.layers || []).forEach((layer, i) => {
      this.layers.set(layer.key, Object.assign({ color: PALETTE[i % PALETTE.length] }, layer));
    });
    this.textarea = root.querySelector("textarea.map-value");
    this.list = root.querySelector(".map-drawings");
    this.items = [];
    this.history = [];
    this.nextId = 1;
    this.current = null; // the chosen layer's key
    this.drawing = null; // "point", "line" or "area" while drawing
    this.editing = null; // the item whose geometry is being edited
    this.buildControls();
    this.buildMap();
    this.load();
    this.refresh();
  }

  t(key, values = {}) {
    const fill = (m, a, b) => ((a || b) in values ? values[a || b] : m);
    return String(this.msg[key] || key).replace(/%\((\w+)\)s|\{(\w+)\}/g, fill);
  }

  // --- controls around the map -------------------------------------------------------------

  buildControls() {
    const root = this.root;
    const toolbar = root.querySelector(".map-toolbar");
    const pk = this.cfg.question || root.id;
    toolbar.setAttribute("role", "group");
    if (!toolbar.hasAttribute("aria-label") && !toolbar.hasAttribute("aria-labelledby")) {
      toolbar.setAttribute("aria-label", this.t("layers"));
    }
    this.layerButtons = [...toolbar.querySelectorAll(".map-layer-button")];
    for (const button of this.layerButtons) {
      const layer = this.layers.get(button.dataset.layer);
      button.setAttribute("aria-pressed", "false");
      if (layer) {
        const swatch = document.createElement("span");
        swatch.className = `map-swatch map-swatch-${layer.geometry}`;
        swatch.setAttribute("aria-hidden", "true");
        swatch.style.setProperty("--layer-color", layer.color);
        button.prepend(swatch);
      }
      button.addEventListener("click", () => this.choose(button.dataset.layer));
    }
    const tools = document.createElement("div");
    tools.className = "map-tools";
    tools.setAttribute("role", "group");
    tools.setAttribute("aria-label", this.t("tools"));
    const make = (name, cls) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = `secondary map-tool map-${name}${cls ? " " + cls : ""}`;
      b.textContent = this.t(name);
      tools.append(b);
      return b;
    };
    this.kindButtons = {};
    for (const kind of ["point", "line", "area"]) {
      const b = make("draw" + cap(kind));
      b.dataset.kind = kind;
      b.setAttribute("aria-pressed", "false");
      b.addEventListener("click", () => {
        if (this.drawing === kind) this.stopDrawing();
        else this.startDrawing(kind);
      });
      this.kindButtons[kind] = b;
    }
    this.finishButton = make("finish");
    this.finishButton.addEventListener("click", () => this.finish());
    this.cancelButton = make("cancel");
    this.cancelButton.addEventListener("click", () => this.stopDrawing());
    this.doneButton = make("doneEditing");
    this.doneButton.addEventListener("click", () => this.stopEditing(true));
    this.undoButton = make("undo");
    this.undoButton.addEventListener("click", () => this.undo());
    toolbar.after(tools);
    this.tools = tools;
    this.status = document.createElement("p");
    this.status.className = "map-status";
    this.status.id = `map-status-${pk}`;
    this.status.setAttribute("role", "status");
    tools.after(this.status);
    this.hint = document.createElement("p");
    this.hint.className = "map-hint";
    this.status.after(this.hint);
    this.hint.textContent = this.idle();
    // One live region is enough: the list itself holds form fields and should not chatter.
    this.list.removeAttribute("aria-live");
    this.list.hidden = false;
    this.empty = document.createElement("p");
    this.empty.className = "map-empty";
    this.empty.textContent = this.t("noDrawings");
    this.list.after(this.empty);
    // Filled places in the alternative count towards a layer's maximum too.
    // The server leaves the alternative open for pages without JavaScript; with the map
    // working it stays open only when it holds answers (or errors).
    const alternative = root.querySelector(".map-alternative");
    if (alternative) {
      if (alternative.dataset.alternativeUsed === "false") alternative.open = false;
      alternative.addEventListener("change", () => this.refresh());
    }
  }

  idle() {
    const layer = this.layers.get(this.current);
    return [layer && layer.help, this.t("chooseLayer"), this.t("useList")].filter(Boolean).join(" ");
  }

  say(text) {
    // Empty first, so the same message twice is announced twice.
    this.status.textContent = "";
    window.setTimeout(() => (this.status.textContent = text), 30);
  }

  // --- the map -----------------------------------------------------------------------------

  buildMap() {
    this.canvas = this.root.querySelector(".map-canvas");
    this.canvas.hidden = false;
    const map = L.map(this.canvas, { zoomControl: false, scrollWheelZoom: false });
    L.control.zoom({ zoomInTitle: this.t("zoomIn"), zoomOutTitle: this.t("zoomOut") }).addTo(map);
    this.map = map;
    this.note = document.createElement("p");
    this.note.className = "map-note";
    this.note.hidden = true;
    this.canvas.after(this.note);
    background(map, this.cfg, () => this.plain());
    map.pm.setGlobalOptions({ snappable: false, tooltips: false, allowSelfIntersection: true });
    map.on("pm:create", (e) => this.created(e.layer));
    // Quick taps for the corners of an area must not zoom the map.
    map.on("pm:drawstart", () => map.doubleClickZoom.disable());
    map.on("pm:drawend", () => {
      map.doubleClickZoom.enable();
      if (this.drawing) {
        this.drawing = null;
        this.refresh();
      }
    });
    // Keyboard: Enter or Space puts a point (or the next corner) in the middle of the map.
    this.canvas.addEventListener("keydown", (e) => {
      if (e.target !== this.canvas || !this.drawing || (e.key !== "Enter" && e.key !== " ")) return;
      e.preventDefault();
      const centre = map.getCenter();
      map.fire("click", {
        latlng: centre,
        layerPoint: map.latLngToLayerPoint(centre),
        containerPoint: map.latLngToContainerPoint(centre),
      });
    });
  }

  plain() {
    this.canvas.classList.add("map-plain");
    this.note.textContent = this.t("noTiles");
    this.note.hidden = false;
  }

  // --- choosing and drawing ----------------------------------------------------------------

  count(key) {
    let n = this.items.filter((item) => item.layer === key).length;
    const prefix = `q${this.cfg.question}_${key}_`;
    for (const field of this.root.querySelectorAll(`.map-alternative [name^="${prefix}"]`)) {
      const names = field.name.endsWith("_place") || field.name.endsWith("_description");
      if (names && field.value.trim()) n++;
    }
    return n;
  }

  full(key) {
    const layer = this.layers.get(key);
    return !!(layer && layer.max && this.count(key) >= layer.max);
  }

  fullMessage(layer) {
    const text = layer.max === 1 ? this.t("maxReachedOne") : this.t("maxReached", { max: layer.max });
    return `${layer.label}: ${text}`;
  }

  choose(key) {
    this.stopEditing();
    this.stopDrawing(true);
    this.current = key;
    const layer = this.layers.get(key);
    const kinds = KINDS[layer && layer.geometry] || [];
    if (this.full(key)) {
      this.say(this.fullMessage(layer));
    } else if (kinds.length === 1) {
      this.startDrawing(kinds[0]);
      return;
    } else {
      this.hint.textContent = this.idle();
    }
    this.refresh();
  }

  startDrawing(kind) {
    const layer = this.layers.get(this.current);
    if (!layer) return;
    if (this.full(this.current)) {
      this.say(this.fullMessage(layer));
      this.refresh();
      return;
    }
    this.stopEditing();
    this.map.pm.disableDraw();
    this.drawing = kind;
    const style = { color: layer.color, weight: 4, fillColor: layer.color, fillOpacity: 0.2 };
    this.map.pm.enableDraw(SHAPE[kind], {
      continueDrawing: false,
      snappable: false,
      tooltips: false,
      finishOn: null,
      markerStyle: { icon: this.pin(layer, "") },
      pathOptions: style,
      templineStyle: style,
      hintlineStyle: { color: layer.color, dashArray: "5,5" },
    });
    const how = [layer.help, this.t("how" + cap(kind)), this.t("keyboard")];
    this.hint.textContent = how.filter(Boolean).join(" ");
    this.say(`${layer.label}: ${this.t("how" + cap(kind))}`);
    this.refresh();
  }

  stopDrawing(quiet) {
    if (!this.drawing) return;
    this.drawing = null;
    this.map.pm.disableDraw();
    if (!quiet) this.hint.textContent = this.idle();
    this.refresh();
  }

  workingPoints() {
    const draw = this.drawing && this.map.pm.Draw[SHAPE[this.drawing]];
    return draw && draw._layer ? draw._layer.getLatLngs().flat(Infinity).length : 0;
  }

  finish() {
    const need = this.drawing === "area" ? 3 : 2;
    if (this.workingPoints() < need) {
      this.say(this.t("tooFewPoints"));
      return;
    }
    this.map.pm.Draw[SHAPE[this.drawing]]._finishShape();
  }

  created(leaf) {
    const geometry = geometryOf(leaf);
    this.map.removeLayer(leaf);
    const item = { id: this.nextId++, layer: this.current, geometry, choice: null, text: "" };
    this.add(item, this.items.length);
    this.history.push({ op: "create", id: item.id });
    this.drawing = null;
    this.hint.textContent = this.idle();
    this.refresh();
    this.say(this.t("added", { drawing: this.title(item) }));
    const first = item.li.querySelector("select, input");
    (first || item.li).focus();
  }

  // --- drawings ----------------------------------------------------------------------------

  pin(layer, label) {
    return L.divIcon({
      className: "map-pin-icon",
      html: `<span class="map-pin" style="--layer-color:${layer.color}">${label}</span>`,
      iconSize: [28, 28],
      iconAnchor: [14, 14],
    });
  }

  layerOf(item) {
    const unknown = { key: item.layer, label: this.t("unknownLayer"), color: "#4a4a4a" };
    return this.layers.get(item.layer) || unknown;
  }

  number(item) {
    return this.items.filter((other) => other.layer === item.layer).indexOf(item) + 1;
  }

  title(item) {
    return `${this.layerOf(item).label}, ${this.t("drawing", { n: this.number(item) })}`;
  }

  drawLeaf(item) {
    const layer = this.layerOf(item);
    const g = item.geometry;
    let leaf;
    if (g.type === "Point") {
      const icon = this.pin(layer, this.number(item));
      leaf = L.marker(latlng(g.coordinates), { icon, keyboard: false, pmIgnore: true });
    } else if (g.type === "LineString") {
      const style = { color: layer.color, weight: 4, className: "map-shape" };
      leaf = L.polyline(g.coordinates.map(latlng), style);
    } else {
      leaf = L.polygon(g.coordinates[0].slice(0, -1).map(latlng), {
        color: layer.color,
        weight: 3,
        fillOpacity: 0.2,
        className: "map-shape",
      });
    }
    leaf.on("click", () => {
      if (!this.drawing && this.editing !== item) this.startEditing(item);
    });
    leaf.on("pm:edit dragend", () => this.edited(item));
    leaf.addTo(this.map);
    item.leaf = leaf;
  }

  add(item, index) {
    this.items.splice(index, 0, item);
    this.drawLeaf(item);
    item.li = this.listItem(item);
    const after = this.items[index + 1];
    this.list.insertBefore(item.li, after ? after.li : null);
  }

  remove(item) {
    if (this.editing === item) this.stopEditing();
    this.map.removeLayer(item.leaf);
    item.li.remove();
    this.items.splice(this.items.indexOf(item), 1);
  }

  listItem(item) {
    const id = `map-${this.cfg.question}-d${item.id}`;
    return drawingItem(item, this.layerOf(item), id, (key) => this.t(key), {
      changed: () => this.write(),
      edit: () => this.startEditing(item, true),
      remove: () => this.deleteItem(item),
    });
  }


  deleteItem(item) {
    const index = this.items.indexOf(item);
    const name = this.title(item);
    const next = this.items[index + 1] || this.items[index - 1];
    this.remove(item);
    this.history.push({ op: "delete", item, index });
    this.refresh();
    this.say(this.t("deleted", { drawing: name }));
    (next ? next.li : this.canvas).focus();
  }

  startEditing(item, fromList) {
    this.stopDrawing(true);
    this.stopEditing();
    this.editing = item;
    item.before = item.geometry;
    if (item.leaf instanceof L.Marker) {
      // Leaflet's own marker dragging: by touch it keeps the map still while the point moves.
      item.leaf.dragging.enable();
    } else {
      item.leaf.pm.enable({ snappable: false, allowSelfIntersection: true, draggable: false });
    }
    // From the list: bring the drawing into view if it is not.
    const where = item.leaf.getBounds ? item.leaf.getBounds() : L.latLngBounds([item.leaf.getLatLng()]);
    if (fromList && !this.map.getBounds().contains(where)) {
      this.map.fitBounds(where, { padding: [30, 30], maxZoom: this.map.getZoom() });
    }
    if (fromList) {
      // Editing happens on the map: show it; Done editing brings the focus back here.
      this.tools.scrollIntoView({ block: "start" });
      this.canvas.focus({ preventScroll: true });
    }
    this.say(this.t("editing", { drawing: this.title(item) }));
    this.refresh();
  }

  stopEditing(focus) {
    const item = this.editing;
    if (!item) return;
    this.editing = null;
    if (item.leaf instanceof L.Marker) item.leaf.dragging.disable();
    else if (item.leaf.pm && item.leaf.pm.enabled()) item.leaf.pm.disable();
    this.refresh();
    if (focus) item.li.focus();
  }

  edited(item) {
    const geometry = geometryOf(item.leaf);
    if (JSON.stringify(geometry) === JSON.stringify(item.geometry)) return;
    this.history.push({ op: "edit", id: item.id, geometry: item.geometry });
    item.geometry = geometry;
    this.refresh();
    this.say(this.t("changed", { drawing: this.title(item) }));
  }

  undo() {
    if (this.drawing && this.workingPoints() > 0) {
      this.map.pm.Draw[SHAPE[this.drawing]]._removeLastVertex();
      this.say(this.t("undone"));
      return;
    }
    const step = this.history.pop();
    if (!step) {
      this.say(this.t("nothingToUndo"));
      return;
    }
    this.stopDrawing(true);
    this.stopEditing();
    const byId = (id) => this.items.find((item) => item.id === id);
    if (step.op === "create" && byId(step.id)) {
      this.remove(byId(step.id));
    } else if (step.op === "delete") {
      this.add(step.item, Math.min(step.index, this.items.length));
    } else if (step.op === "edit" && byId(step.id)) {
      const item = byId(step.id);
      this.map.removeLayer(item.leaf);
      item.geometry = step.geometry;
      this.drawLeaf(item);
    }
    this.refresh();
    this.say(this.t("undone"));
  }

  // --- state into the page -----------------------------------------------------------------

  load() {
    let stored = [];
    try {
      stored = JSON.parse(this.textarea.value || "[]");
    } catch (error) {
      stored = [];
    }
    if (!Array.isArray(stored)) return;
    for (const entry of stored) {
      if (!entry || !entry.geometry || entry.place != null || !kindOf(entry.geometry)) continue;
      const item = {
        id: this.nextId++,
        layer: entry.layer,
        geometry: entry.geometry,
        choice: entry.choice == null ? null : entry.choice,
        text: entry.text || "",
      };
      try {
        this.add(item, this.items.length);
      } catch (error) {
        this.items.splice(this.items.indexOf(item), 1); // coordinates Leaflet cannot draw
      }
    }
  }

  write() {
    const value = this.items.map((item) => {
      const entry = { layer: item.layer, geometry: item.geometry };
      if (item.choice != null) entry.choice = item.choice;
      if (item.text && item.text.trim()) entry.text = item.text.trim();
      return entry;
    });
    this.textarea.value = JSON.stringify(value);
  }

  refresh() {
    const allowed = this.cfg.allowed;
    for (const item of this.items) {
      const name = this.title(item);
      const kind = this.t("kind" + cap(kindOf(item.geometry)));
      item.li.querySelector(".map-drawing-title").textContent = `${name} (${kind})`;
      for (const hidden of item.li.querySelectorAll(".map-drawing-actions .visually-hidden")) {
        hidden.textContent = name;
      }
      if (item.leaf instanceof L.Marker && this.editing !== item) {
        item.leaf.setIcon(this.pin(this.layerOf(item), this.number(item)));
      }
      const outside = !!allowed && vertices(item.geometry).some((pt) => !inArea(pt, allowed));
      const warning = item.li.querySelector(".map-drawing-warning");
      const was = !warning.hidden;
      warning.hidden = !outside;
      warning.textContent = outside ? `${name}: ${this.t("outside")}` : "";
      item.li.classList.toggle("map-drawing-outside", outside);
      item.li.classList.toggle("map-drawing-editing", this.editing === item);
      if (outside && !was) this.say(warning.textContent);
    }
    const layer = this.layers.get(this.current);
    const kinds = KINDS[layer && layer.geometry] || [];
    const full = !!layer && this.full(this.current);
    for (const button of this.layerButtons) {
      button.setAttribute("aria-pressed", String(button.dataset.layer === this.current));
    }
    for (const [kind, button] of Object.entries(this.kindButtons)) {
      button.hidden = !kinds.includes(kind);
      button.disabled = full && this.drawing !== kind;
      button.setAttribute("aria-pressed", String(this.drawing === kind));
    }
    const pathDrawing = this.drawing === "line" || this.drawing === "area";
    this.finishButton.hidden = !pathDrawing;
    this.cancelButton.hidden = !this.drawing;
    this.doneButton.hidden = !this.editing;
    this.empty.hidden = this.items.length > 0;
    this.undoButton.disabled = !this.history.length && !pathDrawing;
    this.canvas.classList.toggle("map-drawing-mode", !!this.drawing);
    if (full && !this.drawing) {
      this.hint.textContent = this.fullMessage(layer);
    }
    this.write();
  }
}

if (L && L.PM) {
  for (const root of document.querySelectorAll(".map-question")) {
    root.mapQuestion = new MapQuestion(root);
  }
}
