// Optional: show a question whose condition depends on an answer on the same page only
// while that answer is chosen. Without this script every such question is shown with
// its condition explained, and the server drops an answer whose condition does not hold.
const blocks = [...document.querySelectorAll("[data-show-if]")];

function chosen(form, name) {
  const values = new Set();
  for (const element of form.elements) {
    if (element.name !== name || element.closest("[hidden]")) continue;
    const ticked = element.type === "radio" || element.type === "checkbox";
    if (ticked ? element.checked : element.value) values.add(element.value);
  }
  return values;
}

function update() {
  // In page order, so a question hidden above hides the questions that depend on it.
  for (const block of blocks) {
    const form = block.closest("form");
    if (!form) continue;
    const got = chosen(form, block.dataset.showIf);
    const wanted = block.dataset.showValues.split(",");
    block.hidden = !wanted.some((value) => got.has(value));
  }
}

document.addEventListener("change", update);
update();
