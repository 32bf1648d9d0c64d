//! `dossier new brief|author|topic|series|term|page|translation`: a new file with complete
//! front matter, so nobody has to remember it, and marked text to replace, which `build` and
//! `check` warn about if it is published.

use std::path::{Path, PathBuf};

use chrono::{Datelike, Local};

use crate::cli::{
    NewBriefArgs, NewCommand, NewNamedArgs, NewTermArgs, NewTranslationArgs, Verbosity,
};
use crate::cmd::Outcome;
use crate::cmd::init::write_new;
use crate::config::FrontMatter;
use crate::config::{Config, Overrides};
use crate::content::{CONTENT_DIR, TaxonomyId};
use crate::error::{Error, Result};
use crate::lang::LangId;
use crate::placeholder;
use crate::slug::slugify;

/// Creates the file and prints its path (alone on standard output, for scripts), then what
/// to do next, on standard error.
pub(crate) fn run(command: &NewCommand, verbosity: Verbosity) -> Result<Outcome> {
    let New { root, rel, text } = match command {
        NewCommand::Brief(args) => brief(args)?,
        NewCommand::Author(args) => profile(&args.root.root, TaxonomyId::AUTHORS, &args.name)?,
        NewCommand::Topic(args) => profile(&args.root.root, TaxonomyId::TOPICS, &args.name)?,
        NewCommand::Series(args) => profile(&args.root.root, TaxonomyId::SERIES, &args.name)?,
        NewCommand::Term(args) => term(args)?,
        NewCommand::Page(args) => page(args)?,
        NewCommand::Translation(args) => translation(args)?,
    };
    // Written as the site's `[content] front_matter` says (its settings were read above), and
    // named as its originals are.
    let config = Config::load(root, &Overrides::default()).ok();
    let yaml = config
        .as_ref()
        .is_some_and(|c| c.content.front_matter == FrontMatter::Yaml);
    let plain = rel.clone();
    let rel = match &config {
        Some(config) if !matches!(command, NewCommand::Translation(_)) => {
            named_for_language(config, rel)
        }
        _ => rel,
    };
    // `NAME.md` and `NAME.en.md` are the same original: either one there is taken.
    if rel != plain && root.join(&plain).exists() {
        return Err(Error::Usage(format!(
            "{} already exists; choose another title or edit that file",
            plain.display()
        )));
    }
    let text = if yaml {
        crate::config::toml_to_yaml(&text)
    } else {
        text
    };
    let path = root.join(&rel);
    if path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists; choose another title or edit that file",
            rel.display()
        )));
    }
    write_new(&path, text.as_bytes())?;
    if verbosity != Verbosity::Quiet {
        println!("{}", rel.display());
        if is_draft_brief(command, &rel) {
            eprintln!(
                "note: this brief is a draft (`draft = true`): `dossier build` leaves it out and \
                 `dossier serve` hides it; see it with `dossier serve --drafts`, and publish it by \
                 deleting the `draft` line"
            );
        }
    }
    Ok(Outcome::Success)
}

/// A new file: the site's folder, the file's path in it, and its text.
struct New<'a> {
    root: &'a Path,
    rel: PathBuf,
    text: String,
}

/// A new original's name in a site with several languages whose originals in that folder (or,
/// when it has none yet, in all of content/) are named for the default language
/// (`NAME.en.md`, `index.en.md`: the names Decap CMS writes with `structure: multiple_files`,
/// or `dossier cms --rename-originals`): named so too, when such names are at least as many
/// as plain ones. Otherwise the name is kept.
fn named_for_language(config: &Config, rel: PathBuf) -> PathBuf {
    let Some(folder) = rel.iter().nth(1) else {
        return rel;
    };
    if config.languages.len() < 2 {
        return rel;
    }
    let content = config.root.join(CONTENT_DIR);
    let (suffixed, plain) = match originals(&content.join(folder), &config.language) {
        (0, 0) => originals(&content, &config.language),
        counts => counts,
    };
    if suffixed == 0 || suffixed < plain {
        return rel;
    }
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    rel.with_file_name(format!("{stem}.{}.md", config.language))
}

/// How many Markdown files below a folder are named for the default language, and how many
/// have no language in their name.
fn originals(dir: &Path, default: &str) -> (usize, usize) {
    let (mut suffixed, mut plain) = (0, 0);
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let name = entry.file_name().to_string_lossy();
        if !name.ends_with(".md") {
            continue;
        }
        match crate::lang::split_suffix(&name).1 {
            None => plain += 1,
            Some(code) if code == default => suffixed += 1,
            Some(_) => {}
        }
    }
    (suffixed, plain)
}

/// Whether `new` wrote a brief, which it always marks as a draft.
fn is_draft_brief(command: &NewCommand, rel: &Path) -> bool {
    match command {
        NewCommand::Brief(_) => true,
        NewCommand::Translation(_) => rel.starts_with(Path::new(CONTENT_DIR).join("briefs")),
        _ => false,
    }
}

/// The site must exist, so that the new file lands in the right place.
/// Outside a site, that is all it says (once: `main` prints the `error:`); a site whose
/// settings are wrong gets its diagnostics, as `build` would.
pub(crate) fn require_site(root: &Path) -> Result<Config> {
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(Error::Usage(format!(
            "{} is not a site (it has no site.toml): `dossier new` works inside a site\n  help: run it in the site's folder, pass --root DIR, or create a site with `dossier init`",
            root.display()
        )));
    }
    Config::load(root, &Overrides::default())
}

fn slug_of(text: &str, what: &str) -> Result<String> {
    let slug = slugify(text);
    if slug.is_empty() {
        return Err(Error::Usage(format!(
            "the {what} `{text}` has no letters or digits to make a file name from"
        )));
    }
    Ok(slug)
}

/// The longest slug `new` gives a brief or page made from its title: file systems allow 255
/// bytes a name, and an address is read and shared.
const MAX_SLUG: usize = 80;

/// A title's slug, cut at the last word that fits in [`MAX_SLUG`] (the title itself is kept
/// whole in the front matter).
pub(crate) fn short_slug_of(title: &str) -> Result<String> {
    let slug = slug_of(title, "title")?;
    if slug.len() <= MAX_SLUG {
        return Ok(slug);
    }
    // Slugs are ASCII: every byte is a character boundary.
    let cut = &slug[..=MAX_SLUG];
    let short = match cut.rfind('-') {
        Some(at) if at > 0 => &cut[..at],
        _ => &slug[..MAX_SLUG],
    };
    Ok(short.to_string())
}

pub(crate) fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

pub(crate) fn toml_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| toml_string(i)).collect();
    format!("[{}]", items.join(", "))
}

fn brief(args: &NewBriefArgs) -> Result<New<'_>> {
    let config = require_site(&args.root.root)?;
    let date = args.date.unwrap_or_else(|| Local::now().date_naive());
    let slug = short_slug_of(&args.title)?;
    let name = format!("{}-{slug}", date.format("%Y-%m-%d"));
    let folder = PathBuf::from(CONTENT_DIR)
        .join("briefs")
        .join(date.year().to_string());
    let rel = if args.bundle {
        folder.join(&name).join("index.md")
    } else {
        folder.join(format!("{name}.md"))
    };
    let authors = if args.authors.is_empty() {
        vec![placeholder::AUTHOR_NAME.to_string()]
    } else {
        args.authors.clone()
    };
    let mut fm = vec![
        format!("title = {}", toml_string(&args.title)),
        format!("date = {}", date.format("%Y-%m-%d")),
        format!("authors = {}", toml_list(&authors)),
        format!("topics = {}", toml_list(&args.topics)),
    ];
    match &args.series {
        Some(series) => {
            let number = next_number(&config.root, series, date.year());
            fm.push(format!("series = {}", toml_string(series)));
            fm.push(format!("number = {number}"));
        }
        None => {
            fm.push("# series = \"Spotlight\"".into());
            fm.push("# number = 1                        # within the series and year".into());
        }
    }
    fm.push("# summary = \"...\"                  # default: the first paragraph".into());
    fm.push(if args.bundle {
        "# pdf = \"full-text.pdf\"             # a file in this folder".into()
    } else {
        "# pdf = \"full-text.pdf\"             # needs a bundle (NAME/index.md)".into()
    });
    fm.push("# doi = \"10.1234/example\"".into());
    fm.push("# updated = 2025-01-31".into());
    fm.push("draft = true                        # remove when ready to publish".into());
    let section = placeholder::SECTION;
    let text = format!(
        "+++\n{}\n+++\n{} It becomes the brief's summary.\n\n\
         ## What happened?\n\n{section}\n\n## Why does it matter?\n\n{section}\n\n\
         ## What happens next?\n\n{section}\n\n## What should be done?\n\n{section}\n",
        fm.join("\n"),
        placeholder::BRIEF_LEAD,
    );
    Ok(New {
        root: &args.root.root,
        rel,
        text,
    })
}

/// The next number of `series` in `year`: one more than the highest used, drafts included.
pub(crate) fn next_number(root: &Path, series: &str, year: i32) -> u32 {
    let wanted = slugify(series);
    let briefs = root.join(CONTENT_DIR).join("briefs");
    let mut highest = 0;
    for entry in walkdir::WalkDir::new(briefs)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        if let Some((s, y, n)) = series_number(&text)
            && slugify(&s) == wanted
            && y == year
        {
            highest = highest.max(n);
        }
    }
    highest + 1
}

/// `(series, year, number)` from a brief's front matter, read leniently: a brief with errors
/// elsewhere still counts.
pub(crate) fn series_number(text: &str) -> Option<(String, i32, u32)> {
    // TOML or YAML front matter, as the site's briefs give it.
    let split = crate::content::split(Path::new(""), text).ok()?;
    let table: toml::Table = toml::from_str(&split.front_matter).ok()?;
    let series = table.get("series")?.as_str()?.to_string();
    let number = u32::try_from(table.get("number")?.as_integer()?).ok()?;
    let date = table.get("date")?.as_datetime()?.date?;
    Some((series, i32::from(date.year), number))
}

/// A profile of a term of a taxonomy (an author, a topic, a series, a region) where the site
/// reads it: `content/{taxonomy}/{slug}.md`, named as the briefs name it.
fn profile<'a>(root: &'a Path, taxonomy: TaxonomyId, name: &str) -> Result<New<'a>> {
    let config = require_site(root)?;
    let def = config.taxonomy(taxonomy);
    // The file's name is the name's slug, whole: that is how briefs find their profile.
    let slug = slug_of(name, "name")?;
    if slug.len() > 200 {
        return Err(Error::Usage(format!(
            "the name is {} characters long: too long for a file name; shorten it",
            name.chars().count()
        )));
    }
    let rel = PathBuf::from(CONTENT_DIR)
        .join(&def.name)
        .join(format!("{slug}.md"));
    let name = toml_string(name);
    let text = if taxonomy == TaxonomyId::AUTHORS {
        format!(
            "+++\nname = {name}\n# role = \"Senior Fellow\"              # shown under the name, and as jobTitle in metadata\n# email = \"name@example.org\"\n# photo = \"photo.jpg\"          # a URL, a path under static/, or a file beside this one\n# orcid = \"0000-0000-0000-0000\"\n# family = \"\"                       # the family name as citations write it, when the name's last word is not\n# given = \"\"\n# links = [\"https://example.org\"]\n+++\n{}\n",
            placeholder::AUTHOR_BIO
        )
    } else if taxonomy == TaxonomyId::SERIES {
        format!(
            "+++\nname = {name}\n# issn = \"2049-3630\"              # the series' ISSN, if it has one\n# description = \"One line for listings and search engines\"\n+++\n{}\n",
            placeholder::DESCRIPTION
        )
    } else {
        format!(
            "+++\nname = {name}\n# description = \"One line for listings and search engines\"\n+++\n{}\n",
            placeholder::DESCRIPTION
        )
    };
    Ok(New { root, rel, text })
}

/// `new term TAXONOMY NAME`: a profile in a taxonomy declared in site.toml (or a built-in one).
fn term(args: &NewTermArgs) -> Result<New<'_>> {
    let root = &args.root.root;
    let config = require_site(root)?;
    let Some(id) = config
        .taxonomies
        .iter()
        .position(|t| t.name == args.taxonomy)
        .map(TaxonomyId::of)
    else {
        let names: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
        return Err(Error::Usage(format!(
            "the site has no taxonomy `{}`; it has: {}\n  help: declare it in site.toml with [[taxonomies]] name = \"{}\"",
            args.taxonomy,
            names.join(", "),
            args.taxonomy
        )));
    };
    profile(root, id, &args.name)
}

fn page(args: &NewNamedArgs) -> Result<New<'_>> {
    let config = require_site(&args.root.root)?;
    let slug = short_slug_of(&args.name)?;
    // The names the next build would refuse for a page: the site's own addresses.
    let taken = crate::config::RESERVED_SEGMENTS
        .iter()
        .copied()
        .chain(config.taxonomies.iter().map(|t| t.name.as_str()))
        .chain(config.languages.iter().skip(1).map(|l| l.code.as_str()));
    if let Some(name) = taken.clone().find(|name| *name == slug) {
        let mut names: Vec<&str> = taken.collect();
        names.sort_unstable();
        names.dedup();
        return Err(Error::Usage(format!(
            "a page cannot be called `{name}`: /{name}/ is an address the site writes itself\n  help: choose another name (these are taken: {})",
            names.join(", ")
        )));
    }
    let rel = PathBuf::from(CONTENT_DIR)
        .join("pages")
        .join(format!("{slug}.md"));
    let text = format!(
        "+++\ntitle = {}\n# description = \"One line for search engines\"\n+++\n{}\n",
        toml_string(&args.name),
        placeholder::PAGE_TEXT
    );
    Ok(New {
        root: &args.root.root,
        rel,
        text,
    })
}

/// `NAME.{lang}.md` beside the original, with its front matter (a brief's marked as a draft,
/// since a translation is published when it is translated) and its text to translate.
fn translation(args: &NewTranslationArgs) -> Result<New<'_>> {
    let root = &args.root.root;
    let config = require_site(root)?;
    let Some(lang) = config.lang_id(&args.lang).filter(|&l| l != LangId::DEFAULT) else {
        let others: Vec<&str> = config
            .languages
            .iter()
            .skip(1)
            .map(|l| l.code.as_str())
            .collect();
        return Err(Error::Usage(format!(
            "`{}` is not one of the site's other languages ({}); add `[languages.{}]` to site.toml",
            args.lang,
            if others.is_empty() {
                "none yet".to_string()
            } else {
                others.join(", ")
            },
            args.lang
        )));
    };
    let rel = args
        .path
        .strip_prefix(root)
        .unwrap_or(&args.path)
        .to_path_buf();
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, suffix) = crate::lang::split_suffix(&name);
    // An original is NAME.md, or NAME.{default}.md as Decap CMS names it.
    let is_original = suffix.is_none_or(|code| config.lang_id(code) == Some(LangId::DEFAULT));
    if !rel.starts_with(CONTENT_DIR) || !name.ends_with(".md") || !is_original {
        return Err(Error::Usage(format!(
            "{} is not an original under content/ (a NAME.md file, not a translation)",
            rel.display()
        )));
    }
    let text =
        std::fs::read_to_string(root.join(&rel)).map_err(|e| Error::io(root.join(&rel), e))?;
    let split = crate::content::split(&rel, &text).map_err(Error::Content)?;
    let is_brief = rel.starts_with(Path::new(CONTENT_DIR).join("briefs"));
    let mut front: Vec<&str> = split.front_matter.lines().collect();
    if is_brief {
        let is_draft_key = |line: &str| {
            line.trim_start()
                .strip_prefix("draft")
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        };
        front.retain(|line| !is_draft_key(line));
        front.insert(0, "draft = true");
    }
    let code = &config.lang(lang).code;
    let target = rel.with_file_name(format!("{stem}.{code}.md"));
    let text = format!("+++\n{}\n+++\n{}", front.join("\n"), split.body);
    Ok(New {
        root,
        rel: target,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_series_and_number_leniently() {
        let text = "+++\ntitle = \"T\"\ndate = 2025-02-13\nseries = \"Spotlight\"\nnumber = 4\nunknown = 1\n+++\nBody";
        assert_eq!(series_number(text), Some(("Spotlight".into(), 2025, 4)));
        assert_eq!(series_number("no front matter"), None);
        let yaml = "---\ntitle: T\ndate: 2025-02-13\nseries: Spotlight\nnumber: 5\n---\nBody";
        assert_eq!(series_number(yaml), Some(("Spotlight".into(), 2025, 5)));
    }

    #[test]
    fn toml_values_are_quoted() {
        let list = toml_list(&["A \"B\" 'C'".into(), "Ł".into()]);
        let table: toml::Table = toml::from_str(&format!("x = {list}")).unwrap();
        assert_eq!(table["x"][0].as_str(), Some("A \"B\" 'C'"));
        assert_eq!(table["x"][1].as_str(), Some("Ł"));
    }
}
