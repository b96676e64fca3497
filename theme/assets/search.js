// RegarD's search in Material's search dialog, with the Pagefind index the build writes
// into pagefind/. Loaded by partials/head/search.html when a reader starts searching.
//
// Pagefind folds accents (« maturite » finds « maturité »), stems French words and
// returns each record at its own address (an event at /chronologie/#id). The results are
// built as DOM nodes from text: an excerpt keeps only its <mark> highlights.

const PAGE_SIZE = 10;
const SUB_RESULTS = 3;

let engine = null;
let shown = PAGE_SIZE;
let lastQuery = "";

export function start(root) {
  if (!engine) {
    engine = import(new URL("pagefind/pagefind.js", root).href).then(async (pagefind) => {
      // Results come back as addresses from the server's root, under the site's own path
      // (/regard/ on GitHub Pages).
      await pagefind.options({ excerptLength: 24, baseUrl: new URL(root).pathname });
      pagefind.init();
      return pagefind;
    });
    wire(root);
  }
  return engine;
}

function elements() {
  const dialog = document.querySelector("[data-rd-search]");
  return {
    dialog,
    input: dialog.querySelector("[data-rd-search-input]"),
    status: dialog.querySelector("#rd-search-status"),
    list: dialog.querySelector("#rd-search-results"),
    toggle: document.getElementById("__search"),
  };
}

function wire(root) {
  const { dialog, input, list, toggle } = elements();
  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(root, input.value, PAGE_SIZE), 120);
  });
  input.form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) first.click();
  });
  input.form.addEventListener("reset", () => {
    setTimeout(() => { run(root, "", PAGE_SIZE); input.focus(); });
  });
  dialog.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a, button")];
    const index = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!links.length) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      const next = index + step;
      if (next < 0) input.focus();
      else links[Math.min(next, links.length - 1)].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(toggle, input);
    }
  });
  list.addEventListener("click", (event) => {
    if (event.target.closest("a")) close(toggle, null);
  });
  if (input.value) run(root, input.value, PAGE_SIZE);
}

function close(toggle, input) {
  toggle.checked = false;
  toggle.dispatchEvent(new Event("change"));
  if (input) {
    input.blur();
    const button = document.querySelector(".rd-search-button");
    if (button && button.offsetParent !== null) button.focus();
  }
}

async function run(root, query, count) {
  const { status, list } = elements();
  query = query.trim();
  lastQuery = query;
  shown = count;
  if (!query) {
    list.replaceChildren();
    status.textContent = "Tapez un mot, un nom, un lieu…";
    return;
  }
  status.textContent = "Recherche…";
  const pagefind = await engine;
  const search = await pagefind.debouncedSearch(query, {}, 80);
  if (search === null || query !== lastQuery) return;  // a newer query is on its way
  const results = search.results;
  const data = await Promise.all(results.slice(0, count).map((result) => result.data()));
  if (query !== lastQuery) return;
  list.replaceChildren(...data.map((record) => item(root, record)));
  if (results.length > count) {
    const more = document.createElement("li");
    more.className = "rd-search-more";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = "Afficher plus de résultats";
    button.addEventListener("click", async () => {
      const before = count;
      await run(root, query, count + PAGE_SIZE);
      const links = list.querySelectorAll(".md-search-result__item > a");
      if (links[before]) links[before].focus();
    });
    more.append(button);
    list.append(more);
  }
  status.textContent = results.length === 0
    ? `Aucun résultat pour « ${query} ». Essayez un autre mot, ou une partie du mot.`
    : `${results.length} résultat${results.length > 1 ? "s" : ""} pour « ${query} »`
      + (results.length > count ? ` (les ${count} premiers affichés)` : "");
}

function address(root, url) {
  return new URL(url, root).href;
}

function item(root, record) {
  const li = document.createElement("li");
  li.className = "md-search-result__item";
  const page = record.url.split("#")[0];
  const subs = (record.sub_results || []).filter((sub) => sub.url.includes("#")
    && sub.url.split("#")[0] === page && sub.url !== record.url);
  // A page's first section is the page itself (its title's anchor): the page link says it.
  const sections = subs.filter((sub) => sub.anchor && sub.anchor.element !== "h1");
  const first = sections.length || !subs.length ? record : subs[0];
  li.append(link(root, record.url, record.meta, first.excerpt || record.excerpt, true));
  for (const sub of sections.slice(0, SUB_RESULTS)) {
    li.append(link(root, sub.url, { title: sub.title }, sub.excerpt, false));
  }
  return li;
}

function link(root, url, meta, excerpt, main) {
  const a = document.createElement("a");
  a.href = address(root, url);
  a.className = "md-search-result__link";
  const article = document.createElement("article");
  article.className = "md-search-result__article md-typeset";
  if (main) {
    const icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    article.append(icon);
  }
  const title = document.createElement(main ? "h1" : "h2");
  title.append(...marked(meta.title || url));
  article.append(title);
  if (main && (meta.kind || meta.date)) {
    const kind = document.createElement("p");
    kind.className = "rd-search-kind";
    kind.textContent = [meta.kind, meta.date].filter(Boolean).join(" · ");
    article.append(kind);
  }
  if (excerpt) {
    const p = document.createElement("p");
    p.append(...marked(excerpt));
    article.append(p);
  }
  a.append(article);
  return a;
}

// Text with <mark> highlights as nodes: every other tag is dropped, every entity decoded,
// nothing is ever parsed as live markup in the page.
function marked(html) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  const nodes = [];
  const walk = (parent, into) => {
    for (const node of parent.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        into.push(document.createTextNode(node.textContent.replace(/¶/g, "")));
      } else if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        into.push(mark);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        walk(node, into);
      }
    }
  };
  walk(doc.body, nodes);
  return nodes;
}
