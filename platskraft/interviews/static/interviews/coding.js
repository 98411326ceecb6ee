// Coding a passage by selecting it in the notes: the selection's character positions
// (counted in code points, as the server counts them) and its text go into the coding
// form's fields. Without this script the official pastes the passage or types positions.

const notes = document.querySelector("[data-coding-notes]");
const form = document.getElementById("coding-form");

function position(container, offset) {
  const range = document.createRange();
  range.setStart(notes, 0);
  range.setEnd(container, offset);
  return Array.from(range.toString()).length;
}

function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));
}

if (notes && form) {
  const { start, end, text } = form.elements;
  const status = document.getElementById("selection-status");

  const take = () => {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    if (!notes.contains(range.startContainer) || !notes.contains(range.endContainer)) return;
    const from = position(range.startContainer, range.startOffset);
    const to = position(range.endContainer, range.endOffset);
    if (to <= from) return;
    start.value = String(from);
    end.value = String(to);
    text.value = range.toString();
    if (status) status.textContent = format(status.dataset.selected, { start: from, end: to });
  };

  let pending = 0;
  document.addEventListener("selectionchange", () => {
    window.clearTimeout(pending);
    pending = window.setTimeout(take, 120);
  });
  notes.addEventListener("mouseup", take);
  notes.addEventListener("keyup", take);
  // Typing a passage by hand: the positions no longer belong to it.
  text.addEventListener("input", () => {
    start.value = "";
    end.value = "";
  });
}
