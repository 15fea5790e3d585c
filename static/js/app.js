// Beteiligung: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Move the focus to the error summary so screen readers announce it and keyboard users
  // start there; its links lead to each field (GOV.UK pattern).
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    focusErrorSummary(event.target);
  });

  // A link in the error summary focuses its field (the browser only scrolls to it).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  });
})();
