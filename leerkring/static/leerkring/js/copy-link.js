// A button beside a read-only link that copies it. Without JavaScript (or without the
// clipboard, which browsers give only to secure pages) the link is still there to select
// and copy by hand; focusing it selects it all. The button's words come, already
// translated, from the field's data attributes, and are set as text.
(function () {
  "use strict";

  function enhance(field) {
    field.addEventListener("focus", function () {
      field.select();
    });
    if (!navigator.clipboard || !window.isSecureContext) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button--secondary";
    button.textContent = field.getAttribute("data-copy-label");
    var status = document.createElement("span");
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = " " + field.getAttribute("data-copied-label");
      });
    });
    field.insertAdjacentElement("afterend", status);
    field.insertAdjacentElement("afterend", button);
  }

  document.querySelectorAll("input[data-copy-label]").forEach(enhance);
})();
