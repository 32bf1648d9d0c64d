// Runs Lighthouse (npm lighthouse@12.8.2, its own command line) with Debian's Chromium over a
// built site served from 127.0.0.1, and prints a Markdown table of the four category scores of
// each page, the audits that cost points, and the search page's slowed-down timings.
//
//   node scripts/lighthouse.mjs SITE_DIR PORT REPORT_DIR LABEL=PATH... [--search LABEL=PATH]
//
// Each LABEL=PATH is a page (`Home=/`, `Search=/search/?q=energy`), run once with Lighthouse's
// defaults: a mobile phone, simulated throttling. `--search LABEL=PATH` is run again with
// DevTools throttling (the network slowed to slow 4G and the CPU 4×, for real rather than
// simulated; `--throttling-method=devtools`) LIGHTHOUSE_RUNS times (default 3); it reports when
// the first results were shown (the `dossier-results` user timing mark that the theme's
// search.js sets), the cumulative layout shift, and the first and largest contentful paints,
// each run and the median. The site is served as a static host serves it (gzip, a 10-minute
// cache, the site's 404.html for a missing file) on PORT, the port it was built for.
// Environment: LIGHTHOUSE_CLI (lighthouse's cli/index.js), CHROME_PATH (default
// /usr/bin/chromium). Each run's JSON report is kept in REPORT_DIR.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import path from "node:path";
import { serveSite } from "../tests/search/chromium.mjs";

const args = process.argv.slice(2);
const [site, port, reports] = args;
const pages = [];
let searchPage = null;
for (let i = 3; i < args.length; i++) {
  const which = args[i] === "--search" ? args[++i] : args[i];
  const at = which ? which.indexOf("=") : -1;
  if (at < 1) {
    console.error("usage: node scripts/lighthouse.mjs SITE_DIR PORT REPORT_DIR LABEL=PATH... [--search LABEL=PATH]");
    process.exit(2);
  }
  const page = { label: which.slice(0, at), path: which.slice(at + 1) };
  if (args[i - 1] === "--search") searchPage = page;
  else pages.push(page);
}
const cli = process.env.LIGHTHOUSE_CLI;
const runs = Number(process.env.LIGHTHOUSE_RUNS || 3);
process.env.CHROME_PATH ||= "/usr/bin/chromium";
// The flags the project's browser tests use, with the new headless mode Lighthouse needs.
const chromeFlags = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
].join(" ");
const categories = ["accessibility", "seo", "best-practices", "performance"];

const { server, origin } = await serveSite(site, "/", () => {}, {
  port: Number(port),
  cache: "public, max-age=600",
  gzip: true,
});

// Runs Lighthouse on `page` with `extra` flags; returns its JSON report. (Asynchronously:
// this process serves the site meanwhile.)
async function lighthouse(page, name, extra) {
  const file = path.join(reports, `${name}.json`);
  await promisify(execFile)(
    process.execPath,
    [
      cli,
      `${origin}${page.path}`,
      "--output=json",
      `--output-path=${file}`,
      "--quiet",
      `--chrome-flags=${chromeFlags}`,
      "--max-wait-for-load=60000",
      ...extra,
    ],
    { maxBuffer: 64 << 20 },
  );
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  if (report.runtimeError) throw new Error(`${page.path}: ${report.runtimeError.message}`);
  return report;
}

const score = (report, id) => {
  const value = report.categories[id]?.score;
  return value == null ? "–" : String(Math.round(value * 100));
};

// The audits of a category that cost points: an audit with weight and a score below 1.
function losses(report, id) {
  const category = report.categories[id];
  return category.auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => report.audits[ref.id])
    .filter((audit) => audit.score !== null && audit.score < 1)
    .map((audit) => `${audit.id} (${Math.round(audit.score * 100)})`);
}

const ms = (value) => (value == null ? "–" : `${(value / 1000).toFixed(2)} s`);
const median = (values) => {
  const sorted = values.filter((v) => v != null).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
};

let failed = false;
try {
  const rows = [];
  const notes = [];
  for (const [i, page] of pages.entries()) {
    const report = await lighthouse(page, `page-${i}`, [`--only-categories=${categories.join(",")}`]);
    rows.push(`| ${page.label} | \`${page.path}\` | ${categories.map((c) => score(report, c)).join(" | ")} |`);
    for (const c of categories) {
      const lost = losses(report, c);
      if (lost.length) notes.push(`- ${page.label}, ${report.categories[c].title}: ${lost.join(", ")}`);
    }
  }
  if (pages.length) {
    const version = JSON.parse(fs.readFileSync(path.join(reports, "page-0.json"), "utf8")).lighthouseVersion;
    console.log(`Lighthouse ${version}, ${new Date().toISOString().slice(0, 10)}, default mobile simulation:\n`);
    console.log("| Page | Path | Accessibility | SEO | Best practices | Performance |");
    console.log("|---|---|---|---|---|---|");
    console.log(rows.join("\n"));
    console.log(notes.length ? `\nAudits that cost points:\n${notes.join("\n")}` : "\nNo audit cost a point.");
  }

  if (searchPage) {
    const measured = [];
    for (let run = 0; run < runs; run++) {
      const report = await lighthouse(searchPage, `search-devtools-${run}`, [
        "--throttling-method=devtools",
        "--only-categories=performance",
      ]);
      const marks = report.audits["user-timings"]?.details?.items || [];
      const mark = marks.find((m) => m.name === "dossier-results");
      const numeric = (id) => report.audits[id]?.numericValue;
      measured.push({
        results: mark ? mark.startTime : null,
        cls: numeric("cumulative-layout-shift"),
        fcp: numeric("first-contentful-paint"),
        lcp: numeric("largest-contentful-paint"),
      });
    }
    console.log(`\n${searchPage.label} (\`${searchPage.path}\`), DevTools throttling (slow 4G, 4× CPU), ${runs} runs:\n`);
    console.log("| Run | Results shown | CLS | FCP | LCP |");
    console.log("|---|---|---|---|---|");
    measured.forEach((m, i) =>
      console.log(`| ${i + 1} | ${ms(m.results)} | ${m.cls?.toFixed(3) ?? "–"} | ${ms(m.fcp)} | ${ms(m.lcp)} |`),
    );
    const med = (key) => median(measured.map((m) => m[key]));
    console.log(`| median | ${ms(med("results"))} | ${med("cls")?.toFixed(3) ?? "–"} | ${ms(med("fcp"))} | ${ms(med("lcp"))} |`);
  }
} catch (error) {
  console.error(`lighthouse: ${error.message}`);
  failed = true;
} finally {
  server.close();
}
process.exit(failed ? 1 : 0);
