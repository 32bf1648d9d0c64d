//! A .docx package: the zip, its parts and their relationships, and what a file is when it is
//! not a .docx (empty, an OLE file: a Word 97-2003 `.doc` or a password-protected document).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use zip::ZipArchive;

/// The largest XML part read into memory: a 500-page document's text is a few MB.
const MAX_XML_PART: u64 = 512 * 1024 * 1024;

/// An open .docx.
pub(crate) struct Package {
    zip: ZipArchive<BufReader<File>>,
}

/// One relationship of a part: where it points, and whether that is outside the package.
#[derive(Debug, Clone)]
pub(crate) struct Rel {
    /// The type's last segment: `image`, `hyperlink`, `footnotes`.
    pub(crate) kind: String,
    /// A part name (`word/media/image1.png`) or, when external, the URL as written.
    pub(crate) target: String,
    /// Whether `target` is outside the package (a web address).
    pub(crate) external: bool,
}

/// The CFB (OLE2) signature, which `.doc` files and encrypted `.docx` files begin with.
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What an OLE file is, from the names of its streams (stored in UTF-16).
fn classify_ole(path: &Path) -> String {
    let mut head = Vec::new();
    let _ = File::open(path).and_then(|f| f.take(8 * 1024 * 1024).read_to_end(&mut head));
    let has = |name: &str| {
        let wide: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        head.windows(wide.len()).any(|w| w == wide.as_slice())
    };
    if has("EncryptionInfo") || has("EncryptedPackage") {
        "is password-protected (an encrypted package): Dossier cannot read it\n  help: open it in Word, remove the password (File > Info > Protect Document), save, and import again".into()
    } else if has("WordDocument") {
        "is a Word 97-2003 document (.doc), not a .docx\n  help: open it in Word or LibreOffice and save it as .docx (Word Document), then import that".into()
    } else {
        "is an OLE compound file, not a .docx\n  help: save it from its program as a Word Document (.docx)".into()
    }
}

impl Package {
    /// Opens the file, or says in a sentence what it is instead of a .docx.
    pub(crate) fn open(path: &Path) -> Result<Package, String> {
        let file = File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        if len == 0 {
            return Err("is empty (0 bytes): it holds no document".into());
        }
        let mut magic = [0u8; 8];
        let got = (&file).take(8).read(&mut magic).unwrap_or(0);
        if got == 8 && magic == CFB_MAGIC {
            return Err(classify_ole(path));
        }
        if magic.starts_with(b"{\\rtf") {
            return Err(
                "is an RTF file, not a .docx\n  help: save it as Word Document (.docx)".into(),
            );
        }
        if !magic.starts_with(b"PK") {
            return Err(
                "is not a .docx: it is not a zip package (a .docx begins with `PK`)".into(),
            );
        }
        let file = File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
        let zip = ZipArchive::new(BufReader::new(file)).map_err(|e| {
            format!("is damaged: its zip cannot be read ({e})\n  help: open it in Word, which can often repair it, and save it again")
        })?;
        let mut package = Package { zip };
        if package.main_part().is_none() {
            return Err("is a zip, but not a Word document: it has no word/document.xml".into());
        }
        Ok(package)
    }

    /// Whether the package has a part of this name.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// A part's text, without a byte order mark; `None` when there is no such part.
    pub(crate) fn text(&mut self, name: &str) -> Result<Option<String>, String> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let entry = self
            .zip
            .by_index(index)
            .map_err(|e| format!("is damaged: part {name} cannot be read ({e})"))?;
        if entry.size() > MAX_XML_PART {
            return Err(format!(
                "has a part {name} of {} bytes, too large to read",
                entry.size()
            ));
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry
            .take(MAX_XML_PART)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("is damaged: part {name} cannot be unpacked ({e})"))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("is damaged: part {name} is not UTF-8 text"))?;
        Ok(Some(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }))
    }

    /// Copies a part to a file, streamed (images are never held whole in memory).
    pub(crate) fn copy_to(&mut self, name: &str, dest: &Path) -> Result<u64, String> {
        let index = self
            .zip
            .index_for_name(name)
            .ok_or_else(|| format!("has no part {name}"))?;
        let mut entry = self
            .zip
            .by_index(index)
            .map_err(|e| format!("is damaged: part {name} cannot be read ({e})"))?;
        let mut out = File::create(dest).map_err(|e| format!("{}: {e}", dest.display()))?;
        std::io::copy(&mut entry, &mut out)
            .map_err(|e| format!("is damaged: part {name} cannot be unpacked ({e})"))
    }

    /// The main document part, as the package's relationships name it.
    pub(crate) fn main_part(&mut self) -> Option<String> {
        let rels = self.rels("").unwrap_or_default();
        let named = rels
            .values()
            .find(|r| r.kind == "officeDocument" && !r.external)
            .map(|r| r.target.clone());
        named.filter(|n| self.has(n)).or_else(|| {
            self.has("word/document.xml")
                .then(|| "word/document.xml".into())
        })
    }

    /// The relationships of a part (`""` for the package's own), by id.
    pub(crate) fn rels(&mut self, part: &str) -> Result<HashMap<String, Rel>, String> {
        let (dir, file) = match part.rfind('/') {
            Some(at) => (&part[..at], &part[at + 1..]),
            None => ("", part),
        };
        let name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(text) = self.text(&name)? else {
            return Ok(HashMap::new());
        };
        let doc = super::xml::parse(&text, &name)?;
        let mut rels = HashMap::new();
        for node in doc
            .descendants()
            .filter(|n| n.tag_name().name() == "Relationship")
        {
            let attr = |k: &str| super::xml::attr(node, k).unwrap_or_default().to_string();
            let external = attr("TargetMode").eq_ignore_ascii_case("external");
            let raw = attr("Target");
            let target = if external { raw } else { resolve(dir, &raw) };
            let kind = attr("Type")
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string();
            rels.insert(
                attr("Id"),
                Rel {
                    kind,
                    target,
                    external,
                },
            );
        }
        Ok(rels)
    }
}

/// A relationship's target as a part name: relative to the part's folder, or absolute.
fn resolve(dir: &str, target: &str) -> String {
    let target = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn targets_resolve_against_the_part_folder() {
        assert_eq!(resolve("word", "media/image1.png"), "word/media/image1.png");
        assert_eq!(
            resolve("word", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("word", "/word/media/a.png"), "word/media/a.png");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }
}
