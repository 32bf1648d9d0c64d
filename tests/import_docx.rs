//! `dossier import docx` on Word files written by Word (mammoth.js's and python-docx's test
//! documents) and by LibreOffice, read back as the Markdown it writes and as the site built
//! from it; bad files give errors that name them.

mod common;

use std::path::{Path, PathBuf};

use common::{Run, Site};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/docx")
        .join(rel)
}

fn import(site: &Site, files: &[PathBuf], flags: &[&str]) -> Run {
    let mut args: Vec<String> = vec!["import".into(), "docx".into()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend(flags.iter().map(|f| f.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    site.run(&args)
}

fn read(site: &Site, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The front matter as a table, and the body.
fn split(text: &str) -> (toml::Table, String) {
    let rest = text.strip_prefix("+++\n").expect("front matter");
    let (front, body) = rest.split_once("\n+++\n").expect("closing +++");
    (toml::from_str(front).expect("TOML"), body.to_string())
}

const LO_BRIEF: &str = "content/briefs/2024/grid-resilience-in-the-baltic-states/index.md";

#[test]
fn a_libreoffice_document_becomes_a_brief_with_everything_a_brief_uses() {
    let site = Site::without_pdfs();
    let run = import(&site, &[fixture("libreoffice/libreoffice-brief.docx")], &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(LO_BRIEF),
        "prints what it wrote: {}",
        run.stdout
    );
    let (front, body) = split(&read(&site, LO_BRIEF));
    assert_eq!(
        front["title"].as_str(),
        Some("Grid Resilience in the Baltic States")
    );
    assert_eq!(
        front["authors"].as_array().unwrap()[0].as_str(),
        Some("Ann Lee")
    );
    assert_eq!(front["date"].to_string(), "2024-03-05");
    assert!(
        front["summary"]
            .as_str()
            .unwrap()
            .starts_with("Synchronisation with")
    );
    for expected in [
        "## What happened\n",
        "### Three risks\n",
        "left the **BRELL** ring[^1]",
        "CO<sub>2</sub>",
        "10<sup>th</sup>",
        "[^1]: See the [ENTSO-E](https://www.entsoe.eu/) statement of *9 February 2025*.",
        "[^3]: Test report, Elering, 2025.",
        "- Cable sabotage in the Baltic Sea\n  - Estlink 2 in December 2024\n  - Balticconnector in October 2023\n- Cyber attacks",
        "1. Build batteries\n2. Protect cables\n",
        "3. Train operators",
        "> Energy security is national security.",
        "| Country | Storage (MW) | Links |\n| --- | --- | --- |\n| Estonia | 200 | 3 |",
        "| Lithuania (merged) |  | 4 |",
        "Table 1: Storage and links, 2025",
        "![Map of the Baltic interconnectors](image1.png)",
        "“island mode”",
        "The operators quickly published new data",
    ] {
        assert!(body.contains(expected), "missing {expected:?} in:\n{body}");
    }
    assert!(
        !body.contains("outdated figures"),
        "a deletion is dropped:\n{body}"
    );
    assert!(
        !body.contains("Which data?"),
        "comments are dropped:\n{body}"
    );
    let image = site.path("content/briefs/2024/grid-resilience-in-the-baltic-states/image1.png");
    assert_eq!(&std::fs::read(image).unwrap()[..4], b"\x89PNG");
    for warning in ["1 comment dropped", "table 1: merged cells are made plain"] {
        assert!(
            run.stderr.contains(warning),
            "no warning {warning:?}:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("imported: 1 brief"), "{}", run.stderr);
}

#[test]
fn tracked_changes_can_be_rejected() {
    let site = Site::without_pdfs();
    let run = import(
        &site,
        &[fixture("libreoffice/libreoffice-brief.docx")],
        &["--track-changes", "reject"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (_, body) = split(&read(&site, LO_BRIEF));
    assert!(
        body.contains("The operators published outdated figures new data"),
        "{body}"
    );
}

#[test]
fn flags_override_the_document_and_series_numbers_are_checked() {
    let site = Site::without_pdfs();
    site.write(
        "content/authors/jan-kowalski.md",
        "+++\nname = \"Jan Kowalski\"\n+++\n",
    );
    let doc = fixture("libreoffice/libreoffice-brief.docx");
    let flags = [
        "--author",
        "Jan Kowalski",
        "--author",
        "Eve Unknown",
        "--topic",
        "Energy",
        "--date",
        "2025-01-15",
        "--series",
        "Spotlight",
        "--draft",
    ];
    let run = import(&site, std::slice::from_ref(&doc), &flags);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rel = "content/briefs/2025/grid-resilience-in-the-baltic-states/index.md";
    let (front, _) = split(&read(&site, rel));
    assert_eq!(front["date"].to_string(), "2025-01-15");
    assert_eq!(front["number"].as_integer(), Some(1));
    assert_eq!(front["draft"].as_bool(), Some(true));
    assert_eq!(front["authors"].as_array().unwrap().len(), 2);
    assert!(
        run.stderr.contains("author `Eve Unknown` has no profile"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("`Jan Kowalski` has no profile"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("topic `Energy` has no profile"),
        "{}",
        run.stderr
    );
    // Again: the bundle exists, so it is an error without --force.
    let again = import(&site, std::slice::from_ref(&doc), &flags);
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    // A number the series already uses that year is an error, as `check` would say.
    let mut taken = flags.to_vec();
    taken.extend(["--number", "1", "--force"]);
    let dup = import(&site, std::slice::from_ref(&doc), &taken);
    assert_eq!(dup.code, 1, "{}", dup.stderr);
    assert!(
        dup.stderr
            .contains("No. 1/2025 of Spotlight is already used"),
        "{}",
        dup.stderr
    );
}

/// Word's own files: each element the brief needs, as mammoth.js's tests describe them.
#[test]
fn word_written_documents_keep_notes_lists_tables_links_and_pictures() {
    let site = Site::without_pdfs();
    let files = [
        "footnotes.docx",
        "endnotes.docx",
        "footnote-hyperlink.docx",
        "tables.docx",
        "simple-list.docx",
        "tiny-picture.docx",
        "text-box.docx",
        "comments.docx",
        "strikethrough.docx",
        "pd-par-hyperlinks.docx",
        "pd-having-images.docx",
    ];
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|f| fixture(&format!("word/{f}")))
        .collect();
    let run = import(
        &site,
        &paths,
        &["--author", "Ann Lee", "--date", "2025-02-01"],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let briefs: Vec<String> = run
        .stdout
        .lines()
        .filter(|l| l.ends_with("index.md"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        briefs.len(),
        files.len(),
        "one brief per file: {}",
        run.stdout
    );
    let all: String = briefs
        .iter()
        .map(|b| read(&site, b))
        .collect::<Vec<_>>()
        .join("\n");
    for expected in [
        // footnotes.docx: "Ouch[^1]. [^2]" with the notes' text.
        "[^1]: A tachyon walks into a bar.",
        "[^2]: Fin.",
        // endnotes.docx
        "[^1]: A tachyon walks into a bar.",
        // footnote-hyperlink.docx: a link inside a footnote.
        "[^1]: [Example](http://www.example.com)",
        // tables.docx: a header row and cells.
        "| Top left | Top right |\n| --- | --- |\n| Bottom left | Bottom right |",
        // simple-list.docx
        "- Apple\n- Banana",
        // tiny-picture.docx: the picture (which has no description: a warning says so).
        "![](image1.png)",
        "~~Today's Special: Salmon~~",
    ] {
        assert!(all.contains(expected), "missing {expected:?} in:\n{all}");
    }
    assert!(
        run.stderr
            .contains("a text box is left out (“Datum plane”)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("comment"), "{}", run.stderr);
    assert!(
        run.stderr.contains("picture image1.png has no description"),
        "{}",
        run.stderr
    );
    let check = site.run(&["check"]);
    assert_eq!(
        check.code, 0,
        "check fails on what import wrote:\n{}",
        check.stderr
    );
    site.build(&[]);
    let page = site.output("briefs/2025/footnotes/index.html");
    assert!(page.contains("A tachyon walks into a bar."), "{page}");
}

#[test]
fn the_imported_libreoffice_brief_passes_check_and_builds_with_its_footnotes_and_picture() {
    let site = Site::without_pdfs();
    site.write(
        "content/authors/ann-lee.md",
        "+++\nname = \"Ann Lee\"\n+++\n",
    );
    let run = import(&site, &[fixture("libreoffice/libreoffice-brief.docx")], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    site.build(&[]);
    let dir = "briefs/2024/grid-resilience-in-the-baltic-states/";
    let page = site.html(&format!("{dir}index.html"));
    assert_eq!(
        common::text(&page, "h1"),
        "Grid Resilience in the Baltic States"
    );
    let html = site.output(&format!("{dir}index.html"));
    assert!(
        html.contains("<sub>2</sub>") && html.contains("<table"),
        "{html}"
    );
    assert!(
        html.contains("statement of <em>9 February 2025</em>"),
        "{html}"
    );
    assert!(site.exists(&format!("{dir}image1.png")));
}

#[test]
fn bad_files_give_errors_that_name_them_and_never_panic() {
    let site = Site::without_pdfs();
    let cases = [
        ("bad/empty.docx", "is empty"),
        ("bad/truncated.docx", "is damaged"),
        ("bad/plain-text.docx", "is not a .docx"),
        ("bad/word-97.doc", "is a Word 97-2003 document (.doc)"),
        ("bad/password-protected.docx", "is password-protected"),
    ];
    for (file, message) in cases {
        let run = import(&site, &[fixture(file)], &[]);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(&*fixture(file).display().to_string()),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    // The good file beside a bad one is still imported.
    let both = [fixture("bad/empty.docx"), fixture("word/footnotes.docx")];
    let run = import(&site, &both, &["--author", "Ann Lee"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("index.md"), "{}", run.stdout);
    let missing = import(&site, &[fixture("bad/no-such-file.docx")], &[]);
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("no-such-file.docx cannot be read"),
        "{}",
        missing.stderr
    );
}

/// The fixture with its body replaced: for what none of the real files holds (field codes,
/// equations, SmartArt, charts, objects, Intense Quote, a restarted list).
fn with_body(dir: &Path, body: &str) -> PathBuf {
    use std::io::{Read, Write};
    let source = fixture("libreoffice/libreoffice-brief.docx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(source).unwrap()).unwrap();
    let path = dir.join("crafted.docx");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "word/document.xml" {
            let text = String::from_utf8(bytes).unwrap();
            let start = text.find("<w:body>").unwrap() + "<w:body>".len();
            let end = text.rfind("<w:sectPr").unwrap();
            bytes = format!("{}{body}{}", &text[..start], &text[end..]).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
    path
}

#[test]
fn field_links_quotes_and_what_cannot_be_carried_over_are_each_handled() {
    let site = Site::without_pdfs();
    let p = |inner: &str| format!("<w:p>{inner}</w:p>");
    let r = |text: &str| format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>");
    let styled = |style: &str, inner: &str| {
        format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{inner}</w:p>")
    };
    let graphic = |uri: &str| {
        format!(
            "<w:r><w:drawing><wp:inline><wp:docPr id=\"9\" name=\"x\"/><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData uri=\"{uri}\"/></a:graphic></wp:inline></w:drawing></w:r>"
        )
    };
    let body = [
        styled("Heading1", &r("Fields")),
        p(&format!(
            "{}<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> HYPERLINK \"https://example.org/report\" </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>{}",
            r("See the "),
            r("report"),
            r(" and ")
        )),
        p(&format!(
            "<w:fldSimple w:instr=\" HYPERLINK &quot;https://example.org/data&quot; \">{}</w:fldSimple>{}<w:fldSimple w:instr=\" DATE \\@ &quot;yyyy&quot; \">{}</w:fldSimple>",
            r("the data"),
            r(", printed in "),
            r("2025")
        )),
        styled("IntenseQuote", &r("A quoted line.")),
        p("<m:oMath xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\"><m:r><m:t>E=mc2</m:t></m:r></m:oMath>"),
        p(&graphic("http://schemas.openxmlformats.org/drawingml/2006/diagram")),
        p(&graphic("http://schemas.openxmlformats.org/drawingml/2006/chart")),
        p("<w:r><w:object><o:OLEObject xmlns:o=\"urn:schemas-microsoft-com:office:office\" ProgID=\"Excel.Sheet.12\"/></w:object></w:r>"),
        p(&format!("{}<w:r><w:t>\u{a0}€</w:t></w:r>", r("Kept: “quotes”, 5"))),
    ]
    .concat();
    let file = with_body(site.root(), &body);
    let run = import(&site, &[file], &["--author", "Ann Lee"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (front, body) = split(&read(&site, "content/briefs/2024/fields/index.md"));
    assert_eq!(
        front["title"].as_str(),
        Some("Fields"),
        "the first Heading 1 is the title"
    );
    for expected in [
        "See the [report](https://example.org/report) and",
        "[the data](https://example.org/data), printed in 2025",
        "> A quoted line.",
        "Kept: “quotes”, 5\u{a0}€",
    ] {
        assert!(body.contains(expected), "missing {expected:?} in:\n{body}");
    }
    for warning in [
        "an equation is left out (“E=mc2”)",
        "a SmartArt graphic is left out",
        "a chart is left out",
        "an embedded object (Excel.Sheet.12) is left out",
        "field DATE (1 time, first in paragraph 3, under “Fields”)",
    ] {
        assert!(
            run.stderr.contains(warning),
            "no {warning:?}:\n{}",
            run.stderr
        );
    }
}

/// Word's way of giving a list item a second paragraph: the List Paragraph style without
/// numbering (pandoc reads it the same way); an unindented paragraph after it ends the list.
#[test]
fn a_list_paragraph_without_a_number_continues_the_item_before_it() {
    let site = Site::without_pdfs();
    let r = |text: &str| format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>");
    let item = |text: &str| {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr>{}</w:p>",
            r(text)
        )
    };
    let body = [
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>{}</w:p>",
            r("Steps")
        ),
        item("Build batteries"),
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/></w:pPr>{}</w:p>",
            r("Two hundred megawatts first.")
        ),
        item("Protect cables"),
        format!("<w:p>{}</w:p>", r("After the list.")),
    ]
    .concat();
    let file = with_body(site.root(), &body);
    let run = import(&site, &[file], &["--author", "Ann Lee"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (_, body) = split(&read(&site, "content/briefs/2024/steps/index.md"));
    let expected = "1. Build batteries\n\n   Two hundred megawatts first.\n\n2. Protect cables\n\nAfter the list.";
    assert!(body.contains(expected), "missing {expected:?} in:\n{body}");
}
