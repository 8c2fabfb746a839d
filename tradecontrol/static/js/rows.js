// Adds and removes goods/party rows in Django formsets without a front-end build.
document.addEventListener("click", function (event) {
  const add = event.target.closest("[data-add-row]");
  if (add) {
    event.preventDefault();
    const prefix = add.dataset.addRow;
    const total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    const template = document.getElementById(prefix + "-empty");
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, index).replace(/__number__/g, index + 1);
    const rows = document.getElementById(prefix + "-rows");
    rows.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    const first = rows.lastElementChild.querySelector(".grid input, .grid select, .grid textarea");
    if (first) { first.focus(); }
    return;
  }
  const remove = event.target.closest("[data-remove-row]");
  if (remove) {
    event.preventDefault();
    const row = remove.closest(".row");
    const box = row.querySelector("input[type=checkbox][name$='-DELETE']");
    if (box) {
      box.checked = !box.checked;
      row.classList.toggle("removed", box.checked);
      remove.textContent = box.checked ? remove.dataset.restoreLabel : remove.dataset.removeLabel;
    }
  }
});
