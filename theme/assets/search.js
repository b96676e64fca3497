// RegarD's search in Material's search dialog, with the Pagefind index the build writes
// into pagefind/. Loaded by partials/head/search.html when a reader starts searching, as a
// classic script like the site's others (a page opened from disk still runs it): it is
// window.regardSearch, and only Pagefind's own script, an ES module, is imported.
//
// Pagefind folds accents (« maturite » finds « maturité »), stems French words and
// returns each record at its own address (an event at /chronologie/#id). The results are
// built as DOM nodes from text: an excerpt keeps only its <mark> highlights.
(function () {
  "use strict";

  const PAGE_SIZE = 10;
  const SUB_RESULTS = 3;

  let engine = null;
  let lastQuery = "";

  function start(root) {
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
    if (!query) {
      list.replaceChildren();
      status.textContent = "Tapez un mot, un nom, un lieu…";
      return;
    }
    status.textContent = "Recherche…";
    const pagefind = await engine;
    const search = await pagefind.debouncedSearch(query, {}, 80);
    if (search === null || query !== lastQuery) return;  // a newer query is on its way
    // A document holds one page, or several records of one page (an event, a term…): its
    // data is fetched only as far as the results shown need.
    const items = [];
    let loaded = 0;
    while (loaded < search.results.length && items.length < count) {
      const batch = search.results.slice(loaded, loaded + PAGE_SIZE);
      loaded += batch.length;
      for (const found of await Promise.all(batch.map((result) => result.data()))) {
        items.push(...entries(found));
      }
      if (query !== lastQuery) return;
    }
    const complete = loaded === search.results.length && items.length <= count;
    list.replaceChildren(...items.slice(0, count).map((entry) => item(root, entry)));
    if (!complete) {
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
    const shownCount = Math.min(items.length, count);
    status.textContent = items.length === 0
      ? `Aucun résultat pour «\u00a0${query}\u00a0». Essayez un autre mot, ou une partie du mot.`
      : complete
        ? `${shownCount} résultat${shownCount > 1 ? "s" : ""} pour «\u00a0${query}\u00a0»`
        : `Les ${shownCount} premiers résultats pour «\u00a0${query}\u00a0»`;
  }

  function address(root, url) {
    return new URL(url, root).href;
  }

  // One document of the index as the results it gives: each record of a group of records
  // (at its own anchor), or a page with up to three of its sections.
  function entries(found) {
    const meta = found.meta || {};
    const page = found.url.split("#")[0];
    const sections = (found.sub_results || []).filter((sub) => sub.url.includes("#")
      && sub.url.split("#")[0] === page && sub.anchor && sub.anchor.element !== "h1");
    if (meta.group) {
      // Records of one page (several to a document on a large site), each at its page's
      // address and its own anchor, the best matches first.
      const score = (sub) => (sub.weighted_locations || [])
        .reduce((total, location) => total + location.balanced_score, 0);
      return sections.map((sub) => [score(sub), sub]).sort((a, b) => b[0] - a[0]).map(([, sub]) => {
        // The record's heading reads « title · date »: the date goes beside the kind.
        const cut = sub.title.lastIndexOf(" · ");
        const date = cut > 0 ? sub.title.slice(cut + 3) : null;
        return {
          url: `${page.split("?")[0]}#${sub.anchor.id}`, kind: meta.kind, date,
          excerpt: date ? withoutDate(sub.excerpt, date) : sub.excerpt,
          title: cut > 0 ? sub.title.slice(0, cut) : sub.title, sections: [],
        };
      });
    }
    const whole = (found.sub_results || []).find((sub) => !sub.url.includes("#")
      || (sub.anchor && sub.anchor.element === "h1"));
    return [{
      url: found.url, kind: meta.kind, title: meta.title, date: null,
      excerpt: sections.length ? found.excerpt : (whole || found).excerpt,
      sections: sections.slice(0, SUB_RESULTS),
    }];
  }

  // The excerpt without the heading's « · date » (its spaces are plain, the title's no-break),
  // whether the excerpt starts with it or runs through it.
  function withoutDate(excerpt, date) {
    const plain = date.replace(/[\u00a0\u202f]/g, " ");
    const pattern = plain.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return excerpt.split(` · ${plain}`).join("")
      .replace(new RegExp(`^\\s*·\\s*${pattern}\\.?\\s*`), "");
  }

  function item(root, entry) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    li.append(link(root, entry.url, entry, entry.excerpt, true));
    for (const sub of entry.sections) {
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

  // The index keeps plain spaces: the excerpt gets back the no-break spaces of French
  // typography (a « » pair or a « : » never split across two lines).
  function spaced(text) {
    return text.replace(/« /g, "«\u00a0").replace(/ »/g, "\u00a0»")
      .replace(/ :/g, "\u00a0:").replace(/ ([;!?])/g, "\u202f$1");
  }

  // Text with <mark> highlights as nodes: every other tag is dropped, every entity decoded,
  // nothing is ever parsed as live markup in the page.
  function marked(html) {
    const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
    const nodes = [];
    const walk = (parent, into) => {
      for (const node of parent.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) {
          into.push(document.createTextNode(spaced(node.textContent.replace(/¶/g, ""))));
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

  window.regardSearch = { start };
})();
