// Drives Decap CMS in headless Chromium for tests/cms.rs: the built site (with the CMS bundle
// from npm's decap-cms copied into admin/) served as a static host serves it, decap-server
// (Decap's local backend) already running on the site's folder. Reads a scenario (JSON) and
// prints what the CMS showed and did (JSON):
//   { site, base, steps: [ {do: "look"} | {do: "create", title, authors, topics, series, body,
//     image, pl: {title, body}} | {do: "edit", entry, field, value, pane} ] }
// `image` is a file to upload as the brief's image for links (its media library).
// `pane` 0 is the default language's form, 1 the second language's.
import fs from "node:fs";
import { launch, serveSite } from "../search/chromium.mjs";

const scenario = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const { server, origin } = await serveSite(scenario.site, scenario.base);
const { context, close } = await launch("dossier-cms-");
const page = await context.newPage();
const problems = [];
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
const seen = { steps: [] };
const admin = `${origin}${scenario.base}admin/`;

// The id of the `nth` field labelled `label` (each language's form has its own).
async function fieldId(label, nth = 0) {
  const labels = page.locator("label", { hasText: new RegExp(`^${label}( \\(optional\\))?$`, "i") });
  await labels.nth(nth).waitFor();
  return "#" + (await labels.nth(nth).getAttribute("for"));
}

// Picks each name in a relation field (react-select): type, wait for the option, choose it.
async function pick(label, names, nth = 0) {
  const id = await fieldId(label, nth);
  for (const name of names) {
    await page.fill(id, name);
    await page.locator("[class*=option]", { hasText: name }).first().waitFor();
    await page.keyboard.press("Enter");
  }
}

// Types Markdown into the `nth` markdown field, switched to its Markdown (source) mode.
async function typeMarkdown(text, nth = 0) {
  const field = page.locator('[aria-label="markdown field"]').nth(nth);
  await field.locator('[role="switch"]').first().click();
  const editor = field.locator('[contenteditable="true"]').first();
  await editor.click();
  await page.keyboard.type(text);
}

// Opens a view of the CMS afresh (a hash change alone leaves an open editor where it is).
async function open(hash) {
  await page.goto("about:blank");
  await page.goto(`${admin}#${hash}`, { waitUntil: "load" });
}

async function publish() {
  await page.getByText("Publish", { exact: true }).click();
  await page.getByText("Publish now", { exact: true }).click();
  await page.getByText("Entry saved").first().waitFor({ timeout: 20000 });
}

// The local backend's login: a button, no password.
async function login() {
  await page.goto(admin, { waitUntil: "load" });
  await page.getByRole("button", { name: /login/i }).click();
  await page.locator('a[href^="#/collections/"]').first().waitFor({ timeout: 30000 });
}

async function look() {
  const text = await page.innerText("body");
  const collections = await page.$$eval('nav a[href^="#/collections/"], a[href^="#/collections/"]', (links) =>
    [...new Set(links.map((a) => a.getAttribute("href").split("/")[2]))],
  );
  await open("/collections/briefs");
  await page.getByText("Sort by").first().waitFor();
  // Every entry is listed once its card is there: wait until the count settles.
  let entries = [];
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(250);
    const now = await page.$$eval('a[href*="#/collections/briefs/entries/"]', (links) =>
      links.map((a) => ({ href: a.getAttribute("href"), text: a.innerText.trim() })),
    );
    if (now.length && now.length === entries.length) break;
    entries = now;
  }
  return {
    configError: /error loading the cms configuration|config errors/i.test(text) ? text.slice(0, 2000) : null,
    collections,
    briefs: entries,
  };
}

// Uploads `file` in the first image field's media library and chooses it (the upload is the
// selected file once it is in).
async function chooseImage(file) {
  await page.getByText("Choose an image", { exact: true }).first().click();
  await page.locator('input[type="file"]').first().setInputFiles(file);
  await page.getByRole("button", { name: "Choose selected" }).click();
  await page.getByText("Choose different image", { exact: true }).first().waitFor();
}

async function create(step) {
  await open("/collections/briefs/new");
  await page.fill(await fieldId("Title"), step.title);
  await pick("Authors", step.authors);
  await pick("Topics", step.topics);
  await pick("Series", [step.series]);
  await typeMarkdown(step.body);
  if (step.image) await chooseImage(step.image);
  if (step.pl) {
    await page.fill(await fieldId("Title", 1), step.pl.title);
    await typeMarkdown(step.pl.body, 1);
  }
  await publish();
  return { url: page.url() };
}

// A brief's "View Live" link, followed on this server: where it lands.
async function preview(step) {
  await open(`/collections/briefs/entries/${step.entry}`);
  const link = page.getByText("View Live").first();
  await link.waitFor();
  const href = await link.evaluate((a) => a.closest("a").getAttribute("href"));
  const target = new URL(href);
  await page.goto(`${origin}${target.pathname}${target.search}`);
  await page.waitForURL((url) => !url.pathname.endsWith("/admin/preview.html"), { timeout: 10000 });
  return { href, landed: new URL(page.url()).pathname };
}

async function edit(step) {
  await open(`/collections/briefs/entries/${step.entry}`);
  const id = await fieldId(step.field, step.pane || 0);
  await page.fill(id, step.value);
  await publish();
  return { url: page.url() };
}

try {
  await login();
  for (const step of scenario.steps) {
    const run = { look, create, edit, preview }[step.do];
    seen.steps.push(await run(step));
  }
} catch (e) {
  seen.failure = `${e.message}\n${(await page.innerText("body").catch(() => "")).slice(0, 3000)}`;
} finally {
  seen.problems = problems;
  await close();
  server.close();
}
console.log(JSON.stringify(seen));
