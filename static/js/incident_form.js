// "Add another person" on the incident form. Without JavaScript the form still offers
// three empty rows per save; this only adds more rows from the formset's empty form.
(function () {
  "use strict";
  var button = document.getElementById("add-victim");
  var template = document.getElementById("victim-template");
  var rows = document.getElementById("victim-rows");
  var total = document.getElementById("id_victims-TOTAL_FORMS");
  if (!button || !template || !rows || !total) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var select = rows.lastElementChild.querySelector("select");
    if (select) select.focus();
  });
})();
