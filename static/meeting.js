// Meeting mode: counts down the current slot and the whole meeting, lets the
// facilitator step through the agenda from the keyboard, and keeps the follow-along
// page in step with the facilitator. The pages work without it.
(function () {
  "use strict";
  function fmt(seconds) {
    var negative = seconds < 0;
    var s = Math.abs(Math.round(seconds));
    var text = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    return negative ? "-" + text : text;
  }
  var timers = document.querySelector("[data-slot-left]");
  if (timers) {
    var loaded = Date.now();
    var slotLeft = Number(timers.dataset.slotLeft);
    var meetingLeft = timers.dataset.meetingLeft ? Number(timers.dataset.meetingLeft) : null;
    var slotOut = timers.querySelector(".slot-timer");
    var meetingOut = timers.querySelector(".meeting-timer");
    var tick = function () {
      var elapsed = (Date.now() - loaded) / 1000;
      var left = slotLeft - elapsed;
      slotOut.textContent = fmt(left);
      timers.classList.toggle("over", left < 0);
      if (meetingOut && meetingLeft !== null) {
        meetingOut.textContent = fmt(meetingLeft - elapsed);
        meetingOut.parentNode.lastChild.textContent = " left";
      }
    };
    tick();
    setInterval(tick, 1000);
  }
  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, textarea, select, button") || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var id = (event.key === "ArrowRight" || event.key === "n") ? "next-slot" : (event.key === "ArrowLeft" || event.key === "p") ? "prev-slot" : null;
    var button = id && document.getElementById(id);
    if (button) {
      button.click();
    }
  });
  var follow = document.querySelector("[data-follow]");
  if (follow && window.fetch) {
    setInterval(function () {
      if (document.activeElement && document.activeElement.closest("form")) {
        return;
      }
      fetch(follow.dataset.follow, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (state) {
          if (state && (String(state.current_slot) !== follow.dataset.slot || state.status !== follow.dataset.status)) {
            window.location.reload();
          }
        })
        .catch(function () {});
    }, 5000);
  }
})();
