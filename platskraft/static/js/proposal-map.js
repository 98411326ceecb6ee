// Marks the place of a proposal on a Leaflet map. The map is an extra: the same point can
// be typed as coordinates, and a place name can be written instead. Without JavaScript
// the map stays hidden and the form works with the text fields alone.
const picker = document.getElementById("place-picker");
const el = document.getElementById("proposal-place-map");
const latInput = document.getElementById("id_latitude");
const lonInput = document.getElementById("id_longitude");

if (picker && el && latInput && lonInput && window.L) {
  const L = window.L;
  picker.hidden = false;
  const status = document.getElementById("place-status");
  const removeButton = document.getElementById("remove-point");
  const map = L.map(el, { scrollWheelZoom: false });
  el.setAttribute("role", "application");
  el.setAttribute("aria-label", el.dataset.label);
  L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.attribution, maxZoom: 19 }).addTo(map);

  let marker = null;
  const round = (value) => Math.round(value * 1e6) / 1e6;
  const announce = (text) => {
    if (status) status.textContent = text;
  };

  function show(lat, lon) {
    const latlng = [lat, lon];
    if (marker) {
      marker.setLatLng(latlng);
    } else {
      marker = L.circleMarker(latlng, {
        radius: 9,
        color: "#143a5a",
        weight: 3,
        fillColor: "#ffbf47",
        fillOpacity: 0.9,
      }).addTo(map);
      marker.bindTooltip(el.dataset.markerLabel || "");
    }
    removeButton.disabled = false;
  }

  function place(latlng) {
    const lat = round(latlng.lat);
    const lon = round(((latlng.lng + 540) % 360) - 180);
    latInput.value = lat;
    lonInput.value = lon;
    show(lat, lon);
    announce(`${el.dataset.placed} (${lat}, ${lon})`);
  }

  function clear() {
    if (marker) {
      map.removeLayer(marker);
      marker = null;
    }
    latInput.value = "";
    lonInput.value = "";
    removeButton.disabled = true;
    announce(el.dataset.removed);
  }

  const start = () => {
    const lat = parseFloat(latInput.value);
    const lon = parseFloat(lonInput.value);
    return Number.isFinite(lat) && Number.isFinite(lon) ? [lat, lon] : null;
  };

  const initial = start();
  const centre = el.dataset.centre ? el.dataset.centre.split(",").map(Number) : [62.5, 16.5];
  if (initial) {
    map.setView(initial, 15);
    show(initial[0], initial[1]);
  } else {
    map.setView(centre, el.dataset.centre ? 12 : 5);
    removeButton.disabled = true;
  }

  map.on("click", (event) => place(event.latlng));
  // Keyboard: Leaflet moves the map with the arrow keys; Enter or Space marks the middle.
  el.addEventListener("keydown", (event) => {
    if (event.target !== el) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      place(map.getCenter());
    }
  });
  removeButton.addEventListener("click", () => {
    clear();
    el.focus();
  });
  // Coordinates typed by hand move the mark.
  const typed = () => {
    const point = start();
    if (point && Math.abs(point[0]) <= 90 && Math.abs(point[1]) <= 180) {
      show(point[0], point[1]);
      map.setView(point, Math.max(map.getZoom(), 13));
    } else if (!latInput.value && !lonInput.value && marker) {
      map.removeLayer(marker);
      marker = null;
      removeButton.disabled = true;
    }
  };
  latInput.addEventListener("change", typed);
  lonInput.addEventListener("change", typed);
}
