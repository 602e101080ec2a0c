// The dashboard's charts. Data comes from json_script blocks (the CSP forbids inline scripts).
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Chart === "undefined") return;
  const read = (id) => {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  };
  const draw = (canvasId, type, labels, datasets) => {
    const canvas = document.getElementById(canvasId);
    if (!canvas || !labels.length) return;
    new Chart(canvas, {
      type,
      data: { labels, datasets },
      options: { responsive: true, animation: false, plugins: { legend: { position: "bottom" } } },
    });
  };
  const trends = read("dashboard-trends");
  if (trends) {
    draw("trend-counts", "line", trends.years, trends.counts);
    draw("trend-money", "bar", trends.years, trends.money);
  }
  const byModel = read("dashboard-by-model");
  if (byModel && byModel.length) {
    const keys = ["publications", "disclosures", "licences_options"];
    const labels = { publications: "Publications", disclosures: "Disclosures", licences_options: "Licences and options" };
    draw(
      "by-model",
      "bar",
      byModel.map((row) => row.label),
      keys.map((key) => ({ label: labels[key], data: byModel.map((row) => row[key] || 0) })),
    );
  }
});
