//! `dossier import docx` on large documents, made from the LibreOffice fixture: a 500-page
//! document imports whole, and a 50 MB document of pictures imports with the process's peak
//! memory under 300 MB (the pictures are streamed from the zip to the bundle, never held).
//! In a test binary of its own: the peak is read from `getrusage(RUSAGE_CHILDREN)`, which
//! covers only the children of this process.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use common::Site;
use zip::write::SimpleFileOptions;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/docx/libreoffice/libreoffice-brief.docx")
}

/// The fixture's parts, by name, in order.
fn parts() -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(fixture()).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// Writes a .docx of these parts (pictures stored, as Word stores them: already compressed).
fn write_docx(path: &Path, parts: &[(String, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in parts {
        let method = if name.starts_with("word/media/") {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default().compression_method(method);
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// The document with its body's content repeated `times` times, and `extra` added after.
fn grown(parts: &mut [(String, Vec<u8>)], times: usize, extra: &str) {
    let doc = parts
        .iter_mut()
        .find(|(n, _)| n == "word/document.xml")
        .unwrap();
    let text = String::from_utf8(doc.1.clone()).unwrap();
    let start = text.find("<w:body>").unwrap() + "<w:body>".len();
    let end = text.rfind("<w:sectPr").unwrap();
    let body = &text[start..end];
    let mut out = String::with_capacity(body.len() * times + text.len());
    out.push_str(&text[..start]);
    for _ in 0..times {
        out.push_str(body);
    }
    out.push_str(extra);
    out.push_str(&text[end..]);
    doc.1 = out.into_bytes();
}

/// The largest resident size of any child so far, in bytes.
fn children_peak() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) };
    // SAFETY: zeroed, then filled by getrusage.
    let usage = unsafe { usage.assume_init() };
    u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024
}

#[test]
fn a_500_page_document_and_a_50_mb_one_of_pictures_import_in_bounded_memory() {
    let site = Site::without_pdfs();
    // 500 pages (at 500 words a page): the fixture's body (about 200 words, 30 paragraphs,
    // a table, a picture, notes) 1,300 times.
    let mut long = parts();
    grown(&mut long, 1300, "");
    let long_path = site.path("long.docx");
    write_docx(&long_path, &long);
    let run = site.run(&["import", "docx", "long.docx", "--author", "Ann Lee"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(
        site.path("content/briefs/2024/grid-resilience-in-the-baltic-states/index.md"),
    )
    .unwrap();
    assert_eq!(text.matches("\n## What happened\n").count(), 1300);
    // One list throughout (one numId), as Word numbers it: 1-3, then 4-6…
    assert_eq!(text.matches(". Train operators").count(), 1300);
    assert!(text.contains("\n3900. Train operators"));
    assert!(
        text.split_whitespace().count() > 250_000,
        "500 pages' worth"
    );
    // A warning repeated 1,300 times is given 5 times, then counted.
    let merged = run.stderr.matches("merged cells are made plain").count();
    assert_eq!(merged, 6, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("1295 more warnings like “table 1: merged cells"),
        "{}",
        run.stderr
    );

    // 50 MB: 25 pictures of 2 MB each (noise, which does not compress).
    let mut big = parts();
    let document = String::from_utf8(
        big.iter()
            .find(|(n, _)| n == "word/document.xml")
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    let drawing_start = document.find("<w:drawing>").unwrap();
    let drawing_end = document.find("</w:drawing>").unwrap() + "</w:drawing>".len();
    let drawing = &document[drawing_start..drawing_end];
    let mut extra = String::new();
    let mut rels = String::new();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..25 {
        let mut bytes = vec![0u8; 2 * 1024 * 1024];
        for chunk in bytes.chunks_mut(8) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            chunk.copy_from_slice(&seed.to_le_bytes()[..chunk.len()]);
        }
        bytes[..8].copy_from_slice(b"\x89PNG\r\n\x1a\n");
        big.push((format!("word/media/photo{i}.png"), bytes));
        rels.push_str(&format!(
            "<Relationship Id=\"rIdP{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/photo{i}.png\"/>"
        ));
        let own = drawing
            .replace("r:embed=\"rId2\"", &format!("r:embed=\"rIdP{i}\""))
            .replace("Map of the Baltic interconnectors", &format!("Photo {i}"));
        extra.push_str(&format!("<w:p><w:r>{own}</w:r></w:p>"));
    }
    grown(&mut big, 1, &extra);
    let rels_part = big
        .iter_mut()
        .find(|(n, _)| n == "word/_rels/document.xml.rels")
        .unwrap();
    let text = String::from_utf8(rels_part.1.clone()).unwrap();
    rels_part.1 = text
        .replace("</Relationships>", &format!("{rels}</Relationships>"))
        .into_bytes();
    let big_path = site.path("big.docx");
    write_docx(&big_path, &big);
    assert!(std::fs::metadata(&big_path).unwrap().len() > 50 * 1024 * 1024);
    let run = site.run(&[
        "import",
        "docx",
        "big.docx",
        "--author",
        "Ann Lee",
        "--date",
        "2025-06-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bundle = site.path("content/briefs/2025/grid-resilience-in-the-baltic-states");
    for i in 0..25 {
        let copied = std::fs::metadata(bundle.join(format!("photo{i}.png"))).unwrap();
        assert_eq!(copied.len(), 2 * 1024 * 1024);
    }
    let peak = children_peak();
    assert!(peak > 0, "getrusage reports the children's peak");
    assert!(
        peak < 300 * 1024 * 1024,
        "peak resident size {} MB",
        peak / 1024 / 1024
    );
}
