//! Every output of the bundled example and of the test fixture, pinned whole: terminal tables
//! (colour off), JSON, CSV, Markdown, HTML, and the PDFs' text page by page with their page count.
//! A change to any output shows as a snapshot diff to review (`cargo insta review`, or
//! `INSTA_UPDATE=always cargo test --test snapshots` and `git diff`).

mod common;

use std::path::Path;

use common::*;

/// The paths that differ between machines, replaced by stable names.
fn normalise(text: &str, places: &[(&Path, &str)]) -> String {
    let mut text = text.to_string();
    for (path, name) in places {
        text = text.replace(&path.display().to_string(), name);
    }
    text
}

struct Subject {
    name: &'static str,
    dir: std::path::PathBuf,
    catalogs: bool,
    _temp: Option<tempfile::TempDir>,
}

impl Subject {
    fn example() -> Subject {
        Subject {
            name: "example",
            dir: example_dir(),
            catalogs: false,
            _temp: None,
        }
    }

    /// The second bundled example, at high maturity.
    fn high_maturity() -> Subject {
        Subject {
            name: "harbourline",
            dir: example_dir().with_file_name("harbourline"),
            catalogs: false,
            _temp: None,
        }
    }

    fn fixture() -> Subject {
        let temp = workspace("basic");
        Subject {
            name: "fixture",
            dir: temp.path().to_path_buf(),
            catalogs: true,
            _temp: Some(temp),
        }
    }

    fn run(&self, args: &[&str]) -> Vec<u8> {
        let mut cmd = if self.catalogs { cli() } else { bare_cli() };
        let output = cmd.args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr_of(&output));
        output.stdout
    }

    /// A command on this assessment, its standard output as text with paths normalised.
    fn text(&self, command: &str, args: &[&str]) -> String {
        let dir = self.dir.display().to_string();
        let mut all = vec![command, dir.as_str()];
        all.extend_from_slice(args);
        let stdout = String::from_utf8(self.run(&all)).expect("UTF-8 output");
        normalise(
            &stdout,
            &[
                (&self.dir, "[ASSESSMENT]"),
                (Path::new(env!("CARGO_MANIFEST_DIR")), "[ROOT]"),
            ],
        )
    }

    fn pdf_text(&self, command: &str, args: &[&str]) -> String {
        let dir = self.dir.display().to_string();
        let mut all = vec![command, dir.as_str(), "--format", "pdf", "-o", "-"];
        all.extend_from_slice(args);
        let bytes = self.run(&all);
        let doc = lopdf::Document::load_mem(&bytes).expect("a readable PDF");
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        let mut text = format!("{} pages\n", pages.len());
        for page in &pages {
            text.push_str(&format!("\n--- page {page} ---\n"));
            text.push_str(&doc.extract_text(&[*page]).expect("extractable text"));
        }
        normalise(&text, &[(&self.dir, "[ASSESSMENT]")])
    }

    fn pin(&self, what: &str, output: &str) {
        insta::assert_snapshot!(format!("{}__{what}", self.name), output);
    }
}

fn pin_engine_outputs(s: &Subject) {
    s.pin("validate", &s.text("validate", &[]));
    for format in ["table", "json", "csv"] {
        s.pin(&format!("score_{format}"), &s.text("score", &["--format", format]));
    }
    for format in ["table", "md", "csv", "json"] {
        s.pin(&format!("roadmap_{format}"), &s.text("roadmap", &["--format", format]));
    }
    for format in ["html", "md", "json", "csv"] {
        s.pin(
            &format!("report_{format}"),
            &s.text("report", &["--format", format, "-o", "-"]),
        );
    }
}

#[test]
fn example_outputs() {
    let s = Subject::example();
    pin_engine_outputs(&s);
    for format in ["table", "md", "json", "csv", "soa-csv", "html"] {
        s.pin(
            &format!("readiness_{format}"),
            &s.text("readiness", &["--format", format, "-o", "-"]),
        );
    }
}

#[test]
fn example_pdfs() {
    let s = Subject::example();
    s.pin("report_pdf_text", &s.pdf_text("report", &[]));
    s.pin("readiness_pdf_text", &s.pdf_text("readiness", &[]));
}

/// The reference outputs of the high-maturity example: scores, readiness and the roadmap.
#[test]
fn high_maturity_example_outputs() {
    let s = Subject::high_maturity();
    s.pin("validate", &s.text("validate", &[]));
    for format in ["table", "json"] {
        s.pin(&format!("score_{format}"), &s.text("score", &["--format", format]));
        s.pin(
            &format!("readiness_{format}"),
            &s.text("readiness", &["--format", format]),
        );
        s.pin(&format!("roadmap_{format}"), &s.text("roadmap", &["--format", format]));
    }
}

#[test]
fn fixture_outputs() {
    let s = Subject::fixture();
    pin_engine_outputs(&s);
    s.pin("report_pdf_text", &s.pdf_text("report", &[]));
}

#[test]
fn catalog_listings() {
    let bundled = Subject::example();
    let list = String::from_utf8(bundled.run(&["frameworks"])).unwrap();
    insta::assert_snapshot!("frameworks", list);
    for format in ["table", "json", "csv", "md"] {
        let shown = String::from_utf8(bundled.run(&["frameworks", "show", "iso20000", "--format", format])).unwrap();
        insta::assert_snapshot!(format!("frameworks_show_iso20000_{format}"), shown);
    }
    let fixture = Subject::fixture();
    let shown = String::from_utf8(fixture.run(&["frameworks", "show", "alpha", "--format", "table"])).unwrap();
    insta::assert_snapshot!(
        "frameworks_show_alpha_table",
        normalise(&shown, &[(&content_dir(), "[CONTENT]")])
    );
}

/// The two bundled rounds of Northwind compared, and the follow-up's report with its baseline.
#[test]
fn follow_up_round_outputs() {
    let s = Subject {
        name: "followup",
        dir: example_dir().with_file_name("northwind-followup"),
        catalogs: false,
        _temp: None,
    };
    s.pin("validate", &s.text("validate", &[]));
    let first = example_dir();
    for format in ["table", "md", "json", "csv", "html"] {
        let output = bare_cli()
            .arg("compare")
            .arg(&first)
            .arg(&s.dir)
            .args(["--format", format])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        s.pin(&format!("compare_{format}"), &String::from_utf8(output.stdout).unwrap());
    }
    s.pin("report_md", &s.text("report", &["--format", "md", "-o", "-"]));
}

/// The bundled examples as a portfolio, and Harbourline placed among them.
#[test]
fn portfolio_outputs() {
    let examples = example_dir().parent().unwrap().to_path_buf();
    let harbourline = example_dir().with_file_name("harbourline");
    let run = |extra: &[&str]| {
        let output = bare_cli().arg("portfolio").arg(&examples).args(extra).output().unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        String::from_utf8(output.stdout).unwrap()
    };
    insta::assert_snapshot!("portfolio_md", run(&["--format", "md"]));
    insta::assert_snapshot!("portfolio_csv", run(&["--format", "csv"]));
    let client = ["--client", harbourline.to_str().unwrap(), "--min-peers", "1"];
    insta::assert_snapshot!("portfolio_client_table", run(&client));
    insta::assert_snapshot!(
        "portfolio_client_html",
        run(&[&client[..], &["--format", "html"]].concat())
    );
}
