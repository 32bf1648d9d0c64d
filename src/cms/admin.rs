//! The admin pages: `index.html`, which loads the CMS (from its CDN, or the site's own copy
//! named in `[cms] script`) and teaches it to write front matter as Dossier reads it, and
//! `preview.html`, which a brief's preview link opens and which finds the brief's address.

use crate::config::Config;

/// The comment that marks a page `dossier cms` wrote.
pub(super) const MARK: &str = "<!-- Written by `dossier cms`";

/// Netlify Identity's widget, which the `git-gateway` backend logs in through.
const IDENTITY: &str = "https://identity.netlify.com/v1/netlify-identity-widget.js";

/// What the admin page adds to the CMS: TOML dates written as dates, not strings, and an
/// optional field left empty written as no key at all (the way `dossier new` leaves it out).
const SETUP: &str = r#"
// Dates: the date widget gives text (2025-03-04, or 2025-03-04T09:00:00+01:00 with a time);
// TOML writes a date without quotes, and Dossier reads a quoted one as text, not a date.
class TomlDate extends Date {
  constructor(text) {
    super(Date.parse(text.length === 10 ? text + "T00:00:00Z" : text));
    this.text = text;
  }
  toISOString() {
    return this.text;
  }
}
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const empty = (value) => value === "" || value === null;
// (YAML front matter: the text as it is, which Dossier reads as a date in a date's field.)
CMS.registerWidgetValueSerializer("datetime", {
  serialize: (value) =>
    empty(value) ? null : TOML && typeof value === "string" && DATE.test(value) ? new TomlDate(value) : value,
  deserialize: (value) => value,
});
// An optional field left empty: no key, rather than `summary = ""`.
for (const widget of ["string", "text", "number", "file", "image", "relation"]) {
  CMS.registerWidgetValueSerializer(widget, {
    serialize: (value) => (empty(value) ? null : value),
    deserialize: (value) => value,
  });
}
// Decap's relation widget reports its value as a change once it has loaded its options; in
// a translation's pane that copies the original's authors into a translation that does not
// exist yet, and Decap then writes that file. The value itself needs no such report.
const relation = CMS.getWidget("relation");
if (relation && relation.control && relation.control.prototype.triggerInitialOnChange) {
  relation.control.prototype.triggerInitialOnChange = function () {};
}
// Decap writes a file for every language of an entry it saves: for a language the entry has
// no translation in, one with no title and no text (`+++` `+++`, or the date a widget filled
// in), which Dossier would read as a broken translation. Such a file is not written.
const untranslated = (raw) => {
  const parts = /^\s*\+\+\+([\s\S]*?)\+\+\+([\s\S]*)$/.exec(raw || "");
  return parts !== null && !/^\s*(title|name)\s*=/m.test(parts[1]) && !parts[2].trim();
};
for (const name of ["git-gateway", "github", "gitlab", "proxy"]) {
  const backend = CMS.getBackend(name);
  if (!backend || typeof backend.init !== "function") continue;
  const init = backend.init;
  backend.init = (...args) => {
    const instance = init(...args);
    const persist = instance.persistEntry.bind(instance);
    instance.persistEntry = (entry, options) =>
      persist({ ...entry, dataFiles: entry.dataFiles.filter((file) => !untranslated(file.raw)) }, options);
    return instance;
  };
}
CMS.init();
"#;

/// Escapes text for an HTML attribute or text.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The admin page.
pub(super) fn index_html(config: &Config) -> String {
    let script = config.cms.script.get_ref();
    let identity = if config.cms.backend.get_ref() == "git-gateway" {
        format!("  <script src=\"{IDENTITY}\"></script>\n")
    } else {
        String::new()
    };
    format!(
        "<!doctype html>\n{MARK}: the editors' CMS (Decap CMS), configured by config.yml beside\n     this page. Run `dossier cms` again to write it anew. -->\n\
         <html lang=\"{lang}\">\n<head>\n  <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n  <title>Content manager · {title}</title>\n\
         {identity}  <script>window.CMS_MANUAL_INIT = true;</script>\n\
         <script src=\"{script}\"></script>\n</head>\n<body>\n<script>\nconst TOML = {toml};{SETUP}</script>\n</body>\n</html>\n",
        lang = escape(&config.language),
        title = escape(&config.publisher.name),
        script = escape(script),
        toml = config.content.front_matter == crate::config::FrontMatter::Toml,
    )
}

/// The preview page: from a brief's file (`2025/2025-03-04-gas/index`), its year and its
/// `slug` if it gives one, the brief's address, as Dossier makes it (`briefs/2025/gas/`).
pub(super) fn preview_html() -> String {
    format!(
        "<!doctype html>\n{MARK}: a brief's preview link from the CMS opens this page, which goes on\n     to the brief's address on the site. -->\n\
         <html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n  <meta name=\"robots\" content=\"noindex\">\n\
         <title>Preview</title>\n</head>\n<body>\n<p id=\"where\">Finding the brief…</p>\n<script>{PREVIEW}</script>\n</body>\n</html>\n"
    )
}

const PREVIEW: &str = r#"
const query = new URLSearchParams(location.search);
const slugify = (text) =>
  text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
const parts = (query.get("brief") || "").split("/").filter(Boolean);
let stem = parts.pop() || "";
// A bundle's brief is its folder's index.md; a language suffix (.pl) is not part of the name.
if (/^index(\.[A-Za-z]{2,3}(-[A-Za-z0-9]+)*)?$/.test(stem)) stem = parts.pop() || "";
stem = stem.replace(/\.[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$/, "").replace(/^\d{4}-\d{2}-\d{2}-/, "");
const slug = query.get("slug") || slugify(stem);
const year = query.get("year") || "";
if (slug && /^\d{4}$/.test(year)) {
  location.replace(new URL(`../briefs/${year}/${slug}/`, location.href));
} else {
  document.getElementById("where").textContent = "This brief has no address yet: give it a date and a title.";
}
"#;
