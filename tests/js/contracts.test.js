// The script and the generator agree on what the generator emits: run by
// tests/test_js_core.py, which writes into $REGARD_CONTRACTS what Python emits for a split
// chronology of 1,000 events (its filter index, its text index, the frise's aggregates as
// drawn) and what the model says of each event. Skipped when that folder is not given.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const core = require(path.join(__dirname, "..", "..", "theme", "assets", "chronology-core.js"));

const folder = process.env.REGARD_CONTRACTS;
const skip = folder ? false : "REGARD_CONTRACTS absent : lancés par tests/test_js_core.py";

function read(name) {
  return JSON.parse(fs.readFileSync(path.join(folder, name), "utf8"));
}

function only(kind, value) {
  const state = core.emptyState();
  state[kind][value] = true;
  return state;
}

test("the script reads every event's values from the filter index by column name", { skip }, () => {
  const entries = core.readIndex(read("index.json"));
  const model = read("model.json");
  assert.equal(entries.length, model.length);
  entries.forEach((entry, i) => {
    const event = model[i];
    assert.equal(entry.id, event.id);
    assert.deepEqual(entry.values, {
      categorie: event.categories, annee: [String(event.year)],
      terrain: event.projects, personne: event.people,
    });
    assert.equal(typeof entry.bin, "number");
    assert.equal(typeof entry.page, "number");
  });
});

test("the script counts in each frise aggregate the events the generator drew in it", { skip }, () => {
  const entries = core.readIndex(read("index.json"));
  const drawn = read("frise-bins.json");
  const keys = Object.keys(drawn);
  assert.ok(keys.length > 20, "the frise of 1,000 events aggregates");
  const filter = new core.Filter(entries, keys, read("index.json").pages.length);
  const counts = filter.select(core.emptyState(), [], () => null);
  keys.forEach((key, i) => assert.equal(counts.bins[i], drawn[key], key));
  // Under a year filter, only that year's aggregates keep their events.
  const year = keys[0].split(" ")[1];
  const filtered = filter.select(only("annee", year), [], () => null);
  keys.forEach((key, i) => {
    assert.equal(filtered.bins[i], key.split(" ")[1] === year ? drawn[key] : 0, key);
  });
});

test("the script searches the generator's text of each event, in the index's order", { skip }, () => {
  const entries = core.readIndex(read("index.json"));
  const texts = read("texts.json");
  const model = read("model.json");
  assert.equal(texts.length, entries.length);
  const folded = texts.map(core.fold);
  model.forEach((event, i) => {
    assert.ok(core.holds(folded[i], core.tokensOf(event.title)), event.id);
    for (const name of event.names) assert.ok(core.holds(folded[i], core.tokensOf(name)), name);
  });
  // A person's name finds at least every event of that person.
  const person = model.find((event) => event.people.length);
  const name = person.names[person.projects.length];
  const filter = new core.Filter(entries, [], 1);
  filter.select(Object.assign(core.emptyState(), { q: name }), core.tokensOf(name),
                (i) => folded[i]);
  const found = new Set(core.visibleIds(entries));
  model.filter((event) => event.people.includes(person.people[0]))
    .forEach((event) => assert.ok(found.has(event.id), event.id));
});
