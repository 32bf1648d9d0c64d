//! PDFs of hostile briefs: an image of billions of pixels, nesting hundreds deep, text the
//! embedded fonts cannot show. Each is refused with a message that names the file, typeset,
//! or warned about; none takes the machine's memory or the whole site down.
#![cfg(feature = "pdf")]

mod common;

use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

use common::{Run, Site};

/// Runs `dossier ARGS` in the site's folder with at most 4 GB of address space (so that a
/// build that decodes a huge image fails rather than takes the machine), and measures its
/// peak resident memory, in KiB, as the kernel counted it for that process (`wait4`).
fn run_measured(site: &Site, args: &[&str]) -> (Run, u64) {
    let out = site.path("stdout.txt");
    let err = site.path("stderr.txt");
    let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
    command
        .args(args)
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap());
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 4 << 30,
                rlim_max: 4 << 30,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    // Reaped by `wait4` below, which gives its resource usage as `Child::wait` does not.
    #[allow(clippy::zombie_processes)]
    let child = command.spawn().expect("run dossier");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for the child it reaps.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet waited for (`child` is never waited on).
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4: {}", std::io::Error::last_os_error());
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -libc::WTERMSIG(status)
    };
    let read = |p| std::fs::read_to_string(p).unwrap_or_default();
    let run = Run {
        code,
        stdout: read(&out),
        stderr: read(&err),
    };
    (run, usage.ru_maxrss as u64)
}

/// A PNG of `width`×`height` black pixels, one bit each, a few MB however large: every row
/// is a filter byte and zeros, deflated by hand as one block of fixed Huffman codes (a
/// literal 0, then matches of 258 bytes at distance 1).
fn black_png(width: u32, height: u32) -> Vec<u8> {
    let row = 1 + u64::from(width).div_ceil(8);
    let raw = row * u64::from(height);
    let mut bits = Bits::default();
    bits.lsb(1, 1); // the last block
    bits.lsb(1, 2); // fixed Huffman codes
    bits.code(0x30, 8); // literal 0
    let mut left = raw - 1;
    while left >= 258 {
        bits.code(0xc5, 8); // length 258 (code 285)
        bits.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        bits.code(0x30, 8);
    }
    bits.code(0, 7); // end of block
    let mut zlib = vec![0x78, 0x01];
    zlib.extend(bits.finish());
    // Adler-32 of zeros: a stays 1, b adds 1 a byte.
    let adler = ((raw % 65521) << 16) | 1;
    zlib.extend((adler as u32).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([1, 0, 0, 0, 0]); // 1 bit, greyscale, deflate, no filter, no interlace
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// Bits as deflate packs them: fields from their lowest bit, Huffman codes from their highest.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    current: u8,
    used: u8,
}

impl Bits {
    fn bit(&mut self, bit: u32) {
        self.current |= ((bit & 1) as u8) << self.used;
        self.used += 1;
        if self.used == 8 {
            self.bytes.push(self.current);
            (self.current, self.used) = (0, 0);
        }
    }
    fn lsb(&mut self, value: u32, len: u32) {
        (0..len).for_each(|i| self.bit(value >> i));
    }
    fn code(&mut self, code: u32, len: u32) {
        (0..len).rev().for_each(|i| self.bit(code >> i));
    }
    fn finish(mut self) -> Vec<u8> {
        if self.used > 0 {
            self.bytes.push(self.current);
        }
        self.bytes
    }
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend((data.len() as u32).to_be_bytes());
    let start = png.len();
    png.extend(kind);
    png.extend(data);
    let crc = crc32(&png[start..]);
    png.extend(crc.to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let table: Vec<u32> = (0..256u32)
        .map(|n| {
            (0..8).fold(n, |c, _| {
                if c & 1 == 1 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                }
            })
        })
        .collect();
    !bytes.iter().fold(!0u32, |c, &b| {
        table[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8)
    })
}

const SITE: &str = "title = \"Test Institute\"\nbase_url = \"https://example.org\"\n\n[publisher]\nname = \"Test Institute\"\n";

/// A bundle brief whose body is `body`.
fn bundle(site: &Site, slug: &str, body: &str) {
    site.write(
        &format!("content/briefs/2025/{slug}/index.md"),
        &format!(
            "+++\ntitle = \"A Brief\"\ndate = 2025-02-13\nauthors = [\"Ann Lee\"]\n+++\n{body}"
        ),
    );
}

#[test]
fn an_image_of_too_many_pixels_is_refused_before_anything_decodes_it() {
    let site = Site::new();
    site.write("site.toml", SITE);
    bundle(&site, "huge", "The lead.\n\n![A black square](huge.png)\n");
    let png = black_png(60_000, 60_000);
    assert!(png.len() < 4 << 20, "{} bytes", png.len());
    site.write_bytes("content/briefs/2025/huge/huge.png", &png);
    let (run, peak_kib) = run_measured(&site, &["build"]);
    let stderr = &run.stderr;
    assert_eq!(run.code, 1, "stdout: {}\nstderr: {stderr}", run.stdout);
    assert!(peak_kib < 1 << 20, "peak memory {peak_kib} KiB:\n{stderr}");
    let line = "content/briefs/2025/huge/index.md:8:1: error:";
    assert!(stderr.contains(line), "no `{line}` in:\n{stderr}");
    for needle in [
        "content/briefs/2025/huge/huge.png",
        "60000×60000",
        "100 megapixels",
    ] {
        assert!(stderr.contains(needle), "no `{needle}` in:\n{stderr}");
    }
    // Nothing was published, and a picture of a sensible size goes into the PDF.
    assert!(!site.exists("briefs/2025/huge/index.html"));
    site.write_bytes("content/briefs/2025/huge/huge.png", &black_png(2000, 1500));
    let (run, _) = run_measured(&site, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.exists("briefs/2025/huge/huge.pdf"));
}

/// Poppler's `pdftotext`, when it is installed: the PDF's text with runs of whitespace as
/// one space.
fn pdf_text(site: &Site, rel: &str) -> Option<String> {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(site.path("public").join(rel))
        .arg("-")
        .output();
    let Ok(output) = output else {
        eprintln!("SKIPPED reading the PDF: pdftotext (poppler-utils) not found");
        return None;
    };
    assert!(output.status.success(), "pdftotext {rel}");
    let text = String::from_utf8_lossy(&output.stdout);
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A list nested 33 levels, quotes 32 deep and 200 nested emphases, which Typst refuses
/// ("maximum show rule depth exceeded"), are typeset with the deepest levels set flat.
#[test]
fn deep_nesting_is_typeset() {
    let list: String = (0..33)
        .map(|d| format!("{}- level{d}\n", "  ".repeat(d)))
        .collect();
    let quotes = format!("{}quoted deep\n", "> ".repeat(32));
    let emphasis = format!("{}innermost{}*", "*a ".repeat(200), "* c".repeat(199));
    let body = format!(
        "The lead.\n\n{list}\nAfter the list.\n\n{quotes}\nAfter the quotes.\n\n{emphasis}\n\nThe end.\n"
    );
    let site = Site::new();
    site.write("site.toml", SITE);
    bundle(&site, "deep", &body);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let Some(text) = pdf_text(&site, "briefs/2025/deep/deep.pdf") else {
        return;
    };
    for needle in [
        "level0",
        "level32",
        "After the list.",
        "quoted deep",
        "innermost",
        "The end.",
    ] {
        assert!(text.contains(needle), "no `{needle}` in the PDF:\n{text}");
    }
}

/// A Japanese translation whose PDF the embedded fonts cannot show: `build` and `check` warn,
/// naming the brief and its first character without a glyph; a font the site adds with
/// `[pdf] fonts` prints it, and a font file that is not there is an error at its line.
#[test]
fn text_the_fonts_cannot_show_is_warned_about_until_the_site_adds_a_font() {
    let toml = format!("{SITE}\n[languages.ja]\ntitle = \"研究所\"\n");
    let site = Site::new();
    site.write("site.toml", &toml);
    site.write(
        "content/briefs/2025/talks.md",
        &common::brief("Talks", "2025-02-13", &["Ann Lee"], ""),
    );
    let ja = "content/briefs/2025/talks.ja.md";
    site.write(ja, "+++\ntitle = \"会談の新段階\"\n+++\n本文です。\n");
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        assert_eq!(run.code, 0, "{command}: {}", run.stderr);
        let all = format!("{}{}", run.stdout, run.stderr);
        common::assert_diagnostic(&all, "warning: the PDF's fonts have no glyph", ja);
        assert!(all.contains(&format!("{ja}:2:10")), "{command}: {all}");
        assert!(all.contains("`会` (U+4F1A)"), "{command}: {all}");
        // Not at the original's title (the original's `authors` line has a warning of its
        // own: Ann Lee has no profile, which the translation inherits).
        assert!(!all.contains("talks.md:2:"), "{command}: {all}");
    }
    let font = "fonts/NotoSansCJKjp-subset.otf";
    let fonts = format!("{toml}\n[pdf]\nfonts = [\"{font}\"]\n");
    site.write("site.toml", &fonts);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = fonts.lines().count();
    let at = format!("site.toml:{line}:");
    assert!(
        run.stderr.contains(&at) && run.stderr.contains(font),
        "{}",
        run.stderr
    );
    let otf = std::fs::read(common::repo_dir().join("tests/fonts/NotoSansCJKjp-subset.otf"));
    site.write_bytes(font, &otf.unwrap());
    let run = site.build(&[]);
    assert!(!run.stderr.contains("glyph"), "{}", run.stderr);
    let pdfs = common::outputs_ending(&site, ".pdf");
    let pdf = pdfs
        .iter()
        .find(|p| p.starts_with("ja/"))
        .expect("the Japanese PDF");
    if let Some(text) = pdf_text(&site, pdf) {
        assert!(
            text.contains("会談の新段階") && text.contains("本文です"),
            "{text}"
        );
        let fonts = Command::new("pdffonts")
            .arg(site.path("public").join(pdf))
            .output()
            .unwrap();
        let fonts = String::from_utf8_lossy(&fonts.stdout);
        assert!(fonts.contains("NotoSansCJKjp"), "{fonts}");
    }
}
