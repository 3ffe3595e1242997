// The board's behaviour: the side panel where cards, stages, cells and lanes open (Esc closes it and
// gives focus back), moving around the grid with the keyboard (one Tab stop, then arrow keys),
// moving cards by keyboard and by drag-and-drop (SortableJS), compact density, collapsed stages,
// and one stage at a time on a phone. Live updates from other people are boards/static/boards/live.js.
(function () {
  "use strict";

  var journeyId = (document.getElementById("board-body") || {}).dataset;
  journeyId = journeyId ? journeyId.journey : "";

  function announce(text) {
    var status = document.getElementById("board-status");
    if (status) { status.textContent = text; }
  }

  function csrfToken() {
    var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    return headers["X-CSRFToken"];
  }

  function grid() { return document.getElementById("board"); }

  // ---- The side panel ----

  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  var returnFocus = null;  // the id of what opened the panel, to go back to

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target && target.id === "panel-body" && panel && !panel.open) {
      var opener = event.detail.elt;
      returnFocus = opener && (opener.id || (opener.closest("[id]") || {}).id) || null;
    }
  });

  // After the settle, not the swap: htmx focuses an [autofocus] field when it settles, and a focus
  // moved earlier would be taken away from whoever started typing elsewhere meanwhile.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    // (The event fires on each element swapped, out-of-band ones too; `detail.target` is the request's.)
    if (!panel || event.target !== panelBody) { return; }
    // A write that went through answers with nothing to swap (its changes come out of band) and closes the panel.
    if (event.detail.xhr && event.detail.xhr.getResponseHeader("HX-Reswap") === "none") { return; }
    // Closed (Esc) between the swap and the settle: its body was emptied, and it stays closed.
    if (!panelBody.firstElementChild) { return; }
    if (!panel.open) { panel.showModal(); }
    panel.dataset.card = panelBody.querySelector("form[action*='/touchpoints/'][action$='/edit/']") ? cardOf(panelBody) : "";
    // A move made from the panel redraws it: the focus stays on the button pressed, for the next step.
    var pressed = panel.dataset.pressed ? panelBody.querySelector(panel.dataset.pressed) : null;
    panel.dataset.pressed = "";
    var first = pressed || panelBody.querySelector("[autofocus]") || panelBody.querySelector("#panel-title");
    if (first) {
      if (!first.hasAttribute("tabindex") && first.id === "panel-title") { first.setAttribute("tabindex", "-1"); }
      first.focus();
    }
    document.dispatchEvent(new CustomEvent("board:panel"));
  });

  function cardOf(root) {
    var form = root.querySelector("form[action$='/edit/']");
    var match = form && form.getAttribute("action").match(/touchpoints\/(\d+)\/edit/);
    return match ? match[1] : "";
  }

  function closePanel() { if (panel && panel.open) { panel.close(); } }

  if (panel) {
    panel.addEventListener("click", function (event) {
      var move = event.target.closest("button[name='direction']");
      if (move) { panel.dataset.pressed = "button[name='direction'][value='" + move.value + "']"; }
      var closer = event.target.closest("[data-close-panel]");
      if (!closer) { return; }
      var card = (closer.getAttribute("href") || "").match(/^#touchpoint-(\d+)$/);
      if (card) { event.preventDefault(); returnFocus = "touchpoint-" + card[1]; }
      closePanel();
    });
    panel.addEventListener("close", function () {
      panelBody.textContent = "";
      panel.dataset.card = "";
      var target = returnFocus && focusable(returnFocus);
      if (target) { focusItem(target); }
      returnFocus = null;
      document.dispatchEvent(new CustomEvent("board:panel"));
    });
  }

  document.body.addEventListener("panel-close", function (event) {
    var detail = event.detail || {};
    if (detail.focus) { returnFocus = detail.focus; }
    closePanel();
    if (detail.announce) { announce(detail.announce); }
  });

  // ---- Moving around the grid: one Tab stop, then arrow keys ----

  function rowsOf(table) { return Array.prototype.slice.call(table.querySelectorAll(":scope > .grid-row")); }
  function cellsOf(row) {
    return Array.prototype.filter.call(row.children, function (cell) {
      return !cell.classList.contains("lane-label") && !cell.classList.contains("off");
    });
  }
  // What the arrow keys stop at in a cell: what is shown of it (a folded stage shows only its name;
  // an empty or folded cell is a stop itself).
  function itemsOf(cell) {
    var selector = cell.classList.contains("stage-head")
      ? "h2, summary, [data-collapse], a[hx-get]"  // its name, then (with ↓) its questions, collapse, edit
      : "li.touchpoint > a, .cell-rollup a, .lane-link, .add-card, .edit-cell";
    return Array.prototype.filter.call(cell.querySelectorAll(selector), function (el) { return el.getClientRects().length > 0; });
  }


  function focusItem(element) {
    var table = grid();
    if (!table || !table.contains(element)) { element.focus(); return; }
    element.focus();
    if (document.activeElement !== element) { return; }  // hidden (a folded stage): keep the Tab stop where it was
    Array.prototype.forEach.call(table.querySelectorAll("[tabindex='0']"), function (el) { el.setAttribute("tabindex", "-1"); });
    element.setAttribute("tabindex", "0");
    element.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  // What takes the focus for an element id: a card's title link for the card's id.
  function focusable(id) {
    var element = document.getElementById(id);
    return element && element.matches("li.touchpoint") ? element.querySelector(":scope > a") : element;
  }

  function cellOf(element) { return element.closest(".cell, .stage-head"); }

  // One Tab stop into the grid: everything in it that could take focus is reached with the arrows instead.
  function ensureTabStop() {
    var table = grid();
    if (!table) { return; }
    Array.prototype.forEach.call(table.querySelectorAll(".cell, a, button, summary"), function (el) {
      if (!el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "-1"); }
    });
    if (table.querySelector("[tabindex='0']")) { return; }
    var first = table.querySelector("li.touchpoint > a") || table.querySelector(".stage-head h2");
    if (first) { first.setAttribute("tabindex", "0"); }
  }

  function target(from, rowStep, colStep, edge) {
    var table = grid();
    var cell = cellOf(from);
    var row = cell.parentElement;
    var rows = rowsOf(table);
    var r = rows.indexOf(row);
    var cells = cellsOf(row);
    var c = cells.indexOf(cell);
    var items = itemsOf(cell);
    var k = items.indexOf(from);
    if (rowStep && k !== -1 && items[k + rowStep]) { return items[k + rowStep]; }
    if (edge !== undefined) { c = edge === "start" ? 0 : cells.length - 1; }
    else { c += colStep; r += rowStep; }
    row = rows[r];
    if (!row) { return null; }
    cells = cellsOf(row);
    var next = cells[Math.max(0, Math.min(c, cells.length - 1))];
    if (!next) { return null; }
    var nextItems = itemsOf(next);
    if (!nextItems.length) { return next; }
    if (colStep && k >= 0) { return nextItems[Math.min(k, nextItems.length - 1)]; }
    return rowStep < 0 ? nextItems[nextItems.length - 1] : nextItems[0];
  }

  var MOVES = { ArrowUp: "up", ArrowDown: "down", ArrowLeft: "previous", ArrowRight: "next" };

  document.addEventListener("keydown", function (event) {
    var table = grid();
    var from = document.activeElement;
    if (!table || !from || !table.contains(from) || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var card = from.closest("li.touchpoint");
    if (event.shiftKey && card && MOVES[event.key]) {
      if (table.closest("[data-can-edit]")) { moveCard(card, MOVES[event.key]); }
      event.preventDefault();
      return;
    }
    var next = null;
    if (event.key === "ArrowRight") { next = target(from, 0, 1); }
    else if (event.key === "ArrowLeft") { next = target(from, 0, -1); }
    else if (event.key === "ArrowDown") { next = target(from, 1, 0); }
    else if (event.key === "ArrowUp") { next = target(from, -1, 0); }
    else if (event.key === "Home") { next = target(from, 0, 0, "start"); }
    else if (event.key === "End") { next = target(from, 0, 0, "end"); }
    else if (event.key === "Enter" && from.classList.contains("cell")) {
      var action = from.querySelector(".edit-cell, .add-card, .lane-link");
      if (action) { action.click(); event.preventDefault(); }
      return;
    } else if (event.key === "Enter" && from.matches(".stage-head h2")) {
      var edit = from.closest(".stage-head").querySelector("a[hx-get]");
      if (edit) { edit.click(); event.preventDefault(); }
      return;
    } else { return; }
    event.preventDefault();
    if (next) { focusItem(next); }
  });

  document.addEventListener("focusin", function (event) {
    var table = grid();
    if (table && table.contains(event.target) && event.target.getAttribute("tabindex") !== "0") {
      Array.prototype.forEach.call(table.querySelectorAll("[tabindex='0']"), function (el) { el.setAttribute("tabindex", "-1"); });
      event.target.setAttribute("tabindex", "0");
    }
  });

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    // A card's title opens it beside the map (without JavaScript the link opens its page).
    var title = event.target.closest("li.touchpoint > a");
    if (title) {
      event.preventDefault();
      htmx.ajax("GET", title.getAttribute("href"), { source: title, target: "#panel-body" });
      return;
    }
    // Roll-up items name a card: go to it.
    var item = event.target.closest(".cell-rollup a[href^='#touchpoint-']");
    if (item) {
      var card = focusable(item.getAttribute("href").slice(1));
      if (card) { event.preventDefault(); focusItem(card); }
    }
  });

  // "touchpoint-12", or "touchpoint-12-<row>" for a card's copy in another persona's row.
  function cardId(card) { return card.id.match(/^touchpoint-(\d+)/)[1]; }

  function moveUrl(card) {
    return document.getElementById("board-body").dataset.moveUrl.replace("/0/", "/" + cardId(card) + "/");
  }

  function moveCard(card, direction) {
    htmx.ajax("POST", moveUrl(card), {
      source: card, swap: "none", values: { direction: direction }, headers: { "X-CSRFToken": csrfToken() }
    });
  }

  document.body.addEventListener("card-moved", function (event) {
    var detail = event.detail || {};
    var title = focusable("touchpoint-" + detail.card);
    if (!title) { return; }
    focusItem(title);
    var head = document.getElementById("stage-" + cellOf(title).dataset.stage + "-name");
    if (head) { announce(title.textContent + " → " + head.textContent); }
  });

  document.body.addEventListener("stage-moved", function (event) {
    var heading = document.getElementById("stage-" + (event.detail || {}).stage + "-name");
    if (heading) { focusItem(heading); announce(heading.textContent); }
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

  // ---- Undo after a delete ----
  // The toast itself (its timer, Esc) is app.js's. When Esc closes it with the focus inside, the
  // focus goes back to the grid; after an undo, what came back takes the focus.

  document.body.addEventListener("undo-toast-closed", function (event) {
    var stop = event.detail.hadFocus && grid() && grid().querySelector("[tabindex='0']");
    if (stop) { event.preventDefault(); stop.focus(); }
  });

  document.body.addEventListener("undo-done", function (event) {
    var back = focusable((event.detail || {}).focus || "");
    if (back) { focusItem(back); }
  });

  // ---- Drag and drop ----

  var dragging = false;  // a card is in the air: live updates wait for the drop

  function initSortable(list) {
    if (list.dataset.sortable || !window.Sortable || !list.closest("[data-can-edit]")) { return; }
    list.dataset.sortable = "1";
    window.Sortable.create(list, {
      group: list.dataset.group || "touchpoints",
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
        var values = { stage: target.dataset.stage, after: previous ? cardId(previous) : "" };
        if (target.dataset.channel) { values.channel = target.dataset.channel; }
        htmx.ajax("POST", moveUrl(card), {
          source: card, swap: "none", values: values, headers: { "X-CSRFToken": csrfToken() }
        });
      }
    });
  }

  // ---- View: density, collapsed stages, one stage at a time on a phone ----

  var store = window.localStorage;
  function read(key, fallback) { try { return JSON.parse(store.getItem(key)) || fallback; } catch (error) { return fallback; } }
  function write(key, value) { try { store.setItem(key, JSON.stringify(value)); } catch (error) { /* private mode */ } }
  var collapsedKey = "jb:collapsed:" + journeyId;
  var phone = window.matchMedia("(max-width: 720px)");
  var phoneStage = 0;

  function stageIds(table) {
    return Array.prototype.map.call(table.querySelectorAll(".grid-head .stage-head"), function (head) { return head.dataset.stage; });
  }

  function applyView() {
    var table = grid();
    if (!table) { return; }
    var density = read("jb:density", "comfortable");
    table.dataset.density = density;
    var toggle = document.getElementById("density-toggle");
    if (toggle) { toggle.setAttribute("aria-pressed", String(density === "compact")); }
    var ids = stageIds(table);
    var collapsed = read(collapsedKey, []);
    var columns = ["var(--label-w)"];
    ids.forEach(function (id, index) {
      var folded = collapsed.indexOf(id) !== -1;
      columns.push(folded ? "2.75rem" : "minmax(var(--col-min), 1fr)");
      Array.prototype.forEach.call(table.querySelectorAll("[data-stage='" + id + "'].cell, #stage-" + id), function (el) {
        el.classList.toggle("collapsed", folded);
        el.classList.toggle("off", phone.matches && index !== phoneStage);
      });
      var button = table.querySelector("#stage-" + id + " [data-collapse]");
      if (button) { button.setAttribute("aria-expanded", String(!folded)); }
    });
    table.style.gridTemplateColumns = phone.matches ? "" : columns.join(" ");
    var picker = document.getElementById("stage-picker");
    if (picker) {
      phoneStage = Math.min(phoneStage, Math.max(ids.length - 1, 0));
      picker.value = String(phoneStage);
    }
    ensureTabStop();
  }

  document.addEventListener("click", function (event) {
    var collapse = event.target.closest("[data-collapse]");
    if (collapse) {
      var id = collapse.closest(".stage-head").dataset.stage;
      var collapsed = read(collapsedKey, []);
      var at = collapsed.indexOf(id);
      if (at === -1) { collapsed.push(id); } else { collapsed.splice(at, 1); }
      write(collapsedKey, collapsed);
      applyView();
      collapse.focus();
      return;
    }
    if (event.target.closest("#density-toggle")) {
      write("jb:density", read("jb:density", "comfortable") === "compact" ? "comfortable" : "compact");
      applyView();
      return;
    }
    var help = event.target.closest("#keys-help-toggle");
    if (help) {
      var box = document.getElementById("keys-help");
      box.hidden = !box.hidden;
      help.setAttribute("aria-expanded", String(!box.hidden));
      return;
    }
    var step = event.target.closest(".stage-stepper [data-step]");
    if (step) { showStage(phoneStage + Number(step.dataset.step)); }
  });

  function showStage(index) {
    var table = grid();
    if (!table) { return; }
    var count = stageIds(table).length;
    phoneStage = Math.max(0, Math.min(index, count - 1));
    applyView();
    var head = table.querySelectorAll(".grid-head .stage-head")[phoneStage];
    if (head) { announce(head.querySelector("h2").textContent); }
  }

  var picker = document.getElementById("stage-picker");
  if (picker) { picker.addEventListener("change", function () { showStage(Number(picker.value)); }); }
  if (phone.addEventListener) { phone.addEventListener("change", applyView); }

  htmx.onLoad(function (root) {
    var lists = root.matches && root.matches(".cards") ? [root] : root.querySelectorAll(".cards");
    Array.prototype.forEach.call(lists, initSortable);
    Array.prototype.forEach.call(root.querySelectorAll ? root.querySelectorAll(".js-hidden") : [], function (el) {
      el.hidden = true;
    });
  });
  document.body.addEventListener("htmx:afterSettle", applyView);
  applyView();

  // What boards/static/boards/live.js (live updates) needs of the board.
  window.journeyBoard = {
    announce: announce,
    csrfToken: csrfToken,
    initSortable: initSortable,
    applyView: applyView,
    panelCard: function () { return panel && panel.open ? panel.dataset.card || "" : ""; },
    focusable: focusable,
    isDragging: function () { return dragging; }
  };
})();
