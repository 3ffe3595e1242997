// Live updates of the board: other people's changes arrive through the board's event stream (htmx SSE
// extension on #live, boards/stream.py) and only the parts of the grid they touched are read again and
// swapped in by id (a stage's head and cells, the curve around it). Forms live in the side panel,
// outside the grid, so what this user is typing is never replaced. Presence shows who is on the board
// and which card each person has open.
(function () {
  "use strict";

  var board = window.journeyBoard;
  var live = document.getElementById("live");
  if (!board || !live) { return; }
  var announce = board.announce;
  var csrfToken = board.csrfToken;

  var clientId = (window.crypto && window.crypto.randomUUID) ? window.crypto.randomUUID()
    : String(Math.random()).slice(2) + "-" + Date.now();
  var lastId = live.dataset.after || "";
  var me = live.dataset.user;
  var people = [];
  var plan = emptyPlan();  // what to read again next
  var running = false;
  var waiting = false;  // after a failed re-read
  var editingSent = "";

  // `rows`: which rows of those stages changed ("cards": a card, so its roll-ups and the curve too;
  // "text": a text lane's cell); empty means all of them.
  function emptyPlan() { return { board: false, head: false, stages: new Set(), rows: new Set(), allRows: false }; }

  function rowsOf(kind) {
    if (kind.indexOf("touchpoint.") === 0) { return "cards"; }
    if (kind === "cell.updated") { return "text"; }
    return "";
  }

  function streamUrl() {
    var url = live.dataset.eventsUrl + "?client=" + encodeURIComponent(clientId);
    return lastId !== "" ? url + "&after=" + encodeURIComponent(lastId) : url;
  }
  // Read by the SSE extension whenever it (re)connects: a new connection resumes after the last event seen.
  live.setAttribute("sse-connect", streamUrl());

  document.body.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-Live-Client"] = clientId;
  });

  var sources = typeof WeakSet === "function" ? new WeakSet() : null;
  live.addEventListener("htmx:sseOpen", function (event) {
    var source = event.detail.source;
    setStatus("");
    if (sources && !sources.has(source)) {
      sources.add(source);
      source.addEventListener("board", onBoardEvent);
      source.addEventListener("presence", onPresence);
      source.addEventListener("reset", onReset);
    }
    editingSent = "";
    sendEditing();
  });
  live.addEventListener("htmx:sseError", function () { setStatus(live.dataset.labelReconnecting); });

  function setStatus(text) {
    var status = live.querySelector(".live-status");
    if (status && status.textContent !== (text || "")) { status.textContent = text || ""; }
  }

  function remember(id) {
    if (id) { lastId = id; live.setAttribute("sse-connect", streamUrl()); }
  }

  function onBoardEvent(message) {
    remember(message.lastEventId);
    var data = JSON.parse(message.data);
    if (data.origin && data.origin === clientId) { return; }  // this tab drew it already
    if (data.kind === "journey.deleted") {
      setStatus(live.dataset.labelDeleted);
      announce(live.dataset.labelDeleted);
      return;
    }
    if (data.board) {
      plan.board = true;
      if (data.kind === "journey.updated") { plan.head = true; }
      if (data.kind === "journey.restored") { plan.head = true; setStatus(""); }
    } else {
      data.stages.forEach(function (id) { plan.stages.add(String(id)); });
      var rows = rowsOf(data.kind || "");
      if (rows) { plan.rows.add(rows); } else { plan.allRows = true; }
    }
    schedule();
  }

  function onReset(message) {
    remember(message.lastEventId);
    plan.board = plan.head = true;
    schedule();
  }

  function onPresence(message) {
    people = JSON.parse(message.data);
    renderPeople();
    markEditing();
  }

  // One re-read at a time; what arrives meanwhile is merged into the next one. A re-read that
  // fails (network, server restarting) is tried again a little later.
  function schedule() {
    if (running || waiting || board.isDragging()) { return; }
    if (!plan.board && !plan.head && !plan.stages.size) { return; }
    var work = plan;
    plan = emptyPlan();
    running = true;
    apply(work).catch(function (error) {
      if (window.console) { window.console.warn("Live update failed; trying again", error); }
      plan.board = plan.board || work.board;
      plan.head = plan.head || work.head;
      work.stages.forEach(function (id) { plan.stages.add(id); });
      work.rows.forEach(function (rows) { plan.rows.add(rows); });
      plan.allRows = plan.allRows || work.allRows;
      waiting = true;
      window.setTimeout(function () { waiting = false; schedule(); }, 2000);
    }).then(function () {
      running = false;
      board.applyView();
      markEditing();
      schedule();
    });
  }
  document.addEventListener("board:idle", schedule);

  // Something this tab changed beside the map (a comment, a strategy) shows on the map too.
  document.body.addEventListener("board-stale", function (event) {
    ((event.detail || {}).stages || []).forEach(function (id) { plan.stages.add(String(id)); });
    plan.allRows = true;
    schedule();
  });

  function get(url, target) {
    var headers = { "HX-Request": "true", "HX-Current-URL": window.location.href, "X-Live-Client": clientId };
    if (target) { headers["HX-Target"] = target; }
    return window.fetch(url, { headers: headers, credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (!response.ok) { throw new Error(url + " " + response.status); }
      var rows = response.headers.get("X-Card-Rows");
      return response.text().then(function (text) {
        if (rows !== null) { checkCardRows(rows ? rows.split(",") : []); }
        return text;
      });
    });
  }

  // The touchpoints lane's rows the map has now, against the page's: a board split by channel gains a
  // row with a channel's first card and loses it with its last; then the whole grid is read again.
  function checkCardRows(rows) {
    var shown = Array.prototype.map.call(document.querySelectorAll("#board .grid-row.lane-cards"), function (row) {
      return row.id;
    });
    if (shown.join(",") !== rows.join(",")) { plan.board = true; schedule(); }
  }
  document.body.addEventListener("board-changed", function (event) {
    var rows = (event.detail || {}).cardRows;
    if (rows) { checkCardRows(rows); }
  });

  function parse(html) { return new DOMParser().parseFromString(html, "text/html"); }

  function boardUrl() { return live.dataset.boardUrl + window.location.search; }

  function replace(old, fresh) {
    // What had the focus, by its id or its nearest one's (a card's title link: its card's).
    var active = document.activeElement && old.contains(document.activeElement) ? document.activeElement : null;
    var focused = active ? active.id || (active.closest("[id]") || {}).id || "" : "";
    old.replaceWith(fresh);
    htmx.process(fresh);
    Array.prototype.forEach.call(fresh.matches(".cards") ? [fresh] : fresh.querySelectorAll(".cards"), board.initSortable);
    var again = focused && board.focusable(focused);
    if (again) { again.focus({ preventScroll: true }); }
  }

  function apply(work) {
    var done = [];
    if (work.head) {
      done.push(get(live.dataset.boardUrl, "board-head").then(function (html) {
        var fresh = parse(html).getElementById("board-head");
        var head = document.getElementById("board-head");
        if (fresh && head) { replace(head, fresh); }
      }));
    }
    if (work.board) {
      done.push(get(boardUrl(), "board-body").then(function (html) {
        var fresh = parse(html).getElementById("board-body");
        var body = document.getElementById("board-body");
        if (fresh && body) { replace(body, fresh); }
      }));
    } else if (work.stages.size) {
      var query = Array.from(work.stages).map(function (id) { return "stage=" + encodeURIComponent(id); }).join("&");
      if (!work.allRows) {
        query += Array.from(work.rows).map(function (rows) { return "&rows=" + rows; }).join("");
      }
      var url = live.dataset.partsUrl + "?" + query + (window.location.search ? "&" + window.location.search.slice(1) : "");
      done.push(get(url).then(function (html) {
        var doc = parse(html);
        var missing = false;
        Array.prototype.forEach.call(doc.body.children, function (fresh) {
          var old = fresh.id && document.getElementById(fresh.id);
          if (old) { fresh.removeAttribute("hx-swap-oob"); replace(old, fresh); } else { missing = true; }
        });
        work.stages.forEach(function (id) { if (!doc.getElementById("stage-" + id)) { missing = true; } });
        if (missing) { plan.board = true; }  // a stage or a row this page does not have: read the whole grid
      }));
    }
    return Promise.all(done).then(function () { htmx.trigger(document.body, "board-changed"); });
  }

  // ---- Presence ----

  function sendEditing() {
    if (!live.dataset.presenceUrl) { return; }
    var editing = board.panelCard();
    if (editing === editingSent) { return; }
    editingSent = editing;
    var body = new URLSearchParams({ client: clientId, editing: editing });
    window.fetch(live.dataset.presenceUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Live-Client": clientId }
    }).catch(function () { editingSent = ""; });
  }
  document.addEventListener("board:panel", sendEditing);

  // A guest's name is this browser's word for "Guest"; a member seen from a share link has none to show.
  function nameOf(person) {
    if (person.guest) { return live.dataset.labelGuest; }
    return person.name || live.dataset.labelMember;
  }

  function renderPeople() {
    var list = live.querySelector(".presence-list");
    if (!list) { return; }
    list.textContent = "";
    people.forEach(function (person) {
      var item = document.createElement("li");
      item.className = "presence-person";
      item.dataset.user = person.user;
      var avatar = document.createElement("span");
      avatar.className = "avatar small";
      avatar.style.background = person.color;
      avatar.setAttribute("aria-hidden", "true");
      avatar.textContent = person.initials || nameOf(person).charAt(0).toUpperCase();
      var name = document.createElement("span");
      name.className = "presence-name";
      name.textContent = String(person.user) === me ? nameOf(person) + " (" + live.dataset.labelYou + ")" : nameOf(person);
      item.title = name.textContent;
      item.appendChild(avatar);
      item.appendChild(name);
      list.appendChild(item);
    });
  }

  // "Eddie is editing" on the cards other people have open.
  function markEditing() {
    Array.prototype.forEach.call(document.querySelectorAll(".editing-marker"), function (marker) { marker.remove(); });
    Array.prototype.forEach.call(document.querySelectorAll(".being-edited"), function (card) {
      card.classList.remove("being-edited");
    });
    people.forEach(function (person) {
      if (String(person.user) === me) { return; }
      person.editing.forEach(function (id) {
        var card = document.getElementById("touchpoint-" + id);
        if (!card) { return; }
        var marker = document.createElement("p");
        marker.className = "editing-marker";
        marker.textContent = live.dataset.labelEditing.replace("%(name)s", nameOf(person));
        card.classList.add("being-edited");
        card.insertBefore(marker, card.firstChild);
      });
    });
  }
})();
