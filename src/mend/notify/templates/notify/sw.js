// Mend's service worker: shows a push message (which says only that something is waiting)
// and opens Mend when it is tapped. It caches nothing, so nothing of Mend stays on the device.
"use strict";
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  var url = typeof data.url === "string" && data.url.charAt(0) === "/" ? data.url : "/notifications/";
  event.waitUntil(self.registration.showNotification(data.title || "Mend", {
    body: data.body || "Something is waiting for you.",
    tag: "mend",
    icon: "{{ icon }}",
    data: { url: url }
  }));
});
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/notifications/";
  event.waitUntil(self.clients.openWindow(url));
});
