//! The HTML report as a browser shows and prints it. These tests need tools from outside cargo
//! (Debian's chromium and poppler-utils), so they are ignored by `cargo test`; `.ci/run` installs
//! the tools and runs them with `cargo test --test browser -- --ignored`.

mod common;

use std::path::Path;
use std::process::Command;

fn chromium(args: &[&str], profile: &Path) -> std::process::Output {
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium runs (apt-get install chromium)")
}

#[test]
#[ignore = "needs Debian chromium and poppler-utils; run by .ci/run"]
fn html_report_prints_to_a_sensible_a4_pdf_with_its_charts() {
    let dir = tempfile::tempdir().unwrap();
    let html = common::example_report(dir.path(), "html");
    let pdf = dir.path().join("report.pdf");
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", html.display());
    let output = chromium(
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
            &url,
        ],
        profile.path(),
    );
    assert!(
        pdf.exists(),
        "chromium printed nothing: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pdf = pdf.to_string_lossy().into_owned();
    let info = common::tool("pdfinfo", &[&pdf]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    // About half a page per question answered, in the appendix: 249 questions print to about 130.
    assert!((20..=160).contains(&pages), "{pages} pages");
    assert!(info.contains("(A4)"), "A4 pages: {info}");
    let text = common::tool("pdftotext", &["-layout", &pdf, "-"]);
    assert_eq!(
        text.matches("Current score").count(),
        4,
        "a radar legend for each framework of four domains or more (ITIL 4 has four with its value system)"
    );
    assert!(text.contains("not scored"), "the heat map legend is printed");
    for heading in [
        "Executive summary",
        "Heat map",
        "Gap register",
        "Improvement roadmap",
        "Appendix: answers",
        "Method",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    assert!(text.contains("Verdict: not ready"));
}

#[test]
#[ignore = "needs Debian chromium; run by .ci/run"]
fn html_report_renders_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let html = common::example_report(dir.path(), "html");
    let png = dir.path().join("shot.png");
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", html.display());
    chromium(
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1280,2000",
            &url,
        ],
        profile.path(),
    );
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert!(bytes.starts_with(b"\x89PNG"));
    assert!(bytes.len() > 50_000, "the page has content ({} bytes)", bytes.len());
}
