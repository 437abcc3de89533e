//! The promises about the client's data and about hostile or huge input, each shown end to end:
//! inputs never written, answers never lost, no crash, bounded work, safe writes, positions a
//! spreadsheet user can find, strict parsing.

mod common;

use std::path::Path;

use common::*;
use predicates::prelude::*;
use serde_json::Value;

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn edit_assessment(dir: &Path, edit: impl FnOnce(&mut Value)) {
    let path = dir.join("assessment.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut v);
    write(&path, serde_json::to_string_pretty(&v).unwrap());
}

/// `validate` on `dir` exits 2 and says `needle` on standard error.
fn validate_fails_with(dir: &Path, needle: &str) {
    cli()
        .arg("validate")
        .arg(dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(needle));
}

// --- Inputs are sacred -------------------------------------------------------------------------

#[test]
fn no_report_is_written_over_an_input_even_with_force() {
    let ws = workspace("basic");
    let before = snapshot(ws.path());
    for (format, target) in [
        ("csv", "responses.csv"),
        ("json", "assessment.json"),
        ("md", "./responses.csv"),
    ] {
        cli()
            .arg("report")
            .arg(ws.path())
            .args(["--format", format, "--force", "-o"])
            .arg(ws.path().join(target))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("refusing to write over"))
            .stderr(predicate::str::contains("which this command reads"));
    }
    assert_eq!(snapshot(ws.path()), before);
}

#[test]
fn the_evidence_register_is_an_input_too() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example_dir(), dir.path());
    let before = snapshot(dir.path());
    for (format, target) in [("soa-csv", "evidence.csv"), ("csv", "./evidence.csv")] {
        bare_cli()
            .arg("readiness")
            .arg(dir.path())
            .args(["--format", format, "--force", "-o"])
            .arg(dir.path().join(target))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("refusing to write over"))
            .stderr(predicate::str::contains("the evidence register"));
    }
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn no_output_lands_in_the_catalog_or_templates_folder() {
    let ws = workspace("basic");
    let catalogs = tempfile::tempdir().unwrap();
    copy_dir(&content_dir(), catalogs.path());
    let templates = tempfile::tempdir().unwrap();
    write(&templates.path().join("report.md"), "# {{ r.title }}\n");
    let before = (snapshot(catalogs.path()), snapshot(templates.path()));
    let bin = || {
        let mut cmd = bare_cli();
        cmd.arg("--catalog-dir").arg(catalogs.path());
        cmd
    };
    bin()
        .arg("report")
        .arg(ws.path())
        .args(["--format", "json", "--force", "-o"])
        .arg(catalogs.path().join("frameworks/alpha.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the catalog folder"));
    bin()
        .arg("report")
        .arg(ws.path())
        .args(["--format", "json", "-o"])
        .arg(catalogs.path().join("new.json"))
        .assert()
        .code(2);
    bin()
        .arg("report")
        .arg(ws.path())
        .args(["--format", "md", "--templates"])
        .arg(templates.path())
        .arg("-o")
        .arg(templates.path().join("out.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the templates folder"));
    assert_eq!((snapshot(catalogs.path()), snapshot(templates.path())), before);
}

#[test]
fn init_force_moves_the_previous_answers_to_numbered_backups() {
    let ws = workspace("basic");
    let answers = read(&ws.path().join("responses.csv"));
    let assessment = read(&ws.path().join("assessment.json"));
    write(&ws.path().join("report.html"), "old report");
    write(&ws.path().join("notes.txt"), "the consultant's own notes");
    let init = || {
        cli()
            .arg("init")
            .arg(ws.path())
            .args(["--org", "Other", "--date", "2026-01-01", "--force"])
            .assert()
            .success()
    };
    init()
        .stderr(predicate::str::contains(
            "responses.csv.1 (backup of the previous assessment)",
        ))
        .stderr(predicate::str::contains("assessment.json.1"))
        .stderr(predicate::str::contains("report.html.1"));
    assert_eq!(read(&ws.path().join("responses.csv.1")), answers);
    assert_eq!(read(&ws.path().join("assessment.json.1")), assessment);
    assert_eq!(read(&ws.path().join("report.html.1")), b"old report");
    assert_eq!(read(&ws.path().join("notes.txt")), b"the consultant's own notes");
    assert!(!ws.path().join("report.html").exists());
    // A second start keeps the first backup and numbers the next one.
    init().stderr(predicate::str::contains("responses.csv.2"));
    assert_eq!(read(&ws.path().join("responses.csv.1")), answers);
    assert!(ws.path().join("responses.csv.2").exists());
}

// --- No crash, bounded work ---------------------------------------------------------------------

/// A catalog of `n` controls, each depending on the previous one, the first on the last when
/// `cycle`; a questionnaire maps only the first control, so the rest are unmapped (warnings).
fn chained_content(dir: &Path, n: usize, cycle: bool) {
    let mut controls = String::new();
    for i in 0..n {
        let dep = if i > 0 {
            format!("[\"c{}\"]", i - 1)
        } else if cycle {
            format!("[\"c{}\"]", n - 1)
        } else {
            "[]".into()
        };
        if i > 0 {
            controls.push_str(",\n");
        }
        controls.push_str(&format!(
            "{{\"id\": \"c{i}\", \"title\": \"C{i}\", \"depends_on\": {dep}}}"
        ));
    }
    std::fs::create_dir_all(dir.join("frameworks")).unwrap();
    write(
        &dir.join("frameworks/chain.json"),
        format!(
            "{{\"id\": \"chain\", \"name\": \"Chain\", \"version\": \"1\", \"domains\": [{{\"id\": \"d\", \"name\": \"D\", \"controls\": [\n{controls}\n]}}]}}"
        ),
    );
}

#[test]
fn a_long_dependency_chain_and_a_long_cycle_give_answers_not_crashes() {
    let dir = tempfile::tempdir().unwrap();
    chained_content(dir.path(), 9_000, false);
    let output = bare_cli().arg("lint").arg(dir.path()).output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(0), "{}", &stderr[..stderr.len().min(2000)]);
    // 9,000 unmapped controls: the first 100 are shown, the rest counted.
    assert!(stderr.lines().count() < 120, "{} lines", stderr.lines().count());
    assert!(
        stderr.contains("8900 more warnings not shown"),
        "{}",
        &stderr[stderr.len().saturating_sub(500)..]
    );

    chained_content(dir.path(), 9_000, true);
    let output = bare_cli().arg("lint").arg(dir.path()).output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("control dependencies form a cycle (found c0 -> c8999 -> c8998"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(
        stderr.contains("(8996 more) -> c0"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
}

#[test]
fn a_million_duplicate_rows_give_a_capped_report() {
    let ws = workspace("basic");
    let mut csv = String::from("question_id,answer\n");
    for _ in 0..1_000_000 {
        csv.push_str("M-01,3\n");
    }
    write(&ws.path().join("responses.csv"), csv);
    let output = cli().arg("validate").arg(ws.path()).output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.lines().count() < 220, "{} lines", stderr.lines().count());
    assert!(
        stderr.contains("999899 more errors and 0 more warnings not shown"),
        "{}",
        &stderr[stderr.len() - 400..]
    );
    assert!(stderr.contains("999999 errors found; nothing was written"));
}

#[test]
fn a_megabyte_long_id_is_quoted_short_and_costs_no_hint_search() {
    let ws = workspace("basic");
    let long_id = "M".repeat(1_000_000);
    write(
        &ws.path().join("responses.csv"),
        format!("question_id,answer\n{long_id},3\n"),
    );
    let output = cli().arg("validate").arg(ws.path()).output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.contains("unknown question id"));
    assert!(stderr.contains("more characters)"), "{stderr}");
    assert!(stderr.len() < 1_000, "{} bytes of messages", stderr.len());
}

#[cfg(unix)]
#[test]
fn devices_pipes_and_huge_files_are_refused_without_reading() {
    let ws = workspace("basic");
    let fifo = ws.path().join("pipe.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let huge = ws.path().join("huge.csv");
    std::fs::File::create(&huge).unwrap().set_len(17 * 1024 * 1024).unwrap();
    edit_assessment(ws.path(), |v| {
        v["responses"] = serde_json::json!(["/dev/zero", "pipe.csv", "huge.csv"]);
    });
    let output = cli().arg("validate").arg(ws.path()).output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("/dev/zero: not a regular file (found a device"),
        "{stderr}"
    );
    assert!(
        stderr.contains("pipe.csv: not a regular file (found a named pipe"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "huge.csv: the file is too large (found 17825792 bytes, expected at most 16777216 bytes (16 MiB))"
        ),
        "{stderr}"
    );
}

// --- Terminal safety ---------------------------------------------------------------------------

#[test]
fn escape_sequences_in_input_reach_the_terminal_only_visibly() {
    let ws = workspace("basic");
    write(
        &ws.path().join("responses.csv"),
        "question_id,answer\n\x1b[2J\x1b[31mM-01,3\nM-02,\u{202e}4\n",
    );
    let output = cli().arg("validate").arg(ws.path()).output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(!stderr.contains('\x1b') && !stderr.contains('\u{202e}'), "{stderr:?}");
    assert!(stderr.contains("question \\x1b[2J\\x1b[31mM-01"), "{stderr}");
    assert!(stderr.contains("\\u{202e}4"), "{stderr}");
}

// --- Safe writes -------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn links_and_special_files_at_the_output_path_are_never_replaced() {
    let ws = workspace("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let victim = elsewhere.path().join("victim.txt");
    write(&victim, "keep me");
    let link = ws.path().join("report.html");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let dangling = ws.path().join("dangling.md");
    std::os::unix::fs::symlink(elsewhere.path().join("nothing"), &dangling).unwrap();
    for (target, force) in [(&link, true), (&dangling, false), (&dangling, true)] {
        let mut cmd = cli();
        cmd.arg("report")
            .arg(ws.path())
            .args(["--format", "md", "-o"])
            .arg(target);
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
            .code(2)
            .stderr(predicate::str::contains("refusing to replace a symbolic link"));
    }
    cli()
        .arg("report")
        .arg(ws.path())
        .args(["--format", "md", "--force", "-o", "/dev/null"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to replace a device, pipe or socket"));
    assert_eq!(read(&victim), b"keep me");
    assert!(!elsewhere.path().join("nothing").exists());
    let leftovers: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn two_writers_without_force_never_both_succeed() {
    for _ in 0..5 {
        let ws = workspace("basic");
        let target = ws.path().join("report.md");
        let spawn = || {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("itsm-assess"))
                .arg("--catalog-dir")
                .arg(content_dir())
                .arg("report")
                .arg(ws.path())
                .args(["--format", "md", "-o"])
                .arg(&target)
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        };
        let (mut a, mut b) = (spawn(), spawn());
        let codes = [a.wait().unwrap().code(), b.wait().unwrap().code()];
        assert_eq!(codes.iter().filter(|c| **c == Some(0)).count(), 1, "{codes:?}");
        assert_eq!(codes.iter().filter(|c| **c == Some(2)).count(), 1, "{codes:?}");
    }
}

// --- Positions ---------------------------------------------------------------------------------

#[test]
fn csv_errors_name_the_spreadsheet_row_the_line_and_the_question() {
    let ws = workspace("basic");
    write(
        &ws.path().join("responses.csv"),
        "question_id,answer,comment\nM-01,3,\"one\ntwo\nthree\"\nM-02,7,\nM-03,3,\n",
    );
    validate_fails_with(
        ws.path(),
        "responses.csv:5: row 3, question M-02: answer out of range (found \"7\"",
    );
}

#[test]
fn a_file_saved_with_lone_cr_line_ends_reports_real_lines() {
    let ws = workspace("basic");
    write(&ws.path().join("responses.csv"), "question_id,answer\rM-01,3\rM-02,x\r");
    validate_fails_with(
        ws.path(),
        "responses.csv:3: row 3, question M-02: answer is not a level",
    );
}

#[test]
fn assessment_json_reports_every_problem_at_once_with_hints() {
    let ws = workspace("basic");
    write(
        &ws.path().join("assessment.json"),
        r#"{
  "organisation": "Acme",
  "date": "2026-11-02",
  "frameworks": "alpha",
  "questionnaire": "mini",
  "targets": {
    "default": "three",
    "controls": { "alpha:a1": 2, "alpha:a1": 4 },
    "framework": {}
  }
}"#,
    );
    let output = cli().arg("validate").arg(ws.path()).output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2));
    for needle in [
        "assessment.json:2: organisation: unknown field (found organisation",
        "hint: did you mean organization?",
        "assessment.json:1: missing field organization",
        "assessment.json:4: frameworks: wrong type (found a string, expected a list of strings)",
        "assessment.json:7: targets.default: wrong type (found a string, expected a number)",
        "assessment.json:8: targets.controls[\"alpha:a1\"]: key written twice in one object",
        "the first is on line 8",
        "assessment.json:9: targets.framework: unknown field",
        "did you mean frameworks?",
        "6 errors found",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
}

#[test]
fn control_target_keys_with_dots_get_their_line() {
    let ws = workspace("basic");
    write(
        &ws.path().join("assessment.json"),
        "{\"organization\": \"Acme\", \"date\": \"2026-11-02\", \"frameworks\": [\"alpha\"],\n \"questionnaire\": \"mini\",\n \"targets\": {\"controls\": {\n  \"alpha:a.9\": 3}}}",
    );
    validate_fails_with(
        ws.path(),
        "assessment.json:4: targets.controls[\"alpha:a.9\"]: unknown control of alpha",
    );
}

// --- Strict parsing ----------------------------------------------------------------------------

#[test]
fn near_integers_are_not_rounded_into_levels() {
    let ws = workspace("basic");
    write(
        &ws.path().join("responses.csv"),
        "question_id,answer\nM-01,4.9999999999999999\nM-02,4.0\nM-03, 3 \n",
    );
    let output = cli().arg("validate").arg(ws.path()).output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("row 2, question M-01: answer is not a whole level"),
        "{stderr}"
    );
    assert!(
        stderr.contains("row 3, question M-02: answer is not a whole level"),
        "{stderr}"
    );
    assert!(!stderr.contains("M-03"), "{stderr}");
}

#[test]
fn lint_refuses_huge_weights_and_ids_that_could_break_a_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("frameworks")).unwrap();
    write(
        &dir.path().join("frameworks/odd.json"),
        r#"{"id": "odd", "name": "Odd", "version": "1", "domains": [{"id": "d", "name": "D", "controls": [
  {"id": "x'\"[]", "title": "Quote"},
  {"id": "huge", "title": "Huge", "weight": 1e308}
]}]}"#,
    );
    let output = bare_cli().arg("lint").arg(dir.path()).output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("odd.json:2: domains[0].controls[0].id: control id with characters ids cannot have"),
        "{stderr}"
    );
    assert!(stderr.contains("expected 1 to 64 letters, digits"), "{stderr}");
    assert!(
        stderr.contains("odd.json:3: domains[0].controls[1].weight: weight out of range (found 100000000000"),
        "{stderr}"
    );
}

#[test]
fn a_key_written_twice_in_a_catalog_is_an_error_naming_both_lines() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("twice.json"),
        "{\"id\": \"twice\", \"name\": \"T\",\n \"name\": \"U\", \"version\": \"1\", \"domains\": []}",
    );
    bare_cli()
        .arg("lint")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "twice.json:2: name: key written twice in one object",
        ))
        .stderr(predicate::str::contains("the first is on line 1"));
}

// --- Licence -----------------------------------------------------------------------------------

#[test]
fn the_licence_is_declared_and_shipped() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("license = \"MIT OR Apache-2.0\""));
    let mit = std::fs::read_to_string(root.join("LICENSE-MIT")).unwrap();
    assert!(mit.starts_with("MIT License"));
    let apache = std::fs::read_to_string(root.join("LICENSE-APACHE")).unwrap();
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0"));
    assert!(root.join("reports/fonts/LICENSE-DejaVu.txt").exists());
}

#[test]
fn more_content_than_a_report_can_hold_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    chained_content(dir.path(), 10_001, false);
    bare_cli()
        .arg("lint")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "too many controls in all catalogs and questionnaires (found 10156, expected at most 10000)",
        ));
}

// --- Found by an adversarial pass ----------------------------------------------------------------

#[test]
fn an_assessment_full_of_repeated_or_unknown_keys_is_reported_in_bounded_work() {
    let ws = workspace("basic");
    let repeated: Vec<String> = (0..80_000).map(|_| "\"a\":0".to_string()).collect();
    write(
        &ws.path().join("assessment.json"),
        format!("{{{}}}", repeated.join(",")),
    );
    let output = cli().arg("validate").arg(ws.path()).output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.lines().count() < 320, "{} lines", stderr.lines().count());
    assert!(
        stderr.contains("more errors and 0 more warnings not shown"),
        "{}",
        &stderr[stderr.len() - 300..]
    );
    let unknown: Vec<String> = (0..200_000).map(|i| format!("\"k{i}\":0")).collect();
    write(&ws.path().join("assessment.json"), format!("{{{}}}", unknown.join(",")));
    let output = cli().arg("validate").arg(ws.path()).output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.lines().count() < 320, "{} lines", stderr.lines().count());
}

#[test]
fn a_response_file_is_read_once_and_the_list_is_bounded() {
    let ws = workspace("basic");
    edit_assessment(ws.path(), |v| {
        v["responses"] = serde_json::json!(vec!["responses.csv"; 150]);
    });
    let output = cli().arg("validate").arg(ws.path()).output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("too many response files listed (found 150, expected at most 100)"),
        "{stderr}"
    );
    assert!(stderr.contains("responses[1]: response file listed twice"), "{stderr}");
    edit_assessment(ws.path(), |v| {
        v["responses"] = serde_json::json!(["responses.csv", "./responses.csv"]);
    });
    validate_fails_with(ws.path(), "the same response file is listed twice");
}

#[test]
fn init_refuses_a_folder_in_the_way_before_writing_anything() {
    let ws = tempfile::tempdir().unwrap();
    std::fs::create_dir(ws.path().join("assessment.json")).unwrap();
    cli()
        .arg("init")
        .arg(ws.path())
        .args(["--org", "X", "--date", "2026-01-01", "--force"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to replace a folder"));
    assert!(!ws.path().join("responses.csv").exists());
}

#[test]
fn an_output_in_a_new_subfolder_of_the_catalog_folder_is_refused_up_front() {
    let ws = workspace("basic");
    let catalogs = tempfile::tempdir().unwrap();
    copy_dir(&content_dir(), catalogs.path());
    bare_cli()
        .arg("--catalog-dir")
        .arg(catalogs.path())
        .arg("report")
        .arg(ws.path())
        .args(["--format", "json", "--force", "-o"])
        .arg(catalogs.path().join("sub/x.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the catalog folder"));
}
