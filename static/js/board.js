// The board's few lines of behaviour: drag-and-drop through SortableJS, focus kept
// on the control a keyboard user pressed, and a spoken status after each change.
// Live updates from other people are boards/static/boards/live.js.
(function () {
  "use strict";

  function announce(text) {
    var status = document.getElementById("board-status");
    if (status) { status.textContent = text; }
  }

  function csrfToken() {
    var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    return headers["X-CSRFToken"];
  }

  var dragging = false;  // a card is in the air: live updates wait for the drop

  function initSortable(list) {
    if (list.dataset.sortable || !window.Sortable || !list.closest("[data-can-edit]")) { return; }
    list.dataset.sortable = "1";
    window.Sortable.create(list, {
      group: "touchpoints",
      filter: ".editing, button, input, textarea, select, a",
      preventOnFilter: false,
      animation: 120,
      forceFallback: true,  // pointer events, not native drag-and-drop: same on mouse, touch and pen
      fallbackOnBody: true,
      ghostClass: "sortable-ghost",
      onStart: function () { dragging = true; },
      onEnd: function (event) {
        dragging = false;  // live.js waits for this to apply what arrived meanwhile
        window.setTimeout(function () { document.dispatchEvent(new CustomEvent("board:idle")); }, 0);
        var card = event.item;
        var target = card.closest(".cards");
        if (event.from === event.to && event.oldIndex === event.newIndex) { return; }
        var previous = card.previousElementSibling;
        var values = { stage: target.dataset.stage, after: previous ? previous.dataset.id : "" };
        htmx.ajax("POST", card.querySelector("form.card-tools").getAttribute("action"), {
          source: card, swap: "none", values: values, headers: { "X-CSRFToken": csrfToken() }
        });
      }
    });
  }

  htmx.onLoad(function (root) {
    var lists = root.matches && root.matches(".cards") ? [root] : root.querySelectorAll(".cards");
    Array.prototype.forEach.call(lists, initSortable);
    Array.prototype.forEach.call(root.querySelectorAll ? root.querySelectorAll(".js-hidden") : [], function (el) {
      el.hidden = true;
    });
  });

  document.body.addEventListener("card-moved", function (event) {
    var detail = event.detail || {};
    var button = document.querySelector("#touchpoint-" + detail.card + ' button[value="' + detail.direction + '"]');
    if (button) { button.focus(); }
    var title = document.getElementById("touchpoint-" + detail.card + "-title");
    var stage = button && button.closest(".stage").querySelector("h2");
    if (title && stage) { announce(title.textContent + " → " + stage.textContent); }
  });

  document.body.addEventListener("board-error", function (event) {
    var errors = (event.detail && event.detail.errors) || {};
    var messages = [];
    Object.keys(errors).forEach(function (field) {
      errors[field].forEach(function (error) { messages.push(error.message); });
    });
    announce(messages.join(" "));
    window.alert(messages.join("\n"));
  });

  // What boards/static/boards/live.js (live updates) needs of the board.
  window.journeyBoard = {
    announce: announce,
    csrfToken: csrfToken,
    initSortable: initSortable,
    isDragging: function () { return dragging; }
  };
})();
