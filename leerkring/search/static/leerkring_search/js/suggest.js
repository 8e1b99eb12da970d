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
    var addresses = {};  // title -> address of the suggestions shown now
    // Picking a suggestion from the list (not typing) opens that item: it is what was asked
    // for, and a search for its whole title would only list it among others. Browsers
    // report a pick as a replacement of the text, or as a plain event.
    function picked(event) {
      return !(window.InputEvent && event instanceof InputEvent) ||
        event.inputType === "insertReplacementText";
    }
    input.addEventListener("input", function (event) {
      var address = addresses[input.value];
      if (address && picked(event)) {
        window.location.assign(address);
        return;
      }
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
            addresses = {};
            data.suggestions.forEach(function (suggestion) {
              // Only addresses on this site ("/..."), never "//elsewhere".
              if (/^\/(?!\/)/.test(suggestion.url)) { addresses[suggestion.title] = suggestion.url; }
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
