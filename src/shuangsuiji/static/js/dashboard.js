/* 统计分析: draws each figure with the vendored ECharts (no CDN), this year beside last year.
 * The data comes from the page (json_script "dashboard-data"), prepared by the view. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") { return; }
  var charts = JSON.parse(source.textContent);
  // This year in full colour, last year in a lighter tint of the same. Measures that judge
  // (on time, late, overdue) keep their meaning's colour; the rest take the sequence.
  var current = ["#1a4f8b", "#2f8f4e", "#c98a00", "#b3261e"];
  var previous = ["#9db8d9", "#a9d5b5", "#ecd08a", "#e6a39e"];
  var meaning = {
    planned: ["#7a8da5", "#c9d2de"], running: ["#1a4f8b", "#9db8d9"],
    done: ["#2f8f4e", "#a9d5b5"], terminated: ["#5f6b7a", "#c4c9d0"],
    on_time: ["#2f8f4e", "#a9d5b5"], late: ["#c98a00", "#ecd08a"],
    overdue: ["#b3261e", "#e6a39e"], pending: ["#7a8da5", "#c9d2de"]
  };
  var font = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
  var instances = [];

  function option(spec) {
    var stacked = spec.chart === "stack";
    var ci = 0, pi = 0;
    var series = spec.series.map(function (s) {
      var color = s.current ? current[ci++ % current.length] : previous[pi++ % previous.length];
      if (stacked && meaning[s.measure]) { color = meaning[s.measure][s.current ? 0 : 1]; }
      return {
        type: "bar",
        name: s.name,
        data: s.data,
        stack: stacked ? String(s.year) : undefined,
        itemStyle: { color: color },
        barMaxWidth: 28,
        emphasis: { focus: "series" }
      };
    });
    var many = spec.categories.length > 6;
    return {
      textStyle: { fontFamily: font },
      animation: false,
      grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, type: "scroll", textStyle: { fontSize: 12 } },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: function (v) { return v == null ? "—" : v + (spec.percent ? "%" : ""); }
      },
      xAxis: {
        type: "category",
        data: spec.categories,
        axisLabel: { interval: 0, rotate: many ? 35 : 0, fontSize: 11, width: 90, overflow: "truncate" }
      },
      yAxis: {
        type: "value",
        minInterval: spec.percent ? 0 : 1,
        max: spec.percent ? 100 : null,
        axisLabel: { formatter: spec.percent ? "{value}%" : "{value}" }
      },
      series: series
    };
  }

  charts.forEach(function (spec) {
    var el = document.getElementById("chart-" + spec.key);
    if (!el) { return; }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option(spec));
    el.setAttribute("data-rendered", "1");
    instances.push(chart);
  });
  window.addEventListener("resize", function () {
    instances.forEach(function (c) { c.resize(); });
  });
  window.addEventListener("beforeprint", function () {
    instances.forEach(function (c) { c.resize(); });
  });
})();
