// Deleting asks first. Without JavaScript the link opens a confirmation page; with it the
// question appears in place, beside what it is about, and "No" puts everything back.
// The question and the two answers come, already translated, from the data attributes of
// the nearest element that carries them (the list of replies, once for all its links);
// they are set as text, never as markup.
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : null;
  }

  function button(text, type) {
    var element = document.createElement("button");
    element.type = type;
    element.textContent = text;
    return element;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-confirm]");
    var token = csrfToken();
    if (!link || !token || !link.closest("[data-confirm-question]")) {
      return; // no token on the page: the confirmation page does the asking
    }
    event.preventDefault();
    var open = link.parentNode.querySelector("form[data-confirm-for]");
    if (open) {
      open.querySelector("button[type=button]").focus();
      return;
    }
    var form = document.createElement("form");
    form.method = "post";
    form.action = link.href;
    form.className = "confirm-inline";
    form.setAttribute("data-confirm-for", link.href);
    form.setAttribute("role", "group");
    var question = document.createElement("p");
    question.id = "confirm-" + Math.random().toString(36).slice(2);
    var texts = link.closest("[data-confirm-question]").dataset;
    question.textContent = texts.confirmQuestion;
    form.setAttribute("aria-labelledby", question.id);
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "csrfmiddlewaretoken";
    hidden.value = token;
    var yes = button(texts.confirmYes, "submit");
    var no = button(texts.confirmNo, "button");
    no.className = "button--secondary";
    no.addEventListener("click", function () {
      form.remove();
      link.hidden = false;
      link.focus();
    });
    form.append(question, hidden, yes, " ", no);
    link.hidden = true;
    link.after(form);
    no.focus(); // the safe answer first
  });
})();
