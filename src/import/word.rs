//! `dossier import docx`: each Word document becomes a brief bundle,
//! `content/briefs/{year}/{slug}/index.md` with its pictures beside it, with the checks of
//! `dossier new brief` (the next free number in a series, no number used twice) and warnings
//! for authors and topics that have no profile.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::Output;
use super::docx::{self, Converted, Revisions};
use crate::config::Config;
use crate::content::CONTENT_DIR;
use crate::error::Result;
use crate::slug::slugify;

/// What `import docx` was asked for, beyond the files.
#[derive(Debug, Clone)]
pub(crate) struct DocxOptions {
    pub(crate) series: Option<String>,
    pub(crate) number: Option<u32>,
    pub(crate) authors: Vec<String>,
    pub(crate) topics: Vec<String>,
    pub(crate) lang: Option<String>,
    pub(crate) date: Option<NaiveDate>,
    pub(crate) draft: bool,
    pub(crate) revisions: Revisions,
}

/// Imports every file; a file that cannot be read is an error that names it, and the others
/// are still imported.
pub(crate) fn import_docx(
    config: &Config,
    files: &[PathBuf],
    options: &DocxOptions,
    out: &mut Output<'_>,
) -> Result<()> {
    let mut number = options.number;
    for file in files {
        let (mut package, converted) = match docx::convert(file, options.revisions) {
            Ok(done) => done,
            Err(message) => {
                let name = file.display();
                out.problem(true, file, &format!("{name} {message}"));
                continue;
            }
        };
        let brief = match plan(config, file, &converted, options, number, out) {
            Ok(brief) => brief,
            Err(message) => {
                out.problem(true, file, &message);
                continue;
            }
        };
        if brief.number.is_some() {
            number = brief.number.map(|n| n + 1);
        }
        let text = format!("+++\n{}\n+++\n{}", brief.front.join("\n"), converted.body);
        let dir = out.root.join(brief.rel.parent().unwrap_or(Path::new("")));
        std::fs::create_dir_all(&dir).map_err(|e| crate::Error::io(&dir, e))?;
        out.write_markdown(&brief.rel, &text)?;
        for (part, name) in &converted.images {
            let rel = brief.rel.with_file_name(name);
            if let Err(message) = package.copy_to(part, &out.root.join(&rel)) {
                out.problem(true, file, &format!("{} {message}", file.display()));
            } else {
                out.wrote(&rel);
            }
        }
        for warning in &converted.warnings {
            out.problem(false, file, warning);
        }
        for warning in brief.warnings {
            out.problem(false, &brief.rel, &warning);
        }
    }
    Ok(())
}

/// Where a brief goes and its front matter.
struct Planned {
    rel: PathBuf,
    front: Vec<String>,
    number: Option<u32>,
    warnings: Vec<String>,
}

fn plan(
    config: &Config,
    file: &Path,
    doc: &Converted,
    options: &DocxOptions,
    number: Option<u32>,
    out: &Output<'_>,
) -> std::result::Result<Planned, String> {
    let name = file.display();
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = doc
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(stem);
    let date = options
        .date
        .or(doc.date)
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let new = out.new;
    let (toml_string, toml_list) = (new.toml_string, new.toml_list);
    let slug = (new.short_slug)(&title).map_err(|e| format!("{name}: {e}"))?;
    let index = match &options.lang {
        Some(code) if *code != config.languages[0].code => format!("index.{code}.md"),
        _ => "index.md".to_string(),
    };
    let rel = PathBuf::from(CONTENT_DIR)
        .join("briefs")
        .join(date.year().to_string())
        .join(&slug)
        .join(index);
    if out.exists(&rel) && !out.force {
        return Err(format!(
            "{name}: {} already exists\n  help: pass --force to overwrite it, or give the document another title",
            rel.display()
        ));
    }
    let (authors, mut warnings) = authors_of(doc, options);
    let mut front = vec![
        format!("title = {}", toml_string(&title)),
        format!("date = {}", date.format("%Y-%m-%d")),
        format!("authors = {}", toml_list(&authors)),
    ];
    if !options.topics.is_empty() {
        front.push(format!("topics = {}", toml_list(&options.topics)));
    }
    let given_number = series_front(out, options, (date.year(), number), &mut front)
        .map_err(|e| format!("{name}: {e}"))?;
    if let Some(summary) = &doc.summary {
        front.push(format!("summary = {}", toml_string(summary)));
    }
    if options.draft {
        front.push("draft = true".into());
    }
    warnings.extend(unknown_names(
        config, out.root, "authors", &authors, "author",
    ));
    warnings.extend(unknown_names(
        config,
        out.root,
        "topics",
        &options.topics,
        "topic",
    ));
    Ok(Planned {
        rel,
        front,
        number: given_number,
        warnings,
    })
}

/// The authors: `--author`, else the document's creators, else the placeholder with a warning.
fn authors_of(doc: &Converted, options: &DocxOptions) -> (Vec<String>, Vec<String>) {
    let mut authors = if options.authors.is_empty() {
        doc.authors.clone()
    } else {
        options.authors.clone()
    };
    let mut warnings = Vec::new();
    if authors.is_empty() {
        warnings.push("the document names no author: pass --author NAME, or edit `authors`".into());
        authors.push(crate::placeholder::AUTHOR_NAME.to_string());
    }
    (authors, warnings)
}

/// With `--series`, its lines of front matter and the number given: the one asked for, if the
/// series has not used it that year, else the next free one.
fn series_front(
    out: &Output<'_>,
    options: &DocxOptions,
    (year, number): (i32, Option<u32>),
    front: &mut Vec<String>,
) -> Result<Option<u32>, String> {
    let Some(series) = &options.series else {
        return Ok(None);
    };
    let n = match number {
        Some(n) => {
            check_number_free(out.root, out.new, (series, year, n))?;
            n
        }
        None => (out.new.next_number)(out.root, series, year),
    };
    front.push(format!("series = {}", (out.new.toml_string)(series)));
    front.push(format!("number = {n}"));
    Ok(Some(n))
}

/// An error when a number is already used in the series and year, as `check` would report.
fn check_number_free(
    root: &Path,
    new: super::NewBrief,
    (series, year, number): (&str, i32, u32),
) -> Result<(), String> {
    let wanted = slugify(series);
    for entry in walkdir::WalkDir::new(root.join(CONTENT_DIR).join("briefs"))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
    {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        if let Some((s, y, n)) = (new.series_number)(&text)
            && slugify(&s) == wanted
            && y == year
            && n == number
        {
            let used = entry.path().strip_prefix(root).unwrap_or(entry.path());
            return Err(format!(
                "No. {number}/{year} of {series} is already used by {}\n  help: leave out --number to take the next free one ({})",
                used.display(),
                (new.next_number)(root, series, year)
            ));
        }
    }
    Ok(())
}

/// Warnings for names that have no profile in the site, as `check` gives them.
fn unknown_names(
    config: &Config,
    root: &Path,
    folder: &str,
    names: &[String],
    kind: &str,
) -> Vec<String> {
    let declared = config.taxonomies.iter().any(|t| t.name == folder);
    let mut seen = HashSet::new();
    names
        .iter()
        .filter(|n| declared && seen.insert(slugify(n)))
        .filter(|n| !root.join(super::profile_path(folder, n)).exists())
        .map(|n| {
            format!(
                "{kind} `{n}` has no profile\n  help: add one with `dossier new {kind} \"{n}\"`, or check the spelling"
            )
        })
        .collect()
}
