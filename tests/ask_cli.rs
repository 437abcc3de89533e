//! `ask` driven by piped input, as at an interview: each answer is saved as it is given, an
//! interruption loses nothing already answered, and `--unanswered` resumes where it stopped.

mod common;

use std::path::{Path, PathBuf};

use common::bare_cli;
use serde_json::Value;

fn lean_only(dir: &Path, sheet: &str) -> PathBuf {
    let ws = dir.join("client");
    bare_cli()
        .arg("init")
        .arg(&ws)
        .args([
            "--org",
            "Client",
            "--date",
            "2026-01-05",
            "--frameworks",
            "leanit",
            "--sheet",
            sheet,
        ])
        .assert()
        .success();
    ws
}

fn ask(ws: &Path, args: &[&str], input: &str) -> std::process::Output {
    bare_cli()
        .arg("ask")
        .arg(ws)
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap()
}

/// (question, answer, comment, evidence) for the answered questions.
fn answered(ws: &Path) -> Vec<(String, Value, String, String)> {
    common::report_answers(ws)
        .into_iter()
        .filter(|a| !a.1.is_null())
        .collect()
}

#[test]
fn piped_answers_are_saved_one_by_one_and_a_bad_level_is_asked_again() {
    let dir = tempfile::tempdir().unwrap();
    let ws = lean_only(dir.path(), "csv");
    let before = std::fs::read(ws.join("responses.csv")).unwrap();
    // LEAN-01: 7 is refused, then 3; LEAN-02 skipped; LEAN-03: na; then stop.
    let output = ask(
        &ws,
        &["--section", "lean"],
        "7\n3\nthe lead, board seen\nboard photo\n\nna\nno such work\n\nq\n",
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("answer out of range"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("[1/30] LEAN-01"), "{stdout}");
    assert!(stdout.contains("saved 2 answers to"), "{stdout}");
    assert_eq!(
        std::fs::read(ws.join("responses.csv.1")).unwrap(),
        before,
        "previous file kept"
    );
    let got = answered(&ws);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        got[0],
        (
            "LEAN-01".into(),
            serde_json::json!(3),
            "the lead, board seen".into(),
            "board photo".into()
        )
    );
    assert_eq!(got[1].1, serde_json::json!("na"));
}

#[test]
fn an_interrupted_session_keeps_its_answers_and_resumes_with_unanswered() {
    let dir = tempfile::tempdir().unwrap();
    let ws = lean_only(dir.path(), "xlsx");
    // Input ends in the middle of the second question: the first answer is already saved.
    let output = ask(&ws, &["--section", "lean"], "4\nsaid so\nseen\n2\nhalf a comm");
    assert!(output.status.success());
    let got = answered(&ws);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "LEAN-01");

    let output = ask(&ws, &["--section", "lean", "--unanswered"], "1\nagain\n\nq\n");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("[1/29] LEAN-02"),
        "resumes at the first unanswered: {stdout}"
    );
    let got = answered(&ws);
    assert_eq!(
        got.iter().map(|g| g.0.as_str()).collect::<Vec<_>>(),
        ["LEAN-01", "LEAN-02"]
    );
    bare_cli().arg("validate").arg(&ws).assert().success();
}

#[test]
fn an_unknown_section_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let ws = lean_only(dir.path(), "csv");
    let output = ask(&ws, &["--section", "nope"], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown section nope (expected one of governance,"));
}
