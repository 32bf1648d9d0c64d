//! The CMS's collections, made from the site's model: briefs with every field their front
//! matter takes, a collection for each taxonomy's profiles (authors, topics, series, and those
//! site.toml declares), and pages.

use super::yaml::{Node, map, s, strings};
use crate::config::Config;
use crate::config::FrontMatter;
use crate::content::TaxonomyDef;
use crate::content::{CONTENT_DIR, TaxonomyId};

/// The front matter the CMS writes: `[content] front_matter`, TOML between `+++` lines by default.
fn format(config: &Config) -> &'static str {
    match config.content.front_matter {
        FrontMatter::Toml => "toml-frontmatter",
        FrontMatter::Yaml => "yaml-frontmatter",
    }
}

/// How a field is handled in a translation (Decap's `i18n` of a field).
#[derive(Clone, Copy)]
enum Lang {
    /// Each language has its own value.
    Own,
    /// Copied from the original when a translation is made, then its own.
    Copied,
    /// The publication's: only the original gives it, translations take it from there.
    Shared,
}

/// A field: its name, label, widget, whether it is required, how translations treat it, and
/// the widget's other options.
fn field(name: &str, label: &str, widget: &str, required: bool, lang: Lang) -> Node {
    let mut node = map([
        ("name", s(name)),
        ("label", s(label)),
        ("widget", s(widget)),
    ]);
    if !required {
        node.push("required", Node::Bool(false));
    }
    node.push(
        "i18n",
        match lang {
            Lang::Own => Node::Bool(true),
            Lang::Copied => s("duplicate"),
            Lang::Shared => Node::Bool(false),
        },
    );
    node
}

/// `field` with more options.
fn with(mut node: Node, options: impl IntoIterator<Item = (&'static str, Node)>) -> Node {
    for (key, value) in options {
        node.push(key, value);
    }
    node
}

/// A relation to a taxonomy's profiles, by name: one term (series) or a list.
fn relation(def: &TaxonomyDef, label: &str, lang: Lang) -> Node {
    with(
        field(&def.name, label, "relation", false, lang),
        [
            ("collection", s(&def.name)),
            ("value_field", s("name")),
            ("search_fields", strings(["name"])),
            ("display_fields", strings(["name"])),
            ("multiple", Node::Bool(!def.single)),
        ],
    )
}

/// A date as TOML writes one (`2025-03-04`): the admin page turns the text into a TOML date.
fn date(name: &str, label: &str, required: bool) -> Node {
    let node = with(
        field(name, label, "datetime", required, Lang::Shared),
        [
            ("format", s("YYYY-MM-DD")),
            ("date_format", s("YYYY-MM-DD")),
            ("time_format", Node::Bool(false)),
        ],
    );
    // A new brief's date: today.
    if required {
        with(node, [("default", s("{{now}}"))])
    } else {
        node
    }
}

/// The brief's fields, in the order `dossier new brief` writes them.
fn brief_fields(config: &Config) -> Vec<Node> {
    let tax = |id: TaxonomyId| config.taxonomy(id);
    let mut fields = vec![
        field("title", "Title", "string", true, Lang::Own),
        date("date", "Date", true),
        relation(tax(TaxonomyId::AUTHORS), "Authors", Lang::Shared),
        relation(tax(TaxonomyId::TOPICS), "Topics", Lang::Copied),
        relation(tax(TaxonomyId::SERIES), "Series", Lang::Shared),
        with(
            field(
                "number",
                "Number in the series and year",
                "number",
                false,
                Lang::Shared,
            ),
            [("value_type", s("int")), ("min", Node::Int(1))],
        ),
    ];
    for def in config.taxonomies.iter().skip(3) {
        fields.push(relation(def, &def.title, Lang::Copied));
    }
    fields.extend([
        with(
            field("summary", "Summary", "text", false, Lang::Own),
            [("hint", s("Default: the first paragraph"))],
        ),
        with(
            field("slug", "Address (slug)", "string", false, Lang::Own),
            [(
                "hint",
                s("The last part of the brief's address; default: from the file name"),
            )],
        ),
        with(
            field("pdf", "Full-text PDF", "file", false, Lang::Own),
            [(
                "hint",
                s("A PDF of its own, kept beside the brief; without one Dossier typesets it"),
            )],
        ),
        with(
            field("image", "Image for links", "image", false, Lang::Own),
            [
                (
                    "hint",
                    s("Shown by links to the brief instead of its generated card: a PNG, JPEG, GIF or WebP of at most 5 MB, kept beside the brief (1200 × 630 pixels shows whole everywhere); a translation without one shows the original's"),
                ),
                // A file of the brief's folder, as Dossier reads it, not a URL.
                ("choose_url", Node::Bool(false)),
            ],
        ),
        date("updated", "Last revised", false),
        field("doi", "DOI", "string", false, Lang::Shared),
        with(
            field("publish_at", "Publish at", "datetime", false, Lang::Shared),
            [
                ("format", s("YYYY-MM-DDTHH:mm:ssZ")),
                ("hint", s("Leave empty to publish on its date")),
            ],
        ),
        with(
            field("aliases", "Old addresses", "list", false, Lang::Own),
            [(
                "hint",
                s("Site paths that redirect here: briefs/2024/old-slug/"),
            )],
        ),
        with(
            field("draft", "Draft", "boolean", false, Lang::Own),
            [("default", Node::Bool(false))],
        ),
        field("body", "Text", "markdown", true, Lang::Own),
    ]);
    fields
}

/// The briefs: plain files (`YEAR/DATE-SLUG.md`) and bundles (`YEAR/DATE-SLUG/index.md`, with
/// their images and PDF) are listed and edited alike; a new brief is a bundle where
/// `dossier new brief --bundle` puts it, so that its images have a folder.
pub(super) fn briefs(config: &Config, several: bool) -> Node {
    let mut node = map([
        ("name", s("briefs")),
        ("label", s("Briefs")),
        ("label_singular", s("Brief")),
        ("folder", s(&format!("{CONTENT_DIR}/briefs"))),
        ("create", Node::Bool(true)),
        ("extension", s("md")),
        ("format", s(format(config))),
        // The listing reads files this deep: YEAR/NAME.md and YEAR/NAME/index.md.
        (
            "path",
            s("{{year}}/{{year}}-{{month}}-{{day}}-{{slug}}/index"),
        ),
        // Images and the PDF beside the brief's file, linked by their name.
        ("media_folder", s("")),
        ("public_folder", s("")),
        ("summary", s("{{title}} ({{year}}-{{month}}-{{day}})")),
        ("sortable_fields", strings(["date", "title"])),
        (
            "preview_path",
            s(
                "admin/preview.html?brief={{dirname}}/{{filename}}&year={{year}}&slug={{fields.slug}}",
            ),
        ),
    ]);
    if several {
        node.push("i18n", Node::Bool(true));
    }
    node.push("fields", Node::List(brief_fields(config)));
    node
}

/// A taxonomy's profiles: `content/{name}/{slug}.md`, named as briefs name the term.
pub(super) fn profiles(config: &Config, def: &TaxonomyDef, several: bool) -> Node {
    let mut fields = vec![field("name", "Name", "string", true, Lang::Own)];
    for extra in def.fields {
        let profile_field = match *extra {
            "role" => field("role", "Role", "string", false, Lang::Own),
            "email" => field("email", "Email", "string", false, Lang::Shared),
            "photo" => field("photo", "Photo", "image", false, Lang::Shared),
            "orcid" => field("orcid", "ORCID iD", "string", false, Lang::Shared),
            "links" => field("links", "Links", "list", false, Lang::Shared),
            "family" => with(
                field("family", "Family name", "string", false, Lang::Shared),
                [(
                    "hint",
                    s("As citations write it, when it is not the name's last word"),
                )],
            ),
            "given" => field("given", "Given names", "string", false, Lang::Shared),
            "issn" => field("issn", "ISSN", "string", false, Lang::Shared),
            other => field(other, other, "string", false, Lang::Shared),
        };
        fields.push(profile_field);
    }
    fields.push(with(
        field(
            "description",
            "One-line description",
            "string",
            false,
            Lang::Own,
        ),
        [(
            "hint",
            s("For listings and search engines; default: the text's first paragraph"),
        )],
    ));
    fields.push(field("body", "Text", "markdown", false, Lang::Own));
    let mut node = map([
        ("name", s(&def.name)),
        ("label", s(&def.title)),
        ("label_singular", s(&def.singular)),
        ("folder", s(&format!("{CONTENT_DIR}/{}", def.name))),
        ("create", Node::Bool(true)),
        ("extension", s("md")),
        ("format", s(format(config))),
        ("identifier_field", s("name")),
        ("slug", s("{{name}}")),
        ("summary", s("{{name}}")),
    ]);
    if several {
        node.push("i18n", Node::Bool(true));
    }
    node.push("fields", Node::List(fields));
    node
}

/// Standalone pages: `content/pages/{slug}.md`.
pub(super) fn pages(config: &Config, several: bool) -> Node {
    let fields = vec![
        field("title", "Title", "string", true, Lang::Own),
        field(
            "description",
            "One-line description",
            "string",
            false,
            Lang::Own,
        ),
        with(
            field("aliases", "Old addresses", "list", false, Lang::Own),
            [("hint", s("Site paths that redirect here: about-us/"))],
        ),
        field("body", "Text", "markdown", true, Lang::Own),
    ];
    let mut node = map([
        ("name", s("pages")),
        ("label", s("Pages")),
        ("label_singular", s("Page")),
        ("folder", s(&format!("{CONTENT_DIR}/pages"))),
        ("create", Node::Bool(true)),
        ("extension", s("md")),
        ("format", s(format(config))),
        ("slug", s("{{title}}")),
        ("summary", s("{{title}}")),
        ("preview_path", s("{{filename}}/")),
    ]);
    if several {
        node.push("i18n", Node::Bool(true));
    }
    node.push("fields", Node::List(fields));
    node
}
