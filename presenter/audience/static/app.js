// The phone page, improved: live switch to the next poll (server-sent events),
// votes and suggestions sent with fetch and confirmed only once the server
// acknowledged them (after the vote is on disk). Without this script the page
// still works: plain forms, redirects, and a refresh while waiting.
(function () {
  "use strict";

  var main = document.getElementById("main");
  if (!main) { return; }

  function newId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    var text = "";
    for (var i = 0; i < bytes.length; i++) { text += ("0" + bytes[i].toString(16)).slice(-2); }
    return text;
  }

  function show(doc) {
    var fresh = doc.getElementById("main");
    if (!fresh) { return; }
    main.innerHTML = fresh.innerHTML;
    main.dataset.view = fresh.dataset.view || "";
    main.dataset.poll = fresh.dataset.poll || "";
    if (doc.title) { document.title = doc.title; }
    main.focus();
  }

  function reload() {
    return fetch("/", { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (response.redirected && /\/join/.test(response.url)) { window.location.assign("/"); return null; }
        return response.text();
      })
      .then(function (text) {
        if (text !== null) { show(new DOMParser().parseFromString(text, "text/html")); }
      })
      .catch(function () { /* the next event tries again */ });
  }

  // The open poll changed (or the page shows the wrong view): fetch the page again.
  function seen(poll) {
    var shown = main.dataset.poll || "";
    var open = poll || "";
    var view = main.dataset.view;
    if (view === "suggest") { return; }  // never replace a box being typed in
    if (open !== shown || (open === "" && view !== "wait") || (open !== "" && view === "wait")) {
      reload();
    }
  }

  // The server dropped this page's stream to make room (a full hall): ask now and then.
  function poll(everyMs) {
    window.setInterval(function () {
      fetch("/me", { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) { seen(data.poll); })
        .catch(function () { /* the next round tries again */ });
    }, everyMs);
  }

  function live() {
    if (main.dataset.view === "join") { return; }
    if (!window.EventSource) { poll(5000); return; }
    var source = new EventSource("/events");
    source.addEventListener("poll", function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      seen(data.poll);
    });
    source.addEventListener("bye", function (event) {
      source.close();
      var every = 5;
      try { every = JSON.parse(event.data).poll_every_s || 5; } catch (e) { /* keep 5 */ }
      poll(every * 1000);
    });
    source.addEventListener("error", function () {
      if (source.readyState === EventSource.CLOSED) {
        window.setTimeout(function () { window.location.reload(); }, 5000);
      }
    });
  }

  function say(form, text) {
    var status = form.querySelector(".status");
    if (status) { status.textContent = text; }
  }

  function send(form, body, attempt) {
    return fetch(form.getAttribute("action"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: body
    }).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, error: "The presenter's computer answered " + response.status + "." };
      });
    }, function (error) {
      // No answer: retry with the same submission id, so it never counts twice.
      if (attempt < 3) {
        return new Promise(function (resolve) { window.setTimeout(resolve, 400 * (attempt + 1)); })
          .then(function () { return send(form, body, attempt + 1); });
      }
      throw error;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !window.fetch || !window.URLSearchParams) { return; }
    if (!form.classList.contains("vote") && !form.classList.contains("suggest")) { return; }
    event.preventDefault();
    var params = new URLSearchParams(new FormData(form));
    params.delete("sid");
    var key = params.toString();
    if (form.dataset.key !== key || !form.dataset.sid) {
      form.dataset.key = key;
      form.dataset.sid = newId();
    }
    params.set("sid", form.dataset.sid);
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    say(form, "Sending…");
    send(form, params.toString(), 0).then(function (data) {
      if (data.html) {
        main.innerHTML = data.html;
        main.dataset.view = data.view || main.dataset.view;
        if (data.poll !== undefined) { main.dataset.poll = data.poll; }
        main.focus();
        return;
      }
      if (data.ok && form.classList.contains("suggest")) {
        form.reset();
        delete form.dataset.key;
      }
      say(form, data.ok ? data.message : data.error);
      if (data.redirect) { window.location.assign(data.redirect); }
    }).catch(function () {
      say(form, "The presenter's computer did not answer. Check the Wi-Fi and try again.");
    }).then(function () {
      if (button && document.body.contains(button)) { button.disabled = false; }
    });
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    var form = input.form;
    if (!form || !form.classList.contains("vote")) { return; }
    if (form.dataset.kind === "multi" && input.type === "checkbox") {
      var max = parseInt(form.dataset.max, 10) || 1;
      var boxes = form.querySelectorAll("input[type=checkbox]");
      var picked = form.querySelectorAll("input[type=checkbox]:checked").length;
      for (var i = 0; i < boxes.length; i++) {
        boxes[i].disabled = !boxes[i].checked && picked >= max;
      }
    }
    if (form.dataset.kind === "rank" && input.tagName === "SELECT") {
      // Give the option that held this rank the rank this one had: ranks stay a permutation.
      var previous = input.dataset.previous;
      var selects = form.querySelectorAll("select");
      for (var j = 0; j < selects.length; j++) {
        if (selects[j] !== input && selects[j].value === input.value && previous) {
          selects[j].value = previous;
          selects[j].dataset.previous = previous;
        }
      }
      input.dataset.previous = input.value;
    }
  });

  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (input.tagName === "SELECT") { input.dataset.previous = input.value; }
  });

  live();
}());
