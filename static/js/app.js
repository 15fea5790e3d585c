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

  // Multiple choice with an answer that stands alone ("Nichts davon"): ticking it unticks
  // the others, ticking another unticks it. Without JavaScript the server explains instead.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.checked || box.type !== "checkbox" || !box.form) {
      return;
    }
    var alone = box.hasAttribute("data-exclusive");
    var boxes = box.form.querySelectorAll("input[type='checkbox']");
    for (var i = 0; i < boxes.length; i++) {
      var other = boxes[i];
      if (other !== box && other.name === box.name && other.checked &&
          (alone || other.hasAttribute("data-exclusive"))) {
        other.checked = false;
      }
    }
  }, true); // capture: before htmx reads the form for the questions' update

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
