/*
 * « Citer »: the reference under each event, terrain, notion and publication is text in a
 * <details> (readable and selectable without JavaScript, « consulté le [date] » left for the
 * reader to fill). The files built once carry no access date (a build never reads the clock):
 * this script adds today's. Opening a reference writes the date into its text and, where the
 * browser can write to the clipboard, adds a « Copier la référence » button; its BibTeX and
 * RIS links download the file with the date added (BibTeX `urldate`, RIS `Y2`, and `M1` for a
 * web page). The work is done on first opening, not on load: a long chronology has one
 * « Citer » per event.
 */
(function () {
  "use strict";

  var PLACE = "[date]";
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre"];

  function two(n) { return (n < 10 ? "0" : "") + n; }

  // Today in the reader's time zone, as each format writes it.
  function today() {
    var now = new Date();
    var day = now.getDate();
    return {
      french: (day === 1 ? "1er" : String(day)) + "\u00a0" + MONTHS[now.getMonth()] + "\u00a0"
        + now.getFullYear(),
      iso: now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(day),
      ris: now.getFullYear() + "/" + two(now.getMonth() + 1) + "/" + two(day) + "/"
    };
  }

  function dated(text) {
    return text.split(PLACE).join(today().french);
  }

  // The date after the entry's url (BibTeX), before its end (RIS).
  function withAccessDate(text, kind) {
    var day = today();
    if (kind === "bib") {
      return text.replace(/\n(\s*)url = \{([^\n]*)\},?\n/, function (line, indent, url) {
        return "\n" + indent + "url = {" + url + "},\n" + indent + "urldate = {" + day.iso
          + "},\n";
      });
    }
    // Zotero and EndNote read the access date from Y2; Citation.js, after the RIS
    // specification, reads a web page's (ELEC) from M1 and ignores its Y2: both are written.
    var web = /^TY {2}- ELEC\r?$/m.test(text);
    return text.replace(/(\r?\n)ER {2}- ?/, function (end, nl) {
      return nl + "Y2  - " + day.ris + (web ? nl + "M1  - " + day.ris : "") + nl + "ER  - ";
    });
  }

  function fillDate(box) {
    var text = box.querySelector("[data-rd-cite-text]");
    if (text && text.textContent.indexOf(PLACE) !== -1) text.textContent = dated(text.textContent);
  }

  function addButton(box) {
    if (box.querySelector(".rd-cite__copy") || !navigator.clipboard) return;
    var text = box.querySelector("[data-rd-cite-text]");
    if (!text) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button rd-cite__copy";
    button.textContent = "Copier la référence";
    var status = document.createElement("span");
    status.className = "rd-cite__status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(dated(text.textContent.trim())).then(function () {
        status.textContent = "Référence copiée.";
      }, function () {
        status.textContent = "Copie impossible\u00a0: sélectionnez le texte de la référence.";
      });
    });
    text.insertAdjacentElement("afterend", status);
    text.insertAdjacentElement("afterend", button);
  }

  // A file downloaded from a page: fetched, dated, and saved under the same name. Should the
  // fetch fail, the link is followed as it is (the file without the date).
  function download(link) {
    var href = link.getAttribute("href");
    var kind = /\.bib$/.test(href) ? "bib" : "ris";
    var name = href.split("/").pop();
    fetch(link.href).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (text) {
      var blob = new Blob([withAccessDate(text, kind)], { type: link.type || "text/plain" });
      var url = URL.createObjectURL(blob);
      var save = document.createElement("a");
      save.href = url;
      save.download = name;
      document.body.appendChild(save);
      save.click();
      document.body.removeChild(save);
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }).catch(function () {
      location.href = link.href;
    });
  }

  // « toggle » does not bubble: one capturing listener serves every page of the visit.
  document.addEventListener("toggle", function (event) {
    var box = event.target;
    if (box && box.matches && box.matches("details[data-rd-cite]") && box.open) {
      fillDate(box);
      addButton(box);
    }
  }, true);

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element
      && event.target.closest("details[data-rd-cite] .rd-cite__files a[download]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey
      || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    download(link);
  });

  // A reference already open when the page comes (none by default, but a page may open one).
  function fillOpen() {
    document.querySelectorAll("details[data-rd-cite][open]").forEach(function (box) {
      fillDate(box);
      addButton(box);
    });
  }
  if (window.document$) window.document$.subscribe(fillOpen);
  else fillOpen();
})();
