//! The example PDF checked by outside tools: qpdf's structural check, pdffonts (every font
//! embedded) and pdftotext (text extractable). Ignored by `cargo test` because the tools come from
//! Debian (qpdf, poppler-utils); `.ci/run` installs them and runs these tests.

mod common;

use std::path::Path;
use std::process::Command;

fn example_pdf(dir: &Path) -> String {
    let pdf = dir.join("report.pdf");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/examples/northwind");
    common::bare_cli()
        .arg("report")
        .arg(example)
        .args(["--format", "pdf", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    pdf.to_string_lossy().into_owned()
}

fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    assert!(
        output.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
#[ignore = "needs Debian qpdf; run by .ci/run"]
fn qpdf_finds_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = example_pdf(dir.path());
    let out = run("qpdf", &["--check", &pdf]);
    assert!(out.contains("No syntax or stream encoding errors found"), "{out}");
}

#[test]
#[ignore = "needs Debian poppler-utils; run by .ci/run"]
fn every_font_is_embedded_and_subset_and_text_extracts() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = example_pdf(dir.path());
    let fonts = run("pdffonts", &[&pdf]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{fonts}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        // name, type (two words), encoding, emb, sub, uni, object, generation
        assert_eq!(&columns[4..7], ["yes", "yes", "yes"], "{row}");
    }
    let text = run("pdftotext", &["-layout", &pdf, "-"]);
    for needle in [
        "Northwind Logistics",
        "Executive summary",
        "ISO/IEC 20000-1:2018 readiness",
        "Verdict: not ready",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
}
