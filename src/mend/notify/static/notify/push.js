// Turn push on or off for this browser. Push passes through the browser maker's push
// service, so it is only ever turned on here, by the person, in their own browser.
(function () {
  "use strict";
  var box = document.getElementById("push");
  if (!box) { return; }
  var status = document.getElementById("push-status");
  var on = document.getElementById("push-on");
  var off = document.getElementById("push-off");
  var key = box.getAttribute("data-key");
  var api = box.getAttribute("data-api");
  var token = box.querySelector("[name=csrfmiddlewaretoken]").value;
  function say(text) { status.textContent = text; }
  function keyBytes(b64) {
    var pad = "=".repeat((4 - (b64.length % 4)) % 4);
    var raw = atob((b64 + pad).replace(/-/g, "+").replace(/_/g, "/"));
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }
  function send(method, body) {
    return fetch(api, {
      method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body)
    }).then(function (r) { if (!r.ok) { throw new Error("status " + r.status); } });
  }
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
    say("This browser cannot receive push messages from Mend.");
    on.hidden = true; off.hidden = true;
    return;
  }
  function current() {
    return navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function (reg) {
      return reg.pushManager.getSubscription().then(function (sub) { return { reg: reg, sub: sub }; });
    });
  }
  function show(sub) {
    on.hidden = !!sub; off.hidden = !sub;
    say(sub ? "Push is on in this browser." : "Push is off in this browser.");
  }
  current().then(function (s) { show(s.sub); }).catch(function () { say("Push could not be checked in this browser."); });
  on.addEventListener("click", function () {
    Notification.requestPermission().then(function (answer) {
      if (answer !== "granted") { say("The browser did not allow notifications, so push stays off."); return null; }
      return current().then(function (s) {
        return s.reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
      }).then(function (sub) {
        var json = sub.toJSON();
        return send("POST", { endpoint: json.endpoint, keys: json.keys }).then(function () { show(sub); });
      });
    }).catch(function () { say("Push could not be turned on. Nothing was saved."); });
  });
  off.addEventListener("click", function () {
    current().then(function (s) {
      if (!s.sub) { show(null); return null; }
      var endpoint = s.sub.endpoint;
      return s.sub.unsubscribe().then(function () { return send("DELETE", { endpoint: endpoint }); })
        .then(function () { show(null); });
    }).catch(function () { say("Push could not be turned off here; use “Turn push off everywhere”."); });
  });
})();
