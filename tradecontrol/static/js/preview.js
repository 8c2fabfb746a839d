// Shows which determination rules apply while the exporter fills in the application form.
(function () {
  const panel = document.getElementById("preview");
  const form = panel && panel.closest("main").querySelector("form");
  if (!panel || !form) return;
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const labels = window.previewLabels || {};
  let timer = null;

  function rows(prefix, fields) {
    const total = parseInt(form.querySelector("#id_" + prefix + "-TOTAL_FORMS").value, 10);
    const out = [];
    for (let i = 0; i < total; i++) {
      const removed = form.querySelector("[name=" + prefix + "-" + i + "-DELETE]");
      if (removed && removed.checked) continue;
      const row = {};
      fields.forEach(function (f) {
        const input = form.querySelector("[name=" + prefix + "-" + i + "-" + f + "]");
        row[f] = input ? input.value : "";
      });
      out.push(row);
    }
    return out;
  }

  function fill(list, items) {
    list.replaceChildren();
    items.forEach(function (text) {
      const li = document.createElement("li");
      li.textContent = text;
      list.appendChild(li);
    });
  }

  function refresh() {
    const body = {
      destination_country: form.querySelector("[name=destination_country]").value,
      end_use_category: form.querySelector("[name=end_use_category]").value,
      goods: rows("goods", ["description", "control_code", "hs_code"]),
    };
    fetch(panel.dataset.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
      credentials: "same-origin",
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      const show = data && data.outcome;
      panel.querySelector("[data-preview-empty]").hidden = !!show;
      panel.querySelector("[data-preview-body]").hidden = !show;
      if (!show) return;
      panel.querySelector("[data-preview-outcome]").textContent = labels[data.outcome] || data.outcome;
      panel.querySelector("[data-preview-group]").textContent = (labels.group || "Group") + ": " + data.destination_group;
      fill(panel.querySelector("[data-preview-rules]"), data.rules.map(function (r) { return r.code + ": " + r.text; }));
      fill(panel.querySelector("[data-preview-notes]"), data.notes);
    }).catch(function () {});
  }

  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(refresh, 400); });
  form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(refresh, 100); });
  refresh();
})();
