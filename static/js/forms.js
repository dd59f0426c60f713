// Staff forms. Without JavaScript each still works: the error summary is at the top of the
// page, its links jump to the fields, and the server refuses a project of another area
// or an award of another project.
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
  // data-area is the value chosen there (all of them while nothing is chosen, or none with
  // data-follows-empty="none"), e.g. the projects of the chosen funding area, the awards of
  // the chosen project. Options without data-area always stay. A choice the new list
  // lacks is cleared, and the change passes on to a select that follows this one.
  Array.prototype.forEach.call(
    document.querySelectorAll("select[data-follows]"),
    function (select) {
      var leader = document.getElementById(select.dataset.follows);
      if (!leader) return;
      var options = Array.prototype.slice.call(select.options);
      var noneUntilChosen = select.dataset.followsEmpty === "none";
      function follow() {
        var chosen = select.value;
        select.replaceChildren.apply(
          select,
          options.filter(function (option) {
            var area = option.dataset.area;
            if (!area) return true;
            return leader.value ? area === leader.value : !noneUntilChosen;
          })
        );
        select.value = chosen;
        if (select.selectedIndex === -1) select.value = "";
        if (select.value !== chosen) {
          select.dispatchEvent(new Event("change"));
        }
      }
      leader.addEventListener("change", follow);
      follow();
    }
  );
})();
