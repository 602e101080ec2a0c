// The portfolio report's charts and Print button. Data comes from a json_script block (the CSP
// forbids inline scripts).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
  const source = document.getElementById("portfolio-trends");
  if (!source || typeof Chart === "undefined") return;
  const trends = JSON.parse(source.textContent);
  const colours = ["#1f4e79", "#2e8b57", "#e0a800", "#6f42c1", "#dc3545"];
  const draw = (canvasId, datasets, precision) => {
    const canvas = document.getElementById(canvasId);
    if (!canvas || !trends.years.length) return;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: trends.years,
        datasets: datasets.map((dataset, index) => ({ ...dataset, backgroundColor: colours[index % colours.length] })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true, ticks: { precision } } },
      },
    });
  };
  draw("portfolio-trend-counts", trends.counts, 0); // counts: whole-number ticks
  draw("portfolio-trend-money", trends.money, undefined);
});
