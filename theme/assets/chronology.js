/*
 * RegarD — filterable chronology.
 *
 * Progressive enhancement of /chronologie/: without JavaScript every event is
 * shown and the controls stay hidden. With it, the legend becomes the category
 * filter, the other controls appear, and the filter state lives in the URL
 * query (?categorie=…&annee=…&terrain=…&personne=…&texte=…; not `q`,
 * which Material's own search reads) so that a filtered
 * view can be shared, reloaded and stepped through with back and forward.
 *
 * Filters combine with AND across kinds and OR within a kind.
 *
 * Works with Material's navigation.instant: the page is (re)initialised on
 * every document$ emission, and a page left is torn down.
 */
(function () {
  "use strict";

  var KINDS = ["categorie", "annee", "terrain", "personne"];
  var TYPING_PAUSE_MS = 1000;

  /** Lower case without accents: « Écologie » → « ecologie ». */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(list) {
    return list ? list.split(" ").filter(Boolean) : [];
  }

  function plural(count) {
    return count + (count > 1 ? " événements" : " événement");
  }

  function Chronology(root) {
    var self = this;
    this.root = root;
    this.pathname = location.pathname;
    this.lastTyping = 0;
    this.items = Array.prototype.map.call(
      document.querySelectorAll("li.rd-event"),
      function (li) {
        return {
          li: li,
          year: li.getAttribute("data-year"),
          values: {
            categorie: words(li.getAttribute("data-categories")),
            annee: [li.getAttribute("data-year")],
            terrain: words(li.getAttribute("data-projects")),
            personne: words(li.getAttribute("data-people"))
          },
          text: fold(li.textContent),
          hidden: li.hidden
        };
      }
    );
    this.years = Array.prototype.map.call(
      document.querySelectorAll("ol.rd-events"),
      function (ol) {
        var year = ol.getAttribute("data-year");
        return {
          ol: ol,
          year: year,
          heading: document.getElementById("annee-" + year),
          hidden: ol.hidden
        };
      }
    );
    this.checkboxes = Array.prototype.slice.call(
      root.querySelectorAll("input[type=checkbox][name]")
    );
    this.allowed = {};
    KINDS.forEach(function (kind) { self.allowed[kind] = {}; });
    this.checkboxes.forEach(function (input) {
      if (self.allowed[input.name]) self.allowed[input.name][input.value] = true;
      input.hidden = false;
    });
    this.search = root.querySelector("input[name=texte]");
    this.count = root.querySelector("[data-rd-count]");
    this.empty = root.querySelector("[data-rd-empty]");
    this.form = root.querySelector("[data-rd-filters]");
    this.chartLinks = Array.prototype.slice.call(document.querySelectorAll("a[data-rd-year]"));
    this.form.hidden = false;
    root.classList.add("rd-chronology--enhanced");

    this.onChange = function (event) {
      if (event.target.type === "checkbox") self.update(false);
    };
    this.onInput = function () { self.update(true); };
    this.onSubmit = function (event) { event.preventDefault(); };
    this.onClick = function (event) {
      var reset = event.target.closest("[data-rd-reset]");
      if (reset) {
        self.reset();
        return;
      }
    };
    this.onChartClick = function (event) {
      var link = event.target.closest("a[data-rd-year]");
      if (!link) return;
      // Handled here: neither the browser nor instant navigation follows it.
      event.preventDefault();
      event.stopPropagation();
      self.chooseYear(link.getAttribute("data-rd-year"));
    };
    this.onPopState = function () {
      if (location.pathname === self.pathname) self.restore();
    };
    root.addEventListener("change", this.onChange);
    root.addEventListener("click", this.onClick);
    this.form.addEventListener("submit", this.onSubmit);
    this.search.addEventListener("input", this.onInput);
    this.chart = document.querySelector("[data-rd-chart]");
    if (this.chart) this.chart.addEventListener("click", this.onChartClick);
    window.addEventListener("popstate", this.onPopState);
    this.restore();
  }

  Chronology.prototype.destroy = function () {
    window.removeEventListener("popstate", this.onPopState);
  };

  /** The state the controls show. */
  Chronology.prototype.read = function () {
    var state = { q: this.search.value.trim() };
    KINDS.forEach(function (kind) { state[kind] = {}; });
    this.checkboxes.forEach(function (input) {
      if (input.checked && state[input.name]) state[input.name][input.value] = true;
    });
    return state;
  };

  /** The state the URL holds; unknown parameters and values are ignored. */
  Chronology.prototype.fromUrl = function () {
    var params = new URLSearchParams(location.search);
    var allowed = this.allowed;
    var state = { q: (params.get("texte") || "").trim().slice(0, 200) };
    KINDS.forEach(function (kind) {
      state[kind] = {};
      params.getAll(kind).forEach(function (value) {
        if (allowed[kind][value]) state[kind][value] = true;
      });
    });
    return state;
  };

  Chronology.prototype.show = function (state) {
    this.checkboxes.forEach(function (input) {
      input.checked = Boolean(state[input.name] && state[input.name][input.value]);
    });
    this.search.value = state.q;
  };

  Chronology.prototype.restore = function () {
    var state = this.fromUrl();
    this.show(state);
    this.apply(state);
  };

  Chronology.prototype.reset = function () {
    var state = { q: "" };
    KINDS.forEach(function (kind) { state[kind] = {}; });
    this.show(state);
    this.apply(state);
    this.write(state, false);
    this.search.focus();
  };

  Chronology.prototype.chooseYear = function (year) {
    var state = this.read();
    var only = Object.keys(state.annee);
    state.annee = {};
    if (!(only.length === 1 && only[0] === year)) state.annee[year] = true;
    this.show(state);
    this.apply(state);
    this.write(state, false);
    var list = document.querySelector("[data-rd-count]");
    if (list) list.scrollIntoView({ block: "nearest" });
  };

  Chronology.prototype.update = function (typing) {
    var state = this.read();
    this.apply(state);
    this.write(state, typing);
  };

  /** Show the events that match: AND across kinds, OR within a kind. */
  Chronology.prototype.apply = function (state) {
    var active = KINDS.filter(function (kind) { return Object.keys(state[kind]).length; });
    var tokens = fold(state.q).split(/\s+/).filter(Boolean);
    var shownPerYear = {};
    var shown = 0;
    for (var i = 0; i < this.items.length; i++) {
      var item = this.items[i];
      var match = true;
      for (var k = 0; k < active.length && match; k++) {
        var wanted = state[active[k]];
        var values = item.values[active[k]];
        match = false;
        for (var v = 0; v < values.length; v++) {
          if (wanted[values[v]]) { match = true; break; }
        }
      }
      for (var t = 0; t < tokens.length && match; t++) {
        match = item.text.indexOf(tokens[t]) !== -1;
      }
      if (item.hidden === match) {
        item.hidden = !match;
        item.li.hidden = !match;
      }
      if (match) {
        shown++;
        shownPerYear[item.year] = true;
      }
    }
    for (var y = 0; y < this.years.length; y++) {
      var year = this.years[y];
      var hide = !shownPerYear[year.year];
      if (year.hidden !== hide) {
        year.hidden = hide;
        year.ol.hidden = hide;
        if (year.heading) year.heading.hidden = hide;
      }
    }
    var text = plural(shown) + " sur " + this.items.length;
    if (this.count.textContent !== text) this.count.textContent = text;
    this.empty.hidden = shown !== 0;
    this.chartLinks.forEach(function (link) {
      if (state.annee[link.getAttribute("data-rd-year")]) {
        link.setAttribute("aria-current", "true");
      } else {
        link.removeAttribute("aria-current");
      }
    });
  };

  /** Put the state in the URL: one history entry per change, one per typing burst. */
  Chronology.prototype.write = function (state, typing) {
    var params = new URLSearchParams();
    KINDS.forEach(function (kind) {
      Object.keys(state[kind]).sort().forEach(function (value) { params.append(kind, value); });
    });
    if (state.q) params.set("texte", state.q);
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    var now = Date.now();
    if (typing && now - this.lastTyping < TYPING_PAUSE_MS) {
      history.replaceState(history.state, "", url);
    } else {
      history.pushState(null, "", url);
    }
    this.lastTyping = typing ? now : 0;
  };

  var current = null;

  function init() {
    if (current) {
      current.destroy();
      current = null;
    }
    var root = document.querySelector("[data-rd-chronology]");
    if (root) current = new Chronology(root);
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
