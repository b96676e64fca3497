/*
 * RegarD — the chronology's logic, without the page: folding and words, the filter state and
 * its URL query, the filter index the generator writes, postings and counts, French numbers.
 *
 * No DOM here, so that Node tests it (tests/js/, `node --test`); chronology.js, loaded after
 * it, draws what it computes. A classic script (a page opened from disk runs it too): in a
 * page it is window.regardChronologyCore, in Node what require() returns.
 *
 * What it must agree on with the generator is read from what the generator writes, never
 * rebuilt: the index's columns by their names (generator/pages/chronology.py, FILTER_COLUMNS), an
 * event's aggregation bin of the frise (generator/pages/frise.py, bin_of) and its searchable text
 * (generator/pages/chronology.py, event_text).
 */
(function (global, factory) {
  "use strict";
  var core = factory();
  if (typeof module === "object" && module.exports) module.exports = core;
  else global.regardChronologyCore = core;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  /** Filter groups, as named in the URL query (not `q`, which Material's search reads). */
  var KINDS = ["categorie", "annee", "terrain", "personne"];
  /** The bit of each filter an event fails; UNKNOWN: its text is not loaded yet. */
  var BIT = { categorie: 1, annee: 2, terrain: 4, personne: 8, texte: 16 };
  var UNKNOWN = 32;
  var NAMES = {
    categorie: ["catégorie", "catégories"],
    annee: ["année", "années"],
    terrain: ["terrain", "terrains"],
    personne: ["personne", "personnes"]
  };
  var MAX_QUERY = 200;
  /** The filter index's columns the script reads (the generator names them in the file). */
  var INDEX_COLUMNS = ["id", "page", "year", "bin", "categories", "projects", "people"];

  var MARKS = /[\u0300-\u036f]/g;
  var APOSTROPHES = /[\u2018\u2019\u201b\u02bc\u2032`\u00b4]/g;

  /** Lower case, without accents, one kind of apostrophe and of space:
   *  « L’Écologie » and « l'ecologie » fold alike. */
  function fold(text) {
    return text.normalize("NFD").replace(MARKS, "").toLowerCase()
      .replace(APOSTROPHES, "'").replace(/\s+/g, " ");
  }

  /** fold(), keeping for each folded character the index of the character it comes from,
   *  so that a match in folded text can be highlighted in the text as displayed. */
  function foldWithMap(text) {
    var out = [];
    var map = [];
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      var folded;
      if (code < 128) {
        folded = code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[i];
        if (folded === "`") folded = "'";
        else if (code === 9 || code === 10 || code === 13) folded = " ";
      } else {
        folded = fold(text[i]);
      }
      for (var j = 0; j < folded.length; j++) {
        out.push(folded[j]);
        map.push(i);
      }
    }
    return { text: out.join(""), map: map };
  }

  /** The folded words of a query: an event matches when its text holds each of them. */
  function tokensOf(query) {
    return fold(query).split(" ").filter(Boolean);
  }

  /** Whether a folded text holds every token. */
  function holds(text, tokens) {
    for (var t = 0; t < tokens.length; t++) {
      if (text.indexOf(tokens[t]) === -1) return false;
    }
    return true;
  }

  /** « a b » (a list of ids as the pages and the index write it) as ["a", "b"]. */
  function words(list) {
    return list ? String(list).split(" ").filter(Boolean) : [];
  }

  // One formatter for every count (toLocaleString would build one at each call).
  var NUMBER = typeof Intl !== "undefined" ? new Intl.NumberFormat("fr-FR") : null;

  /** « 8 », « 10 000 » (a narrow no-break space), as the generator writes them. */
  function frenchNumber(count) {
    return count < 1000 || !NUMBER ? String(count) : NUMBER.format(count);
  }

  /** « 1 événement », « 2 événements » (French: the singular goes up to 1). */
  function plural(count) {
    return frenchNumber(count) + (count > 1 ? " événements" : " événement");
  }

  /** French typography, as the build sets the page's text: a no-break space before « : »
   *  and inside « », a narrow one before « ; ! ? », an apostrophe between letters. */
  function typeset(text) {
    return text.replace(/ :/g, "\u00a0:").replace(/ ([;!?])/g, "\u202f$1")
      .replace(/« /g, "«\u00a0").replace(/ »/g, "\u00a0»")
      .replace(/([A-Za-zÀ-ÿ])'(?=[A-Za-zÀ-ÿ])/g, "$1\u2019");
  }

  // ---- The filter state and the URL ----------------------------------------------------

  /** A state: the text searched (`q`) and, per group, the values ticked (value → true). */
  function emptyState() {
    var state = { q: "" };
    KINDS.forEach(function (kind) { state[kind] = {}; });
    return state;
  }

  function copyState(state) {
    var copy = { q: state.q };
    KINDS.forEach(function (kind) {
      copy[kind] = {};
      Object.keys(state[kind]).forEach(function (v) { copy[kind][v] = true; });
    });
    return copy;
  }

  function sameState(a, b) {
    if (!a || !b || a.q !== b.q) return false;
    return KINDS.every(function (kind) {
      var ka = Object.keys(a[kind]).sort().join(" ");
      return ka === Object.keys(b[kind]).sort().join(" ");
    });
  }

  /** The groups with a value ticked, in the order of KINDS. */
  function activeKinds(state) {
    return KINDS.filter(function (kind) { return Object.keys(state[kind]).length > 0; });
  }

  /** The text a reader typed, as the state keeps it. */
  function cleanQuery(text) {
    return String(text || "").trim().slice(0, MAX_QUERY);
  }

  /** The state a URL query holds (« ?categorie=theory&texte=… »); values that
   *  ``allowed[kind]`` does not hold and unknown parameters are ignored. */
  function stateFromQuery(search, allowed) {
    var params = new URLSearchParams(search);
    var state = emptyState();
    state.q = cleanQuery(params.get("texte"));
    KINDS.forEach(function (kind) {
      params.getAll(kind).forEach(function (value) {
        if (offers(allowed, kind, value)) state[kind][value] = true;
      });
    });
    return state;
  }

  /** Whether the page offers ``value`` for filter ``kind`` (``allowed``: kind → value →
   *  true): what a link may ask for; anything else is ignored. */
  function offers(allowed, kind, value) {
    return Boolean(allowed[kind]) && Object.prototype.hasOwnProperty.call(allowed[kind], value);
  }

  /** The URL query of a state (« » without filters), its values sorted: one state, one
   *  address. */
  function queryOf(state) {
    var params = new URLSearchParams();
    KINDS.forEach(function (kind) {
      Object.keys(state[kind]).sort().forEach(function (value) { params.append(kind, value); });
    });
    if (state.q) params.set("texte", state.q);
    var query = params.toString();
    return query ? "?" + query : "";
  }

  /** Where the chronology keeps, for the tab's session, the query it shows (its filters),
   *  so that an event page's « Voir dans la chronologie » brings them back. */
  var QUERY_KEY = "regard:chronologie:filtres";

  /** ``href`` (an absolute address) with ``query`` (« ?categorie=… » or « ») for its own,
   *  its path and its hash kept. */
  function withQuery(href, query) {
    var url = new URL(href);
    url.search = query;
    return url.href;
  }

  /** « Catégorie : Méthode de recherche ; année : 2024 », or « Tous les événements »;
   *  ``labelOf(kind, value)`` names a value. */
  function summary(state, labelOf) {
    var parts = [];
    KINDS.forEach(function (kind) {
      var values = Object.keys(state[kind]).sort();
      if (!values.length) return;
      parts.push(NAMES[kind][values.length > 1 ? 1 : 0] + " : " + values.map(function (value) {
        return labelOf(kind, value);
      }).join(", "));
    });
    if (state.q) parts.push("texte : « " + state.q + " »");
    if (!parts.length) return "Tous les événements";
    var sentence = parts.join(" ; ");
    return sentence.charAt(0).toUpperCase() + sentence.slice(1);
  }

  // ---- Events --------------------------------------------------------------------------

  /** An event as the filters see it: its page (an index into the split chronology's
   *  pages, 0 on one page), its year, its frise bin within the year and its values per
   *  group; ``text`` its folded searchable text, null until known. */
  function makeEntry(id, page, year, bin, categories, projects, people) {
    return {
      id: id,
      page: page,
      year: String(year),
      bin: bin,
      values: {
        categorie: words(categories),
        annee: [String(year)],
        terrain: words(projects),
        personne: words(people)
      },
      text: null,
      visible: true
    };
  }

  /** The events of a split chronology's filter index (chronologie/evenements.json), each
   *  column found by its name. */
  function readIndex(index) {
    var columns = index.columns || [];
    var at = {};
    INDEX_COLUMNS.forEach(function (name) {
      at[name] = columns.indexOf(name);
      if (at[name] === -1) {
        throw new Error("index de la chronologie : colonne « " + name + " » absente");
      }
    });
    return index.events.map(function (row) {
      return makeEntry(row[at.id], row[at.page], row[at.year], row[at.bin],
                       row[at.categories], row[at.projects], row[at.people]);
    });
  }

  /** The key of a frise aggregate (data-rd-bin), as the generator writes it. */
  function binKey(category, year, bin) {
    return category + " " + year + " " + bin;
  }

  /** Bits of the filters an entry fails (0: it is shown), null when its text is needed
   *  and unknown; ``text`` its folded text (or null). */
  function failures(entry, state, tokens, text) {
    var fails = 0;
    var active = activeKinds(state);
    for (var k = 0; k < active.length; k++) {
      var wanted = state[active[k]];
      var values = entry.values[active[k]];
      var match = false;
      for (var v = 0; v < values.length; v++) {
        if (Object.prototype.hasOwnProperty.call(wanted, values[v])) { match = true; break; }
      }
      if (!match) fails |= BIT[active[k]];
    }
    if (tokens.length) {
      if (text === null || text === undefined) return null;
      if (!holds(text, tokens)) fails |= BIT.texte;
    }
    return fails;
  }

  // ---- Postings and counts -------------------------------------------------------------

  /** The filters' data over every event, in typed arrays: for each group, the events of
   *  each value (postings), and each event's year, page and frise aggregates (``binKeys``:
   *  the keys of the frise's aggregates, in their order). A change then costs a few passes
   *  over small integers rather than a look-up per event and group. */
  function Filter(entries, binKeys, pageTotal) {
    var n = entries.length;
    this.entries = entries;
    this.fails = new Uint8Array(n);
    this.hits = new Uint8Array(n);
    this.binTotal = binKeys.length;
    this.pageTotal = pageTotal || 1;
    /** The last text search's result, and the few before it (see textFails). */
    this.textCache = null;
    this.textResults = [];
    // Ids come from the data: maps without a prototype (an id may be « constructor »).
    var lists = {};
    KINDS.forEach(function (kind) { lists[kind] = Object.create(null); });
    var yearSlot = Object.create(null);
    var binSlot = Object.create(null);
    binKeys.forEach(function (key, i) { binSlot[key] = i; });
    this.yearNames = [];
    this.yearOf = new Int32Array(n);
    this.pageOf = new Int32Array(n);
    // (event, aggregate) pairs: an event counts in the aggregate of each of its lanes.
    var binEvents = [];
    var binSlots = [];
    for (var i = 0; i < n; i++) {
      var entry = entries[i];
      for (var k = 0; k < KINDS.length; k++) {
        var values = entry.values[KINDS[k]];
        var list = lists[KINDS[k]];
        for (var v = 0; v < values.length; v++) {
          (list[values[v]] || (list[values[v]] = [])).push(i);
        }
      }
      if (!(entry.year in yearSlot)) {
        yearSlot[entry.year] = this.yearNames.length;
        this.yearNames.push(entry.year);
      }
      this.yearOf[i] = yearSlot[entry.year];
      this.pageOf[i] = entry.page < 0 ? 0 : entry.page;
      if (entry.bin === null || entry.bin === undefined) continue;
      var cats = entry.values.categorie;
      for (var c = 0; c < cats.length; c++) {
        var slot = binSlot[binKey(cats[c], entry.year, entry.bin)];
        if (slot !== undefined) {
          binEvents.push(i);
          binSlots.push(slot);
        }
      }
    }
    this.binEvents = Int32Array.from(binEvents);
    this.binSlots = Int32Array.from(binSlots);
    var postings = this.postings = {};
    KINDS.forEach(function (kind) {
      postings[kind] = Object.create(null);
      Object.keys(lists[kind]).forEach(function (value) {
        postings[kind][value] = Int32Array.from(lists[kind][value]);
      });
    });
  }

  /** Results of text searches kept for the next ones: a reader types on and deletes. */
  var TEXT_RESULTS = 8;

  /** Whether each word of ``inner`` lies within a word of ``outer``: then a text holding the
   *  words of ``outer`` holds those of ``inner``. */
  function within(inner, outer) {
    for (var i = 0; i < inner.length; i++) {
      var found = false;
      for (var o = 0; o < outer.length && !found; o++) found = outer[o].indexOf(inner[i]) !== -1;
      if (!found) return false;
    }
    return true;
  }

  /** For each event, whether it fails the text search (1), passes it (0), or its text is
   *  not known yet (2); ``textOf(i)`` gives an event's folded text or null.
   *
   *  Reading every text is most of a search's cost, so the last results (once every text is
   *  known) are kept: the same words again cost nothing; narrower words (« eco », then
   *  « ecolo », or a word added) keep an earlier result's failures and read only its matches,
   *  wider ones (a letter deleted) keep its matches and read only its failures. */
  Filter.prototype.textFails = function (tokens, textOf) {
    var key = tokens.join(" ");
    var n = this.entries.length;
    var results = this.textResults;
    var base = null;
    var kept = 0;
    var least = n;
    for (var r = 0; r < results.length; r++) {
      var result = results[r];
      if (result.key === key) {
        results.splice(r, 1);
        results.unshift(result);
        this.textCache = result;
        return result.fails;
      }
      // Texts read from each result: its matches (narrower), or its failures (wider).
      if (within(result.tokens, tokens) && result.matches < least) {
        base = result;
        kept = 1;
        least = result.matches;
      } else if (within(tokens, result.tokens) && n - result.matches < least) {
        base = result;
        kept = 0;
        least = n - result.matches;
      }
    }
    var out = new Uint8Array(n);
    var complete = true;
    var matches = 0;
    var known = base ? base.fails : null;
    for (var i = 0; i < n; i++) {
      if (known !== null && known[i] === kept) {
        out[i] = kept;
        if (!kept) matches++;
        continue;
      }
      var text = textOf(i);
      if (text === null) {
        out[i] = 2;
        complete = false;
      } else if (!holds(text, tokens)) {
        out[i] = 1;
      } else {
        matches++;
      }
    }
    this.textCache = null;
    if (complete) {
      this.textCache = { key: key, tokens: tokens.slice(), fails: out, matches: matches };
      results.unshift(this.textCache);
      if (results.length > TEXT_RESULTS) results.pop();
    }
    return out;
  };

  /** Apply a state: each entry's ``visible`` (an event whose text is not known yet counts
   *  as shown until it is), and the counts of the shown events per year (in the order of
   *  ``yearNames``), page and frise aggregate. */
  Filter.prototype.select = function (state, tokens, textOf) {
    var entries = this.entries;
    var n = entries.length;
    var fails = this.fails;
    var hits = this.hits;
    fails.fill(0);
    var active = activeKinds(state);
    for (var a = 0; a < active.length; a++) {
      var kind = active[a];
      var bit = BIT[kind];
      hits.fill(0);
      var postings = this.postings[kind];
      for (var value in state[kind]) {
        var list = postings[value];
        if (!list) continue;
        for (var j = 0; j < list.length; j++) hits[list[j]] = 1;
      }
      for (var i = 0; i < n; i++) if (!hits[i]) fails[i] |= bit;
    }
    if (tokens.length) {
      var text = this.textFails(tokens, textOf);
      for (var t = 0; t < n; t++) {
        if (text[t] === 2) fails[t] |= UNKNOWN;
        else if (text[t]) fails[t] |= BIT.texte;
      }
    }
    var counts = {
      shown: 0,
      years: new Int32Array(this.yearNames.length),
      pages: new Int32Array(this.pageTotal),
      bins: new Int32Array(this.binTotal)
    };
    var yearOf = this.yearOf;
    var pageOf = this.pageOf;
    for (var e = 0; e < n; e++) {
      var f = fails[e];
      var visible = f === 0 || (f & UNKNOWN) !== 0;
      entries[e].visible = visible;
      if (!visible) continue;
      counts.shown++;
      counts.years[yearOf[e]]++;
      counts.pages[pageOf[e]]++;
    }
    var binEvents = this.binEvents;
    var binSlots = this.binSlots;
    for (var q = 0; q < binEvents.length; q++) {
      var g = fails[binEvents[q]];
      if (g === 0 || (g & UNKNOWN) !== 0) counts.bins[binSlots[q]]++;
    }
    return counts;
  };

  /** An option's count under the last state selected: its events that the other groups'
   *  filters leave. */
  Filter.prototype.optionCount = function (kind, value) {
    var mask = ~BIT[kind] & 0xff;
    var list = this.postings[kind][value];
    var fails = this.fails;
    var count = 0;
    if (list) {
      for (var j = 0; j < list.length; j++) if ((fails[list[j]] & mask) === 0) count++;
    }
    return count;
  };

  /** Ids of the shown entries, in their order. */
  function visibleIds(entries) {
    var ids = [];
    for (var i = 0; i < entries.length; i++) {
      if (entries[i].visible) ids.push(entries[i].id);
    }
    return ids;
  }

  return {
    KINDS: KINDS,
    BIT: BIT,
    UNKNOWN: UNKNOWN,
    NAMES: NAMES,
    INDEX_COLUMNS: INDEX_COLUMNS,
    fold: fold,
    foldWithMap: foldWithMap,
    tokensOf: tokensOf,
    holds: holds,
    words: words,
    frenchNumber: frenchNumber,
    plural: plural,
    typeset: typeset,
    emptyState: emptyState,
    copyState: copyState,
    sameState: sameState,
    activeKinds: activeKinds,
    cleanQuery: cleanQuery,
    stateFromQuery: stateFromQuery,
    offers: offers,
    queryOf: queryOf,
    QUERY_KEY: QUERY_KEY,
    withQuery: withQuery,
    summary: summary,
    makeEntry: makeEntry,
    readIndex: readIndex,
    binKey: binKey,
    failures: failures,
    within: within,
    Filter: Filter,
    visibleIds: visibleIds
  };
});
