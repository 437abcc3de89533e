//! The example PDF checked by outside tools: qpdf's structural check, pdffonts (every font
//! embedded) and pdftotext (text extractable). Ignored by `cargo test` because the tools come from
//! Debian (qpdf, poppler-utils); `.ci/run` installs them and runs these tests.

mod common;

#[test]
#[ignore = "needs Debian qpdf; run by .ci/run"]
fn qpdf_finds_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = common::example_report(dir.path(), "pdf").to_string_lossy().into_owned();
    let out = common::tool("qpdf", &["--check", &pdf]);
    assert!(out.contains("No syntax or stream encoding errors found"), "{out}");
}

#[test]
#[ignore = "needs Debian poppler-utils; run by .ci/run"]
fn every_font_is_embedded_and_subset_and_text_extracts() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = common::example_report(dir.path(), "pdf").to_string_lossy().into_owned();
    let fonts = common::tool("pdffonts", &[&pdf]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{fonts}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        // name, type (two words), encoding, emb, sub, uni, object, generation
        assert_eq!(&columns[4..7], ["yes", "yes", "yes"], "{row}");
    }
    let text = common::tool("pdftotext", &["-layout", &pdf, "-"]);
    for needle in [
        "Northwind Logistics",
        "Executive summary",
        "ISO/IEC 20000-1:2018 readiness",
        "Verdict: not ready",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
}
