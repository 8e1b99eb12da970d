// Help while writing Markdown: a toolbar above the text area and "@" suggestions of the
// circle's members. Both only add to the form: without this script the hint under the
// field says how to format, "Preview" shows the result, and "@username" typed by hand
// mentions just the same.
//
// The toolbar is in the page already (translated, hidden); this script shows it. The texts
// the suggestions speak come from its data attributes and are set as text, never as markup.
(function () {
  "use strict";

  // --- The toolbar --------------------------------------------------------------------

  function replaceSelection(area, start, end, text, selectFrom, selectTo) {
    area.focus();
    area.setSelectionRange(start, end);
    // insertText keeps the browser's undo history; setRangeText where it is not supported.
    var inserted = false;
    try {
      inserted = document.execCommand("insertText", false, text);
    } catch (error) {
      inserted = false;
    }
    if (!inserted) {
      area.setRangeText(text, start, end, "end");
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }
    area.setSelectionRange(start + selectFrom, start + selectTo);
  }

  function wrap(area, marker, placeholder) {
    var start = area.selectionStart;
    var end = area.selectionEnd;
    var chosen = area.value.slice(start, end) || placeholder;
    replaceSelection(
      area, start, end, marker + chosen + marker, marker.length, marker.length + chosen.length
    );
  }

  function link(area, placeholder) {
    var start = area.selectionStart;
    var end = area.selectionEnd;
    var chosen = area.value.slice(start, end) || placeholder;
    var address = "https://";
    var text = "[" + chosen + "](" + address + ")";
    // The address is what is left to type: the caret goes right after "https://".
    var caret = chosen.length + 3 + address.length;
    replaceSelection(area, start, end, text, caret, caret);
  }

  function prefixLines(area, prefix) {
    var value = area.value;
    var start = value.lastIndexOf("\n", area.selectionStart - 1) + 1;
    var end = area.selectionEnd;
    var lines = value.slice(start, end).split("\n");
    var text = lines.map(function (line) { return prefix + line; }).join("\n");
    // A list or quote is its own paragraph in Markdown: a blank line before it.
    var before = start > 0 && value.slice(0, start) && !/\n\n$/.test(value.slice(0, start)) ? "\n" : "";
    replaceSelection(area, start, end, before + text, before.length + text.length, before.length + text.length);
  }

  var ACTIONS = {
    bold: function (area, button) { wrap(area, "**", button.textContent.trim()); },
    italic: function (area, button) { wrap(area, "*", button.textContent.trim()); },
    link: function (area, button) { link(area, button.textContent.trim()); },
    list: function (area) { prefixLines(area, "- "); },
    quote: function (area) { prefixLines(area, "> "); }
  };

  function setUpToolbar(toolbar, area) {
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
    // One tab stop for the toolbar, arrows between its buttons (the ARIA toolbar pattern).
    buttons.forEach(function (button, index) { button.tabIndex = index === 0 ? 0 : -1; });
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-markdown-action]");
      if (button && ACTIONS[button.dataset.markdownAction]) {
        ACTIONS[button.dataset.markdownAction](area, button);
      }
    });
    toolbar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) {
        return;
      }
      var next = null;
      if (event.key === "ArrowRight") { next = (index + 1) % buttons.length; }
      if (event.key === "ArrowLeft") { next = (index - 1 + buttons.length) % buttons.length; }
      if (event.key === "Home") { next = 0; }
      if (event.key === "End") { next = buttons.length - 1; }
      if (next !== null) {
        event.preventDefault();
        buttons[index].tabIndex = -1;
        buttons[next].tabIndex = 0;
        buttons[next].focus();
      }
    });
    // Above the text area, under its label and hint, where the eye already is.
    area.parentNode.insertBefore(toolbar, area);
    toolbar.hidden = false;
  }

  // --- "@" suggestions ----------------------------------------------------------------

  // What is typed after an "@" at the start or after a space: part of a name or username.
  var TYPED_MENTION = /(?:^|[\s(])@([^\s@]{0,60})$/;

  function setUpMentions(area, texts) {
    var source = area.dataset.mentions;
    var listId = area.id + "-mentions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "lk-mentions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", texts.mentionsLabel || "");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "lk-visually-hidden";
    status.setAttribute("role", "status");
    area.after(list, status);
    area.setAttribute("aria-autocomplete", "list");
    area.setAttribute("aria-controls", listId);

    var options = [];
    var active = -1;
    var typed = null; // {start, prefix}: the "@..." being typed, where it starts
    var asked = 0;
    var timer = null;

    function close() {
      list.hidden = true;
      list.textContent = "";
      options = [];
      active = -1;
      area.removeAttribute("aria-activedescendant");
    }

    function activate(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        area.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        area.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var option = options[index];
      if (!option || !typed) {
        return;
      }
      var text = "@" + option.dataset.username + " ";
      var end = typed.start + 1 + typed.prefix.length;
      close();
      replaceSelection(area, typed.start, end, text, text.length, text.length);
      typed = null;
    }

    function show(results) {
      close();
      results.forEach(function (person, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.username = person.username;
        var name = document.createElement("span");
        name.textContent = person.name;
        var handle = document.createElement("span");
        handle.className = "meta";
        handle.textContent = " @" + person.username;
        option.append(name, handle);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the text area
          choose(index);
        });
        list.append(option);
        options.push(option);
      });
      list.hidden = options.length === 0;
      status.textContent = options.length ? texts.mentionsFound : texts.mentionsNone;
    }

    function lookUp() {
      var before = area.value.slice(0, area.selectionStart);
      var match = area.selectionStart === area.selectionEnd && TYPED_MENTION.exec(before);
      if (!match) {
        typed = null;
        close();
        return;
      }
      typed = { start: before.length - match[1].length - 1, prefix: match[1] };
      var ask = ++asked;
      fetch(source + "?q=" + encodeURIComponent(match[1]), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (ask === asked && typed) { // only the answer to the latest question counts
            show(data.results || []);
          }
        })
        .catch(close);
    }

    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookUp, 150);
    });
    area.addEventListener("blur", function () { setTimeout(close, 100); });
    area.addEventListener("keydown", function (event) {
      if (list.hidden || !options.length) {
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        activate((active + 1) % options.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        activate(active <= 0 ? options.length - 1 : active - 1);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        typed = null;
        close();
      }
    });
  }

  document.querySelectorAll("textarea[data-markdown]").forEach(function (area) {
    var toolbar = document.querySelector('[data-toolbar-for="' + area.id + '"]');
    if (toolbar) {
      setUpToolbar(toolbar, area);
    }
    if (area.dataset.mentions && window.fetch) {
      setUpMentions(area, toolbar ? toolbar.dataset : {});
    }
  });
})();
