// OPERA live pages: a countdown for the step timer, and polls that wait while someone types.
//
// The page polls its status address with htmx every two seconds. A poll that would
// replace a form the participant has started filling in (or is in) is skipped, so
// nothing typed is lost; the next poll after sending catches up.

function unsent(root) {
  for (const field of root.querySelectorAll("input, textarea, select")) {
    if (field.type === "hidden" || field.type === "submit") continue;
    if (field.type === "checkbox" || field.type === "radio") {
      if (field.checked !== field.defaultChecked) return true;
    } else if (field.value !== field.defaultValue) {
      return true;
    }
  }
  const active = document.activeElement;
  return Boolean(active && root.contains(active) && active.matches("input, textarea, select"));
}

document.body.addEventListener("htmx:beforeRequest", (event) => {
  const elt = event.detail.elt;
  if (elt && elt.matches("[data-poll-guard], #opera-task") && unsent(elt)) {
    event.preventDefault();
  }
});

function tick() {
  const now = Date.now();
  for (const span of document.querySelectorAll("[data-seconds]")) {
    if (!span.dataset.deadline) {
      span.dataset.deadline = String(now + Number(span.dataset.seconds) * 1000);
    }
    const left = Math.max(0, Math.round((Number(span.dataset.deadline) - now) / 1000));
    const minutes = Math.floor(left / 60);
    const seconds = String(left % 60).padStart(2, "0");
    span.textContent = `${minutes}:${seconds}`;
    span.classList.toggle("opera-time-up", left === 0);
  }
}

tick();
setInterval(tick, 1000);
