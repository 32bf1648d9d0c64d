//! `dossier crossref`: the Crossref deposit of every published brief with a DOI, written to a
//! file or standard output, never into the site (it names the depositor's email).

use std::path::Path;

use crate::cli::{CrossrefArgs, Verbosity};
use crate::cmd::Outcome;
use crate::config::{CONFIG_FILE, Config, Overrides};
use crate::content::library::LoadOptions;
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
        now: Some(now),
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

/// The deposit holds an email address: it may not land in the folder that is published.
fn refuse_inside_site(output: &Path, config: &Config) -> Result<()> {
    let absolute = |p: &Path| {
        std::path::absolute(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .components()
            .collect::<std::path::PathBuf>()
    };
    let site = absolute(&config.output_dir);
    let file = absolute(output);
    let in_static = absolute(&config.root.join("static"));
    if file.starts_with(&site) || file.starts_with(&in_static) {
        return Err(Error::Usage(format!(
            "{} is inside the published site; the deposit names the depositor's email, so write it elsewhere",
            output.display()
        )));
    }
    Ok(())
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
