// Long sections fold on phones: <details class="fold-narrow"> opens by itself on wider
// screens. The printed packet shows every section marked print-open, and folds them again
// afterwards.
(function () {
  "use strict";
  if (window.matchMedia("(min-width: 48rem)").matches) {
    document.querySelectorAll("details.fold-narrow").forEach(function (element) {
      element.open = true;
    });
  }
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.print-open:not([open])").forEach(function (element) {
      element.open = true;
      opened.push(element);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (element) { element.open = false; });
    opened = [];
  });
})();
