// Live monitor: one WebSocket to the studio, reconnecting with back-off; numbers update in place.
(function () {
  const list = document.getElementById("live");
  if (!list) return;
  const badge = document.getElementById("connection");
  const budget = parseFloat(list.dataset.budget || "0");
  let delay = 500;
  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}/ws/campaigns/${encodeURIComponent(list.dataset.campaign)}/live`);
    ws.onopen = () => { badge.textContent = "live"; badge.className = "badge status-running"; delay = 500; };
    ws.onmessage = (event) => {
      const data = JSON.parse(event.data);
      for (const el of list.querySelectorAll("[data-field]")) {
        const value = data[el.dataset.field];
        if (value === undefined) continue;
        el.textContent = el.dataset.field === "spent" ? `${value.toFixed(2)} ${list.dataset.currency}` : value.toLocaleString();
      }
      if (budget > 0) document.getElementById("live-burn").textContent = `${(100 * data.spent / budget).toFixed(1)} %`;
      const alerts = document.getElementById("alerts");
      if (alerts && Array.isArray(data.alerts)) {
        alerts.replaceChildren(...(data.alerts.length ? data.alerts : [{ severity: "none", message: "none" }]).map((a) => {
          const li = document.createElement("li");
          li.className = a.severity === "none" ? "muted" : `alert-${a.severity}`;
          li.textContent = a.severity === "none" ? a.message : `${a.severity}: ${a.message}`;
          return li;
        }));
      }
      list.dataset.updated = String(Date.now());
    };
    ws.onclose = () => {
      badge.textContent = "reconnecting…"; badge.className = "badge status-paused";
      setTimeout(connect, delay); delay = Math.min(delay * 2, 10000);
    };
  }
  connect();
})();
