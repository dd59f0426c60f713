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
      element.style.height = figure.layout.height + "px";
      window.Plotly.newPlot(element, figure.data, figure.layout, {
        displayModeBar: false,
        responsive: true,
      }).then(function () { element.classList.add("chart-drawn"); });
    });
  }
  // Printing: draw each chart at the width of a US-letter page (7.5in of content at 96px
  // per inch), then let it fill the screen again afterwards.
  // Charts print at 60% of their screen height so a council packet stays short.
  var PRINT_WIDTH = 720;
  var PRINT_SCALE = 0.6;
  function forPrint() {
    document.querySelectorAll(".chart-drawn").forEach(function (element) {
      var height = Math.round(element.dataset.height * PRINT_SCALE);
      element.style.height = height + "px";
      // Charts in a .chart-pair print side by side, at half the width each.
      var width = element.closest(".chart-pair") ? PRINT_WIDTH / 2 - 10 : PRINT_WIDTH;
      window.Plotly.relayout(element, { width: width, height: height, autosize: false });
    });
  }
  function forScreen() {
    document.querySelectorAll(".chart-drawn").forEach(function (element) {
      element.style.height = element.dataset.height + "px";
      window.Plotly.relayout(element, { width: null, height: Number(element.dataset.height), autosize: true });
    });
  }
  window.addEventListener("beforeprint", forPrint);
  window.addEventListener("afterprint", forScreen);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
