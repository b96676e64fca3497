// The chronology's logic without a browser (theme/assets/chronology-core.js), with Node's
// own test runner: `node --test tests/js/`. tests/test_js_core.py runs it from pytest.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const core = require(path.join(__dirname, "..", "..", "theme", "assets", "chronology-core.js"));

function entry(id, year, { bin = null, page = 0, categories = "", projects = "", people = "" } = {}) {
  return core.makeEntry(id, page, year, bin, categories, projects, people);
}

function state(values, q = "") {
  const s = core.emptyState();
  for (const [kind, list] of Object.entries(values)) {
    for (const value of list) s[kind][value] = true;
  }
  s.q = q;
  return s;
}

test("folding forgets case, accents, kinds of apostrophe and of space", () => {
  assert.equal(core.fold("L’Écologie  Territoriale"), "l'ecologie territoriale");
  assert.equal(core.fold("maturité\u00a0: ÉTÉ"), "maturite : ete");
  assert.equal(core.fold("l`ancrage"), core.fold("l'ancrage"));
});

test("a folded text maps each of its characters back to the text as displayed", () => {
  const text = "Œuvre d’Été";
  const folded = core.foldWithMap(text);
  assert.equal(folded.text, core.fold(text));
  const at = folded.text.indexOf("ete");
  assert.equal(text.slice(folded.map[at], folded.map[at + 2] + 1), "Été");
});

test("a query is its folded words; a text matches when it holds each of them", () => {
  assert.deepEqual(core.tokensOf("  Forêt   JURA "), ["foret", "jura"]);
  assert.deepEqual(core.tokensOf("   "), []);
  const text = core.fold("Sortie en forêt dans le Jura");
  assert.equal(core.holds(text, core.tokensOf("jura foret")), true);
  assert.equal(core.holds(text, core.tokensOf("jura lac")), false);
});

test("counts are written in French, as the generator writes them", () => {
  assert.equal(core.frenchNumber(8), "8");
  assert.equal(core.frenchNumber(999), "999");
  assert.equal(core.frenchNumber(10000), "10\u202f000");
  assert.equal(core.plural(0), "0 événement");
  assert.equal(core.plural(1), "1 événement");
  assert.equal(core.plural(2), "2 événements");
  assert.equal(core.plural(1234), "1\u202f234 événements");
});

test("typography sets no-break spaces and apostrophes as the build does", () => {
  assert.equal(core.typeset("Filtres retirés : « l'ECT » ; voir !"),
               "Filtres retirés\u00a0: «\u00a0l\u2019ECT\u00a0»\u202f; voir\u202f!");
});

test("a state goes to the URL and comes back the same", () => {
  const allowed = { categorie: { theory: true, method: true }, annee: { 2024: true },
                    terrain: { chatel: true }, personne: {} };
  const original = state({ categorie: ["theory", "method"], annee: ["2024"], terrain: ["chatel"] },
                         "forêt jurassienne");
  const query = core.queryOf(original);
  assert.equal(query, "?categorie=method&categorie=theory&annee=2024&terrain=chatel"
                      + "&texte=for%C3%AAt+jurassienne");
  assert.equal(core.sameState(core.stateFromQuery(query, allowed), original), true);
  assert.equal(core.queryOf(core.emptyState()), "");
});

test("a link back to the chronology takes the reader's filters and keeps its page and event", () => {
  const link = "http://127.0.0.1:8000/regard/chronologie/2/#atelier";
  assert.equal(core.withQuery(link, "?categorie=theory&texte=for%C3%AAt"),
               "http://127.0.0.1:8000/regard/chronologie/2/?categorie=theory&texte=for%C3%AAt#atelier");
  assert.equal(core.withQuery("http://h/chronologie/?annee=2020#atelier", ""),
               "http://h/chronologie/#atelier");
});

test("the URL's unknown parameters and values are ignored, the text trimmed and cut", () => {
  const allowed = { categorie: { theory: true }, annee: {}, terrain: {}, personne: {} };
  const long = "a".repeat(250);
  const read = core.stateFromQuery(
    `?categorie=theory&categorie=constructor&categorie=nope&q=x&annee=2024&texte=  ${long}`,
    allowed);
  assert.deepEqual(Object.keys(read.categorie), ["theory"]);
  assert.deepEqual(Object.keys(read.annee), []);
  assert.equal(read.q, "a".repeat(200));
});

test("a link may ask only for the values the page offers, never an object's own names", () => {
  const allowed = { categorie: { theory: true }, annee: {} };
  assert.equal(core.offers(allowed, "categorie", "theory"), true);
  assert.equal(core.offers(allowed, "categorie", "constructor"), false);
  assert.equal(core.offers(allowed, "annee", "2024"), false);
  assert.equal(core.offers(allowed, "personne", "ada-martin"), false);
});

test("a copied state is independent and equal; states differ by a value or the text", () => {
  const a = state({ terrain: ["chatel"] }, "eco");
  const b = core.copyState(a);
  assert.equal(core.sameState(a, b), true);
  b.terrain.lons = true;
  assert.equal(core.sameState(a, b), false);
  assert.deepEqual(Object.keys(a.terrain), ["chatel"]);
  assert.equal(core.sameState(a, state({ terrain: ["chatel"] }, "ecol")), false);
  assert.deepEqual(core.activeKinds(a), ["terrain"]);
});

test("the summary names each active group in French, or says there is none", () => {
  const labels = { categorie: { method: "Méthode de recherche" } };
  const labelOf = (kind, value) => (labels[kind] || {})[value] || value;
  assert.equal(core.summary(core.emptyState(), labelOf), "Tous les événements");
  assert.equal(core.summary(state({ categorie: ["method"], annee: ["2024", "2023"] }, "eco"),
                            labelOf),
               "Catégorie : Méthode de recherche ; années : 2023, 2024 ; texte : « eco »");
});

const EVENTS = [
  entry("a", 2023, { bin: 0, categories: "theory", projects: "chatel", people: "ana" }),
  entry("b", 2023, { bin: 1, categories: "theory method", people: "ana bob" }),
  entry("c", 2024, { bin: 0, page: 1, categories: "field", projects: "lons" }),
  entry("constructor", 2024, { bin: 1, page: 1, categories: "method", projects: "chatel" }),
];
const BINS = ["theory 2023 0", "theory 2023 1", "method 2023 1", "method 2024 1"];

test("groups narrow one another and the values of a group add up", () => {
  const filter = new core.Filter(EVENTS, BINS, 2);
  const ids = (s) => { filter.select(s, core.tokensOf(s.q), () => null); return core.visibleIds(EVENTS); };
  assert.deepEqual(ids(core.emptyState()), ["a", "b", "c", "constructor"]);
  assert.deepEqual(ids(state({ categorie: ["method"] })), ["b", "constructor"]);
  assert.deepEqual(ids(state({ categorie: ["method", "field"] })), ["b", "c", "constructor"]);
  assert.deepEqual(ids(state({ categorie: ["method"], terrain: ["chatel"] })), ["constructor"]);
  assert.deepEqual(ids(state({ personne: ["bob"], annee: ["2024"] })), []);
  // An id that is a name of Object.prototype is an ordinary value.
  assert.deepEqual(ids(state({ terrain: ["constructor"] })), []);
});

test("the counts follow the selection per year, page and frise aggregate", () => {
  const filter = new core.Filter(EVENTS, BINS, 2);
  let counts = filter.select(core.emptyState(), [], () => null);
  assert.equal(counts.shown, 4);
  assert.deepEqual(filter.yearNames, ["2023", "2024"]);
  assert.deepEqual(Array.from(counts.years), [2, 2]);
  assert.deepEqual(Array.from(counts.pages), [2, 2]);
  // b counts in the aggregate of each of its lanes; c is in no aggregate.
  assert.deepEqual(Array.from(counts.bins), [1, 1, 1, 1]);
  counts = filter.select(state({ personne: ["ana"] }), [], () => null);
  assert.equal(counts.shown, 2);
  assert.deepEqual(Array.from(counts.years), [2, 0]);
  assert.deepEqual(Array.from(counts.pages), [2, 0]);
  assert.deepEqual(Array.from(counts.bins), [1, 1, 1, 0]);
});

test("an option counts its events that the other groups leave", () => {
  const filter = new core.Filter(EVENTS, BINS, 2);
  filter.select(state({ categorie: ["method"], terrain: ["chatel"] }), [], () => null);
  // Its own group's filter does not count against an option.
  assert.equal(filter.optionCount("categorie", "theory"), 1);
  assert.equal(filter.optionCount("categorie", "method"), 1);
  assert.equal(filter.optionCount("terrain", "chatel"), 1);
  assert.equal(filter.optionCount("terrain", "lons"), 0);
  assert.equal(filter.optionCount("annee", "2023"), 0);
  assert.equal(filter.optionCount("personne", "nobody"), 0);
});

test("the text search reads each event's text; an unknown text counts as shown", () => {
  const texts = ["Sortie en forêt", "Comité de pilotage", null, "Forêt et filière bois"];
  const filter = new core.Filter(EVENTS, BINS, 2);
  const textOf = (i) => (texts[i] === null ? null : core.fold(texts[i]));
  const counts = filter.select(state({}, "FORET"), core.tokensOf("FORET"), textOf);
  assert.deepEqual(core.visibleIds(EVENTS), ["a", "c", "constructor"]);
  assert.equal(counts.shown, 3);
  assert.equal(filter.fails[2] & core.UNKNOWN, core.UNKNOWN);
  // Not cached while a text is missing; cached once every text is known.
  assert.equal(filter.textCache, null);
  texts[2] = "Lons";
  filter.select(state({}, "foret"), ["foret"], textOf);
  assert.deepEqual(core.visibleIds(EVENTS), ["a", "constructor"]);
  assert.equal(filter.textCache.key, "foret");
});

test("a query's words lie within another's when each is part of one of its words", () => {
  assert.equal(core.within(["eco"], ["ecologie"]), true);
  assert.equal(core.within(["jura"], ["foret", "jura"]), true);
  assert.equal(core.within(["eco", "lac"], ["ecologie"]), false);
  assert.equal(core.within(["ecologie"], ["eco"]), false);
});

// Texts of many events, so that a search reuses or reads them.
const WORDS = ["forêt", "filière", "écologie", "économie", "comité", "Jura", "Châtel", "bois"];
const MANY = Array.from({ length: 60 }, (_, i) => entry(`e${i}`, 2000 + (i % 5)));
const MANY_TEXTS = MANY.map((_, i) => core.fold(
  [WORDS[i % 8], WORDS[(i * 3) % 8], WORDS[(i * 5 + 1) % 8]].join(" ")));

/** A text search's failures, and the events whose text it read. */
function search(filter, query) {
  const read = [];
  const fails = filter.textFails(core.tokensOf(query), (i) => { read.push(i); return MANY_TEXTS[i]; });
  return { fails: Array.from(fails), read };
}

/** The failures a search reading every text gives. */
function fresh(query) {
  const tokens = core.tokensOf(query);
  return MANY_TEXTS.map((text) => (core.holds(text, tokens) ? 0 : 1));
}

test("a narrower search reads only the texts an earlier one matched", () => {
  const filter = new core.Filter(MANY, [], 1);
  const eco = search(filter, "eco");
  assert.equal(eco.read.length, MANY.length);
  assert.deepEqual(eco.fails, fresh("eco"));
  const ecolo = search(filter, "écolo");
  assert.deepEqual(ecolo.fails, fresh("ecolo"));
  assert.deepEqual(ecolo.read, eco.fails.flatMap((f, i) => (f ? [] : [i])));
  // A word added narrows too.
  const both = search(filter, "ecolo bois");
  assert.deepEqual(both.fails, fresh("ecolo bois"));
  assert.deepEqual(both.read, ecolo.fails.flatMap((f, i) => (f ? [] : [i])));
});

test("a wider search reads only the texts an earlier one failed; the same one reads none", () => {
  const filter = new core.Filter(MANY, [], 1);
  search(filter, "ecologie");
  const ecol = search(filter, "ecol");
  assert.deepEqual(ecol.fails, fresh("ecol"));
  const eco = search(filter, "eco");
  assert.deepEqual(eco.fails, fresh("eco"));
  // From the closest result (« ecol »'s failures, fewer than « ecologie »'s).
  assert.deepEqual(eco.read, ecol.fails.flatMap((f, i) => (f ? [i] : [])));
  assert.ok(eco.read.length < search(new core.Filter(MANY, [], 1), "eco").read.length);
  const again = search(filter, "ecologie");
  assert.deepEqual(again.fails, fresh("ecologie"));
  assert.deepEqual(again.read, []);
  // Unrelated words read every text.
  const jura = search(filter, "jura");
  assert.deepEqual(jura.fails, fresh("jura"));
  assert.equal(jura.read.length, MANY.length);
});

test("a search made while a text is unknown is not reused", () => {
  const filter = new core.Filter(MANY, [], 1);
  const partial = filter.textFails(["eco"], (i) => (i === 3 ? null : MANY_TEXTS[i]));
  assert.equal(partial[3], 2);
  const ecolo = search(filter, "ecolo");
  assert.equal(ecolo.read.length, MANY.length);
  assert.deepEqual(ecolo.fails, fresh("ecolo"));
});

test("searches typed and deleted letter by letter agree with reading every text", () => {
  const filter = new core.Filter(MANY, [], 1);
  const typed = ["f", "fi", "fil", "filiere", "fili", "f", "fo", "for", "foret j", "foret jura",
                 "foret", "e", "ec", "eco", "econ", "eco", "ecol", "ecologie", "bois ecologie"];
  for (const query of typed) assert.deepEqual(search(filter, query).fails, fresh(query), query);
});

test("an event's failures say which filters hide it", () => {
  const s = state({ categorie: ["field"], annee: ["2023"] }, "forêt");
  const bits = core.failures(EVENTS[0], s, core.tokensOf(s.q), core.fold("Sortie"));
  assert.equal(bits, core.BIT.categorie | core.BIT.texte);
  assert.equal(core.failures(EVENTS[0], s, core.tokensOf(s.q), null), null);
  assert.equal(core.failures(EVENTS[2], state({ annee: ["2024"] }), [], null), 0);
});

test("the filter index is read by its columns' names, in any order", () => {
  const index = {
    columns: ["people", "id", "bin", "year", "page", "projects", "categories", "extra"],
    events: [["ana", "a", 1, 2019, 3, "chatel lons", "theory method", "ignored"]],
  };
  const [read] = core.readIndex(index);
  assert.equal(read.id, "a");
  assert.equal(read.page, 3);
  assert.equal(read.year, "2019");
  assert.equal(read.bin, 1);
  assert.deepEqual(read.values, { categorie: ["theory", "method"], annee: ["2019"],
                                  terrain: ["chatel", "lons"], personne: ["ana"] });
  assert.throws(() => core.readIndex({ columns: ["id", "page"], events: [] }),
                /colonne « year » absente/);
});

test("a frise aggregate's key is its category, year and bin", () => {
  assert.equal(core.binKey("theory", "2019", 1), "theory 2019 1");
});
