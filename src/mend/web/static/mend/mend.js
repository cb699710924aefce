// Quick exit: leave for a neutral site and replace this history entry, so Back does not
// return here. The link works without JavaScript too; this makes it instant and adds the
// keyboard shortcut (Shift pressed three times within two seconds, as on GOV.UK).
(function () {
  "use strict";
  var box = document.querySelector("[data-quick-exit-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-quick-exit-url");
  // Set when the person chose "Sign me out when I use Exit this page": this session's own
  // sign-out link. It goes as a beacon, which the browser sends even as it leaves, so leaving
  // never waits for Mend; without beacons the browser follows the link itself, which signs
  // out and then goes on to the neutral site.
  var signOut = box.getAttribute("data-quick-exit-sign-out");
  function exit(event) {
    if (event) { event.preventDefault(); }
    document.body.classList.add("exiting");
    document.title = "";
    if (signOut && !(navigator.sendBeacon && navigator.sendBeacon(signOut))) {
      window.location.replace(signOut);
      return;
    }
    window.location.replace(url);
  }
  var button = document.getElementById("quick-exit");
  if (button) { button.addEventListener("click", exit); }
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) { return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 2000; });
    presses.push(now);
    if (presses.length >= 3) { exit(); }
  });
})();

// Copy buttons for one-time secrets (invitation links, tokens).
document.addEventListener("click", function (event) {
  var target = event.target;
  if (!(target instanceof HTMLElement) || !target.matches("[data-copy]")) { return; }
  var source = document.getElementById(target.getAttribute("data-copy") || "");
  if (source && navigator.clipboard) {
    navigator.clipboard.writeText(source.textContent || "").then(function () {
      target.textContent = "Copied";
    });
  }
});

// Forms that save once: a form marked data-reset-on-success (sent by htmx) is cleared after a
// successful save, so a second tap cannot log the same thing again; a plain form holding a
// [data-once] button disables its buttons once sent (after the submission has been taken).
document.addEventListener("htmx:afterRequest", function (event) {
  var form = event.detail && event.detail.elt;
  if (form instanceof HTMLFormElement && form.hasAttribute("data-reset-on-success") &&
      event.detail.successful) {
    form.reset();
  }
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.querySelector("[data-once]")) { return; }
  window.setTimeout(function () {
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
      b.disabled = true;
    });
  }, 0);
});

// The space's sections on a phone: one "In this space: <section>" button that opens them all
// (mend.css says why). The button names the section this page belongs to: the link the page
// marked current (a page whose address is outside its section's, like a journal entry, names its
// section), else the link whose path is the longest start of this page's path. Without
// JavaScript the sections simply wrap.
document.querySelectorAll(".space-nav").forEach(function (nav) {
  var toggle = nav.querySelector(".space-nav__toggle");
  var here = nav.querySelector(".space-nav__here");
  if (!toggle || !here) { return; }
  var section = nav.querySelector(".nav a[aria-current]");
  if (!section) {
    nav.querySelectorAll(".nav a").forEach(function (link) {
      var path = link.pathname;
      if (location.pathname.indexOf(path) === 0 && (!section || path.length > section.pathname.length)) {
        section = link;
      }
    });
  }
  if (section) {
    section.classList.add("space-nav__section");
    // On a page inside a section (an entry, a commitment) its link says so to screen readers too.
    if (!section.hasAttribute("aria-current")) { section.setAttribute("aria-current", "true"); }
    var name = section.cloneNode(true);
    name.querySelectorAll(".visually-hidden").forEach(function (hidden) { hidden.remove(); });
    // The name is one piece: "Safety & check-in" moves to the next line whole, not split at "-".
    var whole = document.createElement("span");
    whole.className = "space-nav__name";
    whole.textContent = name.textContent.trim();
    here.textContent = ": ";
    here.appendChild(whole);
    var safety = nav.querySelector(".space-nav__safety");
    if (safety && safety.pathname === section.pathname) { safety.remove(); }
  }
  nav.classList.add("space-nav--menu");
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("space-nav--open", open);
  });
});

// A table too wide for the screen scrolls inside its .table-wrap: make each wrapper reachable
// by keyboard and named for screen readers (pages that already do so are left alone).
(function () {
  "use strict";
  var used = {};
  document.querySelectorAll(".table-wrap:not([tabindex])").forEach(function (wrap) {
    var caption = wrap.querySelector("caption");
    var section = wrap.closest("section");
    var heading = section && section.querySelector("h2, h3");
    var name = ((caption || heading) && (caption || heading).textContent.trim()) || "Table";
    used[name] = (used[name] || 0) + 1;
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", name + " (table" + (used[name] > 1 ? " " + used[name] : "") + ")");
  });
})();
