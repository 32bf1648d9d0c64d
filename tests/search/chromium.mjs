// Headless Chromium as the tests and CI checks drive it: Debian's `chromium` (or $CHROMIUM)
// through npm's playwright-core, with the flags this sandbox needs and a fresh profile that
// `close()` removes. Shared by tests/search/browser.mjs and scripts/a11y.mjs.
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

// Launches Chromium with a new profile folder named after `prefix`; returns its browser
// context and a `close()` that shuts it down and removes the profile.
export async function launch(prefix) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
