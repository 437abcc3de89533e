#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn content_dir() -> PathBuf {
    fixtures().join("content")
}

/// The binary with the fixture catalogs loaded and colour off.
pub fn cli() -> Command {
    let mut cmd = Command::cargo_bin("itsm-assess").expect("binary is built");
    cmd.arg("--catalog-dir").arg(content_dir()).env("NO_COLOR", "1");
    cmd
}

/// The bundled content alone.
pub fn bare_cli() -> Command {
    let mut cmd = Command::cargo_bin("itsm-assess").expect("binary is built");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// A copy of a fixture workspace in a fresh temporary folder.
pub fn workspace(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixtures().join("workspaces").join(name), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy fixture");
        }
    }
}

/// Every file under a folder with its bytes, to show a command wrote nothing.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read file");
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

pub fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::write(path, text).expect("write fixture file");
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The bundled worked example assessment.
pub fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/examples/northwind")
}

/// The example's report in `format`, written as `report.<format>` into `dir`.
pub fn example_report(dir: &Path, format: &str) -> PathBuf {
    let path = dir.join(format!("report.{format}"));
    bare_cli()
        .arg("report")
        .arg(example_dir())
        .args(["--format", format, "-o"])
        .arg(&path)
        .assert()
        .success();
    path
}

/// Runs an outside tool, which must succeed, and returns what it printed.
pub fn tool(program: &str, args: &[&str]) -> String {
    let output = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    assert!(
        output.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Text a hostile catalog, questionnaire or response file may hold: markup, a script, a
/// `javascript:` link, table pipes, a heading at a line start, a newline, a lone carriage return,
/// a terminal colour escape and a right-to-left override.
pub const HOSTILE: &str = "<script>alert(1)</script> | `tick` [x](javascript:alert(1)) *star* _under_\n# heading\rlone CR \u{1b}[31mred \u{202e}evil";

/// The catalog folder whose every name, title and scale level is hostile text.
pub fn hostile_content_dir() -> PathBuf {
    fixtures().join("hostile")
}

/// The binary with the hostile catalog loaded and colour off.
pub fn hostile_cli() -> Command {
    let mut cmd = Command::cargo_bin("itsm-assess").expect("binary is built");
    cmd.arg("--catalog-dir").arg(hostile_content_dir()).env("NO_COLOR", "1");
    cmd
}

/// How often `pattern` occurs in `text` not escaped by a backslash (an even run of backslashes
/// before it escapes only themselves).
pub fn unescaped_count(text: &str, pattern: &str) -> usize {
    text.match_indices(pattern)
        .filter(|(at, _)| text[..*at].chars().rev().take_while(|&c| c == '\\').count() % 2 == 0)
        .count()
}

/// Markdown in which no user text acts as markup: no script, no link, no raw control character,
/// and every table row with the column count of its header.
pub fn assert_safe_markdown(md: &str) {
    assert_eq!(unescaped_count(md, "<script"), 0, "an unescaped <script in\n{md}");
    assert_eq!(unescaped_count(md, "](javascript:"), 0, "a raw link in\n{md}");
    assert!(!md.contains('\r'), "a raw carriage return");
    assert!(
        !md.contains('\u{1b}') && !md.contains('\u{202e}'),
        "a raw escape or override"
    );
    let mut header_pipes: Option<usize> = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            header_pipes = None;
            continue;
        }
        let pipes = unescaped_count(line, "|");
        let expected = *header_pipes.get_or_insert(pipes);
        assert_eq!(pipes, expected, "a table row with another column count: {line}");
    }
}

/// Terminal output with nothing a terminal would act on.
pub fn assert_safe_terminal(text: &str) {
    assert!(!text.contains('\u{1b}'), "a raw escape in\n{text}");
    assert!(!text.contains('\u{202e}'), "a raw right-to-left override in\n{text}");
    assert!(!text.contains('\r'), "a raw carriage return in\n{text}");
}

/// The answers of an assessment as its report model gives them: (question, answer, comment,
/// evidence), every question in scope.
pub fn report_answers(ws: &Path) -> Vec<(String, serde_json::Value, String, String)> {
    let output = bare_cli()
        .arg("report")
        .arg(ws)
        .args(["--format", "json", "-o", "-"])
        .output()
        .expect("report runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("report JSON");
    report["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .flat_map(|s| s["answers"].as_array().cloned().unwrap_or_default())
        .map(|a| {
            (
                a["question"].as_str().unwrap_or_default().to_string(),
                a["answer"].clone(),
                a["comment"].as_str().unwrap_or_default().to_string(),
                a["evidence"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}
