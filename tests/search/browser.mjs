// Drives Debian's Chromium through playwright-core over a built site, for tests/search.rs and
// scripts/bench.sh: serves the site's folder on 127.0.0.1 under a base path (counting the bytes
// of every response), runs the scenario given as JSON, and prints what the browser saw as JSON.
//
//   node tests/search/browser.mjs SCENARIO.json
//
// SCENARIO: { "site": "/path/to/output", "base": "/sub/",
//             "queries": [{ "path": "search/", "q": "word" }],        results of each query
//             "filter": { "path": "search/", "q": "word", "label": "Jane Doe" },   tick a facet
//             "axe": { "path": "search/", "q": "word", "script": "/path/to/axe.min.js" },
//             "screenshot": { "path": "search/", "q": "word", "file": "/tmp/search.png" } }
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
  page.on("console", (message) => {
    if (message.type() === "error") out.errors.push(`${message.text()} ${JSON.stringify(message.location())}`);
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
        status.textContent !== app.dataset.textPrompt;
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

  if (scenario.filter) {
    const { path: where, q, label } = scenario.filter;
    await search(where, q);
    const before = await results();
    const status = before.status;
    await page.getByLabel(label, { exact: false }).first().check();
    await page.waitForFunction((old) => document.getElementById("search-status").textContent !== old, status, { timeout: 20000 });
    out.filter = { before, after: await results() };
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
