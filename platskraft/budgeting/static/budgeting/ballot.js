// The ballot's running total: money left (knapsack), projects chosen (at most k) or points
// left (cumulative), read out politely. A choice that would go over the budget or the
// number of projects is undone at once with a message that says why, and projects that
// no longer fit are marked, with a note the box is described by. (The boxes stay
// operable rather than disabled, so that everyone can reach them and learn why.) The server checks the ballot again; without JavaScript the
// ballot works the same, only without the running total.
const form = document.getElementById("ballot");

function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));
}

if (form) {
  const data = form.dataset;
  const lang = document.documentElement.lang || "sv";
  const numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const money = (amount) => fill(data.textMoney, { amount: numbers.format(amount) });
  const status = document.getElementById("ballot-status");
  const block = document.getElementById("ballot-block");
  const budget = Number(data.budget) || 0;
  const max = Number(data.max) || 0;
  const points = Number(data.points) || 0;
  const boxes = [...form.querySelectorAll("input[type=checkbox][name=project]")];
  const pointInputs = [...form.querySelectorAll("input[type=number]")];

  const say = (text) => {
    block.textContent = text;
  };

  const spent = () => boxes.filter((b) => b.checked).reduce((sum, b) => sum + Number(b.dataset.cost), 0);
  const chosen = () => boxes.filter((b) => b.checked).length;

  function mark() {
    const left = budget - spent();
    for (const box of boxes) {
      const item = box.closest(".ballot-item");
      item.classList.toggle("is-chosen", box.checked);
      const tooDear = data.kind === "knapsack" && !box.checked && Number(box.dataset.cost) > left;
      const full = data.kind !== "cumulative" && max && !box.checked && chosen() >= max;
      item.classList.toggle("does-not-fit", Boolean(tooDear || full));
      const note = document.getElementById(`note-${box.value}`);
      if (note) note.textContent = tooDear ? data.textTooDear : "";
    }
  }

  function update() {
    if (data.kind === "knapsack") {
      status.textContent = fill(data.textLeft, { left: money(budget - spent()), budget: money(budget) });
    } else if (data.kind === "k_approval") {
      status.textContent = fill(data.textCountMax, { count: chosen(), max });
    } else {
      const used = pointInputs.reduce((sum, input) => sum + (Math.max(0, Math.floor(Number(input.value))) || 0), 0);
      status.textContent = fill(data.textPoints, { left: points - used, points });
      say(used > points ? fill(data.textPointsOver, { over: used - points }) : "");
      for (const input of pointInputs) {
        input.closest(".ballot-item").classList.toggle("is-chosen", Number(input.value) > 0);
      }
    }
    mark();
  }

  for (const box of boxes) {
    box.addEventListener("change", () => {
      if (!box.checked) {
        say("");
        update();
        return;
      }
      const cost = Number(box.dataset.cost);
      const left = budget - (spent() - cost);
      if (data.kind === "knapsack" && cost > left) {
        box.checked = false;
        say(fill(data.textBlocked, { title: box.dataset.title, cost: money(cost), left: money(left) }));
      } else if (max && chosen() > max) {
        box.checked = false;
        say(fill(data.textMaxBlocked, { max, title: box.dataset.title }));
      } else {
        say("");
      }
      update();
    });
  }
  for (const input of pointInputs) input.addEventListener("input", update);
  update();
}
