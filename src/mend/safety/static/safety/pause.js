// Pause countdown. Display only: the server decides when resuming is allowed (a changed
// clock or an edited page cannot end a pause early; the resume button answers 409).
(function () {
  "use strict";
  var box = document.querySelector("[data-countdown]");
  if (!box) { return; }
  var remaining = parseInt(box.getAttribute("data-remaining") || "0", 10);
  if (!(remaining >= 0)) { remaining = 0; }
  var value = box.querySelector("[data-countdown-value]");
  var done = box.querySelector("[data-countdown-done]");
  var end = Date.now() + remaining * 1000;
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    if (value) { value.textContent = Math.floor(left / 60) + ":" + pad(left % 60); }
    if (left <= 0) {
      if (done) { done.hidden = false; }
      // The server rendered the button disabled until the earliest return; enable it once
      // the countdown ends (a POST before then still gets the server's "not yet").
      var button = document.querySelector("[data-resume-button]");
      if (button && button.disabled) {
        button.disabled = false;
        button.textContent = button.getAttribute("data-ready-label") || button.textContent;
      }
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
