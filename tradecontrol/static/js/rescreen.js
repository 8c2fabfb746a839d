// Keeps a re-screening job's progress bar current by asking the API every second; when the job
// ends, reloads the page so the server shows the impact report.
document.addEventListener("DOMContentLoaded", function () {
  const box = document.querySelector("[data-rescreen-job]");
  if (!box) return;
  const running = (status) => status === "queued" || status === "running";
  if (!running(box.dataset.status)) return;
  const bar = box.querySelector("progress");
  const label = box.querySelector("[data-job-status]");
  const put = (selector, value) => {
    const element = box.querySelector(selector);
    if (element) element.textContent = value;
  };
  const tick = function () {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((job) => {
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
        put("[data-percent]", job.percent);
        put("[data-done]", job.parties_done);
        put("[data-total]", job.parties_total);
        if (!running(job.status)) {
          window.location.reload();
          return;
        }
        if (job.status !== box.dataset.status) {
          box.dataset.status = job.status;
          const text = label && label.getAttribute("data-label-" + job.status);
          if (text) {
            label.textContent = text;
            label.className = "status status-job-" + job.status;
          }
        }
        window.setTimeout(tick, 1000);
      })
      .catch(() => window.setTimeout(tick, 5000));
  };
  window.setTimeout(tick, 1000);
});
