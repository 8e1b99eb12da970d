// Suggest titles while typing in a search box that has data-suggest-url and a <datalist>.
// Without this script the box is a plain search form, which is all that is needed.
(function () {
  "use strict";
  var DELAY = 200;
  document.querySelectorAll("input[data-suggest-url][list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list || !window.fetch) { return; }
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || text === last) { return; }
      timer = setTimeout(function () {
        last = text;
        fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(text), {
          headers: { "Accept": "application/json" },
          credentials: "same-origin"
        })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            list.replaceChildren();
            data.suggestions.forEach(function (suggestion) {
              var option = document.createElement("option");
              option.value = suggestion.title;
              option.label = suggestion.type;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are a convenience; the form still works */ });
      }, DELAY);
    });
  });
})();
