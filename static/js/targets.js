// Trend charts on the plan-target pages. The numbers are in the page's tables; a chart is extra.
// Each container names the json_script block holding {labels, values, target, unit, title}.
(function () {
  "use strict";

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-chart"));
    if (!source || typeof echarts === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var small = container.classList.contains("sparkline");
    container.hidden = false;
    var chart = echarts.init(container);
    var series = [{
      type: "line", data: data.values, connectNulls: true, symbolSize: small ? 3 : 6,
      name: data.title, lineStyle: { width: small ? 1.5 : 2 }
    }];
    series[0].markLine = {
      silent: true, symbol: "none", label: { show: !small, formatter: "目标 " + data.target + data.unit },
      lineStyle: { type: "dashed", color: "#c62828" }, data: [{ yAxis: data.target }]
    };
    chart.setOption({
      animation: false,
      grid: small ? { left: 2, right: 2, top: 4, bottom: 4 } : { left: 44, right: 16, top: 24, bottom: 32 },
      tooltip: small ? { show: false } : { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + data.unit; } },
      xAxis: { type: "category", data: data.labels, show: !small, boundaryGap: false },
      yAxis: { type: "value", show: !small, min: 0, axisLabel: { formatter: "{value}" + data.unit } },
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawAll() {
    var containers = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < containers.length; i++) {
      draw(containers[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
