// Drives Debian's Chromium through playwright-core over a built site, for tests/search.rs and
// scripts/bench.sh: serves the site's folder on 127.0.0.1 under a base path (counting the bytes
// of every response), runs the scenario given as JSON, and prints what the browser saw as JSON.
//
//   node tests/search/browser.mjs SCENARIO.json
//
// SCENARIO: { "site": "/path/to/output", "base": "/sub/",
//             "queries": [{ "path": "search/", "q": "word" }],        results of each query
//             "filter": { "path": "search/", "q": "word", "label": "Jane Doe" },   tick a facet
//             "narrow": { "path": "search/", "q": "word" },   a phone's screen, and no script
//             "axe": { "path": "search/", "q": "word", "script": "/path/to/axe.min.js" },
//             "screenshot": { "path": "search/", "q": "word", "file": "/tmp/search.png" },
//             "preloads": [{ "path": "search/", "q": "word" }] }   what each page preloaded,
//                                    what was served, and the console's warnings meanwhile
// Environment: CHROMIUM (default /usr/bin/chromium); playwright-core is found through NODE_PATH.

import fs from "node:fs";
import { launch, serveSite } from "./chromium.mjs";

const scenario = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const base = scenario.base;
// Every response's bytes, by request path, since the last reset.
let served = [];
const { server, origin } = await serveSite(scenario.site, base, (response) => served.push(response));

const chromium = await launch("dossier-chromium-");
const context = chromium.context;
const out = { origin, errors: [] };

try {
  const page = await context.newPage();
  page.on("pageerror", (error) => out.errors.push(String(error)));
  // Warnings too: Chromium warns of a preload the page did not use.
  let warnings = [];
  page.on("console", (message) => {
    if (message.type() === "error") out.errors.push(`${message.text()} ${JSON.stringify(message.location())}`);
    if (message.type() === "warning") warnings.push(message.text());
  });

  // Loads a search page and waits until the script has answered the query.
  const search = async (where, q, extra = "") => {
    const url = `${origin}${base}${where}?q=${encodeURIComponent(q)}${extra}`;
    await page.goto(url);
    await settle();
  };
  const settle = async () => {
    await page.waitForFunction(() => {
      const status = document.getElementById("search-status");
      const app = document.getElementById("search-app");
      return app && !app.hidden && status && status.textContent.trim() !== "" &&
        status.textContent !== app.dataset.textPrompt && app.dataset.settled !== undefined;
    }, null, { timeout: 20000 });
  };
  const results = () =>
    page.evaluate(() => ({
      status: document.getElementById("search-status").textContent,
      url: location.pathname + location.search,
      results: Array.from(document.querySelectorAll("#search-results > li")).map((li) => ({
        title: li.querySelector("h2").textContent,
        href: li.querySelector("h2 a").getAttribute("href"),
        sections: Array.from(li.querySelectorAll(".search-result-sections a")).map((a) => a.getAttribute("href")),
      })),
      facets: Array.from(document.querySelectorAll(".search-facet:not([hidden])")).map((f) => f.dataset.filter),
    }));

  out.queries = [];
  for (const query of scenario.queries || []) {
    served = [];
    await search(query.path, query.q);
    const seen = await results();
    const index = served.filter((s) => s.path.startsWith(`${base}pagefind/`));
    seen.bundle_bytes = index.reduce((sum, s) => sum + s.bytes, 0);
    seen.bundle_files = index.length;
    seen.bundle = index;
    out.queries.push(seen);
  }

  // Each page loaded afresh: the files its <link>s preload, every request served while it
  // searched, and the warnings of the console until Chromium would have said that a preload
  // went unused (a few seconds after the load event).
  out.preloads = [];
  for (const query of scenario.preloads || []) {
    served = [];
    warnings = [];
    await search(query.path, query.q);
    await page.waitForTimeout(4500);
    const preloaded = await page.evaluate(() =>
      Array.from(document.querySelectorAll("link[rel=preload], link[rel=modulepreload]")).map((link) => ({
        rel: link.rel,
        href: link.getAttribute("href"),
        as: link.getAttribute("as"),
        crossorigin: link.getAttribute("crossorigin"),
      })),
    );
    out.preloads.push({ preloaded, served: served.map((s) => s.path + s.search), warnings });
  }

  if (scenario.filter) {
    const { path: where, q, label } = scenario.filter;
    await search(where, q);
    const before = await results();
    const status = before.status;
    await page.getByLabel(label, { exact: false }).first().check();
    await page.waitForFunction((old) => document.getElementById("search-status").textContent !== old &&
      document.getElementById("search-app").dataset.settled !== undefined, status, { timeout: 20000 });
    out.filter = { before, after: await results() };
  }

  if (scenario.narrow) {
    // A phone's screen: what comes first, the facets' button worked by the keyboard, and how
    // far the layout moved while the results and facets came (layout shifts, as CLS sums them).
    const { path: where, q } = scenario.narrow;
    await page.setViewportSize({ width: 412, height: 823 });
    await page.addInitScript(() => {
      window.__shifts = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts += entry.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    await search(where, q);
    // The facets' counts come after the results: wait for them too.
    await page.waitForFunction(() => document.getElementById("search-app").classList.contains("has-facets"), null, { timeout: 20000 });
    const layout = () =>
      page.evaluate(() => {
        const top = (el) => (el ? el.getBoundingClientRect().top + scrollY : null);
        const boxes = Array.from(document.querySelectorAll(".search-facet:not([hidden]) input"));
        return {
          shift: window.__shifts,
          first_result_top: top(document.querySelector("#search-results > li")),
          footer_top: top(document.querySelector(".site-footer")),
          visible_boxes: boxes.filter((b) => b.getClientRects().length > 0).length,
          boxes: boxes.length,
          expanded: document.getElementById("search-facets-toggle").getAttribute("aria-expanded"),
        };
      });
    const before = await layout();
    await page.focus("#search-facets-toggle");
    await page.keyboard.press("Enter");
    const opened = await layout();
    await page.keyboard.press("Space");
    const closed = await layout();
    // Without JavaScript: the page as it was, the ways to browse and no empty search area.
    const still = await context.newPage();
    const cdp = await context.newCDPSession(still);
    await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
    await still.goto(`${origin}${base}${where}?q=${encodeURIComponent(q)}`);
    const noScript = await still.evaluate(() => ({
      browse_links: document.querySelectorAll(".search-needs a").length,
      app_shown: document.getElementById("search-app").getClientRects().length > 0,
    }));
    await still.close();
    await page.setViewportSize({ width: 1280, height: 720 });
    out.narrow = { before, opened, closed, no_script: noScript };
  }

  if (scenario.screenshot) {
    const { path: where, q, file } = scenario.screenshot;
    await page.setViewportSize({ width: 1100, height: 900 });
    await search(where, q);
    await page.screenshot({ path: file, fullPage: false });
  }

  if (scenario.axe) {
    const { path: where, q, script } = scenario.axe;
    await search(where, q);
    await page.addScriptTag({ path: script });
    const report = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    out.axe = report.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
    }));
  }
} catch (error) {
  out.failure = String(error && error.stack ? error.stack : error);
} finally {
  await chromium.close();
  server.close();
}
console.log(JSON.stringify(out));
