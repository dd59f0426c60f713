// Staff forms. Without JavaScript each still works: the error summary is at the top of the
// page, its links jump to the fields, and the server refuses a project of another area.
(function () {
  "use strict";

  // After a failed save, start at the list of problems (templates/includes/error_summary.html).
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    // A link to a field focuses it and shows its label, not only scrolls to it.
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.hash.slice(1));
      if (!field) return;
      event.preventDefault();
      var label = document.querySelector("label[for='" + field.id + "']");
      (label || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  // A select with data-follows="<id of another select>" lists only the options whose
  // data-area is the value chosen there (all of them while nothing is chosen), e.g. the
  // projects of the chosen funding area. Options without data-area always stay.
  Array.prototype.forEach.call(
    document.querySelectorAll("select[data-follows]"),
    function (select) {
      var leader = document.getElementById(select.dataset.follows);
      if (!leader) return;
      var options = Array.prototype.slice.call(select.options);
      function follow() {
        var chosen = select.value;
        select.replaceChildren.apply(
          select,
          options.filter(function (option) {
            var area = option.dataset.area;
            return !area || !leader.value || area === leader.value;
          })
        );
        select.value = chosen;
        if (select.selectedIndex === -1) select.value = "";
      }
      leader.addEventListener("change", follow);
      follow();
    }
  );
})();
