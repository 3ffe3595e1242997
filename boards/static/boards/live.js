// Live updates of the board: other people's changes arrive through the board's
// event stream (htmx SSE extension on #live, boards/stream.py) and the stage columns
// they name are re-read, keeping any form this user has open exactly as it is (see
// `patch`); presence shows who is on the board and which card they are editing.
(function () {
  "use strict";

  var board = window.journeyBoard;
  var live = document.getElementById("live");
  if (!board || !live) { return; }
  var announce = board.announce;
  var csrfToken = board.csrfToken;
  var initSortable = board.initSortable;
  initLive(live);

  function initLive(live) {
    var clientId = (window.crypto && window.crypto.randomUUID) ? window.crypto.randomUUID()
      : String(Math.random()).slice(2) + "-" + Date.now();
    var lastId = live.dataset.after || "";
    var me = live.dataset.user;
    var people = [];
    var plan = emptyPlan();      // what to re-read next
    var stale = emptyPlan();     // what was kept back because a form is open in it
    var running = false;
    var waiting = false;  // after a failed re-read
    var editingSent = "";

    function emptyPlan() { return { board: false, head: false, stages: new Set() }; }

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
      } else {
        data.stages.forEach(function (id) { plan.stages.add(String(id)); });
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

    // One re-read at a time; what arrives meanwhile is merged into the next one. A
    // re-read that fails (network, server restarting) is tried again a little later.
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
        waiting = true;
        window.setTimeout(function () { waiting = false; schedule(); }, 2000);
      }).then(function () {
        running = false;
        afterChange();
        schedule();
      });
    }
    document.addEventListener("board:idle", schedule);

    function get(url, target) {
      var headers = { "HX-Request": "true", "HX-Current-URL": window.location.href, "X-Live-Client": clientId };
      if (target) { headers["HX-Target"] = target; }
      return window.fetch(url, { headers: headers, credentials: "same-origin", cache: "no-store" });
    }

    function parse(html) {
      return new DOMParser().parseFromString(html, "text/html");
    }

    function boardUrl() { return live.dataset.boardUrl + window.location.search; }

    function stageUrl(id) { return live.dataset.stageUrl.replace("/0/", "/" + id + "/"); }

    function apply(work) {
      if (work.board || work.head) {
        return get(boardUrl(), work.head ? null : "board-body").then(function (response) {
          if (!response.ok) { throw new Error("board " + response.status); }
          return response.text();
        }).then(function (html) {
          var doc = parse(html);
          var fresh = doc.getElementById("board-body");
          var body = document.getElementById("board-body");
          if (!fresh || !body) { return; }
          var head = document.querySelector(".board-head");
          var freshHead = doc.querySelector(".board-head");
          if (work.head && head && freshHead) { swapHead(head, freshHead); }
          patch(body, fresh);
        });
      }
      var ids = Array.from(work.stages);
      return Promise.all(ids.map(function (id) {
        return get(stageUrl(id)).then(function (response) {
          if (response.status === 404) { return { id: id, element: null }; }
          if (!response.ok) { throw new Error("stage " + response.status); }
          return response.text().then(function (html) {
            return { id: id, element: parse(html).getElementById("stage-" + id) };
          });
        });
      })).then(function (results) {
        results.forEach(function (result) {
          var column = document.getElementById("stage-" + result.id);
          if (!column) {
            if (result.element) { plan.board = true; }  // a column this page does not have yet
            return;
          }
          if (!result.element) {  // the stage is gone
            if (busyForms(column).length) { stale.stages.add(result.id); } else { column.remove(); }
            return;
          }
          patch(column, result.element);
        });
        htmx.trigger(document.body, "board-changed");
      });
    }

    // The head of the page: its first part (title, description, personas) is the map's own;
    // the actions beside it (export menu and its progress) stay as they are.
    function swapHead(head, fresh) {
      var part = head.firstElementChild;
      var freshPart = fresh.firstElementChild;
      if (!part || !freshPart || part.querySelector("form")) { return; }
      part.replaceWith(freshPart);
      htmx.process(freshPart);
    }

    // ---- Swapping without losing what the user is typing ----

    function busyForms(root) {
      return Array.prototype.filter.call(root.querySelectorAll("form"), function (form) {
        return !form.classList.contains("card-tools");
      });
    }

    // The part of the page each open form lives in: its closest ancestor with an id
    // (a card being edited, a "new touchpoint" slot, a stage's details...).
    function busyParts(root) {
      var parts = new Set();
      busyForms(root).forEach(function (form) {
        var part = form.parentElement && form.parentElement.closest("[id]");
        if (part && root.contains(part)) { parts.add(part); }
      });
      return parts;
    }

    function patch(old, fresh) {
      var parts = busyParts(old);
      if (parts.has(old)) {  // the whole region is the form's: wait until it closes
        if (old.classList.contains("stage")) { stale.stages.add(old.dataset.stage); } else { stale.board = true; }
        return;
      }
      var focus = rememberFocus();
      if (!parts.size) {
        old.replaceWith(fresh);
        initRegion(fresh);
      } else {
        var orphans = [];
        morph(old, fresh, parts, orphans);
        orphans.forEach(function (part) { keepOrphan(part, old); });
      }
      restoreFocus(focus);
    }

    function containsPart(element, parts) {
      var found = false;
      parts.forEach(function (part) { if (element === part || element.contains(part)) { found = true; } });
      return found;
    }

    function keyOf(element, siblings) {
      if (element.id) { return "#" + element.id; }
      var base = element.tagName + "." + element.className;
      var index = 0;
      for (var i = 0; i < siblings.length && siblings[i] !== element; i++) {
        if (siblings[i].nodeType === 1 && !siblings[i].id && siblings[i].tagName + "." + siblings[i].className === base) {
          index++;
        }
      }
      return base + "@" + index;
    }

    // Make `old` look like `fresh` while leaving the busy parts in it untouched (not
    // even moved, so focus and the caret stay where they are).
    function morph(old, fresh, parts, orphans) {
      Array.prototype.forEach.call(fresh.attributes, function (attribute) {
        if (old.getAttribute(attribute.name) !== attribute.value) { old.setAttribute(attribute.name, attribute.value); }
      });
      Array.prototype.slice.call(old.attributes).forEach(function (attribute) {
        if (!fresh.hasAttribute(attribute.name) && attribute.name !== "data-sortable") { old.removeAttribute(attribute.name); }
      });
      var oldChildren = Array.prototype.slice.call(old.children);
      var kept = new Map();
      oldChildren.forEach(function (child) {
        if (containsPart(child, parts)) { kept.set(keyOf(child, oldChildren), child); }
      });
      var freshChildren = Array.prototype.slice.call(fresh.childNodes);
      var freshElements = Array.prototype.slice.call(fresh.children);
      var result = [];
      var inserted = [];
      freshChildren.forEach(function (node) {
        var key = node.nodeType === 1 ? keyOf(node, freshElements) : null;
        var mine = key && kept.get(key);
        if (mine) {
          kept.delete(key);
          if (!parts.has(mine)) { morph(mine, node, parts, orphans); }
          result.push(mine);
        } else {
          result.push(node);
          if (node.nodeType === 1) { inserted.push(node); }
        }
      });
      kept.forEach(function (mine) {  // the fresh version no longer has it: keep it until its form closes
        result.push(mine);
        parts.forEach(function (part) { if (mine === part || mine.contains(part)) { orphans.push(part); } });
      });
      arrange(old, result);
      inserted.forEach(initRegion);
    }

    function arrange(parent, nodes) {
      var wanted = new Set(nodes);
      Array.prototype.slice.call(parent.childNodes).forEach(function (node) {
        if (!wanted.has(node)) { parent.removeChild(node); }
      });
      var reference = parent.firstChild;
      nodes.forEach(function (node) {
        if (node === reference) {
          reference = node.nextSibling;
        } else {
          parent.insertBefore(node, reference);
        }
      });
    }

    // A form whose card or stage has gone from here (deleted, or moved elsewhere by
    // someone else) stays open; its region is re-read once the form closes, and a
    // fresh copy elsewhere on the page steps aside meanwhile (ids stay unique).
    function keepOrphan(part, region) {
      var twin = Array.prototype.filter.call(document.querySelectorAll("[id='" + part.id + "']"), function (el) {
        return el !== part;
      })[0];
      if (twin) {
        var twinColumn = twin.closest(".stage");
        twin.remove();
        if (twinColumn) { stale.stages.add(twinColumn.dataset.stage); }
      }
      var column = part.closest(".stage");
      if (column) { stale.stages.add(column.dataset.stage); } else { stale.board = true; }
    }

    function initRegion(element) {
      if (element.nodeType !== 1) { return; }
      htmx.process(element);
      var lists = element.matches(".cards") ? [element] : element.querySelectorAll(".cards");
      Array.prototype.forEach.call(lists, initSortable);
      Array.prototype.forEach.call(element.querySelectorAll(".js-hidden"), function (el) { el.hidden = true; });
    }

    function rememberFocus() {
      var element = document.activeElement;
      if (!element || element === document.body) { return null; }
      var selector = null;
      var attributes = ["aria-labelledby", "name", "value", "hx-get", "hx-post"].filter(function (name) {
        return element.hasAttribute(name);
      });
      if (attributes.length) {
        selector = element.tagName.toLowerCase() + attributes.map(function (name) {
          return "[" + name + "=\"" + CSS.escape(element.getAttribute(name)) + "\"]";
        }).join("");
      }
      return { element: element, id: element.id, selector: selector };
    }

    function restoreFocus(focus) {
      if (!focus || document.contains(focus.element)) { return; }
      var target = focus.id ? document.getElementById(focus.id) : (focus.selector && document.querySelector(focus.selector));
      if (target) { target.focus({ preventScroll: true }); }
    }

    // Regions kept back for an open form are re-read when it has closed.
    function flushStale() {
      if (stale.board && !busyForms(document.getElementById("board") || document.body).length) {
        stale.board = false;
        plan.board = true;
      }
      Array.from(stale.stages).forEach(function (id) {
        var column = document.getElementById("stage-" + id);
        if (!column || !busyForms(column).length) {
          stale.stages.delete(id);
          if (column) { plan.stages.add(id); }
        }
      });
      schedule();
    }

    function afterChange() {
      sendEditing();
      markEditing();
      flushStale();
    }
    document.body.addEventListener("htmx:afterSettle", afterChange);

    // ---- Presence ----

    function editingNow() {
      var card = document.querySelector("#board li.touchpoint.editing[id^='touchpoint-']");
      return card ? card.id.slice("touchpoint-".length) : "";
    }

    function sendEditing() {
      if (!live.dataset.presenceUrl) { return; }
      var editing = editingNow();
      if (editing === editingSent) { return; }
      editingSent = editing;
      var body = new URLSearchParams({ client: clientId, editing: editing });
      window.fetch(live.dataset.presenceUrl, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "X-Live-Client": clientId }
      }).catch(function () { editingSent = ""; });
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
        avatar.textContent = person.initials;
        var name = document.createElement("span");
        name.className = "presence-name";
        name.textContent = String(person.user) === me ? person.name + " (" + live.dataset.labelYou + ")" : person.name;
        item.title = name.textContent;
        item.appendChild(avatar);
        item.appendChild(name);
        list.appendChild(item);
      });
    }

    // "Eddie is editing" on the cards other people have open in a form.
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
          marker.className = "editing-marker small";
          marker.textContent = live.dataset.labelEditing.replace("%(name)s", person.name);
          card.classList.add("being-edited");
          card.insertBefore(marker, card.firstChild);
        });
      });
    }
  }
})();
