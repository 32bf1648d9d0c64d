//! `dossier clean`: remove the built site and the build cache, so the next build starts afresh.

use crate::cli::{CleanArgs, Verbosity};
use crate::cmd::Outcome;
use crate::config::{Config, Overrides};
use crate::error::{Error, Result};

/// Removes the output folder (only one Dossier wrote) and `.dossier-cache/`.
pub(crate) fn run(args: &CleanArgs, verbosity: Verbosity) -> Result<Outcome> {
    let root = &args.root.root;
    let overrides = Overrides {
        // Relative to the current folder, as every command line reads a path, not to --root.
        output_dir: args.output.as_deref().map(crate::config::from_current_dir),
        base_url: None,
        origin: None,
    };
    let config = Config::load(root, &overrides)?;
    let output = &config.output_dir;
    let named = match args.output {
        Some(_) => crate::output::Named::CommandLine,
        None => crate::output::Named::Settings(config.output_dir_at),
    };
    let depth = crate::output::Depth::Folder;
    let problems = crate::output::problems(output, root, named, depth);
    if problems.iter().any(|p| p.is_error()) {
        return Err(Error::Content(problems));
    }
    let mut removed = Vec::new();
    if crate::output::written_by_dossier(output) {
        std::fs::remove_dir_all(output).map_err(|e| Error::io(output, e))?;
        removed.push(output.display().to_string());
    }
    if crate::output::remove_staging(output).map_err(|e| Error::io(output, e))?
        && removed.is_empty()
    {
        removed.push(format!(
            "what a stopped build left beside {}",
            output.display()
        ));
    }
    let cache = root.join(crate::build::cache::CACHE_DIR);
    if crate::build::cache::remove(root).map_err(|e| Error::io(&cache, e))? {
        removed.push(cache.display().to_string());
    }
    if verbosity != Verbosity::Quiet {
        if removed.is_empty() {
            println!("Nothing to clean: no built site and no build cache");
        } else {
            println!("Removed {}", removed.join(" and "));
        }
    }
    Ok(Outcome::Success)
}
