/*
 * An event's own page (evenements/<id>/): « Copier le lien » copies the page's address, and
 * « Voir dans la chronologie » brings the reader back with the filters the chronology last
 * showed in this tab (chronology.js keeps its query in the session storage), the event's
 * anchor kept; the chronology drops those that would hide the event. Without scripts the
 * link leads to the whole chronology and the copy button stays hidden.
 */
(function () {
  "use strict";

  var core = window.regardChronologyCore;
  var RESET_MS = 2000;

  function storedQuery() {
    try {
      return sessionStorage.getItem(core.QUERY_KEY) || "";
    } catch (error) {
      return "";
    }
  }

  function backWithFilters(page) {
    var back = page.querySelector("[data-rd-back]");
    if (!back) return;
    // Kept from the build: the page may come again (instant navigation, history).
    var plain = back.getAttribute("data-rd-href") || back.getAttribute("href");
    back.setAttribute("data-rd-href", plain);
    back.href = core.withQuery(new URL(plain, location.href).href, storedQuery());
  }

  // The address to share: the canonical one the build writes, else the page's own.
  function address() {
    var canonical = document.querySelector("link[rel=canonical]");
    return canonical ? canonical.href : location.origin + location.pathname;
  }

  function copyLink(button, status) {
    var url = address();
    function done() {
      button.textContent = "Lien copié";
      status.textContent = "Lien de cette page copié.";
      setTimeout(function () {
        button.textContent = "Copier le lien";
        status.textContent = "";
      }, RESET_MS);
    }
    function failed() {
      status.textContent = core.typeset("Copie impossible ici ; le lien est : " + url);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, failed);
    } else {
      failed();
    }
  }

  function init() {
    var page = document.querySelector("[data-rd-event-page]");
    if (!page) return;
    backWithFilters(page);
    var button = page.querySelector("[data-rd-copy-page]");
    var status = page.querySelector("[data-rd-copy-status]");
    if (!button || !status) return;
    button.hidden = false;
    button.addEventListener("click", function () { copyLink(button, status); });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
