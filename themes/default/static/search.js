// The search page: Pagefind's index (written by Dossier under /pagefind/) queried in the
// browser, with its filters as facets. The query and the chosen facets live in the address
// (?q=baltic&topic=Energy), so that a search is a link. Without JavaScript the page shows how
// to browse instead; this script fills the search area, whose space the page keeps.
//
// On a slow phone each request that waits for another costs most of a second, so the script
// waits for as little as it can: the page asks for this script first, preloads Pagefind's
// script and all that Pagefind asks for before its first search (each shard's entry file and
// metadata, the WebAssembly) and names the shards to merge itself (no list of shards to
// fetch); Pagefind runs here rather than in a worker of its own (whose requests the page's
// preloads would not serve, and whose script would be one more to fetch); the entry files
// are cached by the index's version; and the first results are shown before the filter
// index (every facet's counts) is loaded, which the facets then wait for.

const app = document.getElementById("search-app");
if (app) {
  start(app);
}

/** How many results to show at once. */
const PAGE = 10;

/**
 * The folders of the index's other shards for this language, from the list Dossier writes
 * beside Pagefind's script (`data-shards`, with the index's version in its address, so that a
 * browser fetches it again only when the index changed); none when there is no list. The page
 * names them itself (`data-merge`, space-separated) when it knows the index, which saves the
 * request.
 */
async function shardsOf(text, bundle) {
  if (text.merge !== undefined) return text.merge.split(" ").filter(Boolean);
  try {
    const versioned = Boolean(text.shards);
    const address = text.shards ? new URL(text.shards, location.href) : new URL("dossier-shards.json", bundle);
    const response = await fetch(address, versioned ? {} : { cache: "no-cache" });
    if (!response.ok) return [];
    const list = await response.json();
    const lang = text.lang;
    const code = (lang || "").toLowerCase();
    return list[lang] || list[code] || list[code.split("-")[0]] || [];
  } catch {
    return [];
  }
}

async function start(app) {
  const form = document.querySelector(".search-form");
  const input = document.getElementById("search-query");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const toggle = document.getElementById("search-facets-toggle");
  const facets = Array.from(app.querySelectorAll(".search-facet"));
  const text = app.dataset;
  const plural = new Intl.PluralRules(text.lang || "en");
  const params = new URLSearchParams(location.search);
  const selected = new Map(facets.map((f) => [f.dataset.filter, new Set(params.getAll(f.dataset.filter))]));
  input.value = params.get("q") || "";
  app.hidden = false;

  // On a narrow screen the facets wait behind a button (a wide one shows them beside the
  // results and hides the button).
  if (toggle) {
    toggle.addEventListener("click", () => {
      toggle.setAttribute("aria-expanded", String(toggle.getAttribute("aria-expanded") !== "true"));
    });
  }

  let pagefind;
  try {
    const bundle = new URL(text.bundle, location.href);
    const [module, shards] = await Promise.all([import(text.bundle), shardsOf(text, bundle)]);
    pagefind = module;
    // Pagefind fetches each shard's entry file with the time in its address unless given a
    // tag: the index's version lets the browser keep it until the index changes, and the page
    // preload it. Without a worker, Pagefind's requests are the page's own, which its
    // preloads serve.
    const tagged = text.version ? { metaCacheTag: text.version } : {};
    await pagefind.options({ ...tagged, noWorker: true });
    await pagefind.init();
    // The index comes in shards (older years in folders of their own): merged, they answer
    // as one index, with one list of results and the filter counts added up.
    await Promise.all(shards.map((folder) => pagefind.mergeIndex(new URL(folder, bundle).pathname, tagged)));
  } catch (error) {
    status.textContent = text.textFailed;
    return;
  }

  // The filter index, loaded once: until it is, a search counts only the facets it filters
  // by, so the facets are shown only once it has come.
  let counting = null;
  let counted = false;
  const loadFilters = () =>
    (counting ||= pagefind.filters().then(
      () => (counted = true),
      () => (counted = false),
    ));

  let shown = [];
  let latest = 0;

  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));

  const countText = (n, query) => {
    const category = plural.select(n);
    const template = text[`results${category[0].toUpperCase()}${category.slice(1)}`] || text.resultsOther || "";
    return fill(template, { n: n.toLocaleString(text.lang), query });
  };

  const remember = (query) => {
    const next = new URLSearchParams();
    if (query) next.set("q", query);
    for (const [name, values] of selected) {
      for (const value of values) next.append(name, value);
    }
    const search = next.toString();
    history.replaceState(null, "", search ? `?${search}` : location.pathname);
  };

  const chosenFilters = () => {
    const filters = {};
    for (const [name, values] of selected) {
      if (values.size) filters[name] = { any: Array.from(values) };
    }
    return filters;
  };

  const showFacets = (counts) => {
    const active = document.activeElement;
    const owner = active && active.type === "checkbox" ? active.closest(".search-facet") : null;
    const focused = owner ? { filter: owner.dataset.filter, value: active.value } : null;
    for (const facet of facets) {
      const name = facet.dataset.filter;
      const chosen = selected.get(name);
      const values = Object.entries(counts[name] || {}).filter(([value, n]) => n > 0 || chosen.has(value));
      for (const value of chosen) {
        if (!values.some(([v]) => v === value)) values.push([value, 0]);
      }
      if (name === "year") {
        values.sort((a, b) => b[0].localeCompare(a[0]));
      } else {
        values.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], text.lang));
      }
      const ul = facet.querySelector("ul");
      ul.replaceChildren();
      values.forEach(([value, n], i) => {
        const li = document.createElement("li");
        const id = `facet-${name}-${i}`;
        const box = document.createElement("input");
        box.type = "checkbox";
        box.id = id;
        box.value = value;
        box.checked = chosen.has(value);
        box.addEventListener("change", () => {
          if (box.checked) chosen.add(value);
          else chosen.delete(value);
          run();
        });
        const label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = `${value} `;
        const count = document.createElement("span");
        count.className = "count";
        count.textContent = `(${n})`;
        label.append(count);
        li.append(box, label);
        ul.append(li);
      });
      // A facet with one value and nothing chosen would narrow nothing.
      facet.hidden = values.length < 2 && chosen.size === 0;
    }
    const picked = Array.from(selected.values()).reduce((n, values) => n + values.size, 0);
    app.classList.toggle("has-facets", facets.some((f) => !f.hidden));
    if (toggle) toggle.querySelector(".search-facets-chosen").textContent = picked ? ` (${picked})` : "";
    // The box that had the keyboard's focus was made again: give it back the focus.
    if (focused) {
      const facet = facets.find((f) => f.dataset.filter === focused.filter);
      const again = facet && Array.from(facet.querySelectorAll("input")).find((box) => box.value === focused.value);
      if (again && !facet.hidden) again.focus();
    }
  };

  // One result's list item.
  const item = (data) => {
    const li = document.createElement("li");
    li.className = "search-result";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.append(link);
    li.append(heading);
    const details = [data.meta.date, data.meta.series, data.meta.authors].filter(Boolean);
    if (details.length) {
      const meta = document.createElement("p");
      meta.className = "search-result-meta";
      meta.textContent = details.join(" · ");
      li.append(meta);
    }
    const excerpt = document.createElement("p");
    excerpt.className = "search-result-excerpt";
    // Pagefind's excerpt: the indexed text, escaped by Pagefind, with <mark> around matches.
    excerpt.innerHTML = data.excerpt;
    li.append(excerpt);
    const sections = (data.sub_results || []).filter((s) => s.url.includes("#")).slice(0, 3);
    if (sections.length) {
      const ul = document.createElement("ul");
      ul.className = "search-result-sections";
      for (const section of sections) {
        const entry = document.createElement("li");
        const a = document.createElement("a");
        a.href = section.url;
        a.textContent = section.title;
        const p = document.createElement("p");
        p.innerHTML = section.excerpt;
        entry.append(a, p);
        ul.append(entry);
      }
      li.append(ul);
    }
    return li;
  };

  // Shows the results from `from` on, a page of them, each as soon as it and those before it
  // have come (each result's text is a request of its own); `before` is called before the
  // first is shown. Returns false when `current()` says a newer search took over meanwhile.
  const render = async (results, from, current, before) => {
    const page = results.slice(from, from + PAGE).map((r) => r.data());
    for (const [i, coming] of page.entries()) {
      const data = await coming;
      if (!current()) return false;
      if (i === 0) before();
      list.append(item(data));
    }
    more.hidden = from + PAGE >= results.length;
    return true;
  };

  const run = async () => {
    const query = input.value.trim();
    const ticket = ++latest;
    const current = () => ticket === latest;
    delete app.dataset.settled;
    remember(query);
    if (!query) {
      list.replaceChildren();
      more.hidden = true;
      showFacets({});
      status.textContent = text.textPrompt;
      loadFilters();
      return;
    }
    const response = await pagefind.search(query, { filters: chosenFilters() });
    if (!current() || !response) return;
    shown = response.results;
    // The last results stay until the first new one replaces them, so the page never empties.
    const answer = () => {
      list.replaceChildren();
      if (counted) showFacets(response.filters || {});
      status.textContent = shown.length ? countText(shown.length, query) : fill(text.textNone, { query });
      // When the first answer was shown, for scripts/lighthouse.sh (Lighthouse's user timings).
      if (!performance.getEntriesByName("dossier-results").length) performance.mark("dossier-results");
    };
    if (!shown.length) {
      answer();
      more.hidden = true;
    } else if (!(await render(shown, 0, current, answer))) {
      return;
    }
    if (!counted) {
      // The results are shown: now the filter index, and the same search again for the
      // facets' counts (its chunks are loaded, so it costs no request).
      await loadFilters();
      if (!current()) return;
      const again = await pagefind.search(query, { filters: chosenFilters() });
      if (current() && again) showFacets(again.filters || {});
    }
    // The whole answer, results and facets' counts, is in: tests and benchmarks wait for this.
    if (current()) app.dataset.settled = query;
  };

  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  more.addEventListener("click", async () => {
    const first = list.children.length;
    const results = shown;
    await render(results, first, () => results === shown, () => {});
    const next = list.children[first];
    if (next) next.querySelector("a").focus();
  });
  run();
}
