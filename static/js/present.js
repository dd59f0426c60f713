// Presentation mode (/dashboard/present/): one screen at a time, moved through with the
// arrow keys, space (Shift+space back), PageUp/PageDown, Home/End and the Previous and
// Next buttons; Esc leaves to the dashboard with the same settings. The URL's fragment
// (#2) keeps the screen, so a reload stays put. Charts (drawn by charts.js) are redrawn
// to fill their screen, in type as large as the text's. Without this script the screens
// are sections one after another.
(function () {
  "use strict";
  var root = document.querySelector(".present");
  if (!root) { return; }
  var screens = Array.prototype.slice.call(root.querySelectorAll(".screen"));
  var controls = root.querySelector(".present-controls");
  var counter = root.querySelector("[data-counter]");
  var exit = root.querySelector(".present-exit");
  var current = 0;
  var STEPS = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 };
  // The chart's type, in the stylesheet's unit (--u: 1% of a 16:9 screen that fits the
  // window): the same as the text's, 29 px at 1920x1080.
  var CHART_FONT = 1.5;

  function unit() {
    return Math.min(window.innerWidth / 100, window.innerHeight * 1.78 / 100);
  }
  function fromHash() {
    var number = parseInt(window.location.hash.slice(1), 10);
    return number >= 1 && number <= screens.length ? number - 1 : 0;
  }
  // Redraws a chart at the size of its box on the screen, its type as large as the text's.
  function fit(element) {
    if (!window.Plotly || !element.classList.contains("chart-drawn")) { return; }
    element.style.height = "";
    var size = Math.round(CHART_FONT * unit());
    window.Plotly.relayout(element, {
      width: element.clientWidth,
      height: element.clientHeight,
      autosize: false,
      "font.size": size,
      "xaxis.tickfont.size": size,
      "yaxis.tickfont.size": size,
    });
  }
  function fitCharts() {
    screens[current].querySelectorAll(".chart-drawn").forEach(fit);
  }
  function show(index) {
    current = Math.max(0, Math.min(screens.length - 1, index));
    screens.forEach(function (screen, i) { screen.hidden = i !== current; });
    counter.textContent = (current + 1) + " of " + screens.length;
    if (window.location.hash !== "#" + (current + 1)) {
      window.history.replaceState(null, "", "#" + (current + 1));
    }
    fitCharts();
  }
  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target.closest("input, select, textarea, [contenteditable]")) { return; }
    if (event.key === "Escape") { window.location.href = exit.href; return; }
    // A focused button or link takes its own space and Enter.
    if ((event.key === " " || event.key === "Enter") && target.closest("button, a, summary")) { return; }
    var step = event.key === " " ? (event.shiftKey ? -1 : 1) : STEPS[event.key];
    if (event.key === "Home") { step = -screens.length; }
    if (event.key === "End") { step = screens.length; }
    if (!step) { return; }
    event.preventDefault();
    show(current + step);
  }

  // Charts are drawn while every screen shows (a hidden one has no size to draw in).
  function whenDrawn(callback) {
    var plots = document.querySelectorAll(".chart-plot[data-figure]").length;
    function ready() {
      return !window.Plotly || document.querySelectorAll(".chart-drawn").length >= plots;
    }
    if (ready()) { callback(); return; }
    document.addEventListener("chartdrawn", function onDrawn() {
      if (!ready()) { return; }
      document.removeEventListener("chartdrawn", onDrawn);
      callback();
    });
  }
  function start() {
    document.documentElement.classList.add("presenting");
    controls.hidden = false;
    show(fromHash());
  }

  controls.querySelectorAll("button[data-step]").forEach(function (button) {
    button.addEventListener("click", function () { show(current + Number(button.dataset.step)); });
  });
  document.addEventListener("keydown", onKey);
  window.addEventListener("hashchange", function () { show(fromHash()); });
  window.addEventListener("resize", fitCharts);
  whenDrawn(start);
})();
