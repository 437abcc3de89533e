//! The PDF report, opened with lopdf: pages, searchable text with accents and every script the font
//! covers, document properties, outline, paper sizes, determinism, and missing glyphs.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::needless_pass_by_value,
    clippy::format_collect,
    reason = "test code: small known values"
)]

mod common;

use std::path::Path;

use common::*;

fn pdf_of(dir: &Path, extra: &[&str]) -> (Vec<u8>, String) {
    let output = cli()
        .arg("report")
        .arg(dir)
        .args(["--format", "pdf", "-o", "-"])
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    (output.stdout, stderr)
}

fn example_pdf(extra: &[&str]) -> Vec<u8> {
    let example = example_dir();
    let output = bare_cli()
        .arg("report")
        .arg(example)
        .args(["--format", "pdf", "-o", "-"])
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    output.stdout
}

fn text_of(bytes: &[u8]) -> (usize, String) {
    let doc = lopdf::Document::load_mem(bytes).expect("a readable PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).expect("extractable text");
    (pages.len(), text)
}

fn info(bytes: &[u8], key: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let info = doc.trailer.get(b"Info").and_then(lopdf::Object::as_reference).unwrap();
    let dict = doc.get_dictionary(info).unwrap();
    match dict.get(key).unwrap() {
        lopdf::Object::String(bytes, _) => {
            lopdf::decode_text_string(&lopdf::Object::String(bytes.clone(), lopdf::StringFormat::Literal))
                .unwrap_or_default()
        }
        other => format!("{other:?}"),
    }
}

#[test]
fn example_pdf_has_every_section_framework_and_score_as_text() {
    let bytes = example_pdf(&[]);
    let (pages, text) = text_of(&bytes);
    assert!((30..=120).contains(&pages), "{pages} pages");
    assert!(bytes.len() < 1_000_000, "{} bytes", bytes.len());
    for needle in [
        "Northwind Logistics",
        "Executive summary",
        "Contents",
        "Heat map",
        "Gap register",
        "Improvement roadmap",
        "ISO/IEC 20000-1:2018 readiness",
        "Appendix: answers",
        "Method",
        "COBIT 2019",
        "ITIL 4",
        "Lean IT",
        "Verdict: not ready",
        "page 2 of",
        "Dana Whitfield, Lakeside Advisory",
    ] {
        assert!(text.contains(needle), "{needle:?} is in the PDF text");
    }
    // The scores of the score command appear in the PDF.
    let scores = bare_cli()
        .arg("score")
        .arg(example_dir())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let scores: serde_json::Value = serde_json::from_slice(&scores.stdout).unwrap();
    for f in scores["frameworks"].as_array().unwrap() {
        let score = format!("{:.2}", f["score"].as_f64().unwrap());
        assert!(
            text.contains(&score),
            "framework score {score} of {} is shown",
            f["name"]
        );
    }
}

#[test]
fn accents_and_other_scripts_come_out_as_text() {
    let ws = workspace("basic");
    let (bytes, stderr) = pdf_of(ws.path(), &[]);
    assert!(!stderr.contains("warning"), "{stderr}");
    let (_, text) = text_of(&bytes);
    assert!(text.contains("Société Générale Müller Ωmega"));
    assert!(text.contains("Alpha Framework") && text.contains("Beta Framework"));
    assert!(text.contains("2.67"), "alpha's score");
    assert_eq!(info(&bytes, b"Author"), "Ann Auditor");
    assert!(info(&bytes, b"Title").contains("Société Générale Müller Ωmega"));
    assert!(
        info(&bytes, b"CreationDate").contains("20261102"),
        "dated from the assessment"
    );
}

#[test]
fn the_same_inputs_give_byte_identical_pdfs() {
    let ws = workspace("basic");
    let (first, _) = pdf_of(ws.path(), &[]);
    let (second, _) = pdf_of(ws.path(), &[]);
    assert_eq!(first, second);
}

#[test]
fn rendering_twice_in_one_process_gives_the_same_bytes() {
    use itsm_assess::{content::Library, render::pdf, report, workspace::assessment};
    let ws = workspace("basic");
    let (library, _) = Library::load(Some(&content_dir())).unwrap();
    let (loaded, _) = assessment::load(ws.path(), &library).unwrap();
    let model = report::build(&loaded, report::ReportOptions::default());
    let a = pdf::render(&model, pdf::Paper::A4).unwrap();
    let b = pdf::render(&model, pdf::Paper::A4).unwrap();
    assert_eq!(a.bytes, b.bytes);
    assert!(a.warnings.is_empty());
}

#[test]
fn characters_the_font_lacks_are_substituted_and_reported() {
    let ws = workspace("basic");
    let path = ws.path().join("assessment.json");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Société Générale Müller Ωmega", "Société 漢字 Müller Ωmega");
    write(&path, text);
    let (bytes, stderr) = pdf_of(ws.path(), &[]);
    assert!(
        stderr.contains("warning: the font has no glyph for U+6F22 '漢'"),
        "{stderr}"
    );
    assert!(stderr.contains("U+5B57"), "{stderr}");
    let (_, text) = text_of(&bytes);
    assert!(
        text.contains("Société \u{FFFD}\u{FFFD} Müller Ωmega"),
        "the substitute is visible and the rest intact"
    );
}

#[test]
fn letter_paper_and_a4() {
    let ws = workspace("basic");
    for (paper, width, height) in [("a4", 595.27, 841.88), ("letter", 612.0, 792.0)] {
        let (bytes, _) = pdf_of(ws.path(), &["--paper", paper]);
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let first = *doc.get_pages().values().next().unwrap();
        let page = doc.get_dictionary(first).unwrap();
        let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
        let number = |o: &lopdf::Object| {
            o.as_float()
                .map(f64::from)
                .or_else(|_| o.as_i64().map(|i| i as f64))
                .unwrap()
        };
        assert!((number(&media[2]) - width).abs() < 0.5, "{paper} width");
        assert!((number(&media[3]) - height).abs() < 0.5, "{paper} height");
    }
}

#[test]
fn the_outline_has_an_entry_per_section() {
    let bytes = example_pdf(&[]);
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let outlines = catalog
        .get(b"Outlines")
        .and_then(lopdf::Object::as_reference)
        .expect("an outline");
    let outlines = doc.get_dictionary(outlines).unwrap();
    let count = outlines.get(b"Count").unwrap().as_i64().unwrap();
    // Contents, summary, four frameworks, heat map, gaps, roadmap, readiness, the disagreements
    // between the example's two interviewees, answers, method.
    assert_eq!(count, 13);
}

#[test]
fn long_names_and_long_comments_stay_on_the_page() {
    let ws = workspace("basic");
    let path = ws.path().join("assessment.json");
    let long_name = "Société Générale Müller Ωmega International Logistics and Warehousing Holdings (Europe, Middle East and Africa) Limited";
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Société Générale Müller Ωmega", long_name);
    write(&path, text);
    let comment = "Observed in the change advisory board minutes: ".to_string()
        + &"evidence reviewed with the process owner; ".repeat(5);
    let unbroken = "x".repeat(300);
    write(
        &ws.path().join("responses.csv"),
        format!(
            "question_id,answer,comment,evidence\nM-01,3,\"{comment}\",{unbroken}\nM-02,2,\"{comment}\",\nM-03,1,,\n"
        ),
    );
    let (bytes, _) = pdf_of(ws.path(), &[]);
    let (_, text) = text_of(&bytes);
    assert!(
        text.contains("International Logistics and"),
        "the long name wraps on the cover"
    );
    assert!(
        text.contains("Observed in the") && text.contains("process owner"),
        "the long comment wraps in its cell"
    );
    assert!(text.contains("xxxxxxxx"), "an unbroken word is broken to fit");
}

/// The example with `comment` in front of the first answer's comment, and the number of characters
/// that answer's comment had.
fn example_with_long_comment(comment: &str) -> (tempfile::TempDir, usize) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example_dir(), dir.path());
    let path = dir.path().join("responses.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = headers.iter().position(|h| h == "comment").unwrap();
    let mut writer = csv::Writer::from_writer(b"\xef\xbb\xbf".to_vec());
    let mut first_comment_chars = 0;
    writer.write_record(&headers).unwrap();
    for (i, record) in reader.records().enumerate() {
        let mut fields: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        if i == 0 {
            first_comment_chars = fields[at].chars().count();
            fields[at] = format!("{comment}{}", fields[at]);
        }
        writer.write_record(&fields).unwrap();
    }
    write(&path, writer.into_inner().unwrap());
    (dir, first_comment_chars)
}

#[test]
fn a_very_long_comment_is_shortened_with_a_note_and_stays_on_its_pages() {
    let (plain_pages, _) = text_of(&example_pdf(&[]));
    let (dir, first_comment_chars) = example_with_long_comment(&"x".repeat(2_000_000));
    let output = bare_cli()
        .arg("report")
        .arg(dir.path())
        .args(["--format", "pdf", "-o", "-"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let bytes = output.stdout;
    let (pages, text) = text_of(&bytes);
    assert!(pages <= plain_pages + 2, "{plain_pages} pages, then {pages}");
    // Text extraction joins wrapped lines with or without a space: compare without spaces.
    let squeezed: String = text.split_whitespace().collect();
    let more = 2_000_000 + first_comment_chars - 2_000;
    let note = format!(
        "[shortenedinthePDF:{},{:03},{:03}morecharacters;thefulltextisintheHTML,MarkdownandJSONreports]",
        more / 1_000_000,
        more / 1_000 % 1_000,
        more % 1_000
    );
    assert!(squeezed.contains(&note), "{note} is in the PDF");
    assert!(
        text.contains("xxxxxxxxxxxxxxxxxxxx"),
        "the start of the comment is shown"
    );
    assert_every_line_ends_inside_its_page(&bytes, 595.3);
}

/// Widths of the glyphs of each font, in thousandths of an em, from the fonts' /W arrays.
fn glyph_widths(doc: &lopdf::Document, font: &lopdf::Dictionary) -> std::collections::HashMap<u32, f32> {
    let resolve = |o: &lopdf::Object| match o {
        lopdf::Object::Reference(id) => doc.get_object(*id).unwrap().clone(),
        other => other.clone(),
    };
    let descendants = resolve(font.get(b"DescendantFonts").unwrap());
    let descendant = resolve(&descendants.as_array().unwrap()[0]);
    let w = resolve(descendant.as_dict().unwrap().get(b"W").unwrap());
    let number = |o: &lopdf::Object| o.as_float().or_else(|_| o.as_i64().map(|i| i as f32)).unwrap();
    let mut widths = std::collections::HashMap::new();
    let items = w.as_array().unwrap();
    let mut i = 0;
    while i < items.len() {
        let first = number(&items[i]) as u32;
        if let Ok(list) = items[i + 1].as_array() {
            for (k, width) in list.iter().enumerate() {
                widths.insert(first + k as u32, number(width));
            }
            i += 2;
        } else {
            let last = number(&items[i + 1]) as u32;
            for glyph in first..=last {
                widths.insert(glyph, number(&items[i + 2]));
            }
            i += 3;
        }
    }
    widths
}

/// Every line of text, measured with the embedded fonts' glyph widths, ends inside the page.
fn assert_every_line_ends_inside_its_page(bytes: &[u8], page_width: f32) {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    for (number, page) in doc.get_pages() {
        let fonts: std::collections::HashMap<Vec<u8>, _> = doc
            .get_page_fonts(page)
            .unwrap()
            .into_iter()
            .map(|(name, font)| (name, glyph_widths(&doc, font)))
            .collect();
        let content = doc.get_and_decode_page_content(page).unwrap();
        let (mut font, mut size, mut x) = (None, 0.0, 0.0);
        for op in &content.operations {
            let float = |i: usize| op.operands[i].as_float().unwrap();
            match op.operator.as_str() {
                "Tf" => {
                    font = fonts.get(op.operands[0].as_name().unwrap());
                    size = float(1);
                }
                "Tm" => {
                    x = float(4);
                    assert!((0.0..page_width).contains(&x), "page {number}: text starts at {x}");
                }
                "Tj" => {
                    let glyphs = op.operands[0].as_str().unwrap();
                    let widths = font.expect("a font before text");
                    let width: f32 = glyphs
                        .chunks(2)
                        .map(|g| {
                            widths
                                .get(&(u32::from(g[0]) << 8 | u32::from(g[1])))
                                .copied()
                                .unwrap_or(1000.0)
                        })
                        .sum::<f32>()
                        * size
                        / 1000.0;
                    assert!(
                        x + width <= page_width,
                        "page {number}: a line from {x} is {width} wide"
                    );
                }
                _ => {}
            }
        }
    }
}
