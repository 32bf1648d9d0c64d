//! `dossier import wordpress`: a WordPress export (WXR) becomes Dossier content. Posts (or
//! another post type, or the categories asked for) become brief bundles, pages become
//! `content/pages/`, authors, categories and tags become profiles; each post's old permalink
//! becomes an alias. Files that exist are skipped unless `--force`.

mod html;
mod links;
mod profiles;
mod uploads;
mod wxr;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{Datelike, FixedOffset, NaiveDateTime, TimeZone};

use super::{NewBrief, Output};
use crate::config::Config;
use crate::content::CONTENT_DIR;
use crate::error::{Diagnostic, Error, Result};
use crate::slug::slugify;
use wxr::{Export, Item};

/// What `import wordpress` was asked for, beyond the export.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) uploads: Option<PathBuf>,
    pub(crate) post_type: String,
    pub(crate) categories: Vec<String>,
    pub(crate) as_series: Option<String>,
}

/// How many of each thing the import wrote.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Counts {
    pub(crate) briefs: usize,
    pub(crate) pages: usize,
    pub(crate) authors: usize,
}

/// Whether an item is imported, and as a draft.
fn status(item: &Item) -> Option<bool> {
    match item.status.as_str() {
        "publish" | "future" | "" => Some(false),
        "draft" | "pending" | "private" => Some(true),
        _ => None,
    }
}

/// The names of the term lists a brief gets: categories and tags, by their display names.
struct Names<'e> {
    export: &'e Export,
    /// Where tags go: a declared taxonomy `tags`, else `topics`.
    tags_key: &'static str,
    /// Where each imported item's old address now leads, for links between them.
    moves: links::Moves,
}

impl Names<'_> {
    fn of(&self, item: &Item, domain: &str) -> Vec<String> {
        let list = if domain == "category" {
            &self.export.categories
        } else {
            &self.export.tags
        };
        let mut names: Vec<String> = Vec::new();
        for (d, nicename, text) in item.terms.iter().filter(|(d, ..)| d == domain) {
            if d == "category" && nicename == "uncategorized" {
                continue;
            }
            let name = list
                .iter()
                .find(|t| t.slug == *nicename)
                .map_or(text.as_str(), |t| t.name.as_str());
            let name = html::decode_entities(name);
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}

/// Imports the export into the site; the counts are of files written.
pub(crate) fn import(
    config: &Config,
    path: &Path,
    options: &Options,
    out: &mut Output<'_>,
) -> Result<Counts> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let export = wxr::parse(&text).map_err(|m| {
        Error::Content(vec![Diagnostic::error(
            path,
            format!("{} {m}", path.display()),
        )])
    })?;
    drop(text);
    let tags_key = if config.taxonomies.iter().any(|t| t.name == "tags") {
        "tags"
    } else {
        "topics"
    };
    let mut names = Names {
        export: &export,
        tags_key,
        moves: links::Moves::new(&export.site_urls),
    };
    let wanted: Vec<String> = options.categories.iter().map(|c| slugify(c)).collect();
    let mut posts: Vec<&Item> = export
        .items
        .iter()
        .filter(|i| i.post_type == options.post_type && status(i).is_some())
        .filter(|i| {
            wanted.is_empty()
                || names
                    .of(i, "category")
                    .iter()
                    .chain(i.terms.iter().map(|(_, n, _)| n))
                    .any(|c| wanted.contains(&slugify(c)))
        })
        .collect();
    posts.sort_by_key(|i| i.date.clone());
    let mut used = Used::default();
    let (addresses, pages) = plan_addresses(&export, &posts, options, &mut used, &mut names.moves);
    let mut counts = Counts::default();
    let numbers = series_numbers(options, out, &posts);
    for (i, item) in posts.iter().enumerate() {
        let number = numbers.get(i).copied().flatten();
        let planned = (options, number, addresses[i].clone());
        if write_brief(path, item, &names, planned, &mut used, out)? {
            counts.briefs += 1;
        }
    }
    for (item, slug) in pages {
        if write_page(path, (item, &slug), options, &names.moves, out)? {
            counts.pages += 1;
        }
    }
    counts.authors = profiles::write(&export, &used, tags_key, out)?;
    report_left_out(path, &export, options, out);
    Ok(counts)
}

/// Each post's year and slug (`None` when its date cannot be read), and each page to import
/// with its slug, decided before any is written so that links between them can be rewritten.
type Addresses<'e> = (Vec<Option<(i32, String)>>, Vec<(&'e Item, String)>);

fn plan_addresses<'e>(
    export: &'e Export,
    posts: &[&Item],
    options: &Options,
    used: &mut Used,
    moves: &mut links::Moves,
) -> Addresses<'e> {
    let addresses: Vec<Option<(i32, String)>> = posts
        .iter()
        .map(|item| {
            let year = local_date(item)?.year();
            let slug = unique_slug(item, year, used);
            if status(item) == Some(false) {
                moves.add(&item.link, &item.id, &links::brief_route(year, &slug));
            }
            Some((year, slug))
        })
        .collect();
    let mut pages = Vec::new();
    if options.post_type != "page" {
        for item in export.items.iter().filter(|i| i.post_type == "page") {
            match status(item) {
                None => continue,
                // A draft page is left out, with a warning, and takes no slug.
                Some(true) => pages.push((item, String::new())),
                Some(false) => {
                    let base = slug_of(item);
                    let mut slug = base.clone();
                    let mut n = 2;
                    while !used.pages.insert(slug.clone()) {
                        slug = format!("{base}-{n}");
                        n += 1;
                    }
                    moves.add(&item.link, &item.id, &links::page_route(&slug));
                    pages.push((item, slug));
                }
            }
        }
    }
    (addresses, pages)
}

/// Names used so far: slugs per year, page slugs, and the names the briefs give.
#[derive(Default)]
pub(super) struct Used {
    pub(super) slugs: HashSet<(i32, String)>,
    pub(super) pages: HashSet<String>,
    pub(super) authors: BTreeMap<String, String>,
    pub(super) categories: BTreeMap<String, String>,
    pub(super) tags: BTreeMap<String, String>,
}

/// With `--as-series`, each post's number: by date within its year, after the numbers the
/// series already has.
fn series_numbers(options: &Options, out: &Output<'_>, posts: &[&Item]) -> Vec<Option<u32>> {
    let Some(series) = &options.as_series else {
        return vec![None; posts.len()];
    };
    let mut next: HashMap<i32, u32> = HashMap::new();
    posts
        .iter()
        .map(|item| {
            let year = local_date(item)?.year();
            let n = next
                .entry(year)
                .or_insert_with(|| (out.new.next_number)(out.root, series, year));
            *n += 1;
            Some(*n - 1)
        })
        .collect()
}

/// The post's local date and time.
fn local_date(item: &Item) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(&item.date, "%Y-%m-%d %H:%M:%S")
        .ok()
        .or_else(|| {
            chrono::DateTime::parse_from_rfc2822(&item.pub_date)
                .ok()
                .map(|d| d.naive_local())
        })
}

/// The post's date as front matter: with its offset when the export gives the GMT time too.
fn front_date(item: &Item) -> Option<String> {
    let local = local_date(item)?;
    let gmt = NaiveDateTime::parse_from_str(&item.date_gmt, "%Y-%m-%d %H:%M:%S").ok();
    let offset = gmt
        .map(|g| (local - g).num_seconds())
        .filter(|s| s.abs() <= 14 * 3600)
        .and_then(|s| FixedOffset::east_opt(i32::try_from(s).ok()?));
    Some(
        match offset.and_then(|o| o.from_local_datetime(&local).single()) {
            Some(moment) => moment.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            None => local.format("%Y-%m-%d").to_string(),
        },
    )
}

/// A slug for an item: its post name (decoded and transliterated), else its title's, else
/// `post-ID`.
fn slug_of(item: &Item) -> String {
    let decoded = percent_encoding::percent_decode_str(&item.name).decode_utf8_lossy();
    [
        slugify(&decoded),
        slugify(&html::decode_entities(&item.title)),
    ]
    .into_iter()
    .find(|s| !s.is_empty())
    .unwrap_or_else(|| format!("post-{}", item.id))
}

/// The old permalink's path as an alias (`/2020/03/old-name/`, decoded), when it is one that
/// Dossier can redirect from and not the new address itself.
fn alias_of(item: &Item, new_route: &str) -> Option<String> {
    let url = url::Url::parse(&item.link).ok()?;
    if url.query().is_some() {
        return None;
    }
    let path = percent_encoding::percent_decode_str(url.path())
        .decode_utf8()
        .ok()?
        .into_owned();
    let alias = crate::content::alias_path(&path).ok()?;
    (alias != new_route).then(|| format!("/{alias}"))
}

/// The title as the front matter gives it.
fn title_of(item: &Item) -> String {
    let title = html::decode_entities(&item.title);
    if title.trim().is_empty() {
        format!("Untitled {} {}", item.post_type, item.id)
    } else {
        title.trim().to_string()
    }
}

/// The brief's author: the WXR display name of its creator.
fn author_of(export: &Export, item: &Item) -> String {
    let author = export
        .authors
        .get(&item.creator)
        .map(|a| a.display_name.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| item.creator.clone());
    if author.is_empty() {
        "Unknown".to_string()
    } else {
        html::decode_entities(&author)
    }
}

/// What goes into a brief's front matter besides what the item holds itself.
struct BriefNames {
    author: String,
    categories: Vec<String>,
    tags: Vec<String>,
    number: Option<u32>,
    route: String,
}

/// A brief's front matter, one `key = value` a line.
fn brief_front(
    item: &Item,
    names: BriefNames,
    tags_key: &str,
    options: &Options,
    new: &NewBrief,
) -> Vec<String> {
    let BriefNames {
        author,
        mut categories,
        tags,
        number,
        route,
    } = names;
    let mut front = vec![
        format!("title = {}", (new.toml_string)(&title_of(item))),
        format!("date = {}", front_date(item).unwrap_or_default()),
        format!("authors = {}", (new.toml_list)(&[author])),
    ];
    if tags_key == "topics" {
        for tag in tags {
            if !categories.contains(&tag) {
                categories.push(tag);
            }
        }
    } else if !tags.is_empty() {
        front.push(format!("tags = {}", (new.toml_list)(&tags)));
    }
    if !categories.is_empty() {
        front.push(format!("topics = {}", (new.toml_list)(&categories)));
    }
    if let (Some(series), Some(number)) = (&options.as_series, number) {
        front.push(format!("series = {}", (new.toml_string)(series)));
        front.push(format!("number = {number}"));
    }
    let summary = html::plain_text(&item.excerpt);
    if !summary.is_empty() {
        front.push(format!("summary = {}", (new.toml_string)(&summary)));
    }
    if let Some(alias) = alias_of(item, &route) {
        front.push(format!("aliases = {}", (new.toml_list)(&[alias])));
    }
    if status(item) == Some(true) {
        front.push("draft = true".into());
    }
    front
}

/// A slug not yet taken in its year: the item's, else with `-2`, `-3`…
fn unique_slug(item: &Item, year: i32, used: &mut Used) -> String {
    let base = slug_of(item);
    let mut slug = base.clone();
    let mut n = 2;
    while !used.slugs.insert((year, slug.clone())) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    slug
}

fn write_brief(
    export_path: &Path,
    item: &Item,
    names: &Names<'_>,
    (options, number, address): (&Options, Option<u32>, Option<(i32, String)>),
    used: &mut Used,
    out: &mut Output<'_>,
) -> Result<bool> {
    let Some((year, slug)) = address else {
        let message = format!(
            "post {} (“{}”) has no date that can be read (`{}`): left out",
            item.id, item.title, item.date
        );
        out.warn_at(export_path, item.line, &message);
        return Ok(false);
    };
    let dir = PathBuf::from(CONTENT_DIR)
        .join("briefs")
        .join(year.to_string())
        .join(&slug);
    let rel = dir.join("index.md");
    let author = author_of(names.export, item);
    used.authors.insert(slugify(&author), item.creator.clone());
    let categories = names.of(item, "category");
    let tags = names.of(item, "post_tag");
    for c in &categories {
        used.categories.insert(slugify(c), c.clone());
    }
    for t in &tags {
        used.tags.insert(slugify(t), t.clone());
    }
    if out.exists(&rel) && !out.force {
        out.skipped.push(rel);
        return Ok(false);
    }
    let route = links::brief_route(year, &slug);
    let brief_names = BriefNames {
        author,
        categories,
        tags,
        number,
        route,
    };
    let front = brief_front(item, brief_names, names.tags_key, options, &out.new);
    let uploads = options.uploads.as_deref();
    let body = convert_body(export_path, item, uploads, (&dir, "", &names.moves), out)?;
    let text = format!("+++\n{}\n+++\n{body}", front.join("\n"));
    out.write_markdown(&rel, &text)
}

/// The post's Markdown, its uploads copied beside it; warnings for what is left behind.
fn convert_body(
    export_path: &Path,
    item: &Item,
    uploads: Option<&Path>,
    (dir, prefix, moves): (&Path, &str, &links::Moves),
    out: &mut Output<'_>,
) -> Result<String> {
    let local = uploads::localize(&item.content, uploads, prefix);
    let (linked, _) = moves.rewrite(&local.html);
    let mut found = html::Found::default();
    let body = html::to_markdown(&linked, &mut found);
    let what = format!(
        "{} {} (“{}”)",
        item.post_type,
        item.id,
        html::decode_entities(&item.title)
    );
    if !found.shortcodes.is_empty() {
        let codes: Vec<String> = found.shortcodes.iter().map(|c| format!("[{c}]")).collect();
        out.warn_at(export_path, item.line, &format!(
            "{what} uses shortcodes Dossier cannot run: {}; they are kept as text\n  help: replace each with Markdown (an image, a link) in the brief",
            codes.join(", ")
        ));
    }
    if found.scripts > 0 {
        out.warn_at(
            export_path,
            item.line,
            &format!("{what}: {} script(s) left out", found.scripts),
        );
    }
    if !local.remote.is_empty() {
        out.warn_at(export_path, item.line, &format!(
            "{what} shows {} image(s) still on the old site: {}\n  help: pass --uploads DIR (a copy of wp-content/uploads) to copy them into the brief",
            local.remote.len(),
            local.remote.join(", ")
        ));
    }
    if !local.missing.is_empty() {
        out.warn_at(export_path, item.line, &format!(
            "{what} uses files the uploads folder does not have, left as links to the old site: {}",
            local.missing.join(", ")
        ));
    }
    for (from, name) in &local.copies {
        let rel = dir.join(name);
        let to = out.root.join(&rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::copy(from, &to).map_err(|e| Error::io(from, e))?;
        out.wrote(&rel);
    }
    Ok(body)
}

fn write_page(
    export_path: &Path,
    (item, slug): (&Item, &str),
    options: &Options,
    moves: &links::Moves,
    out: &mut Output<'_>,
) -> Result<bool> {
    match status(item) {
        None => return Ok(false),
        Some(true) => {
            out.warn_at(
                export_path,
                item.line,
                &format!(
                    "page {} (“{}”) is a {} and is left out: Dossier's pages have no draft state",
                    item.id, item.title, item.status
                ),
            );
            return Ok(false);
        }
        Some(false) => {}
    }
    let rel = PathBuf::from(CONTENT_DIR)
        .join("pages")
        .join(format!("{slug}.md"));
    if out.exists(&rel) && !out.force {
        out.skipped.push(rel);
        return Ok(false);
    }
    let (toml_string, toml_list) = (out.new.toml_string, out.new.toml_list);
    let mut front = vec![format!("title = {}", toml_string(&title_of(item)))];
    let description = html::plain_text(&item.excerpt);
    if !description.is_empty() {
        front.push(format!("description = {}", toml_string(&description)));
    }
    if let Some(alias) = alias_of(item, &links::page_route(slug)) {
        front.push(format!("aliases = {}", toml_list(&[alias])));
    }
    let dir = PathBuf::from("static").join("uploads").join(slug);
    let prefix = format!("/uploads/{slug}/");
    let body = convert_body(
        export_path,
        item,
        options.uploads.as_deref(),
        (&dir, &prefix, moves),
        out,
    )?;
    let text = format!("+++\n{}\n+++\n{body}", front.join("\n"));
    out.write_markdown(&rel, &text)
}

/// One note per kind of item left out on purpose (trash, revisions, other post types).
fn report_left_out(path: &Path, export: &Export, options: &Options, out: &mut Output<'_>) {
    let mut left: BTreeMap<String, usize> = BTreeMap::new();
    for item in &export.items {
        let kind = match (item.post_type.as_str(), item.status.as_str()) {
            ("attachment" | "revision" | "nav_menu_item", _) => continue,
            (t, _) if t == options.post_type || t == "page" => match status(item) {
                Some(_) => continue,
                None => format!("{t}s with status `{}`", item.status),
            },
            (t, _) if t.starts_with("wp_") || t.starts_with("custom_css") => continue,
            (t, _) => format!("items of type `{t}` (choose them with --post-type {t})"),
        };
        *left.entry(kind).or_default() += 1;
    }
    for (kind, count) in left
        .into_iter()
        .filter(|(k, _)| !k.contains("`trash`") && !k.contains("`auto-draft`"))
    {
        out.problem(false, path, &format!("{count} {kind} left out"));
    }
}
