// Optional: drag the key lessons into order; the buttons work without this.
(function () {
  var list = document.querySelector("[data-curation-featured]");
  var form = document.querySelector("[data-curation-reorder]");
  if (!list || !form) { return; }
  var dragged = null;
  list.addEventListener("dragstart", function (event) {
    dragged = event.target.closest("li");
    if (dragged) { dragged.classList.add("is-dragging"); }
  });
  list.addEventListener("dragover", function (event) {
    var over = event.target.closest("li");
    if (!dragged || !over || over === dragged) { return; }
    event.preventDefault();
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });
  list.addEventListener("dragend", function () {
    if (!dragged) { return; }
    dragged.classList.remove("is-dragging");
    dragged = null;
    var ids = Array.prototype.map.call(list.querySelectorAll("li[data-nomination]"), function (li) {
      return li.getAttribute("data-nomination");
    });
    form.querySelector("[name=order]").value = ids.join(",");
    form.submit();
  });
})();
