// Arrange step: drag an idea card onto a theme to move it there. The same move is a plain
// form under each card (a select of themes and a button), which works without this script
// and without a mouse.

const board = document.querySelector("[data-move-url]");

if (board) {
  const url = board.dataset.moveUrl;
  const token = board.querySelector("input[name=csrfmiddlewaretoken]").value;
  const status = document.getElementById("arrange-status");

  async function move(card, zone) {
    const body = new URLSearchParams({ idea: card.dataset.idea, theme: zone.dataset.theme });
    const response = await fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": token, "X-Requested-With": "fetch" },
      body,
      credentials: "same-origin",
    });
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      zone.querySelector(".opera-cards").append(card);
      const select = card.querySelector("select");
      if (select) select.value = zone.dataset.theme;
      status.textContent = answer.message || "";
    } else {
      status.textContent = answer.error || response.statusText;
    }
  }

  board.addEventListener("dragstart", (event) => {
    const card = event.target.closest(".opera-card");
    if (!card) return;
    event.dataTransfer.setData("text/plain", card.dataset.idea);
    event.dataTransfer.effectAllowed = "move";
  });

  for (const zone of board.querySelectorAll(".opera-zone")) {
    zone.addEventListener("dragover", (event) => {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      zone.classList.add("opera-over");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("opera-over"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("opera-over");
      const card = board.querySelector(`.opera-card[data-idea="${event.dataTransfer.getData("text/plain")}"]`);
      if (card && card.closest(".opera-zone") !== zone) move(card, zone);
    });
  }
}
