// Headless Chromium as the tests and CI checks drive it: Debian's `chromium` (or $CHROMIUM)
// through npm's playwright-core, with the flags this sandbox needs and a fresh profile that
// `close()` removes; and the built site served to it as a static host serves it. Shared by
// tests/search/browser.mjs and scripts/a11y.mjs.
import { createRequire } from "node:module";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

const require = createRequire(import.meta.url);

// Launches Chromium with a new profile folder named after `prefix`; returns its browser
// context and a `close()` that shuts it down and removes the profile.
export async function launch(prefix) {
  // Required here, not above, so that a script that only serves a site needs no playwright.
  const { chromium } = require("playwright-core");
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

// The types of the files a built site has.
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".txt": "text/plain; charset=utf-8",
  ".pdf": "application/pdf",
};

// Serves the built site in the folder `site` under the path `base` ("/" or "/think/") on a
// free port of 127.0.0.1, as a static host does: a folder answers with its index.html, a
// missing file with the site's 404.html. `onServe` hears of every response ({ path, search,
// bytes, status }: `search` is the query, "?ts=…" or ""). `options`: `port` (default: any free one), `cache` (the Cache-Control header,
// default "no-store"), `gzip` (compress text as hosts such as GitHub Pages do, when the
// browser accepts it; default false). Returns the server and its origin.
export async function serveSite(site, base, onServe = () => {}, options = {}) {
  const { port = 0, cache = "no-store", gzip = false } = options;
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, "http://127.0.0.1");
    let file = null;
    if (url.pathname.startsWith(base)) {
      const rel = decodeURIComponent(url.pathname.slice(base.length));
      if (!rel.split("/").includes("..")) {
        file = path.join(site, rel);
        if (rel === "" || rel.endsWith("/")) file = path.join(file, "index.html");
      }
    }
    let status = 200;
    let body;
    if (file && fs.existsSync(file) && fs.statSync(file).isFile()) {
      body = fs.readFileSync(file);
    } else {
      status = 404;
      file = path.join(site, "404.html");
      body = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.from("not found");
    }
    const type = types[path.extname(file)] || "application/octet-stream";
    const headers = { "Content-Type": type, "Cache-Control": cache };
    if (gzip && /^(text\/|application\/(json|xml)|image\/svg)/.test(type) && /\bgzip\b/.test(request.headers["accept-encoding"] || "")) {
      body = zlib.gzipSync(body);
      headers["Content-Encoding"] = "gzip";
      headers["Vary"] = "Accept-Encoding";
    }
    headers["Content-Length"] = body.length;
    response.writeHead(status, headers);
    response.end(body);
    onServe({ path: url.pathname, search: url.search, bytes: body.length, status });
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}
