//! `check`'s warning about images without alt text: screen readers skip them, and the PDF
//! Dossier typesets for their brief cannot claim PDF/UA-1 (it is made without the claim).

use crate::content::Library;
use crate::error::Diagnostic;
use crate::routes::BriefAddress;

/// Every image of a brief's body with no alt text, at its line, named by its file.
pub(super) fn missing_alt_text(library: &Library) -> Vec<Diagnostic> {
    let typesets = library.config.generates_pdf();
    let mut problems = Vec::new();
    for brief in &library.briefs {
        let typeset = typesets && brief.own_pdf().is_none();
        let images = brief.content.references.iter();
        for image in images.filter(|r| r.is_image && r.alt.is_empty()) {
            // An image on another site is left out of the PDF, its alt text printed instead.
            let message = if typeset && !image.target.contains("://") {
                format!(
                    "image `{}` has no alt text, so the brief's PDF is made without its PDF/UA-1 claim",
                    image.target
                )
            } else {
                format!("image `{}` has no alt text", image.target)
            };
            problems.push(
                Diagnostic::warning(&brief.source, message)
                    .with_hint(
                        "describe the image for readers who cannot see it: ![what it shows](file)",
                    )
                    .at(image.line, image.col),
            );
        }
    }
    problems
}
