/* Live regions: the queue display, a ticket's page and the supervisor's alerts. Each element with
   data-live-url is fetched again every data-live-seconds seconds and its content replaced when it
   changed. Without JavaScript the page reloads itself (a meta refresh inside <noscript>), so
   nothing here is needed to use the pages.

   When the new content holds an element with data-announce, its text is put into the page's
   announcer (an aria-live region) once per data-announce-key, and spoken by the browser when the
   "read the numbers aloud" switch (data-speak-toggle) is on. */
(function () {
  "use strict";

  var announcer = document.getElementById("live-announcer");
  var speakToggle = document.querySelector("[data-speak-toggle]");
  var lastKey = null;

  if (speakToggle && speakToggle.closest("[hidden]") && "speechSynthesis" in window) {
    speakToggle.closest("[hidden]").hidden = false; /* the switch is useful only with speech */
  }

  function announce(root) {
    var item = root.querySelector("[data-announce]");
    if (!item) {
      return;
    }
    var key = item.getAttribute("data-announce-key") || item.textContent;
    if (key === lastKey) {
      return;
    }
    var first = lastKey === null;
    lastKey = key;
    if (first) {
      return; /* what was on the screen when the page opened is not news */
    }
    var text = item.getAttribute("data-announce") || item.textContent;
    if (announcer) {
      announcer.textContent = text;
    }
    if (speakToggle && speakToggle.checked && "speechSynthesis" in window) {
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang || "zh-Hant";
      window.speechSynthesis.speak(utterance);
    }
  }

  /* Masked CSRF tokens differ on every render: they are not a change of content. */
  function comparable(html) {
    return html.replace(/name="csrfmiddlewaretoken" value="[^"]*"/g, "");
  }

  function watch(region) {
    var url = region.getAttribute("data-live-url");
    var seconds = parseInt(region.getAttribute("data-live-seconds"), 10) || 5;
    announce(region);

    function poll() {
      fetch(url, { credentials: "same-origin", cache: "no-store", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.text();
        })
        .then(function (html) {
          var active = document.activeElement;
          if (active && active !== document.body && region.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) {
            return; /* someone is typing here (a note): do not wipe it; the next poll tries again */
          }
          if (comparable(html) !== comparable(region.innerHTML)) {
            region.innerHTML = html;
            announce(region);
          }
        })
        .catch(function () { /* keep showing the last content; the next poll tries again */ })
        .then(function () {
          window.setTimeout(poll, seconds * 1000);
        });
    }

    window.setTimeout(poll, seconds * 1000);
  }

  /* A shared screen (kiosk, counter tablet) goes back to its start page after a while without
     use; any touch or key press starts the wait again, so nobody is rushed. */
  var back = document.querySelector("[data-return-url]");
  if (back) {
    var wait = (parseInt(back.getAttribute("data-return-seconds"), 10) || 30) * 1000;
    var timer = window.setTimeout(function () { window.location.assign(back.getAttribute("data-return-url")); }, wait);
    ["pointerdown", "keydown"].forEach(function (name) {
      document.addEventListener(name, function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { window.location.assign(back.getAttribute("data-return-url")); }, wait);
      });
    });
  }

  var regions = document.querySelectorAll("[data-live-url]");
  for (var i = 0; i < regions.length; i++) {
    watch(regions[i]);
  }
})();
