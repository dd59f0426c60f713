// A long check shows that it runs: once a form is submitted, its submit button with
// data-busy-text says that text ("Checking the file…") and is disabled, so it cannot be
// pressed twice. Back to the page (from the browser's cache), the button is as it was.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var button = event.target.querySelector("button[data-busy-text]");
    if (!button || event.defaultPrevented) {
      return;
    }
    button.dataset.idleText = button.textContent;
    button.textContent = button.dataset.busyText;
    event.target.setAttribute("aria-busy", "true");
    // Disabled after the form has been sent: a disabled button is not part of it.
    window.setTimeout(function () { button.disabled = true; }, 0);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("button[data-busy-text][data-idle-text]").forEach(function (button) {
      button.textContent = button.dataset.idleText;
      button.disabled = false;
      button.form.removeAttribute("aria-busy");
    });
  });
})();
