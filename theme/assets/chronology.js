/*
 * RegarD — the chronology: frise, filters and vertical timeline.
 *
 * Progressive enhancement of /chronologie/: without JavaScript every event and the frise
 * are shown and the controls stay hidden. With it, the filter bar appears (text box, count,
 * removable chips, a « Filtres » panel with per-option counts), the frise's lane labels
 * become the category filter, the frise and the table of contents follow the filters, and
 * the state lives in the URL query (?categorie=…&annee=…&terrain=…&personne=…&texte=…;
 * not `q`, which Material's own search reads) so that a view can be shared, reloaded and
 * stepped through with back and forward.
 *
 * Filters combine across groups (each group narrows) and within a group any ticked value
 * matches. A large chronology is split into one page per year (the generator decides from
 * the size of the data): then the filters work across pages from a small index of every
 * event (fetched once), and the text search from a second file, fetched when the reader
 * first types.
 *
 * Works with Material's navigation.instant (re-initialised on every document$ emission)
 * and without Material (DOMContentLoaded).
 *
 * Its logic without the page (folding, the state and the URL, the filter index, postings and
 * counts) is chronology-core.js, tested in Node; this script reads the page and draws.
 *
 * For other scripts (open-data exports): window.regardChronology.visibleIds() gives the ids
 * of the events the filters show, in order, across every page; .filterSummary() a French
 * sentence naming the active filters; .ready a promise settled once both are exact;
 * .selectionSize how many events they show (null while unknown), and a « regard:selection »
 * event on the document when that changes.
 */
(function () {
  "use strict";

  // The logic without the page (chronology-core.js, loaded before this script).
  var core = window.regardChronologyCore;
  var KINDS = core.KINDS;
  var BIT = core.BIT;
  var NAMES = core.NAMES;
  var fold = core.fold;
  var foldWithMap = core.foldWithMap;
  var tokensOf = core.tokensOf;
  var frenchNumber = core.frenchNumber;
  var plural = core.plural;
  var emptyState = core.emptyState;
  var copyState = core.copyState;
  var sameState = core.sameState;
  var TYPING_PAUSE_MS = 1000;
  var TYPING_URL_DELAY_MS = 400;
  var HIGHLIGHT_CHUNK = 10;

  /** Write an element's text: in place when it is one text node already, so that the node
   *  changes rather than being replaced (a filter change rewrites a hundred counts; a new
   *  node costs its style and layout object again). */
  function setText(element, text) {
    var node = element.firstChild;
    if (text && node && node === element.lastChild && node.nodeType === 3) {
      if (node.data !== text) node.data = text;
    } else if (element.textContent !== text) {
      element.textContent = text;
    }
  }

  // The split chronology's index files, kept across instant navigations.
  var fetched = {};

  function fetchJson(url) {
    if (!fetched[url]) {
      fetched[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(url + " : " + response.status);
        return response.json();
      });
      fetched[url].catch(function () { delete fetched[url]; });
    }
    return fetched[url];
  }

  function Chronology(root) {
    var self = this;
    this.root = root;
    this.pathname = location.pathname;
    this.total = Number(root.getAttribute("data-rd-total")) || 0;
    this.indexUrl = root.getAttribute("data-rd-index");
    this.textsUrl = root.getAttribute("data-rd-texts");
    this.split = Boolean(this.indexUrl);
    this.state = null;
    this.lastWrite = 0;
    this.timers = {};
    this.frise = document.querySelector("[data-rd-frise]");

    // Events on this page.
    // Their frise bin (data-bin) is written where the frise aggregates; their searchable
    // text (data-rd-text) on a one-page chronology (a split one's is fetched).
    this.items = Array.prototype.map.call(document.querySelectorAll("li.rd-event[id]"),
      function (li) {
        var item = core.makeEntry(li.id, -1, li.getAttribute("data-year"),
          li.hasAttribute("data-bin") ? Number(li.getAttribute("data-bin")) : null,
          li.getAttribute("data-categories"), li.getAttribute("data-projects"),
          li.getAttribute("data-people"));
        item.li = li;
        item.hidden = li.hidden;
        item.visible = !li.hidden;
        item.marked = "";
        return item;
      });
    this.itemById = {};
    this.items.forEach(function (item) { self.itemById[item.id] = item; });
    // A renamed event's former ids (alias anchors in its card) lead to it as its id does.
    Array.prototype.forEach.call(document.querySelectorAll("li.rd-event[id] .rd-former-id[id]"),
      function (alias) { self.itemById[alias.id] = self.itemById[alias.closest("li.rd-event").id]; });
    // Every event the filters count (setEntries): those of this page, or the split index
    // once loaded.
    this.entries = null;
    this.texts = !this.split;

    this.years = Array.prototype.map.call(document.querySelectorAll("ol.rd-events"),
      function (ol) {
        var year = ol.getAttribute("data-year");
        var heading = document.getElementById("annee-" + year);
        var toc = Array.prototype.map.call(
          // Material's instant navigation makes the links absolute: match the end.
          document.querySelectorAll('.md-nav--secondary a[href$="#annee-' + year + '"]'),
          function (a) { return a.closest("li") || a; });
        return { ol: ol, year: year, heading: heading, toc: toc, hidden: ol.hidden };
      });

    // Controls: the category boxes of the frise, the panel's mirrors and its other boxes.
    this.form = root.querySelector("[data-rd-filters]");
    this.boxes = Array.prototype.slice.call(document.querySelectorAll(
      "[data-rd-frise] input[name=categorie], [data-rd-chronology] input[type=checkbox]"));
    this.allowed = {};
    this.labels = {};
    this.styles = {};
    this.optionCounts = {};
    KINDS.forEach(function (kind) {
      self.allowed[kind] = {};
      self.labels[kind] = {};
      self.optionCounts[kind] = {};
    });
    this.boxes.forEach(function (input) {
      var kind = self.kindOf(input);
      if (!kind) return;
      input.hidden = false;
      if (!input.disabled) self.allowed[kind][input.value] = true;
      var label = input.closest("label");
      var text = label && label.querySelector(".rd-filter__label");
      if (text) self.labels[kind][input.value] = text.textContent.trim();
      if (label && kind === "categorie" && label.getAttribute("style")) {
        self.styles[input.value] = label.getAttribute("style");
      }
      var count = label && label.querySelector("[data-rd-option-count]");
      if (count) {
        self.optionCounts[kind][input.value] = {
          el: count, name: text, value: null };
      }
    });
    this.search = root.querySelector("input[name=texte]");
    this.count = root.querySelector("[data-rd-count]");
    this.chips = root.querySelector("[data-rd-chips]");
    this.activeBadge = root.querySelector("[data-rd-active]");
    this.toggle = root.querySelector("[data-rd-toggle]");
    this.panelTitle = root.querySelector("[data-rd-panel-title]");
    this.panel = root.querySelector("[data-rd-panel]");
    this.showButton = root.querySelector("[data-rd-show]");
    this.empty = document.querySelector("[data-rd-empty]");
    this.notice = document.querySelector("[data-rd-notice]");

    // The frise.
    this.markOf = {};
    this.bins = [];
    this.ticks = [];
    if (this.frise) {
      Array.prototype.forEach.call(this.frise.querySelectorAll("a[data-rd-event]"), function (a) {
        // An event has a marker in the lane of each of its categories.
        var id = a.getAttribute("data-rd-event");
        (self.markOf[id] || (self.markOf[id] = [])).push({ a: a, out: false });
      });
      Array.prototype.forEach.call(this.frise.querySelectorAll("a[data-rd-bin]"), function (a) {
        self.bins.push({
          key: a.getAttribute("data-rd-bin"),
          a: a,
          many: a.hasAttribute("data-n"),
          // The count as the reader sees it: a text node, rewritten only when it changes.
          text: a.hasAttribute("data-n") ? a.firstChild.firstChild : null,
          period: a.getAttribute("data-rd-period"),
          // As drawn by the generator (every event): a first visit changes nothing here.
          count: a.hasAttribute("data-n") ? Number(a.getAttribute("data-n")) : 1
        });
      });
      Array.prototype.forEach.call(this.frise.querySelectorAll("a[data-rd-year]"), function (a) {
        var number = a.querySelector("[data-rd-year-count]");
        self.ticks.push({
          year: a.getAttribute("data-rd-year"),
          a: a,
          li: a.parentNode,
          number: number,
          noun: a.querySelector("[data-rd-year-noun]"),
          name: a.querySelector(".rd-tick__year"),
          count: number ? Number(number.textContent.replace(/\D/g, "")) : null,
          current: false
        });
      });
      this.scroller = this.frise.querySelector("[data-rd-frise-scroll]");
      this.view = this.frise.querySelector("[data-rd-frise-view]");
      this.friseCount = this.frise.querySelector("[data-rd-frise-count]");
    }
    this.pageCounts = Array.prototype.map.call(
      document.querySelectorAll("[data-rd-page-count]"), function (el) {
        return { el: el, li: el.closest("li"), a: el.parentNode.querySelector("a"), value: null };
      });

    if (!this.split) this.setEntries(this.items);

    document.documentElement.classList.add("rd-js");
    // A split page's filters come after its events, hidden, until the page puts them back
    // in place (its script after them, generator/templates/arrange.js.j2): shown now.
    root.hidden = false;
    this.form.hidden = false;

  }

  /** Listen, show the state of the URL, and follow its hash (once it is the current one). */
  Chronology.prototype.start = function () {
    var self = this;
    this.listen();
    this.rove();
    this.skipLinks(true);
    this.observeBar();
    // The frise opens on the most recent years (after the first frame: reading its width
    // now would lay out the page while it loads).
    var scroller = this.scroller;
    if (scroller) {
      requestAnimationFrame(function () {
        scroller.scrollLeft = scroller.scrollWidth;
        self.watchEdges();
        self.pinBandLabels();
      });
    }
    // The index of every event (a split chronology) is read once the page is drawn.
    this.ready = !this.split ? Promise.resolve() : new Promise(function (resolve) {
      requestAnimationFrame(function () { self.timers.index = setTimeout(resolve, 0); });
    }).then(function () { return self.loadIndex(); });
    this.restore();
    if (location.hash) this.followHash(true);
    this.prepareTexts();
  };

  /** The frise is one Tab stop: its years, lanes' boxes and markers make a grid that the
   *  arrow keys walk (a row per line: the years, then each lane, its box first), Home and
   *  End to a row's ends; only the last one focused (at first, the first lane's first
   *  marker) is in the Tab order. Without scripts every marker stays a plain link. */
  Chronology.prototype.rove = function () {
    var track = this.frise && this.frise.querySelector(".rd-frise__track");
    if (!track) return;
    var rows = [];
    var years = track.querySelectorAll(".rd-frise__axis a[data-rd-year]");
    if (years.length) rows.push(Array.prototype.slice.call(years));
    Array.prototype.forEach.call(track.querySelectorAll(".rd-lane"), function (lane) {
      rows.push(Array.prototype.slice.call(lane.querySelectorAll("input[name=categorie], a.rd-mark")));
    });
    var place = new Map();
    var current = null;
    rows.forEach(function (row, r) {
      row.forEach(function (el, c) {
        place.set(el, [r, c]);
        el.tabIndex = -1;
        if (!current && el.matches("a.rd-mark")) current = el;
      });
    });
    current = current || (rows[0] && rows[0][0]);
    if (!current) return;
    current.tabIndex = 0;
    function centre(el) {
      var box = el.getBoundingClientRect();
      return box.left + box.width / 2;
    }
    function moveTo(el) {
      if (!el) return;
      current.tabIndex = -1;
      current = el;
      el.tabIndex = 0;
      el.focus();
    }
    track.addEventListener("focusin", function (event) {
      if (place.has(event.target) && event.target !== current) {
        current.tabIndex = -1;
        current = event.target;
        current.tabIndex = 0;
      }
    });
    track.addEventListener("keydown", function (event) {
      var at = place.get(event.target);
      if (!at || event.altKey || event.ctrlKey || event.metaKey) return;
      var row = rows[at[0]];
      var target = null;
      if (event.key === "ArrowRight") target = row[at[1] + 1];
      else if (event.key === "ArrowLeft") target = row[at[1] - 1];
      else if (event.key === "Home") target = row[0];
      else if (event.key === "End") target = row[row.length - 1];
      else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        var step = event.key === "ArrowDown" ? 1 : -1;
        // The next line that has something, at the nearest place in time.
        for (var r = at[0] + step; r >= 0 && r < rows.length && !target; r += step) {
          var x = centre(event.target);
          var best = Infinity;
          rows[r].forEach(function (el) {
            var d = Math.abs(centre(el) - x);
            if (d < best) { best = d; target = el; }
          });
        }
      } else return;
      event.preventDefault();
      moveTo(target);
    });
  };

  /** Where the frise is wider than its box, the years beyond each edge are shown by a
   *  shade on that edge, and two buttons lead to its start and its end: a phone opens on
   *  the latest years, and its reader must see at once that earlier ones exist. */
  Chronology.prototype.watchEdges = function () {
    var scroller = this.scroller;
    var view = this.view;
    if (!view) return;
    var toStart = view.querySelector("[data-rd-frise-to=start]");
    var toEnd = view.querySelector("[data-rd-frise-to=end]");
    var due = false;
    // Attributes the frise's markers never wear: a change of edge is no redraw of them.
    function mark(name, on) {
      if (view.hasAttribute(name) !== on) view.toggleAttribute(name, on);
    }
    var self = this;
    function show() {
      due = false;
      self.readFriseWindow();
      var max = scroller.scrollWidth - scroller.clientWidth;
      var before = scroller.scrollLeft > 1;
      var after = scroller.scrollLeft < max - 1;
      mark("data-rd-before", before);
      mark("data-rd-after", after);
      // Keep the focus where it was: a button that hides gives it to the other end's.
      var focused = document.activeElement;
      toStart.hidden = !before;
      toEnd.hidden = !after;
      if (focused === toStart && !before && after) toEnd.focus();
      else if (focused === toEnd && !after && before) toStart.focus();
    }
    scroller.addEventListener("scroll", function () {
      if (!due) {
        due = true;
        requestAnimationFrame(show);
      }
    }, { passive: true });
    view.addEventListener("click", function (event) {
      var button = event.target.closest("[data-rd-frise-to]");
      if (!button) return;
      var start = button.getAttribute("data-rd-frise-to") === "start";
      scroller.scrollLeft = start ? 0 : scroller.scrollWidth;
    });
    if (typeof ResizeObserver === "function") {
      this.edgeResize = new ResizeObserver(show);
      this.edgeResize.observe(scroller);
    }
    show();
  };

  /** What the frise's box shows, on its axis (pixels from its start, as the markers'
   *  --x): read where the frise's edges are read already (in a frame, after a scroll or a
   *  resize), so that a filter change can tell whether a marker it leaves is in view
   *  without laying out the page. */
  Chronology.prototype.readFriseWindow = function () {
    var scroller = this.scroller;
    var cells = this.frise.querySelector(".rd-frise__lanes .rd-frise__cells");
    if (!cells) return;
    var box = scroller.getBoundingClientRect();
    var left = box.left + scroller.clientLeft;
    // The rows' heads are sticky over the drawing on a wide screen (hidden on a phone).
    var head = cells.parentNode.querySelector(".rd-frise__head");
    var headBox = head && head.getBoundingClientRect();
    if (headBox && headBox.width > 1) left = Math.max(left, headBox.right);
    var origin = cells.getBoundingClientRect().left;
    this.friseWindow = { scrollLeft: scroller.scrollLeft, from: left - origin,
                         to: box.left + scroller.clientLeft + scroller.clientWidth - origin };
  };

  /** After a change made outside the frise (panel, text box, link): when none of the
   *  markers it leaves is in the frise's view (a phone opens on the latest years), scroll
   *  the frise to the latest of them. Positions from the markers' --x and the window read
   *  at the last scroll: no layout read here. */
  Chronology.prototype.followFrise = function () {
    var view = this.friseWindow;
    if (!view || !this.shown) return;
    var latest = null;
    // Aggregates first (a large frise's most markers are in them), then markers from the
    // latest events: the frise opens on the latest years, where one shown is found first
    // (a marker's position is parsed from its style once, when first met).
    for (var b = this.bins.length - 1; b >= 0; b--) {
      if (!this.bins[b].count) continue;
      var binSpan = spanOf(this.bins[b]);
      if (binSpan[1] > view.from && binSpan[0] < view.to) return;
      if (!latest || binSpan[0] > latest[0]) latest = binSpan;
    }
    var marks = this.markList;
    for (var m = marks.length - 1; m >= 0; m--) {
      if (marks[m][1].out) continue;
      var span = spanOf(marks[m][1]);
      if (span[1] > view.from && span[0] < view.to) return;
      if (!latest || span[0] > latest[0]) latest = span;
    }
    if (!latest) return;
    // Its end a little inside the right edge: the earlier matches show to its left.
    var delta = latest[1] + FRISE_MARGIN - view.to;
    if (latest[0] - FRISE_MARGIN < view.from + delta) delta = latest[0] - FRISE_MARGIN - view.from;
    var left = Math.max(0, view.scrollLeft + delta);
    this.scroller.scrollLeft = left;
    delta = left - view.scrollLeft;
    // Until the scroll's own reading comes, a next change sees where this one put it.
    this.friseWindow = { scrollLeft: left, from: view.from + delta, to: view.to + delta };
  };

  var FRISE_MARGIN = 24;

  /** A marker's extent on the frise's axis, from its inline style (read once). */
  function spanOf(mark) {
    if (!mark.span) {
      var style = mark.a.style;
      var x = parseFloat(style.getPropertyValue("--x")) || 0;
      mark.span = [x, x + Math.max(parseFloat(style.getPropertyValue("--w")) || 0, 16)];
    }
    return mark.span;
  }

  /** Each period's name stays readable while any of its band is in view: its label starts
   *  where the layout put it or, once that is scrolled out, at the left edge of what shows
   *  (after the rows' heads and the edge's shade), and ends where the layout's room for it
   *  in its row ends (its band's end, or beyond where the row is free) or at the right
   *  edge. Where that leaves too little room, the years go first, then the style sheet
   *  shortens the name with an ellipsis. Without scripts each label stays where the layout
   *  put it. */
  Chronology.prototype.pinBandLabels = function () {
    var scroller = this.scroller;
    var view = this.view;
    if (!scroller || !view) return;
    var head = this.frise.querySelector(".rd-frise__periods > .rd-frise__head");
    var bands = Array.prototype.map.call(this.frise.querySelectorAll("li.rd-band"), bandOf);
    if (!bands.length) return;
    var due = false;
    function shade(side) {
      return parseFloat(getComputedStyle(view, side).width) || 0;
    }
    function place() {
      due = false;
      var box = scroller.getBoundingClientRect();
      var left = box.left + scroller.clientLeft;
      var right = left + scroller.clientWidth;
      // The rows' heads are sticky over the drawing on a wide screen (hidden on a phone).
      var headBox = head && head.getBoundingClientRect();
      if (headBox && headBox.width > 1) left = Math.max(left, headBox.right);
      var max = scroller.scrollWidth - scroller.clientWidth;
      if (scroller.scrollLeft > 1) left += shade("::before");
      if (scroller.scrollLeft < max - 1) right -= shade("::after");
      var origin = bands[0].cells.getBoundingClientRect().left;
      bands.forEach(function (band) { placeBand(band, left - origin, right - origin); });
    }
    function schedule() {
      if (!due) {
        due = true;
        requestAnimationFrame(place);
      }
    }
    this.frise.setAttribute("data-rd-pinned", "");
    scroller.addEventListener("scroll", schedule, { passive: true });
    if (typeof ResizeObserver === "function") {
      this.bandResize = new ResizeObserver(schedule);
      this.bandResize.observe(scroller);
    }
    place();
  };

  var BAND_PAD = 4;
  // Narrower than an ellipsis and a letter or two, a label would only say « … ».
  var BAND_MIN_LABEL = 24;

  /** A period's band as the generator drew it (in pixels from the axis's start): the band,
   *  the room its label has in its row, and the label's natural widths, read once. */
  function bandOf(li) {
    var style = li.style;
    var x = parseFloat(style.getPropertyValue("--x"));
    var lx = x + parseFloat(style.getPropertyValue("--lx"));
    var label = li.querySelector("[data-rd-band-label]");
    var years = label.querySelector(".rd-band__years");
    // With no room, a label's scroll width is its text's.
    label.style.setProperty("--lw", "0");
    var full = label.scrollWidth;
    var yearsWidth = years ? years.getBoundingClientRect().width : 0;
    var band = { label: label, years: years, cells: li.parentNode, x: x,
                 end: x + parseFloat(style.getPropertyValue("--w")),
                 from: Math.min(x, lx), full: full + 1, title: full - yearsWidth + 1,
                 placed: null };
    band.to = Math.max(band.end, lx + parseFloat(style.getPropertyValue("--lw")));
    return band;
  }

  /** Place a band's label within ``left``–``right`` (what shows, on the axis). */
  function placeBand(band, left, right) {
    var from = Math.max(band.from, left + BAND_PAD);
    var to = Math.min(band.to, right - BAND_PAD);
    var seen = Math.min(band.end, right) - Math.max(band.x, left) > 0;
    var width = Math.max(0, Math.floor((to - from) * 10) / 10);
    var lx = Math.ceil((from - band.x) * 10) / 10;
    var shown = seen && width >= BAND_MIN_LABEL;
    var key = [lx, width, shown].join(" ");
    if (key === band.placed) return;
    band.placed = key;
    // Relative to the band, as the generator writes them on it.
    band.label.style.setProperty("--lx", String(lx));
    band.label.style.setProperty("--lw", String(width));
    band.label.style.visibility = shown ? "" : "hidden";
    if (band.years) band.years.hidden = width < band.full;
  }

  /** Read the cards' searchable text while the reader looks, so that the first search
   *  does not wait for it. */
  Chronology.prototype.prepareTexts = function () {
    var self = this;
    var next = 0;
    function step() {
      var end = Math.min(next + 50, self.items.length);
      for (; next < end; next++) {
        if (self.items[next].text === null && !self.split) self.textOf(self.items[next]);
      }
      if (next < self.items.length) self.timers.texts = setTimeout(step, 0);
    }
    this.timers.texts = setTimeout(step, 1500);
  };

  Chronology.prototype.kindOf = function (input) {
    var kind = input.getAttribute("data-rd-kind") || input.name;
    return this.allowed[kind] ? kind : null;
  };

  Chronology.prototype.listen = function () {
    var self = this;
    this.onChange = function (event) {
      var input = event.target;
      if (input.type !== "checkbox") return;
      var kind = self.kindOf(input);
      if (!kind) return;
      var state = copyState(self.state);
      if (input.checked) state[kind][input.value] = true;
      else delete state[kind][input.value];
      // A lane's label is a box of the frise: the frise stays where the reader put it.
      self.change(state, false, Boolean(self.frise && self.frise.contains(input)));
    };
    this.onInput = function () {
      var state = copyState(self.state);
      state.q = core.cleanQuery(self.search.value);
      self.change(state, true);
    };
    this.onSubmit = function (event) { event.preventDefault(); };
    this.onRootClick = function (event) {
      var target = event.target;
      if (target.closest("[data-rd-reset]")) {
        self.change(emptyState(), false);
        self.search.focus();
        return;
      }
      if (target.closest("[data-rd-toggle]")) {
        var opening = self.panel.hidden;
        self.openPanel(opening);
        // Into the panel: the next Tab is its first control, not what follows the button
        // in the bar (the download buttons, at a desktop's width). Its title names it.
        if (opening) self.panelTitle.focus();
        return;
      }
      if (target.closest("[data-rd-close]")) {
        self.openPanel(false);
        self.toggle.focus();
        // « Voir les événements »: on a phone the panel filled the screen over the page's
        // top, and the first event it leaves may lie far below; bring it in (after the
        // frame that closes the panel, whose layout the reads then reuse).
        if (target.closest("[data-rd-show]")) {
          requestAnimationFrame(function () { self.showResults(false); });
        }
        return;
      }
      var chip = target.closest("[data-rd-remove]");
      if (chip) self.removeChip(chip);
    };
    this.onDocumentClick = function (event) {
      var target = event.target;
      if (!(target instanceof Element)) return;
      var copy = target.closest("[data-rd-copy]");
      if (copy) {
        self.copyLink(copy);
        return;
      }
      if (self.empty && target.closest("[data-rd-empty] [data-rd-reset]")) {
        self.change(emptyState(), false);
        self.search.focus();
        return;
      }
      var year = target.closest("a[data-rd-year]");
      if (year && self.chooseYear(year, event)) return;
      if (!self.panel.hidden && !target.closest("[data-rd-chronology]")) self.openPanel(false);
      var link = target.closest("a[href]");
      if (link && self.linkToHiddenEvent(link, event)) return;
    };
    this.onKeydown = function (event) {
      if (event.key === "Escape" && !self.panel.hidden) {
        self.openPanel(false);
        self.toggle.focus();
      }
    };
    this.onPopState = function () {
      if (location.pathname === self.pathname) self.restore();
    };
    this.onHashChange = function () { self.followHash(); };
    document.addEventListener("change", this.onChange);
    this.root.addEventListener("click", this.onRootClick);
    // Capture: before Material's instant navigation handles a link.
    window.addEventListener("click", this.onDocumentClick, true);
    document.addEventListener("keydown", this.onKeydown);
    this.form.addEventListener("submit", this.onSubmit);
    this.search.addEventListener("input", this.onInput);
    window.addEventListener("popstate", this.onPopState);
    window.addEventListener("hashchange", this.onHashChange);
  };

  /** The skip links of the page's start (theme/main.html): shown on a chronology page,
   *  they lead to the filters' text box and to the first event shown, focused. */
  Chronology.prototype.skipLinks = function (on) {
    var self = this;
    var skips = document.querySelector("[data-rd-skips]");
    if (!skips) return;
    skips.hidden = !on;
    // A page brought by instant navigation keeps the header it came with: the links get
    // their targets here (theme/main.html leaves them out off the chronology).
    Array.prototype.forEach.call(skips.querySelectorAll("[data-rd-href]"), function (link) {
      if (on) link.setAttribute("href", link.getAttribute("data-rd-href"));
      else link.removeAttribute("href");
    });
    if (!on) {
      window.removeEventListener("click", this.onSkip, true);
      return;
    }
    this.onSkip = function (event) {
      var link = event.target instanceof Element && event.target.closest("[data-rd-skip]");
      if (!link) return;
      var target = link.getAttribute("data-rd-skip") === "filters" ? self.search
        : self.firstShown();
      if (!target) return;
      // Before Material's instant navigation, which would follow the link and move the
      // focus back to the page.
      event.preventDefault();
      event.stopImmediatePropagation();
      self.scrollTo(target.closest("li.rd-event") || target);
      target.focus({ preventScroll: true });
    };
    window.addEventListener("click", this.onSkip, true);
  };

  /** Bring the events the filters show into view, below the sticky bar: the first one
   *  shown (or the « no event » box). ``pastEndOnly``: only when the reader is past the
   *  last one shown (a search typed far down the list leaves the footer alone on screen);
   *  a reader who sees one of them is never moved, nor one above the list. Reads layout:
   *  called in a frame after the change's, never from the change handler. */
  Chronology.prototype.showResults = function (pastEndOnly) {
    if (this !== current || (pastEndOnly && !this.panel.hidden)) return;
    var first = null;
    var last = null;
    for (var i = 0; i < this.items.length; i++) {
      if (!this.items[i].visible) continue;
      if (!first) first = this.items[i].li;
      last = this.items[i].li;
    }
    var box = this.empty && !this.empty.hidden ? this.empty : null;
    var target = first || box;
    if (!target) return;
    var barBottom = Math.max(0, this.root.getBoundingClientRect().bottom);
    if (pastEndOnly) {
      // A card's last few pixels under the bar show none of it.
      if ((last || box).getBoundingClientRect().bottom >= barBottom + PAST_END_SLACK) return;
    } else {
      var top = target.getBoundingClientRect().top;
      if (top >= barBottom - 2 && top <= window.innerHeight - 64) return;
    }
    this.scrollTo(target);
  };

  var PAST_END_SLACK = 48;

  /** The title link of the first event the filters show on this page. */
  Chronology.prototype.firstShown = function () {
    for (var i = 0; i < this.items.length; i++) {
      if (this.items[i].visible) return this.items[i].li.querySelector(".rd-event__permalink");
    }
    return null;
  };

  Chronology.prototype.destroy = function () {
    this.skipLinks(false);
    document.removeEventListener("change", this.onChange);
    window.removeEventListener("click", this.onDocumentClick, true);
    document.removeEventListener("keydown", this.onKeydown);
    window.removeEventListener("popstate", this.onPopState);
    window.removeEventListener("hashchange", this.onHashChange);
    if (this.resize) this.resize.disconnect();
    if (this.edgeResize) this.edgeResize.disconnect();
    if (this.bandResize) this.bandResize.disconnect();
    this.highlighting = -1;
    document.documentElement.style.scrollPaddingTop = "";
    var self = this;
    Object.keys(this.timers).forEach(function (name) { clearTimeout(self.timers[name]); });
  };

  /** Anchors land below the sticky bar: its height becomes the page's scroll padding,
   *  kept up to date after each layout and read at once before the script scrolls. (An
   *  inherited custom property would restyle every card whenever the bar's height changes;
   *  a property of the root element alone does not.) */
  Chronology.prototype.observeBar = function () {
    var self = this;
    this.barHeight = -1;
    if (typeof ResizeObserver === "undefined") return;
    this.resize = new ResizeObserver(function () { self.syncBar(); });
    this.resize.observe(this.root);
  };

  Chronology.prototype.syncBar = function () {
    var height = Math.round(this.root.getBoundingClientRect().height);
    if (Math.abs(height - this.barHeight) < 2) return;
    this.barHeight = height;
    document.documentElement.style.scrollPaddingTop = height + "px";
  };

  Chronology.prototype.scrollTo = function (element) {
    this.syncBar();
    element.scrollIntoView({ block: "start" });
    this.keepInView(element);
  };

  /** Cards are drawn only near the screen (content-visibility): those that come into view
   *  take their real height and move the event the reader was taken to. Follow it for a
   *  few frames, until the reader scrolls, types or clicks. */
  Chronology.prototype.keepInView = function (element) {
    var self = this;
    var frames = 0;
    var stopped = false;
    var events = ["wheel", "touchstart", "keydown", "pointerdown"];
    function stop() {
      stopped = true;
      events.forEach(function (name) { window.removeEventListener(name, stop, true); });
    }
    events.forEach(function (name) {
      window.addEventListener(name, stop, { capture: true, passive: true });
    });
    function check() {
      if (stopped || self !== current || !element.isConnected) return stop();
      var want = (parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0) +
        (parseFloat(getComputedStyle(element).scrollMarginTop) || 0);
      if (Math.abs(element.getBoundingClientRect().top - want) > 2) {
        element.scrollIntoView({ block: "start" });
      }
      if (++frames < 40) requestAnimationFrame(check);
      else stop();
    }
    requestAnimationFrame(check);
  };

  // ---- Data of a split chronology --------------------------------------------------------

  Chronology.prototype.loadIndex = function () {
    var self = this;
    var url = new URL(this.indexUrl, location.href).href;
    return fetchJson(url).then(function (index) {
      if (self !== current) return;
      self.pages = index.pages.map(function (page) { return new URL(page, url).href; });
      var entries = core.readIndex(index).map(function (entry) {
        var item = self.itemById[entry.id];
        if (!item) {
          entry.li = null;
          entry.hidden = false;
          return entry;
        }
        item.page = entry.page;
        item.year = entry.year;
        item.bin = entry.bin;
        item.values = entry.values;
        item.text = null;
        return item;
      });
      self.entryById = {};
      entries.forEach(function (entry) { self.entryById[entry.id] = entry; });
      self.setEntries(entries);
      self.apply(self.state);
    });
  };

  Chronology.prototype.loadTexts = function () {
    var self = this;
    if (!this.textsPromise) {
      var url = new URL(this.textsUrl, location.href).href;
      this.textsPromise = this.ready.then(function () { return fetchJson(url); })
        .then(function (texts) {
          if (self !== current) return;
          self.entries.forEach(function (entry, i) { entry.text = fold(texts[i] || ""); });
          self.texts = true;
          self.filter.textCache = null;
          self.apply(self.state);
        });
      // visibleIds() is exact once the texts are read too.
      this.ready = this.textsPromise;
    }
    return this.textsPromise;
  };

  /** The folded searchable text of an event, as the generator wrote it (on its card, or
   *  in a split chronology's text index), or null while it is not loaded. */
  Chronology.prototype.textOf = function (entry) {
    if (entry.text === null && entry.li) {
      var text = entry.li.getAttribute("data-rd-text");
      if (text !== null) entry.text = fold(text);
    }
    return entry.text;
  };

  // ---- State ---------------------------------------------------------------------------

  /** The state the URL holds; unknown parameters and values are ignored. */
  Chronology.prototype.fromUrl = function () {
    return core.stateFromQuery(location.search, this.allowed);
  };

  /** Make every control show the state. */
  Chronology.prototype.show = function (state) {
    var self = this;
    this.boxes.forEach(function (input) {
      var kind = self.kindOf(input);
      if (kind) input.checked = Boolean(state[kind][input.value]);
    });
    if (this.search.value.trim() !== state.q) this.search.value = state.q;
  };

  Chronology.prototype.restore = function () {
    this.friseFollows = true;
    var state = this.fromUrl();
    this.show(state);
    this.apply(state);
    this.dropUnknown();
    remember(this.query(state));
  };

  /** A shared link asking for a filter this page does not offer (a person's old id, a
   *  mistyped category, a year without events): say that it is ignored, and take it out of
   *  the address, so that the link the reader copies next shows what the page shows. */
  Chronology.prototype.dropUnknown = function () {
    var params = new URLSearchParams(location.search);
    var allowed = this.allowed;
    var unknown = [];
    var dropped = false;
    var kept = new URLSearchParams();
    params.forEach(function (value, name) {
      var filter = KINDS.indexOf(name) !== -1;
      // « ?terrain= » asks for nothing: dropped without a word.
      if (filter && value === "") {
        dropped = true;
        return;
      }
      var bad = filter && !core.offers(allowed, name, value);
      if (!bad) {
        kept.append(name, value);
        return;
      }
      // A value is shown as text (say() writes textContent), cut short if a link is odd.
      var named = NAMES[name][0] + " « " + (value.length > 60 ? value.slice(0, 59) + "…" : value) + " »";
      if (unknown.indexOf(named) === -1) unknown.push(named);
    });
    if (!unknown.length && !dropped) return;
    var query = kept.toString();
    history.replaceState(history.state, "",
                         location.pathname + (query ? "?" + query : "") + location.hash);
    if (!unknown.length) return;
    this.say(unknown.length === 1
      ? "Le lien demandait un filtre qui n'existe pas ici (" + unknown[0] + ") : il est ignoré."
      : "Le lien demandait des filtres qui n'existent pas ici (" + unknown.join(" ; ") +
        ") : ils sont ignorés.");
  };

  /** A change made by the reader: shown at once, written to the URL after the frame.
   *  ``fromFrise``: made in the frise (a lane's box, a year), which then keeps its scroll. */
  Chronology.prototype.change = function (state, typing, fromFrise) {
    this.friseFollows = !fromFrise;
    this.show(state);
    this.apply(state);
    this.scheduleWrite(typing);
  };

  Chronology.prototype.scheduleWrite = function (typing) {
    var self = this;
    clearTimeout(this.timers.write);
    // Writing history forces a layout: never inside the input handler, and after the frame
    // that shows the change.
    this.timers.write = setTimeout(function () {
      requestAnimationFrame(function () {
        // Once a burst (after the typing pause), in a frame after the one that showed the
        // change: the only layout read a change costs, and no jump while the reader types.
        self.showResults(true);
        self.timers.write = setTimeout(function () { self.write(self.state, typing); }, 0);
      });
    }, typing ? TYPING_URL_DELAY_MS : 0);
  };

  Chronology.prototype.query = function (state) {
    return core.queryOf(state);
  };

  /** Put the state in the URL: one history entry per change, one per typing burst. */
  Chronology.prototype.write = function (state, typing, hash) {
    if (this !== current || location.pathname !== this.pathname) return;
    var url = location.pathname + this.query(state) + (hash === undefined ? location.hash : hash);
    if (url === location.pathname + location.search + location.hash) return;
    var now = Date.now();
    if (typing && now - this.lastWrite < TYPING_PAUSE_MS) {
      history.replaceState(history.state, "", url);
    } else {
      history.pushState(history.state, "", url);
    }
    this.lastWrite = typing ? now : 0;
    remember(this.query(state));
  };

  /** The filters shown, for an event page's way back (event-page.js); none kept where the
   *  browser keeps no session storage. */
  function remember(query) {
    try {
      sessionStorage.setItem(core.QUERY_KEY, query);
    } catch (error) {
      return;
    }
  }

  // ---- Matching ------------------------------------------------------------------------

  /** Bits of the filters an entry fails (0: it is shown); null when its text is unknown. */
  Chronology.prototype.failures = function (entry, state, tokens) {
    return core.failures(entry, state, tokens, tokens.length ? this.textOf(entry) : null);
  };

  /** The filters' data over every event (core.Filter), and the frise's markers of each. */
  Chronology.prototype.setEntries = function (entries) {
    this.entries = entries;
    this.pageTotal = this.pageCounts.length || 1;
    this.filter = new core.Filter(entries, this.bins.map(function (bin) { return bin.key; }),
                                  this.pageTotal);
    this.markList = [];
    for (var i = 0; i < entries.length; i++) {
      var marks = this.markOf[entries[i].id];
      if (marks) {
        for (var m = 0; m < marks.length; m++) this.markList.push([i, marks[m]]);
      }
    }
  };

  /** Show what the state selects: the list, year headings, table of contents, count and
   *  chips at once; the frise and the page list after the list is drawn; the panel's
   *  counts only while it is open. */
  Chronology.prototype.apply = function (state) {
    var previous = this.state;
    this.state = state;
    var tokens = tokensOf(state.q);
    if (tokens.length && !this.texts) this.loadTexts();
    var complete = Boolean(this.entries) && (this.texts || !tokens.length);
    var active = core.activeKinds(state);
    var panelOpen = !this.panel.hidden;
    var shown = 0;
    var counts = null;
    if (this.entries) {
      var self = this;
      var entries = this.entries;
      counts = this.filter.select(state, tokens, function (i) { return self.textOf(entries[i]); });
      shown = counts.shown;
    } else {
      // A split chronology before its index is read: this page's events only.
      for (var p = 0; p < this.items.length; p++) {
        var item0 = this.items[p];
        var fails0 = this.failures(item0, state, tokens);
        item0.visible = fails0 === 0 || fails0 === null;
        if (item0.visible) shown++;
      }
    }
    var here = 0;
    var hereYears = {};
    for (var h = 0; h < this.items.length; h++) {
      var item = this.items[h];
      var show = item.visible;
      if (show) {
        here++;
        hereYears[item.year] = true;
      }
      if (item.hidden === show) {
        item.hidden = !show;
        item.li.hidden = !show;
      }
    }
    this.showYears(hereYears);
    var total = this.split ? (this.entries ? this.entries.length : this.total) : this.items.length;
    // Without filters the count is known before the index of every page is: written at once,
    // the bar keeps its size when the index comes.
    var text2 = complete ? plural(shown) + " sur " + frenchNumber(total)
      : !active.length && !tokens.length ? plural(total) + " sur " + frenchNumber(total) : "…";
    setText(this.count, text2);
    if (this.showButton) {
      setText(this.showButton, !complete ? "Voir les événements"
        : shown === 0 ? "Aucun événement\u00a0: fermer"
        : shown === 1 ? "Voir l\u2019événement" : "Voir les " + plural(shown));
    }
    if (this.empty) this.empty.hidden = here !== 0;
    if (!sameState(previous, state)) this.showChips(state, active);
    if (counts) {
      this.counts = counts;
      this.shown = shown;
      this.countsComplete = complete;
      this.scheduleFrise();
    }
    if (panelOpen && this.entries) this.showOptions();
    this.highlight(tokens);
    this.announceSelection(complete ? shown : null);
  };

  /** Other scripts (selection.js's downloads) learn how many events the filters show,
   *  across every page (null while unknown), from .selectionSize and an event on the
   *  document, « regard:selection », sent when it changes. */
  Chronology.prototype.announceSelection = function (size) {
    if (size === this.selectionSize) return;
    this.selectionSize = size;
    document.dispatchEvent(new CustomEvent("regard:selection", { detail: { size: size } }));
  };

  /** The frise and the page list are drawn at the start of the next frame, with the list:
   *  several quick changes draw them once, and one style and layout pass and one paint
   *  show the whole change. (Drawn in a task after the list's frame, they cost a second
   *  layout and paint of the page: at 10,000 events with the CPU slowed 4×, about 80 ms
   *  more before the frise showed a change; their own script takes 2 ms.) */
  Chronology.prototype.scheduleFrise = function () {
    var self = this;
    if (this.friseDue) return;
    this.friseDue = true;
    var done;
    this.settledPromise = new Promise(function (resolve) { done = resolve; });
    requestAnimationFrame(function () {
      self.friseDue = false;
      if (self !== current) return done();
      self.showFrise();
      if (self.split) self.showPages();
      // After the frame's writes: the scroll it may set costs no layout of its own.
      if (self.friseFollows) self.followFrise();
      done();
    });
  };

  /** A promise settled once the frise and the page list show the current filters. */
  Chronology.prototype.settled = function () {
    return this.friseDue ? this.settledPromise : Promise.resolve();
  };

  Chronology.prototype.showYears = function (hereYears) {
    for (var y = 0; y < this.years.length; y++) {
      var year = this.years[y];
      var hide = !hereYears[year.year];
      if (year.hidden === hide) continue;
      year.hidden = hide;
      year.ol.hidden = hide;
      if (year.heading) year.heading.hidden = hide;
      year.toc.forEach(function (li) { li.hidden = hide; });
    }
  };

  Chronology.prototype.showFrise = function () {
    var counts = this.counts;
    var entries = this.entries;
    for (var m = 0; m < this.markList.length; m++) {
      var mark = this.markList[m][1];
      var out = !entries[this.markList[m][0]].visible;
      if (mark.out !== out) {
        mark.out = out;
        mark.a.classList.toggle("rd-mark--out", out);
      }
    }
    for (var b = 0; b < this.bins.length; b++) {
      var bin = this.bins[b];
      var count = counts.bins[b];
      if (bin.count === count) continue;
      var wasOut = bin.count === 0;
      bin.count = count;
      if (wasOut !== (count === 0)) {
        // An aggregate greys its count's box (frise.html.j2 says why); a lone event its link.
        if (bin.many) bin.text.parentNode.classList.toggle("rd-mark__n--out", count === 0);
        else bin.a.classList.toggle("rd-mark--out", count === 0);
      }
      if (bin.many) {
        bin.text.data = String(count);
        // No style rule reads data-n, so rewriting it restyles nothing.
        bin.a.setAttribute("data-n", String(count));
        bin.a.setAttribute("aria-label", plural(count) + ", " + bin.period);
      }
    }
    if (this.friseCount) this.showCaption(counts);
    var perYear = {};
    var yearNames = this.filter.yearNames;
    for (var y = 0; y < yearNames.length; y++) perYear[yearNames[y]] = counts.years[y];
    this.perYear = perYear;
    var years = this.state.annee;
    for (var t = 0; t < this.ticks.length; t++) {
      var tick = this.ticks[t];
      var n = perYear[tick.year] || 0;
      if (tick.count !== n) {
        var wasNone = tick.count === 0;
        tick.count = n;
        if (wasNone !== (n === 0)) tick.name.classList.toggle("rd-tick__year--out", n === 0);
        if (tick.number) tick.number.textContent = frenchNumber(n);
        if (tick.noun) tick.noun.textContent = n > 1 ? " événements" : " événement";
      }
      var chosen = Boolean(years[tick.year]);
      if (tick.current !== chosen) {
        tick.current = chosen;
        if (chosen) tick.a.setAttribute("aria-current", "true");
        else tick.a.removeAttribute("aria-current");
      }
    }
  };

  /** The frise's caption tells what it shows: the events the filters leave and the years
   *  they start in, as the generator writes it for every event (« 42 événements de 2014 à
   *  2026 »): « 14 événements de 2018 à 2024 (sur 42) », « 1 événement en 2019 (sur 42) »,
   *  « Aucun des 42 événements ne correspond aux filtres ». */
  Chronology.prototype.showCaption = function (counts) {
    var total = this.entries.length;
    var shown = this.shown;
    var caption;
    if (!this.countsComplete) caption = "…";
    else if (!shown) {
      caption = total > 1 ? "Aucun des " + plural(total) + " ne correspond aux filtres"
        : "Aucun événement ne correspond aux filtres";
    } else {
      var first = Infinity;
      var last = -Infinity;
      var names = this.filter.yearNames;
      for (var y = 0; y < names.length; y++) {
        if (!counts.years[y]) continue;
        first = Math.min(first, Number(names[y]));
        last = Math.max(last, Number(names[y]));
      }
      caption = plural(shown) + (first === last ? " en " + first : " de " + first + " à " + last)
        + (shown === total ? "" : " (sur " + frenchNumber(total) + ")");
    }
    if (this.friseCount.textContent !== caption) this.friseCount.textContent = caption;
  };

  Chronology.prototype.showPages = function () {
    var perPage = this.counts.pages;
    var complete = this.countsComplete;
    var query = this.query(this.state);
    var self = this;
    this.pageCounts.forEach(function (page, i) {
      var count = perPage[i] || 0;
      var text = complete ? (count ? plural(count) : "aucun événement") : "…";
      if (page.value !== text) {
        page.value = text;
        setText(page.el, text);
        page.a.classList.toggle("rd-pages--none", complete && !count);
      }
      var href = self.pages[i] + query;
      if (page.a && page.href !== href) {
        page.href = href;
        page.a.href = href;
      }
    });
  };

  /** Each option's count: its events that the other groups' filters leave. */
  Chronology.prototype.showOptions = function () {
    var self = this;
    KINDS.forEach(function (kind) {
      Object.keys(self.optionCounts[kind]).forEach(function (value) {
        var option = self.optionCounts[kind][value];
        var count = self.filter.optionCount(kind, value);
        if (option.value === count) return;
        option.value = count;
        setText(option.el, count ? frenchNumber(count) : "aucun");
        option.name.classList.toggle("rd-filter__label--zero", count === 0);
      });
    });
  };

  Chronology.prototype.openPanel = function (open) {
    this.panel.hidden = !open;
    this.toggle.setAttribute("aria-expanded", String(open));
    // The counts are kept only while the panel is open: made now, from the last change.
    if (open && this.entries) this.showOptions();
  };

  // ---- Chips and the summary -----------------------------------------------------------

  Chronology.prototype.valueLabel = function (kind, value) {
    return this.labels[kind][value] || value;
  };

  /** One removable chip per active filter. Chips already shown stay as they are: a change
   *  adds or removes its own chip only, so that the bar is not rebuilt (then restyled, laid
   *  out and painted again, with the panel it holds) at every change. */
  Chronology.prototype.showChips = function (state, active) {
    var self = this;
    var wanted = [];
    active.forEach(function (kind) {
      Object.keys(state[kind]).sort().forEach(function (value) {
        var label = self.valueLabel(kind, value);
        wanted.push([kind, value, label, NAMES[kind][0] + " : " + label]);
      });
    });
    if (state.q) wanted.push(["texte", "", "texte\u00a0: " + state.q, "texte : " + state.q]);
    var shown = this.chipOf || (this.chipOf = new Map());
    var keys = wanted.map(function (chip) { return chip.slice(0, 3).join("\u0000"); });
    var keep = new Set(keys);
    shown.forEach(function (li, key) {
      if (!keep.has(key)) {
        if (li.parentNode) li.parentNode.removeChild(li);
        shown.delete(key);
      }
    });
    // In the order of the filters: a chip kept stays in place, a new one goes before the next.
    var cursor = this.chips.firstChild;
    wanted.forEach(function (chip, i) {
      var li = shown.get(keys[i]);
      if (!li || li.parentNode !== self.chips) {
        li = self.makeChip(chip[0], chip[1], chip[2], chip[3]);
        shown.set(keys[i], li);
      }
      if (li !== cursor) self.chips.insertBefore(li, cursor);
      cursor = li.nextSibling;
    });
    var number = wanted.length;
    var badge = number ? String(number) : "";
    setText(this.activeBadge, badge);
    var name = number ? "Filtres (" + number + (number > 1 ? " actifs)" : " actif)") : "Filtres";
    if (this.toggle.getAttribute("aria-label") !== name) this.toggle.setAttribute("aria-label", name);
  };

  Chronology.prototype.makeChip = function (kind, value, text, description) {
    var li = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "rd-chip rd-chip--" + kind;
    button.setAttribute("data-rd-remove", kind);
    button.setAttribute("data-rd-value", value);
    button.setAttribute("aria-label", "Retirer le filtre " + description);
    if (kind === "categorie" && this.styles[value]) {
      button.style.cssText = this.styles[value];
    }
    button.appendChild(document.createTextNode(text + " "));
    var x = document.createElement("span");
    x.className = "rd-chip__x";
    x.setAttribute("aria-hidden", "true");
    x.textContent = "×";
    button.appendChild(x);
    li.appendChild(button);
    return li;
  };

  Chronology.prototype.removeChip = function (chip) {
    var kind = chip.getAttribute("data-rd-remove");
    var state = copyState(this.state);
    if (kind === "texte") state.q = "";
    else delete state[kind][chip.getAttribute("data-rd-value")];
    var li = chip.parentNode;
    var next = li.nextElementSibling || li.previousElementSibling;
    var nextKey = next && [next.firstChild.getAttribute("data-rd-remove"),
      next.firstChild.getAttribute("data-rd-value")];
    this.change(state, false);
    // Focus stays in the chips (the one after the removed one), or goes to the text box.
    var target = nextKey && this.chips.querySelector('[data-rd-remove="' + nextKey[0] +
      '"][data-rd-value="' + CSS.escape(nextKey[1]) + '"]');
    (target || this.search).focus();
  };

  /** « Catégorie : Méthode de recherche ; année : 2024 », or « Tous les événements ». */
  Chronology.prototype.filterSummary = function () {
    var self = this;
    return core.summary(this.state || emptyState(), function (kind, value) {
      return self.valueLabel(kind, value);
    });
  };

  /** Ids of the events the filters show, in chronological order, across every page. */
  Chronology.prototype.visibleIds = function () {
    return core.visibleIds(this.entries || this.items);
  };

  // ---- Highlighting --------------------------------------------------------------------

  /** Mark the words searched for in the shown cards, after the list is drawn and a few
   *  cards at a time, so that typing stays fast. */
  Chronology.prototype.highlight = function (tokens) {
    var self = this;
    var key = tokens.join(" ");
    var stale = function (item) { return item.marked !== (item.visible ? key : ""); };
    // A newer call supersedes this one, whatever it has left to do.
    var generation = this.highlighting = (this.highlighting || 0) + 1;
    if (!this.items.some(stale)) return;
    var todo = null;
    function step() {
      if (generation !== self.highlighting) return;
      if (todo === null) todo = self.items.filter(stale);
      todo.splice(0, HIGHLIGHT_CHUNK).forEach(function (item) {
        unmark(item.li);
        item.marked = "";
        if (item.visible && tokens.length) {
          markTokens(item.li, tokens);
          item.marked = key;
        }
      });
      if (todo.length) setTimeout(step, 0);
    }
    setTimeout(function () {
      requestAnimationFrame(function () { setTimeout(step, 0); });
    }, 0);
  };

  function unmark(li) {
    var marks = li.querySelectorAll("mark.rd-hit");
    if (!marks.length) return;
    var parents = [];
    Array.prototype.forEach.call(marks, function (mark) {
      var parent = mark.parentNode;
      parent.replaceChild(document.createTextNode(mark.textContent), mark);
      if (parents.indexOf(parent) === -1) parents.push(parent);
    });
    parents.forEach(function (parent) { parent.normalize(); });
  }

  function markTokens(li, tokens) {
    Array.prototype.forEach.call(li.querySelectorAll(".rd-t"), function (element) {
      var nodes = [];
      var starts = [];
      var text = "";
      var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        nodes.push(node);
        starts.push(text.length);
        text += node.data;
      }
      if (!text) return;
      var folded = foldWithMap(text);
      var ranges = [];
      tokens.forEach(function (token) {
        var from = folded.text.indexOf(token);
        while (from !== -1) {
          var last = from + token.length - 1;
          ranges.push([folded.map[from], folded.map[last] + 1]);
          from = folded.text.indexOf(token, from + token.length);
        }
      });
      if (!ranges.length) return;
      ranges.sort(function (a, b) { return a[0] - b[0]; });
      var merged = [ranges[0]];
      for (var r = 1; r < ranges.length; r++) {
        var top = merged[merged.length - 1];
        if (ranges[r][0] <= top[1]) top[1] = Math.max(top[1], ranges[r][1]);
        else merged.push(ranges[r]);
      }
      // From the end, so that splitting a text node leaves earlier offsets valid.
      for (var m = merged.length - 1; m >= 0; m--) {
        for (var n = nodes.length - 1; n >= 0; n--) {
          var start = Math.max(merged[m][0], starts[n]) - starts[n];
          var end = Math.min(merged[m][1], starts[n] + nodes[n].data.length) - starts[n];
          if (start >= end) continue;
          var hit = nodes[n].splitText(start);
          hit.splitText(end - start);
          var mark = document.createElement("mark");
          mark.className = "rd-hit";
          hit.parentNode.replaceChild(mark, hit);
          mark.appendChild(hit);
        }
      }
    });
  }

  // ---- Years, links and hashes ---------------------------------------------------------

  /** A year of the frise: only that year (or all again), then its first event in view. */
  Chronology.prototype.chooseYear = function (link, event) {
    var year = link.getAttribute("data-rd-year");
    var state = copyState(this.state);
    var only = Object.keys(state.annee);
    var again = only.length === 1 && only[0] === year;
    state.annee = {};
    if (!again) state.annee[year] = true;
    var onThisPage = this.years.some(function (y) { return y.year === year; });
    if (!onThisPage) {
      // Another page of a split chronology: go there with the filters.
      link.href = link.href.split("#")[0].split("?")[0] + this.query(state) + "#annee-" + year;
      return false;
    }
    event.preventDefault();
    event.stopPropagation();
    this.change(state, false, true);
    var first = document.querySelector('ol.rd-events[data-year="' + year + '"] > li.rd-event:not([hidden])');
    if (first) this.scrollTo(first);
    return true;
  };

  /** A link to an event of this page that the filters hide: show it. */
  Chronology.prototype.linkToHiddenEvent = function (link, event) {
    var url = new URL(link.href, location.href);
    if (url.pathname !== location.pathname || !url.hash) return false;
    var id = decodeURIComponent(url.hash.slice(1));
    var item = this.itemById[id];
    if (!item || item.visible) return false;
    event.preventDefault();
    event.stopPropagation();
    this.reveal(item);
    return true;
  };

  Chronology.prototype.followHash = function (arriving) {
    var self = this;
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    if (/^annee-/.test(id)) {
      // A year's heading: the filter bar appeared above it since the browser scrolled to it.
      var heading = document.getElementById(id);
      if (heading && arriving) this.scrollTo(heading);
      return;
    }
    var item = this.itemById[id];
    if (item) {
      if (!item.visible) this.reveal(item);
      // The filter bar appeared above it since the browser scrolled to it.
      else if (arriving) this.scrollTo(item.li);
      else this.keepInView(item.li);  // the browser scrolled to it; cards may still move it
      return;
    }
    if (!this.split) return;
    // An event of another page of a split chronology (an old link to the index page).
    this.ready.then(function () {
      var entry = self.entryById && self.entryById[id];
      if (entry && self === current) location.replace(self.pages[entry.page] + location.search + location.hash);
    });
  };

  /** Remove the filters that hide an event, say so, and bring it into view. */
  Chronology.prototype.reveal = function (item) {
    var self = this;
    var state = copyState(this.state);
    var fails = this.failures(item, state, tokensOf(state.q)) || 0;
    var removed = [];
    KINDS.forEach(function (kind) {
      if (!(fails & BIT[kind])) return;
      var values = Object.keys(state[kind]).sort().map(function (v) { return self.valueLabel(kind, v); });
      removed.push(NAMES[kind][values.length > 1 ? 1 : 0] + " " + values.join(", "));
      state[kind] = {};
    });
    if (fails & BIT.texte) {
      removed.push("texte « " + state.q + " »");
      state.q = "";
    }
    this.friseFollows = true;
    this.show(state);
    this.apply(state);
    this.write(state, false, "#" + item.id);
    var title = item.li.querySelector(".rd-event__title");
    this.say("Pour afficher « " + (title ? title.textContent.trim() : item.id) +
      " », ces filtres qui le masquaient ont été retirés : " + removed.join(" ; ") + ".");
    this.scrollTo(item.li);
  };

  Chronology.prototype.say = function (message) {
    if (!this.notice) return;
    var notice = this.notice;
    notice.textContent = core.typeset(message);
    clearTimeout(this.timers.notice);
    this.timers.notice = setTimeout(function () { notice.textContent = ""; }, 12000);
  };

  Chronology.prototype.copyLink = function (button) {
    var li = button.closest("li.rd-event");
    if (!li) return;
    // The event's own page, its stable address (the card's title links there).
    var permalink = li.querySelector(".rd-event__permalink");
    var url = permalink ? permalink.href : location.origin + location.pathname + "#" + li.id;
    var self = this;
    var title = li.querySelector(".rd-event__title");
    function done() {
      button.textContent = "Lien copié";
      self.say("Lien vers « " + (title ? title.textContent.trim() : li.id) + " » copié.");
      setTimeout(function () { button.textContent = "Copier le lien"; }, 2000);
    }
    function fallback() {
      var field = document.createElement("textarea");
      field.value = url;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.appendChild(field);
      field.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
      document.body.removeChild(field);
      if (ok) done();
      else self.say("Copie impossible ici ; le lien est : " + url);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, fallback);
    } else {
      fallback();
    }
  };

  var current = null;

  function init() {
    if (current) {
      current.destroy();
      current = null;
    }
    var root = document.querySelector("[data-rd-chronology]");
    if (root) {
      current = new Chronology(root);
      current.start();
    }
    window.regardChronology = current;
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
