//! `dossier check`'s extra checks on a loaded and rendered site: links and images in brief
//! bodies, names without profiles or spelled two ways, series numbering, external links.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::content::{Brief, Library};
use crate::error::Diagnostic;

mod images;
mod names;
use crate::routes;
use names::{check_names, check_translations};

/// What to check beyond the build's own validation.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CheckOptions {
    /// Also request every external link.
    pub(crate) external: bool,
    /// How long to wait for each external link.
    pub(crate) timeout: Option<Duration>,
}

/// A warning at the line of a brief's front-matter key, such as `authors`.
fn warning_at_key(
    brief: &Brief,
    key: &str,
    message: String,
    hint: impl Into<String>,
) -> Diagnostic {
    Diagnostic::warning(&brief.source, message)
        .with_hint(hint)
        .at(brief.key_line(key), 1)
}

/// Every problem the checks find; `paths` are the site's files, to resolve links against.
pub(crate) fn check(
    library: &Library,
    paths: &[PathBuf],
    options: CheckOptions,
) -> Vec<Diagnostic> {
    let mut problems = links_and_files(library, paths);
    problems.extend(check_raw_html(library));
    problems.extend(images::missing_alt_text(library));
    problems.extend(check_names(library));
    #[cfg(feature = "pdf")]
    problems.extend(crate::emit::pdf::left_out_html(library));
    problems.extend(check_translations(library));
    problems.extend(check_number_gaps(library));
    if options.external {
        problems.extend(check_external(
            library,
            options.timeout.unwrap_or(Duration::from_secs(10)),
        ));
    }
    problems.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    problems.dedup();
    problems
}

/// The errors of the checks that can find errors (links, images and files that point to
/// nothing, links to scheduled briefs), which `build` refuses as `check` does; the warnings of
/// those and of every other check are `check`'s alone.
pub(crate) fn errors(library: &Library, paths: &[PathBuf]) -> Vec<Diagnostic> {
    let mut errors = links_and_files(library, paths);
    errors.retain(Diagnostic::is_error);
    errors
}

/// The site's output files by their paths' bytes (`briefs/2025/x/index.html`), which routes
/// write in one form: hashed, not compared part by part as `Path`s are (a `BTreeSet<&Path>`
/// of 432,000 outputs took 6 s of a 100,000-brief build).
type Outputs<'a> = HashSet<&'a [u8]>;

/// Links and images in brief bodies, and the files settings and profiles name.
fn links_and_files(library: &Library, paths: &[PathBuf]) -> Vec<Diagnostic> {
    let outputs: Outputs<'_> = paths
        .iter()
        .map(|p| p.as_os_str().as_encoded_bytes())
        .collect();
    let anchors: HashMap<String, &Brief> = library
        .briefs
        .iter()
        .map(|b| (routes::brief(b), b))
        .collect();
    let scheduled: HashMap<String, &Brief> = library
        .scheduled
        .iter()
        .map(|b| (routes::brief(b), b))
        .collect();
    let mut problems: Vec<Diagnostic> = library
        .briefs
        .par_iter()
        .flat_map_iter(|brief| check_references(brief, &outputs, &anchors, &scheduled))
        .collect();
    problems.extend(check_named_files(library, &outputs));
    problems
}

fn is_external(target: &str) -> bool {
    target.starts_with("http://") || target.starts_with("https://")
}

/// Links and images in a brief's body that point to no page, file or heading.
fn check_references(
    brief: &Brief,
    outputs: &Outputs<'_>,
    briefs_by_path: &HashMap<String, &Brief>,
    scheduled: &HashMap<String, &Brief>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let page_dir = routes::brief(brief);
    for reference in &brief.content.references {
        let at = |d: Diagnostic| d.at(reference.line, reference.col);
        let target = reference.target.as_str();
        let Some((site_path, fragment)) = site_path_of(target, &page_dir) else {
            continue; // External, mailto:, tel: and the like.
        };
        let Some(resolved) = resolve(&site_path, outputs) else {
            problems.push(at(unresolved(brief, reference, &site_path, scheduled)));
            continue;
        };
        let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
            continue;
        };
        let page = resolved.trim_end_matches("index.html");
        let anchors = if page == page_dir {
            Some(&brief.content.anchors)
        } else {
            briefs_by_path.get(page).map(|b| &b.content.anchors)
        };
        if anchors.is_some_and(|a| !a.iter().any(|id| id == fragment)) {
            let message = format!("link `{target}` points to a heading that does not exist");
            let hint = "heading anchors are the heading's slug: `## What next?` is #what-next";
            problems.push(at(Diagnostic::error(&brief.source, message).with_hint(hint)));
        }
    }
    problems
}

/// The site path a link or image in the page at `page_dir` points to, and its fragment; `None`
/// for an external, `mailto:`, `tel:` or empty target.
fn site_path_of<'t>(target: &'t str, page_dir: &str) -> Option<(String, Option<&'t str>)> {
    if is_external(target) || target.contains(':') && !target.starts_with('/') || target.is_empty()
    {
        return None;
    }
    let (path, fragment) = target
        .split_once('#')
        .map_or((target, None), |(p, f)| (p, Some(f)));
    // `?utm_source=x` asks the server, not the site's files: the page is the path.
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let site_path = if path.is_empty() {
        page_dir.to_string()
    } else if let Some(absolute) = path.strip_prefix('/') {
        absolute.to_string()
    } else {
        normalize(&format!("{page_dir}{path}"))
    };
    Some((site_path, fragment))
}

/// The error for a link or image whose site path the site does not have: a brief not out
/// yet, or nothing at all.
fn unresolved(
    brief: &Brief,
    reference: &crate::markdown::Reference,
    site_path: &str,
    scheduled: &HashMap<String, &Brief>,
) -> Diagnostic {
    let target = reference.target.as_str();
    // `briefs/2025/x/`, `briefs/2025/x` or a file beside it, such as its PDF.
    let with_slash = format!("{}/", site_path.trim_end_matches('/'));
    if let Some(later) = scheduled
        .iter()
        .find(|(route, _)| with_slash.starts_with(route.as_str()))
        .map(|(_, b)| b)
    {
        let message = format!(
            "link `{target}` points to a scheduled brief, out {}",
            release_text(later)
        );
        let hint = "until then the link is broken (or, with --future, it leaks the brief): link it once it is out, or schedule this brief after it";
        return Diagnostic::error(&brief.source, message).with_hint(hint);
    }
    let (what, hint) = if reference.is_image {
        (
            "image",
            "put the file in the brief's bundle folder or static/, or correct the path",
        )
    } else {
        (
            "link",
            "correct the path: briefs live at /briefs/{year}/{slug}/",
        )
    };
    let message = format!("{what} `{target}` points to nothing in the site");
    Diagnostic::error(&brief.source, message).with_hint(hint)
}

/// Files that the settings and profiles name by their site path (the publisher's `logo`, an
/// author's `photo = "/img/x.jpg"`) and that the site does not have: errors at their line.
fn check_named_files(library: &Library, outputs: &Outputs<'_>) -> Vec<Diagnostic> {
    let settings_line = |key: &str| library.config.key_lines.line(key);
    let missing = |path: &str| {
        !routes::is_absolute(path) && resolve(path.trim_start_matches('/'), outputs).is_none()
    };
    let mut problems = Vec::new();
    if let Some(logo) = library
        .config
        .publisher
        .logo
        .as_deref()
        .filter(|l| missing(l))
    {
        let file = Path::new(crate::config::CONFIG_FILE);
        problems.push(
            Diagnostic::error(
                file,
                format!("`logo = \"{logo}\"` is not a file of the site"),
            )
            .with_hint(format!(
                "put the logo in static/ (static/{} for this path), or give a full URL",
                logo.trim_start_matches('/')
            ))
            .at(settings_line("publisher.logo"), 1),
        );
    }
    problems.extend(check_appearance_files(library, &missing, &settings_line));
    let terms = library.taxonomies.iter().flat_map(|t| &t.terms);
    for term in terms {
        let (Some(source), Some(photo)) = (&term.source, &term.details.photo) else {
            continue;
        };
        if photo.starts_with('/') && missing(photo) {
            problems.push(
                Diagnostic::error(source, format!("`photo = \"{photo}\"` is not a file of the site"))
                    .with_hint(format!(
                        "put the picture in static/ (static/{}), or beside the profile as `photo = \"{}\"`",
                        photo.trim_start_matches('/'),
                        photo.rsplit('/').next().unwrap_or(photo)
                    ))
                    .at(term.key_lines.line("photo"), 1),
            );
        }
    }
    problems
}

/// `[appearance]`'s favicon and stylesheets that are no file of the site: errors at their line.
fn check_appearance_files(
    library: &Library,
    missing: &dyn Fn(&str) -> bool,
    settings_line: &dyn Fn(&str) -> usize,
) -> Vec<Diagnostic> {
    let appearance = &library.config.appearance;
    let file = Path::new(crate::config::CONFIG_FILE);
    let favicon = appearance.favicon.iter().map(|f| ("favicon", f));
    let stylesheets = appearance
        .extra_css
        .iter()
        .flatten()
        .map(|c| ("extra_css", c));
    favicon
        .chain(stylesheets)
        .filter(|(_, path)| missing(path.trim()))
        .map(|(key, path)| {
            let message = if key == "favicon" {
                format!("`favicon = \"{path}\"` is not a file of the site")
            } else {
                format!("`extra_css` names `{path}`, which is not a file of the site")
            };
            Diagnostic::error(file, message)
                .with_hint(format!(
                    "put the file in static/ (static/{} for this path), or give a full URL",
                    path.trim().trim_start_matches('/')
                ))
                .at(settings_line(&format!("appearance.{key}")), 1)
        })
        .collect()
}

/// Raw HTML that runs a script (`<script>`, `onerror=`, `javascript:`), in every text the site
/// has, whether it is published as written or removed.
fn check_raw_html(library: &Library) -> Vec<Diagnostic> {
    let briefs = library.briefs.iter().chain(&library.scheduled);
    let mut texts: Vec<(&Path, &crate::markdown::Body)> = briefs
        .map(|b| (b.source.as_path(), &b.content))
        .chain(
            library
                .pages
                .iter()
                .map(|p| (p.source.as_path(), &p.content)),
        )
        .collect();
    for term in library.taxonomies.iter().flat_map(|t| &t.terms) {
        if let (Some(source), Some(body)) = (&term.source, &term.body) {
            texts.push((source, body));
        }
        for text in &term.translations {
            if let Some(body) = &text.body {
                texts.push((&text.source, body));
            }
        }
    }
    let policy = library.config.markdown.raw_html;
    texts
        .into_iter()
        .flat_map(|(source, body)| {
            body.issues
                .iter()
                .filter(|issue| issue.is_raw_html())
                .map(move |issue| issue.diagnostic(source, policy))
        })
        .collect()
}

/// "2025-03-04 09:00 +01:00": when a scheduled brief is released.
pub(crate) fn release_text(brief: &Brief) -> String {
    brief.release().format("%Y-%m-%d %H:%M %:z").to_string()
}

/// One line per scheduled brief, soonest first: its release, its URL path and its file.
pub(crate) fn scheduled_list(library: &Library) -> Vec<String> {
    library
        .scheduled
        .iter()
        .map(|b| {
            format!(
                "  {}  {}  {}",
                release_text(b),
                library.config.base.url_path(&routes::brief(b)),
                b.source.display()
            )
        })
        .collect()
}

/// Briefs whose address changed since an earlier build (`history`: each brief file's addresses,
/// from the build cache) with no alias, brief or page at the old address: its links break.
pub(crate) fn check_moved(
    library: &Library,
    history: &[(PathBuf, Vec<String>)],
) -> Vec<Diagnostic> {
    let mut taken: BTreeSet<String> = library.briefs.iter().map(routes::brief).collect();
    taken.extend(library.pages.iter().map(routes::page));
    taken.extend(
        library
            .briefs
            .iter()
            .flat_map(|b| b.aliases.iter().cloned()),
    );
    taken.extend(library.pages.iter().flat_map(|p| p.aliases.iter().cloned()));
    let history: HashMap<&Path, &Vec<String>> = history
        .iter()
        .map(|(source, urls)| (source.as_path(), urls))
        .collect();
    let mut problems = Vec::new();
    for brief in &library.briefs {
        let now = routes::brief(brief);
        let old = history
            .get(brief.source.as_path())
            .into_iter()
            .flat_map(|urls| urls.iter());
        for url in old.filter(|url| **url != now && !taken.contains(*url)) {
            let base = &library.config.base;
            problems.push(
                Diagnostic::warning(
                    &brief.source,
                    format!(
                        "this brief moved from {} to {} since an earlier build, and nothing redirects from the old address",
                        base.url_path(url),
                        base.url_path(&now)
                    ),
                )
                .with_hint(format!(
                    "add `aliases = [\"/{url}\"]` to the front matter, so that links to the old address still lead here"
                ))
                .at(brief.key_line("aliases"), 1),
            );
        }
    }
    problems
}

/// Resolves `.` and `..` in a site path.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The output file a site path names: the file itself, or the folder's `index.html`.
fn resolve(site_path: &str, outputs: &Outputs<'_>) -> Option<String> {
    let decoded = site_path.replace("%20", " ");
    let trimmed = decoded.trim_end_matches('/');
    let candidates = [
        decoded.clone(),
        format!("{trimmed}/index.html"),
        if trimmed.is_empty() {
            "index.html".to_string()
        } else {
            trimmed.to_string()
        },
    ];
    candidates
        .into_iter()
        .find(|c| outputs.contains(c.as_bytes()))
}

/// Numbers missing between the lowest and highest of a series in a year.
fn check_number_gaps(library: &Library) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<(String, i32), Vec<&Brief>> = BTreeMap::new();
    for brief in crate::content::one_per_publication(&library.briefs) {
        if let (Some(series), Some(_)) = (brief.series(), brief.number) {
            groups
                .entry((series.to_string(), brief.year()))
                .or_default()
                .push(brief);
        }
    }
    let mut problems = Vec::new();
    for ((series, year), mut briefs) in groups {
        briefs.sort_by_key(|b| b.number);
        for pair in briefs.windows(2) {
            let (before, after) = (pair[0].number.unwrap_or(0), pair[1].number.unwrap_or(0));
            if after > before + 1 {
                let missing = if after == before + 2 {
                    format!("No. {}/{year}", before + 1)
                } else {
                    format!("Nos. {}–{}/{year}", before + 1, after - 1)
                };
                problems.push(warning_at_key(
                    pair[1],
                    "number",
                    format!("{series} {missing} missing before No. {after}/{year}"),
                    "check the number, or publish the missing briefs",
                ));
            }
        }
    }
    problems
}

/// Requests every external link once, in parallel, and reports the ones that fail.
/// A brief that links a URL, and the link's line and column.
type LinkUse<'a> = (&'a Brief, (usize, usize));

fn check_external(library: &Library, timeout: Duration) -> Vec<Diagnostic> {
    // Each external URL, with every brief that links it and where.
    let mut uses: BTreeMap<&str, Vec<LinkUse<'_>>> = BTreeMap::new();
    for brief in &library.briefs {
        for reference in brief
            .content
            .references
            .iter()
            .filter(|r| is_external(&r.target))
        {
            uses.entry(reference.target.as_str())
                .or_default()
                .push((brief, (reference.line, reference.col)));
        }
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("dossier-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(16).build();
    let check_all = || -> Vec<(&str, String)> {
        uses.keys()
            .par_bridge()
            .filter_map(|url| link_failure(&agent, url).map(|why| (*url, why)))
            .collect()
    };
    let mut failures = match pool {
        Ok(pool) => pool.install(check_all),
        Err(_) => check_all(),
    };
    failures.sort();
    let mut problems = Vec::new();
    for (url, why) in failures {
        for (brief, (line, col)) in &uses[url] {
            problems.push(
                Diagnostic::error(
                    &brief.source,
                    format!("external link `{url}` failed: {why}"),
                )
                .with_hint("update or remove the link")
                .at(*line, *col),
            );
        }
    }
    problems
}

/// Why a URL fails, or `None` when it answers with a success or redirect status.
fn link_failure(agent: &ureq::Agent, url: &str) -> Option<String> {
    let status = |response: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match response {
        Ok(r) => Ok(r.status().as_u16()),
        Err(e) => Err(e.to_string()),
    };
    // Some servers refuse HEAD: ask again with GET before calling a link broken.
    let result = match status(agent.head(url).call()) {
        Ok(code) if code < 400 => return None,
        _ => status(agent.get(url).call()),
    };
    match result {
        Ok(code) if code < 400 => None,
        Ok(code) => Some(format!("HTTP {code}")),
        Err(e) => Some(e),
    }
}

#[cfg(test)]
mod tests {
    use super::names::{looks_like_typo, typo_candidates};
    use super::*;

    #[test]
    fn typo_candidates_are_every_pair_one_edit_apart_in_linear_time() {
        let names = [
            "Jon Smith",
            "John Smith",
            "Jhon Smith",
            "Baltic States",
            "Baltic Sates",
            "Baltic Statse",
            "Ann Lee",
            "Anne Lee",
            "Energy",
            "Zoë Brown",
            "Zoe Brown",
        ];
        let brute: Vec<(usize, usize)> = (0..names.len())
            .flat_map(|a| (a + 1..names.len()).map(move |b| (a, b)))
            .filter(|&(a, b)| looks_like_typo(names[a], names[b]))
            .collect();
        let found: Vec<(usize, usize)> = typo_candidates(names.iter().copied())
            .into_iter()
            .filter(|&(a, b)| looks_like_typo(names[a], names[b]))
            .collect();
        assert_eq!(found, brute);
        assert!(brute.contains(&(3, 4)) && brute.contains(&(3, 5)) && brute.contains(&(0, 1)));
        // Eight thousand made-up names of twelve letters (a fixed pseudo-random sequence).
        let mut seed: u64 = 42;
        let mut letter = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            char::from(b'a' + ((seed >> 33) % 26) as u8)
        };
        let many: Vec<String> = (0..8_000)
            .map(|_| (0..12).map(|_| letter()).collect())
            .collect();
        let started = std::time::Instant::now();
        let pairs = typo_candidates(many.iter().map(String::as_str));
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert!(pairs.len() < 1_000, "{} candidate pairs", pairs.len());
    }

    #[test]
    fn typos_are_one_edit_apart() {
        assert!(looks_like_typo("Jon Smith", "John Smith"));
        assert!(!looks_like_typo("Ann Lee", "Ann Lee"));
        assert!(!looks_like_typo("Jane Doe", "John Doe"));
    }

    #[test]
    fn relative_paths_are_normalized() {
        assert_eq!(normalize("briefs/2025/x/../y/"), "briefs/2025/y/");
        assert_eq!(
            normalize("briefs/2025/x/./chart.svg"),
            "briefs/2025/x/chart.svg"
        );
    }
}
