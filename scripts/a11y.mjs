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
// The rules are axe-core's defaults and those tagged `wcag22aa` (WCAG 2.2 AA: `target-size`,
// 2.5.8, targets of at least 24×24 CSS pixels or spaced as far), and a check of WCAG 2.2's
// 2.4.11 (focus not obscured), which axe-core has no rule for: each element the keyboard
// reaches (up to 150 per page) is focused with Tab, and the browser's own scrolling must leave
// it at least partly visible, not covered by a sticky header or anything else
// (`focus-not-obscured`, counted as serious).
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

// Tabs through the page's focusable elements and returns those that, once focused (and
// scrolled into view by the browser), are covered entirely by something else.
// Smooth scrolling is switched off (as for a reader who asks for reduced motion): the check
// reads where the browser's scrolling leaves the element, not a frame of the way there.
async function focusObscured(page) {
  const count = await page.evaluate(() => {
    document.documentElement.style.scrollBehavior = "auto";
    document.activeElement?.blur?.();
    window.scrollTo(0, 0);
    return document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]").length;
  });
  const hidden = [];
  for (let i = 0; i < Math.min(count, 150); i += 1) {
    await page.keyboard.press("Tab");
    const result = await page.evaluate(() => {
      const element = document.activeElement;
      if (!element || element === document.body) return { done: true };
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) return {};
      const points = [
        [rect.left + rect.width / 2, rect.top + rect.height / 2],
        [rect.left + 2, rect.top + 2],
        [rect.right - 2, rect.bottom - 2],
        [rect.left + 2, rect.bottom - 2],
        [rect.right - 2, rect.top + 2],
      ];
      const seen = points.some(([x, y]) => {
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
        const top = document.elementFromPoint(x, y);
        return top && (top === element || element.contains(top) || top.contains(element));
      });
      const name = element.tagName.toLowerCase() + (element.className ? `.${String(element.className).split(" ")[0]}` : "");
      return seen ? {} : { hidden: `${name} "${(element.textContent || element.getAttribute("aria-label") || "").trim().slice(0, 40)}"` };
    });
    if (result.done) break;
    if (result.hidden) hidden.push(result.hidden);
  }
  return hidden;
}

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
    const report = await page.evaluate(() => {
      const wcag22 = window.axe.getRules(["wcag22aa"]).map((rule) => [rule.ruleId, { enabled: true }]);
      return window.axe.run(document, { resultTypes: ["violations"], rules: Object.fromEntries(wcag22) });
    });
    const obscured = await focusObscured(page);
    if (obscured.length) {
      report.violations.push({
        id: "focus-not-obscured",
        impact: "serious",
        help: "A focused element must not be entirely hidden by other content (WCAG 2.4.11)",
        nodes: obscured.map((target) => ({ target: [target] })),
      });
    }
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
