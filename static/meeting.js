// Meeting mode: counts down the current slot and the whole meeting, lets the
// facilitator step through the agenda from the keyboard, saves notes as they are typed,
// and keeps the follow-along page in step with the facilitator. The values grid: a
// column pasted from a spreadsheet fills the boxes below. The pages work without it.
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
  // Notes save themselves a moment after typing stops, and before the page is left;
  // moving to another slot saves them too (the buttons send them, also without this).
  var notes = document.getElementById("notes");
  var slotForm = document.getElementById("slot-form");
  if (notes && slotForm && window.fetch && window.URLSearchParams) {
    var state = document.getElementById("notes-state");
    var saved = notes.value;
    var timer = null;
    var save = function () {
      if (notes.value === saved) {
        return;
      }
      var body = new URLSearchParams();
      body.set("csrf_token", slotForm.querySelector("[name=csrf_token]").value);
      body.set("slot", slotForm.querySelector("[name=notes_slot]").value);
      body.set("notes", notes.value);
      body.set("autosave", "true");
      var sent = notes.value;
      fetch(slotForm.dataset.autosave, { method: "POST", body: body, credentials: "same-origin", keepalive: true })
        .then(function (r) {
          if (r.ok) {
            saved = sent;
            if (state) { state.textContent = notes.value === saved ? "(saved)" : "(not saved yet)"; }
          } else if (state) {
            state.textContent = "(not saved: " + r.status + ")";
          }
        })
        .catch(function () { if (state) { state.textContent = "(not saved: offline?)"; } });
    };
    notes.addEventListener("input", function () {
      if (state) { state.textContent = "(not saved yet)"; }
      clearTimeout(timer);
      timer = setTimeout(save, 800);
    });
    notes.addEventListener("change", save);
    var moving = false;
    // Any form of the page (moving, an action item, ending) sends the notes first.
    document.addEventListener("submit", function (event) {
      moving = true;
      if (event.target !== slotForm) { save(); }
    });
    window.addEventListener("beforeunload", function (event) {
      if (!moving && notes.value !== saved) {
        save();
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }
  var grid = document.querySelector("[data-paste-grid]");
  if (grid) {
    grid.addEventListener("paste", function (event) {
      var text = event.clipboardData && event.clipboardData.getData("text/plain");
      if (!text || !/[\r\n]/.test(text.trim()) || !event.target.matches("input")) {
        return;
      }
      event.preventDefault();
      var inputs = Array.prototype.slice.call(grid.querySelectorAll("input[name^=value_]"));
      var start = inputs.indexOf(event.target);
      text.replace(/\r/g, "").replace(/\n$/, "").split("\n").forEach(function (line, i) {
        if (inputs[start + i]) {
          // A row copied with several cells: its last cell is the value.
          var cells = line.split("\t");
          inputs[start + i].value = cells[cells.length - 1].trim();
        }
      });
    });
  }
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
