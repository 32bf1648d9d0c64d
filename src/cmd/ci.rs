//! `dossier init --ci HOST`: the file that builds and publishes the site on a host, pinned to
//! this Dossier's version and installing it by its package's name.

use std::path::PathBuf;

use crate::cli::CiHost;

const GITHUB: &str = include_str!("../scaffold/ci/github-pages.yml");
const GITLAB: &str = include_str!("../scaffold/ci/gitlab-ci.yml");
const NETLIFY: &str = include_str!("../scaffold/ci/netlify.toml");
const CLOUDFLARE: &str = include_str!("../scaffold/ci/cloudflare-pages.yml");

/// The package's name in the registry, which `cargo install` needs (the command is `dossier`).
pub(crate) const PACKAGE: &str = env!("CARGO_PKG_NAME");

/// Where the host reads its file, relative to the site's folder, and the file's text.
pub(crate) fn file(host: CiHost) -> (PathBuf, String) {
    let (path, template) = match host {
        CiHost::Github => (".github/workflows/pages.yml", GITHUB),
        CiHost::Gitlab => (".gitlab-ci.yml", GITLAB),
        CiHost::Netlify => ("netlify.toml", NETLIFY),
        CiHost::Cloudflare => (".github/workflows/cloudflare-pages.yml", CLOUDFLARE),
    };
    let text = template
        .replace("{VERSION}", env!("CARGO_PKG_VERSION"))
        .replace("{PACKAGE}", PACKAGE);
    (PathBuf::from(path), text)
}

/// What to do once to publish, after the file is written.
pub(crate) fn next_steps(host: CiHost) -> &'static str {
    match host {
        CiHost::Github => {
            "To publish it: push to GitHub, and in the repository's Settings > Pages set the source to \
             \"GitHub Actions\"; .github/workflows/pages.yml builds it on every push to main and every hour."
        }
        CiHost::Gitlab => {
            "To publish it: push to GitLab; .gitlab-ci.yml's `pages` job builds it on every push to the \
             default branch. For scheduled briefs, add an hourly pipeline schedule (Build > Pipeline schedules)."
        }
        CiHost::Netlify => {
            "To publish it: push to your repository and import it in Netlify (Add new site > Import an \
             existing project); netlify.toml holds the build settings. For scheduled briefs, call a build \
             hook every hour (see the file's first lines)."
        }
        CiHost::Cloudflare => {
            "To publish it: create the Cloudflare Pages project, add the secrets CLOUDFLARE_API_TOKEN and \
             CLOUDFLARE_ACCOUNT_ID to the GitHub repository (see the file's first lines), and push to main."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_pinned_and_installs_the_package_by_its_name() {
        for host in [
            CiHost::Github,
            CiHost::Gitlab,
            CiHost::Netlify,
            CiHost::Cloudflare,
        ] {
            let (path, text) = file(host);
            assert!(!text.contains("{VERSION}"), "{path:?}");
            assert!(!text.contains("{PACKAGE}"), "{path:?}");
            assert!(text.contains("cargo install --locked"), "{path:?}");
            assert!(text.contains("dossier-ssg"), "{path:?}");
            assert!(text.contains(env!("CARGO_PKG_VERSION")), "{path:?}");
            assert!(text.contains(".dossier-cache"), "{path:?}");
        }
    }
}
