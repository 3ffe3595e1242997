// What every page does, without inline script (the Content-Security-Policy allows none):
// the language menu sends its form, "copy link" buttons copy, and close buttons remove or empty
// the part they close, and the Undo toast left by a delete goes away after a few seconds.
document.addEventListener("change", function (event) {
  var select = event.target.closest("select[data-submit-on-change]");
  if (select) select.form.submit();
});

document.addEventListener("click", async function (event) {
  var copy = event.target.closest("[data-copy]");
  if (copy) {
    var input = document.getElementById(copy.dataset.copy);
    try {
      await navigator.clipboard.writeText(input.value);
    } catch (error) {
      input.select();
      document.execCommand("copy");
    }
    var status = document.getElementById("copy-status");
    if (status) status.textContent = copy.dataset.copied;
    return;
  }
  var remove = event.target.closest("[data-remove-closest]");
  if (remove) {
    var part = remove.closest(remove.dataset.removeClosest);
    if (part) part.remove();
    return;
  }
  var empty = event.target.closest("[data-empty-closest]");
  if (empty) {
    var slot = empty.closest(empty.dataset.emptyClosest);
    if (slot) slot.replaceChildren();
  }
});

// Presentation mode: the arrow keys (and Page Up / Page Down, as presenter remotes send) go to the
// previous and the next stage, F goes full screen; not while typing.
document.addEventListener("keydown", function (event) {
  if (!document.querySelector("[data-presentation]") || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.target.closest("input, textarea, select, [contenteditable]")) return;
  var link = null;
  if (event.key === "ArrowRight" || event.key === "PageDown") link = document.querySelector("[data-present-next]");
  if (event.key === "ArrowLeft" || event.key === "PageUp") link = document.querySelector("[data-present-previous]");
  if (link) {
    event.preventDefault();
    window.location.assign(link.href);
  } else if (event.key === "f" || event.key === "F") {
    toggleFullscreen();
  }
});

document.addEventListener("click", function (event) {
  if (event.target.closest("[data-present-fullscreen]")) toggleFullscreen();
});

function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen();
  else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(function () {});
}

// The Undo toast (#undo-toast, after a delete on the board or of a map): it stays data-seconds, and as
// long as the pointer or the focus is in it; Esc closes it, telling the page whether it had the focus.
(function () {
  var toast = document.getElementById("undo-toast");
  if (!toast) return;
  var timer = null;

  function dismissLater() {
    window.clearTimeout(timer);
    if (!toast.firstElementChild) return;
    timer = window.setTimeout(function () {
      if (toast.contains(document.activeElement) || toast.matches(":hover")) { dismissLater(); return; }
      toast.replaceChildren();
    }, Number(toast.dataset.seconds || 10) * 1000);
  }

  new MutationObserver(dismissLater).observe(toast, { childList: true, subtree: true });
  dismissLater();
  toast.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    event.preventDefault();
    var hadFocus = toast.contains(document.activeElement);
    toast.replaceChildren();
    var handled = !toast.dispatchEvent(
      new CustomEvent("undo-toast-closed", { bubbles: true, cancelable: true, detail: { hadFocus: hadFocus } })
    );
    // A page that does not say where the focus goes (the board does) gets it back at its heading.
    var heading = document.querySelector("main h1");
    if (hadFocus && !handled && heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  });
})();
