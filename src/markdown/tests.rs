//! Markdown's tests: heading ids, the lead, footnotes, links under the base path, counts.

use super::*;

#[test]
fn headings_get_unique_slug_ids_and_a_toc() {
    let r = render(
        "Lead.\n\n## What next?\n\n### Détails\n\n## What next?\n",
        "/",
        &Labels::default(),
    );
    assert!(
        r.html.contains("<h2 id=\"what-next\">What next?</h2>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h2 id=\"what-next-1\">"), "{}", r.html);
    let ids: Vec<_> = r.toc.iter().map(|h| (h.level, h.id.as_str())).collect();
    assert_eq!(ids, [(2, "what-next"), (3, "details"), (2, "what-next-1")]);
}

#[test]
fn the_opening_paragraph_is_the_lead() {
    let r = render("The *lead*.\n\n## Why?\n\nText.\n", "/", &Labels::default());
    assert_eq!(r.lead_html(), "<p>The <em>lead</em>.</p>\n");
    assert!(
        r.html_after_lead().starts_with("<h2 id=\"why\">"),
        "{}",
        r.html_after_lead()
    );
    let no_lead = render("## Why?\n\nText.\n", "/", &Labels::default());
    assert_eq!(no_lead.lead_html(), "");
    assert_eq!(no_lead.html_after_lead(), no_lead.html);
}

#[test]
fn first_paragraph_is_plain_text() {
    let r = render(
        "# Title\n\nThe *lead* says\nthis <b>now</b>.\n\nSecond.\n",
        "/",
        &Labels::default(),
    );
    assert_eq!(r.first_paragraph, "The lead says this now.");
}

#[test]
fn counts_words_like_split_whitespace_on_ascii() {
    for text in ["", " ", "a", " two  words\n", "Łódź is\ta city.", "x\r\ny"] {
        assert_eq!(
            count_words(text),
            text.split_whitespace().count(),
            "{text:?}"
        );
    }
}

#[test]
fn counts_words_and_reading_time() {
    let text = "word ".repeat(441);
    let r = render(&text, "/", &Labels::default());
    assert_eq!(r.word_count, 441);
    assert_eq!(r.reading_minutes(), 3);
    assert_eq!(render("", "/", &Labels::default()).reading_minutes(), 1);
}

#[test]
fn root_relative_links_get_the_base_path() {
    let r = render(
        "[a](/briefs/2024/x/) [b](https://e.org/) [c](#q) ![i](/img.png)",
        "/sub/",
        &Labels::default(),
    );
    assert!(
        r.html.contains("href=\"/sub/briefs/2024/x/\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"https://e.org/\""));
    assert!(r.html.contains("href=\"#q\""));
    assert!(r.html.contains("src=\"/sub/img.png\""));
    assert_eq!(r.references.len(), 4);
    assert_eq!(r.references[0].target, "/briefs/2024/x/");
    assert_eq!(r.references[3].alt, "i");
    assert_eq!(r.references[1].offset, 21, "byte offset of `[b](...)`");
}

#[test]
fn footnotes_are_numbered_in_citation_order_with_back_links() {
    let r = render(
        "A[^b] and B[^a].\n\n[^a]: Note A.\n[^b]: Note B.\n",
        "/",
        &Labels::default(),
    );
    let first = r.html.find("id=\"fn-1\"").unwrap();
    assert!(
        r.html[first..].starts_with("id=\"fn-1\"><p>Note B."),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"#fnref-1\""));
    assert!(r.anchors.contains(&"fn-2".to_string()));
}

#[test]
fn a_note_cited_twice_gets_distinct_ids_and_a_back_link_per_citation() {
    let r = render(
        "A[^a], B[^b], C[^a].\n\n[^a]: Note A.\n[^b]: Note B.\n",
        "/",
        &Labels::default(),
    );
    // Every id in the page is unique, and recorded for `check`.
    let ids: Vec<_> = r
        .html
        .split(" id=\"")
        .filter_map(|s| s.split('"').next())
        .collect();
    let expected = "fnref-1 fnref-2 fnref-1-2 footnotes-label fn-1 fn-2";
    assert_eq!(ids[1..].join(" "), expected, "{}", r.html);
    assert_eq!(r.anchors.join(" "), expected);
    // Both citations link to the note, and the note links back to each.
    assert_eq!(r.html.matches("href=\"#fn-1\"").count(), 2, "{}", r.html);
    let back = " <a href=\"#fnref-1\" class=\"footnote-back\" aria-label=\"Back to reference 1\">↩</a> <a href=\"#fnref-1-2\" class=\"footnote-back\" aria-label=\"Back to reference 1-2\">↩<sup>2</sup></a></p>";
    assert!(
        r.html
            .contains(&format!("<li id=\"fn-1\"><p>Note A.{back}")),
        "{}",
        r.html
    );
}

#[test]
fn tables_strikethrough_and_smart_quotes() {
    let r = render(
        "|a|b|\n|-|-|\n|1|2|\n\n~~old~~ \"quoted\"",
        "/",
        &Labels::default(),
    );
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("<del>old</del>"));
    assert!(r.html.contains("“quoted”"));
}

#[test]
fn heading_ids_stay_apart_from_the_themes_and_take_only_ids_and_classes() {
    let r = render(
        "## Main\n\n## Related\n\n## Safe {#x .wide onmouseover=alert(1)}\n\n## Note {#fn-1}\n",
        "/",
        &Labels::default(),
    );
    assert!(r.html.contains("<h2 id=\"main-1\">Main</h2>"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"related-1\">"), "{}", r.html);
    assert!(
        r.html.contains("<h2 id=\"x\" class=\"wide\">Safe</h2>"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("onmouseover"), "{}", r.html);
    assert!(r.html.contains("id=\"h-fn-1\""), "{}", r.html);
}

#[test]
fn many_equal_headings_take_linear_time() {
    let text = "## Same?\n\n".repeat(20_000);
    let started = std::time::Instant::now();
    let r = render(&text, "/", &Labels::default());
    let ids: std::collections::HashSet<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids.len(), 20_000);
    assert!(ids.contains("same-19999"));
    // Quadratic, this took 21 s; linear, well under a second even in a debug build.
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn a_body_keeps_its_markdown_and_places_what_it_finds_in_the_file() {
    let file = "+++\ntitle = \"Łódź\"\n+++\nLead.\n\nSee [x](/a/) and ![chart](c.png).\n";
    let start = file.find("Lead").unwrap();
    let body = Body::read(file.to_string(), start);
    assert_eq!(body.markdown(), &file[start..]);
    assert_eq!(body.file_text(), file);
    let places: Vec<_> = body.references.iter().map(|r| (r.line, r.col)).collect();
    assert_eq!(places, [(6, 5), (6, 18)]);
    assert_eq!(body.line_col(0), (4, 1));
    assert_eq!(
        body.line_col(usize::MAX),
        (7, 1),
        "past the end: the file's end"
    );
    // The outline is the same whatever the style the HTML is rendered in later.
    let html = to_html(&body, &Style::default());
    assert!(html.lead_html().starts_with("<p>Lead."), "{}", html.html);
}
