// Draws a campaign's results across participants with ECharts (served by the portal itself).
// The numbers come from the page's own JSON and are also shown in the table next to the chart.
(function () {
  "use strict";
  var holder = document.getElementById("campaign-chart");
  var source = document.getElementById("campaign-chart-data");
  if (!holder || !source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var labels = JSON.parse(document.getElementById("campaign-chart-labels").textContent);
  var chart = echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    color: ["#b22222", "#1f4e79", "#c8a2c8"],
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 40, bottom: 64 },
    xAxis: { type: "category", data: data.names, axisLabel: { interval: 0, rotate: 20 } },
    yAxis: [
      { type: "value", name: labels.count, minInterval: 1 },
      { type: "value", name: labels.assets, position: "right" }
    ],
    series: [
      { name: labels.arrests_approved, type: "bar", data: data.arrests_approved },
      { name: labels.persons_prosecuted, type: "bar", data: data.persons_prosecuted },
      { name: labels.proceeds_recovered, type: "bar", yAxisIndex: 1, data: data.proceeds_recovered }
    ]
  });
  holder.dataset.rendered = "yes";
  window.addEventListener("resize", function () { chart.resize(); });
})();
