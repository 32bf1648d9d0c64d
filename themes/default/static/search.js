// The search page: Pagefind's index (written by Dossier under /pagefind/) queried in the
// browser, with its filters as facets. The query and the chosen facets live in the address
// (?q=baltic&topic=Energy), so that a search is a link. Without JavaScript the page shows how
// to browse instead; this script shows the search and hides nothing else.

const app = document.getElementById("search-app");
if (app) {
  start(app);
}

/** How many results to show at once. */
const PAGE = 10;

/**
 * The folders of the index's other shards for this language, from the list Dossier writes
 * beside Pagefind's script (`dossier-shards.json`); none when there is no list.
 */
async function shardsOf(bundle, lang) {
  try {
    const response = await fetch(new URL("dossier-shards.json", new URL(bundle, location.href)), { cache: "no-cache" });
    if (!response.ok) return [];
    const list = await response.json();
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
  const facets = Array.from(app.querySelectorAll(".search-facet"));
  const text = app.dataset;
  const plural = new Intl.PluralRules(text.lang || "en");
  const params = new URLSearchParams(location.search);
  const selected = new Map(facets.map((f) => [f.dataset.filter, new Set(params.getAll(f.dataset.filter))]));
  input.value = params.get("q") || "";
  app.hidden = false;

  let pagefind;
  try {
    const [bundle, shards] = await Promise.all([import(text.bundle), shardsOf(text.bundle, text.lang)]);
    pagefind = bundle;
    await pagefind.init();
    // The index comes in shards (older years in folders of their own): merged, they answer
    // as one index, with one list of results and the filter counts added up.
    await Promise.all(shards.map((folder) => pagefind.mergeIndex(new URL(folder, new URL(text.bundle, location.href)).pathname)));
    // Loads the filter index, so that each search counts the results of every facet value.
    await pagefind.filters();
  } catch (error) {
    status.textContent = text.textFailed;
    return;
  }

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
  };

  const render = async (results, from) => {
    const page = await Promise.all(results.slice(from, from + PAGE).map((r) => r.data()));
    for (const data of page) {
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
          const item = document.createElement("li");
          const a = document.createElement("a");
          a.href = section.url;
          a.textContent = section.title;
          const p = document.createElement("p");
          p.innerHTML = section.excerpt;
          item.append(a, p);
          ul.append(item);
        }
        li.append(ul);
      }
      list.append(li);
    }
    more.hidden = from + PAGE >= results.length;
  };

  const run = async () => {
    const query = input.value.trim();
    const ticket = ++latest;
    remember(query);
    if (!query) {
      list.replaceChildren();
      more.hidden = true;
      showFacets({});
      status.textContent = text.textPrompt;
      return;
    }
    const response = await pagefind.search(query, { filters: chosenFilters() });
    if (ticket !== latest || !response) return;
    shown = response.results;
    list.replaceChildren();
    showFacets(response.filters || {});
    await render(shown, 0);
    if (ticket !== latest) return;
    status.textContent = shown.length ? countText(shown.length, query) : fill(text.textNone, { query });
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
    await render(shown, first);
    const next = list.children[first];
    if (next) next.querySelector("a").focus();
  });
  run();
}
