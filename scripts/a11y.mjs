// Runs axe-core in Debian's Chromium (through playwright-core) over a sample of every kind of
// page of a built site, and fails on any serious or critical violation.
//
//   node scripts/a11y.mjs SITE_DIR BASE_PATH [SCREENSHOT_PAGE SCREENSHOT_FILE]
//
// The sample: the pages are grouped by the shape of their path (`briefs/N/*/`, `authors/*/`,
// `authors/*/page/N/`, `pl/briefs/N/*/`, `archive/N/`, `search/`…) and the first of each shape is
// checked, plus an address that does not exist (the 404 page, as a server answers it). Redirect
// pages for old addresses are left out: they leave at once. The site is served from 127.0.0.1
// under BASE_PATH (`/` or `/briefs/`), as it will be.
// Environment: CHROMIUM (default /usr/bin/chromium); playwright-core and axe-core are found
// through NODE_PATH.
// Prints one line per page and a summary; exit code 1 on a serious or critical violation.

import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { launch, serveSite } from "../tests/search/chromium.mjs";

const require = createRequire(import.meta.url);
const axeScript = require.resolve("axe-core/axe.min.js");

const [site, base = "/", shotPage, shotFile] = process.argv.slice(2);
if (!site || !base.startsWith("/") || !base.endsWith("/")) {
  console.error("usage: node scripts/a11y.mjs SITE_DIR BASE_PATH [SCREENSHOT_PAGE SCREENSHOT_FILE]");
  process.exit(2);
}
// Every index.html (and 404.html) of the site, relative to it, redirect pages left out.
function pages(dir, rel = "") {
  const found = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== "pagefind") found.push(...pages(dir, child));
    } else if (entry.name === "index.html" || child === "404.html") {
      const text = fs.readFileSync(path.join(dir, child), "utf8");
      if (!/http-equiv="refresh"/i.test(text)) found.push(child);
    }
  }
  return found.sort();
}

// `authors/jane-doe/page/2/index.html` → `authors/*/page/N/`: one page of each shape.
const languages = new Set(
  fs.readdirSync(site).filter((d) => /^[a-z]{2,3}(-[A-Za-z0-9]+)?$/.test(d) && fs.existsSync(path.join(site, d, "index.html"))),
);
function shape(file) {
  const parts = file.replace(/index\.html$/, "").split("/").filter(Boolean);
  return parts
    .map((part, i) => {
      if (/^\d+$/.test(part)) return "N";
      if (i === 0 || part === "page" || (i === 1 && languages.has(parts[0]))) return part;
      return "*";
    })
    .join("/");
}
const sample = new Map();
for (const file of pages(site)) {
  const key = shape(file);
  if (!sample.has(key)) sample.set(key, file === "404.html" ? "404.html" : file.replace(/index\.html$/, ""));
}
sample.set("(missing page)", "no-such-page/");

const { server, origin } = await serveSite(site, base);

const chromium = await launch("dossier-a11y-");
const context = chromium.context;
const blocking = new Set(["serious", "critical"]);
let failed = 0;
let checked = 0;
try {
  const page = await context.newPage();
  for (const [kind, rel] of sample) {
    await page.goto(`${origin}${base}${rel}`, { waitUntil: "load" });
    await page.addScriptTag({ path: axeScript });
    const report = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    checked += 1;
    const serious = report.violations.filter((v) => blocking.has(v.impact));
    const minor = report.violations.filter((v) => !blocking.has(v.impact));
    failed += serious.length;
    const status = serious.length ? "FAIL" : "ok  ";
    console.log(`${status} ${base}${rel}  (${kind})`);
    for (const v of [...serious, ...minor]) {
      const targets = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ");
      console.log(`     ${v.impact}: ${v.id}: ${v.help} [${v.nodes.length}× ${targets}]`);
    }
  }
  if (shotPage && shotFile) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${origin}${base}${shotPage}`, { waitUntil: "load" });
    await page.screenshot({ path: shotFile, fullPage: false });
  }
} finally {
  await chromium.close();
  server.close();
}
console.log(`axe: ${checked} pages of ${site} checked, ${failed} serious or critical violations`);
process.exit(failed ? 1 : 0);
