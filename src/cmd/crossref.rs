//! `dossier crossref`: the Crossref deposit of every published brief with a DOI, written to a
//! file or standard output, never into the site (it names the depositor's email).

use std::path::{Path, PathBuf};

use crate::cli::{CrossrefArgs, Verbosity};
use crate::cmd::Outcome;
use crate::config::{CONFIG_FILE, Config, Overrides};
use crate::content::LoadOptions;
use crate::content::{Library, TaxonomyId};
use crate::error::{Diagnostic, Error, Result};
use crate::publish::{Record, crossref};

/// Writes the deposit; says how many briefs it holds.
pub(crate) fn run(args: &CrossrefArgs, verbosity: Verbosity) -> Result<Outcome> {
    let root = &args.root.root;
    let config = Config::load(root, &Overrides::default())?;
    let Some(settings) = config.crossref.clone() else {
        return Err(Error::Content(vec![
            Diagnostic::error(CONFIG_FILE, "`dossier crossref` needs a [crossref] section")
                .with_hint("add [crossref] with depositor_name, email and registrant to site.toml"),
        ]));
    };
    if let Some(output) = &args.output {
        refuse_inside_site(output, &config)?;
    }
    let now = args
        .now
        .unwrap_or_else(|| chrono::Utc::now().fixed_offset());
    let load = LoadOptions {
        selection: crate::content::Selection {
            now: Some(now),
            ..Default::default()
        },
        ..LoadOptions::default()
    };
    let library = Library::load(config, load)?;
    check_orcids(&library)?;
    let records: Vec<Record> = library
        .brief_ids()
        .filter(|&id| {
            let brief = library.brief(id);
            let latest = brief.updated.as_ref().unwrap_or(&brief.date).date;
            brief.doi.is_some() && args.since.is_none_or(|since| latest >= since)
        })
        .map(|id| Record::of(&library, id))
        .collect();
    let xml = crossref::deposit(&library, &settings, &records, now);
    match &args.output {
        Some(path) => std::fs::write(path, xml).map_err(|e| Error::io(path, e))?,
        None => print!("{xml}"),
    }
    if verbosity != Verbosity::Quiet {
        let scheduled = library.scheduled.iter().filter(|b| b.doi.is_some()).count();
        eprintln!(
            "crossref: {} brief{} with a DOI{}",
            records.len(),
            if records.len() == 1 { "" } else { "s" },
            if scheduled > 0 {
                format!(" ({scheduled} scheduled left out)")
            } else {
                String::new()
            }
        );
    }
    Ok(Outcome::Success)
}

/// The deposit holds an email address: it may not land in the folder that is published; and it
/// may not replace the site's sources (`content/`, `templates/`, `themes/`, `static/`,
/// `i18n/`, `site.toml`) or any file that is not a deposit written before.
fn refuse_inside_site(output: &Path, config: &Config) -> Result<()> {
    let file = resolved(output);
    let root = resolved(&config.root);
    let refuse = |why: &str| {
        Err(Error::Usage(format!(
            "--output {}: {why}",
            output.display()
        )))
    };
    if file.starts_with(resolved(&config.output_dir)) || file.starts_with(root.join("static")) {
        return refuse(
            "this is inside the published site; the deposit names the depositor's email, so write it elsewhere",
        );
    }
    for source in ["content", "templates", "themes", "i18n"] {
        if file.starts_with(root.join(source)) {
            return refuse(&format!(
                "this is inside the site's {source}/ folder, which Dossier reads the site from; write the deposit elsewhere"
            ));
        }
    }
    if file == root.join(CONFIG_FILE) {
        return refuse("this is the site's settings file; write the deposit elsewhere");
    }
    if file.exists() && !is_deposit(&file) {
        return refuse(
            "this file exists and is not a Crossref deposit; remove it first, or write the deposit elsewhere",
        );
    }
    Ok(())
}

/// `path` made absolute, through symbolic links: its folder's real path, and its name.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Ok(real) = std::fs::canonicalize(&absolute) {
        return real;
    }
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => resolved(parent).join(name),
        _ => absolute,
    }
}

/// Whether a file starts as a deposit does: an XML declaration, then `<doi_batch`.
fn is_deposit(file: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let read = std::fs::File::open(file).and_then(|f| f.take(4096).read_to_end(&mut head));
    read.is_ok() && String::from_utf8_lossy(&head).contains("<doi_batch")
}

/// An ORCID that Crossref would refuse is an error at its profile.
fn check_orcids(library: &Library) -> Result<()> {
    let problems: Vec<Diagnostic> = library
        .taxonomy(TaxonomyId::AUTHORS)
        .terms
        .iter()
        .filter_map(|term| {
            let orcid = term.details.orcid.as_deref()?;
            if crossref::orcid_url(orcid).is_some() {
                return None;
            }
            let source = term.source.clone().unwrap_or_default();
            Some(
                Diagnostic::error(source, format!("`orcid = \"{orcid}\"` is not an ORCID iD"))
                    .with_hint("an ORCID iD looks like `0000-0002-1825-0097`"),
            )
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Content(problems))
    }
}
