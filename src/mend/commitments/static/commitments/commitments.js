// Show only the schedule controls that apply to the chosen "How often?" (all show without JS).
(function () {
  "use strict";
  var box = document.querySelector("[data-schedule]");
  if (!box) { return; }
  function update() {
    var checked = box.querySelector("input[name=repeat]:checked");
    var value = checked ? checked.value : "";
    box.querySelectorAll("[data-show-for]").forEach(function (el) {
      var wanted = (el.getAttribute("data-show-for") || "").split(" ");
      el.hidden = wanted.indexOf(value) === -1;
    });
  }
  box.addEventListener("change", update);
  update();
})();

// Time zone: while the person's zone is still the default UTC, suggest the device's zone in the
// (open) select; they see it and can change it before saving.
(function () {
  "use strict";
  var select = document.querySelector("select[name=time_zone]");
  if (!select || select.value !== "UTC" || !window.Intl) { return; }
  var guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (guess && select.querySelector('option[value="' + guess + '"]')) { select.value = guess; }
})();
