// Draws every chart on the page from its JSON figure once plotly's script has loaded.
// The page is complete without this: each chart's numbers are also in a table.
(function () {
  "use strict";
  function draw() {
    if (!window.Plotly) { return; }
    document.querySelectorAll(".chart-plot[data-figure]").forEach(function (element) {
      var source = document.getElementById(element.dataset.figure);
      if (!source) { return; }
      var figure = JSON.parse(source.textContent);
      element.dataset.height = figure.layout.height;
      element.dataset.fontSize = figure.layout.font.size;
      element.dataset.printScale = (figure.layout.meta || {}).print_scale || PRINT_SCALE;
      var ticks = (figure.layout.xaxis || {}).tickfont || {};
      element.dataset.xTickSize = ticks.size || figure.layout.font.size;
      element.style.height = figure.layout.height + "px";
      var axes = xAxisLayouts(figure.layout);
      if (axes) {
        AXES.set(element, axes);
        // Drawn narrow from the start, so a phone never shows the crowded labels.
        if (isNarrow(element)) { Object.assign(figure.layout.xaxis, axes.narrowAxis); }
      }
      window.Plotly.newPlot(element, figure.data, figure.layout, {
        displayModeBar: false,
        responsive: true,
      }).then(function () {
        element.dataset.narrow = Boolean(axes && isNarrow(element));
        element.classList.add("chart-drawn");
        // For a page that sizes its charts itself (present.js).
        element.dispatchEvent(new CustomEvent("chartdrawn", { bubbles: true }));
      });
    });
  }
  // Narrower than this (a phone), a chart's x-axis takes the figure's meta.narrow_xaxis
  // settings (binghamton_safety/chart_frame.py): fewer, shorter, upright tick labels.
  var NARROW_WIDTH = 600;
  var AXES = new WeakMap();
  function isNarrow(element) { return element.clientWidth < NARROW_WIDTH; }
  // The relayouts to the narrow x-axis and back to the figure's own (null: plotly's default).
  function xAxisLayouts(layout) {
    var narrowAxis = (layout.meta || {}).narrow_xaxis;
    if (!narrowAxis) { return null; }
    var xaxis = layout.xaxis || (layout.xaxis = {});
    var axes = { narrowAxis: narrowAxis, narrow: {}, wide: {} };
    Object.keys(narrowAxis).forEach(function (key) {
      axes.narrow["xaxis." + key] = narrowAxis[key];
      axes.wide["xaxis." + key] = key in xaxis ? xaxis[key] : null;
    });
    return axes;
  }
  var printing = false;
  // Swaps each chart's x-axis when its width crosses NARROW_WIDTH (a phone turned round).
  function fitWidths() {
    if (printing) { return; }
    document.querySelectorAll(".chart-drawn").forEach(function (element) {
      var axes = AXES.get(element);
      var narrow = isNarrow(element);
      if (!axes || String(narrow) === element.dataset.narrow) { return; }
      element.dataset.narrow = narrow;
      window.Plotly.relayout(element, narrow ? axes.narrow : axes.wide);
    });
  }
  // Printing: draw each chart at the width of a US-letter page (7.5in of content at 96px
  // per inch), then let it fill the screen again afterwards.
  // Charts print at half their screen height so a council packet stays short, with
  // smaller text, so two-line bar labels still fit the shorter rows without touching.
  var PRINT_WIDTH = 720;
  var PRINT_SCALE = 0.5;
  var PRINT_FONT_SIZE = 11;
  // Twelve month names side by side in a half-page chart: small enough not to touch.
  var PAIR_TICK_SIZE = 8;
  function forPrint() {
    printing = true;
    document.querySelectorAll(".chart-drawn").forEach(function (element) {
      var height = Math.round(element.dataset.height * element.dataset.printScale);
      element.style.height = height + "px";
      // Charts in a .chart-pair print side by side, at half the width each.
      var paired = element.closest(".chart-pair");
      var fontSize = Math.min(PRINT_FONT_SIZE, Number(element.dataset.fontSize));
      // Paper is as wide as a laptop's screen: a chart drawn narrow prints wide.
      var axes = AXES.get(element);
      element.dataset.narrow = false;
      window.Plotly.relayout(element, Object.assign({
        width: paired ? PRINT_WIDTH / 2 - 10 : PRINT_WIDTH,
        height: height,
        autosize: false,
        "font.size": fontSize,
        "xaxis.tickfont.size": paired ? PAIR_TICK_SIZE : fontSize,
      }, axes ? axes.wide : {}));
    });
  }
  function forScreen() {
    printing = false;
    document.querySelectorAll(".chart-drawn").forEach(function (element) {
      element.style.height = element.dataset.height + "px";
      window.Plotly.relayout(element, {
        width: null,
        height: Number(element.dataset.height),
        autosize: true,
        "font.size": Number(element.dataset.fontSize),
        "xaxis.tickfont.size": Number(element.dataset.xTickSize),
      });
    });
  }
  window.addEventListener("beforeprint", forPrint);
  window.addEventListener("afterprint", function () { forScreen(); fitWidths(); });
  window.addEventListener("resize", fitWidths);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
