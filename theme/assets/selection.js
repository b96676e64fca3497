/*
 * « Télécharger la sélection »: the events the chronology's filters show, as CSV and as
 * TimelineJS JSON, made in the browser from the files the site publishes (no server).
 *
 * The chronology script exposes window.regardChronology.visibleIds() (the shown events' ids,
 * in order) and .filterSummary() (a French sentence naming the active filters), and leaves an
 * empty [data-rd-selection-actions] in its filter bar for these buttons. The CSV keeps the
 * published file's header and lines as they are, nothing else (a comment row would be read
 * as data by spreadsheets and data tools): its name says what was selected
 * (« regard-chronologie-method-2024.csv », from the filters in the page's address), and the
 * page says the name once it is downloaded. The TimelineJS file says the selection in its
 * title slide.
 */
(function () {
  "use strict";

  function dataUrl(name) {
    var meta = document.querySelector('meta[name="regard:donnees"]');
    return new URL(name, new URL(meta ? meta.content : "../donnees/", location.href)).href;
  }

  function records(text) {
    // CSV records of the published file: CRLF ends a record unless inside quotes.
    var out = [], start = 0, quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (!quoted && c === 13 && text.charCodeAt(i + 1) === 10) {
        out.push(text.slice(start, i));
        start = i + 2;
        i++;
      }
    }
    if (start < text.length) out.push(text.slice(start));
    return out;
  }

  function download(name, type, content) {
    var blob = new Blob([content], { type: type });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function selection() {
    // The chronology's API; « ready » settles once its ids and summary are exact (a split
    // chronology reads its index of every event first).
    var api = window.regardChronology;
    if (!api || typeof api.visibleIds !== "function") return Promise.resolve(null);
    return Promise.resolve(api.ready).then(function () {
      var summary = typeof api.filterSummary === "function" ? api.filterSummary() : "";
      return { ids: api.visibleIds(),
               summary: String(summary || "aucun filtre").replace(/\s+/g, " ").trim() };
    });
  }

  // The filters of the page's address, in the chronology's order, as a file name's words.
  var KINDS = ["categorie", "annee", "terrain", "personne", "texte"];

  function slug(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function fileName(extension) {
    var params = new URLSearchParams(location.search);
    var words = [];
    KINDS.forEach(function (kind) {
      params.getAll(kind).forEach(function (value) {
        var word = slug(value);
        if (word && words.indexOf(word) === -1) words.push(word);
      });
    });
    var name = ["regard-chronologie"].concat(words).join("-").slice(0, 100).replace(/-+$/, "");
    return name + extension;
  }

  function describe(chosen, total) {
    return "Sélection de la chronologie RegarD : " + chosen.summary + " — " + chosen.ids.length +
      " événement" + (chosen.ids.length > 1 ? "s" : "") + " sur " + total + ". Adresse : " +
      location.href;
  }

  function asCsv(chosen) {
    return fetch(dataUrl("evenements.csv")).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (text) {
      var lines = records(text.replace(/^\ufeff/, ""));
      var header = lines.shift(), byId = {};
      lines.forEach(function (line) { byId[line.slice(0, line.indexOf(";"))] = line; });
      var rows = chosen.ids.filter(function (id) { return id in byId; })
        .map(function (id) { return byId[id]; });
      // The header first, as in the published file (spreadsheets and data tools read their
      // columns from the first line), then the rows: nothing else.
      var name = fileName(".csv");
      download(name, "text/csv;charset=utf-8",
        "\ufeff" + [header].concat(rows).join("\r\n") + "\r\n");
      return { count: rows.length, name: name };
    });
  }

  function asTimeline(chosen) {
    return fetch(dataUrl("chronologie.timeline.json")).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (data) {
      var byId = {};
      data.events.forEach(function (slide) { byId[slide.unique_id] = slide; });
      var total = data.events.length;
      data.events = chosen.ids.filter(function (id) { return id in byId; })
        .map(function (id) { return byId[id]; });
      data.title.text.text = "<p>" + escapeHtml(describe(chosen, total)) + "</p>" +
        data.title.text.text;
      var name = fileName(".timeline.json");
      download(name, "application/json", JSON.stringify(data, null, 1) + "\n");
      return { count: data.events.length, name: name };
    });
  }

  function setup() {
    // One place in the filter bar on a large screen, one in the filter panel on a phone
    // (where the sticky bar must stay short); the style sheet shows one of them.
    document.querySelectorAll("[data-rd-selection-actions]").forEach(fill);
    follow();
  }

  // Filters that match nothing leave nothing to download: the buttons are disabled (out
  // of the Tab order, read as unavailable) until the filters show events again. The count
  // comes from the chronology (window.regardChronology.selectionSize, null while unknown:
  // the buttons stay, and wait for it when clicked).
  function follow() {
    var api = window.regardChronology;
    var none = Boolean(api) && api.selectionSize === 0;
    document.querySelectorAll(".rd-selection").forEach(function (group) {
      group.querySelectorAll(".rd-selection__button").forEach(function (button) {
        button.disabled = none;
      });
      var status = group.querySelector(".rd-selection__status");
      if (none && status.textContent) status.textContent = "";
    });
  }

  document.addEventListener("regard:selection", follow);

  function fill(box) {
    if (box.querySelector(".rd-selection")) return;
    var group = document.createElement("div");
    group.className = "rd-selection";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Télécharger la sélection");
    var label = document.createElement("span");
    label.className = "rd-selection__label";
    // Short, so that the bar holds on one line beside the search at 1280 px (the group's
    // name, read by screen readers, says « la sélection »).
    label.textContent = "Télécharger\u00a0:";
    var status = document.createElement("span");
    status.className = "rd-selection__status";
    status.setAttribute("role", "status");
    group.appendChild(label);
    var kinds = [["Tableur (CSV)", asCsv, "csv"], ["TimelineJS", asTimeline, "timelinejs"]];
    kinds.forEach(function (kind) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "rd-selection__button";
      button.dataset.rdSelection = kind[2];
      button.textContent = kind[0];
      button.addEventListener("click", function () {
        selection().then(function (chosen) {
          if (!chosen) throw new Error("chronologie absente");
          if (!chosen.ids.length) return null;
          status.textContent = "Préparation du fichier…";
          return kind[1](chosen);
        }).then(function (done) {
          if (done === null) {
            status.textContent = "Aucun événement à télécharger\u00a0: élargissez les filtres.";
            return;
          }
          var count = done.count;
          status.textContent = count.toLocaleString("fr-FR") + " événement" +
            (count > 1 ? "s" : "") + " téléchargé" + (count > 1 ? "s" : "") +
            " dans le fichier «\u00a0" + done.name + "\u00a0».";
        }, function () {
          status.textContent = "Téléchargement impossible\u00a0: fichier de données introuvable.";
        });
      });
      group.appendChild(button);
    });
    group.appendChild(status);
    box.appendChild(group);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
