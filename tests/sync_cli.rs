//! `sync`: after the scope grows, the questions newly in scope get rows in the first response
//! file; no existing cell changes, rows out of scope stay, and the previous file is kept.

mod common;

use std::path::{Path, PathBuf};

use common::{bare_cli, snapshot, stdout_of};
use serde_json::Value;

/// An assessment of Lean IT alone, some answers filled in, then ITIL 4 added to its scope.
fn widened(dir: &Path, delimiter: u8, crlf: bool) -> PathBuf {
    let ws = dir.join("client");
    bare_cli()
        .arg("init")
        .arg(&ws)
        .args(["--org", "Client", "--date", "2026-01-05", "--frameworks", "leanit"])
        .assert()
        .success();
    let file = ws.join("responses.csv");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    writer.write_record(&headers).unwrap();
    for (i, record) in reader.records().enumerate() {
        let mut row: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        row[3] = (i % 6).to_string();
        row[4] = format!("comment {i}; with \"quotes\"\nand a line break");
        writer.write_record(&row).unwrap();
    }
    std::fs::write(&file, writer.into_inner().unwrap()).unwrap();
    widen(&ws, &["leanit", "itil4"]);
    ws
}

fn widen(ws: &Path, frameworks: &[&str]) {
    let file = ws.join("assessment.json");
    let mut assessment: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assessment["frameworks"] = serde_json::json!(frameworks);
    std::fs::write(&file, serde_json::to_string_pretty(&assessment).unwrap()).unwrap();
}

fn answers(ws: &Path) -> Vec<(String, Value, String)> {
    common::report_answers(ws)
        .into_iter()
        .map(|(id, answer, comment, _)| (id, answer, comment))
        .collect()
}

#[test]
fn sync_appends_the_new_rows_after_the_file_unchanged_and_keeps_the_previous_file() {
    for (delimiter, crlf) in [(b',', false), (b';', true)] {
        let dir = tempfile::tempdir().unwrap();
        let ws = widened(dir.path(), delimiter, crlf);
        let file = ws.join("responses.csv");
        let before = std::fs::read(&file).unwrap();
        let validate = bare_cli().arg("validate").arg(&ws).output().unwrap();
        assert!(
            stdout_of(&validate).contains("unanswered"),
            "before: {}",
            stdout_of(&validate)
        );

        let output = bare_cli().arg("sync").arg(&ws).output().unwrap();
        assert!(output.status.success());
        let said = stdout_of(&output);
        assert!(said.starts_with("added "), "{said}");
        assert!(said.contains("(the previous file is kept as "), "{said}");

        let after = std::fs::read(&file).unwrap();
        assert_eq!(&after[..before.len()], &before[..], "every existing byte kept");
        let added = String::from_utf8(after[before.len()..].to_vec()).unwrap();
        assert!(added.starts_with("GOV-"), "{}", &added[..80]);
        assert_eq!(added.contains("\r\n"), crlf, "the file's line ends");
        assert!(
            added.lines().next().unwrap().contains(char::from(delimiter)),
            "the file's delimiter"
        );
        assert_eq!(
            std::fs::read(ws.join("responses.csv.1")).unwrap(),
            before,
            "previous file kept"
        );

        let scores = bare_cli().arg("validate").arg(&ws).output().unwrap();
        assert!(scores.status.success(), "{}", String::from_utf8_lossy(&scores.stderr));

        // Nothing left to add: nothing written, no second backup.
        let again = bare_cli().arg("sync").arg(&ws).output().unwrap();
        assert!(
            stdout_of(&again).contains("in line with the scope"),
            "{}",
            stdout_of(&again)
        );
        assert_eq!(std::fs::read(&file).unwrap(), after);
        assert!(!ws.join("responses.csv.2").exists());
    }
}

#[test]
fn rows_out_of_scope_stay_and_are_listed_and_a_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = widened(dir.path(), b',', false);
    let answered_before = answers(&ws);
    widen(&ws, &["itil4"]);
    let untouched = snapshot(&ws);
    let output = bare_cli().arg("sync").arg(&ws).arg("--dry-run").output().unwrap();
    assert!(output.status.success());
    assert!(stdout_of(&output).starts_with("would add "), "{}", stdout_of(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("rows whose question maps no framework in scope"),
        "{stderr}"
    );
    assert!(stderr.contains("LEAN-"), "{stderr}");
    assert_eq!(snapshot(&ws), untouched, "a dry run writes nothing");

    bare_cli().arg("sync").arg(&ws).assert().success();
    widen(&ws, &["leanit", "itil4"]);
    let answered_after = answers(&ws);
    for row in answered_before {
        assert!(answered_after.contains(&row), "{row:?} kept");
    }
}

#[test]
fn a_workbook_is_written_again_with_every_answer_and_a_json_file_gets_entries() {
    let dir = tempfile::tempdir().unwrap();
    let ws = widened(dir.path(), b',', false);
    widen(&ws, &["leanit"]);
    bare_cli()
        .arg("sheet")
        .arg(&ws)
        .arg("-o")
        .arg(ws.join("answers.xlsx"))
        .assert()
        .success();
    let file = ws.join("assessment.json");
    let mut assessment: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assessment["responses"] = serde_json::json!(["answers.xlsx"]);
    std::fs::write(&file, serde_json::to_string_pretty(&assessment).unwrap()).unwrap();
    let before = answers(&ws);
    widen(&ws, &["leanit", "itil4"]);
    bare_cli().arg("sync").arg(&ws).assert().success();
    assert!(ws.join("answers.xlsx.1").exists());
    let after = answers(&ws);
    for row in &before {
        assert!(after.contains(row), "{row:?} kept in the workbook");
    }
    assert!(after.len() > before.len());
    bare_cli().arg("validate").arg(&ws).assert().success();

    let json = ws.join("answers.json");
    std::fs::write(
        &json,
        r#"{"responses": [{"question_id": "LEAN-01", "answer": 3, "comment": "seen"}]}"#,
    )
    .unwrap();
    assessment["responses"] = serde_json::json!(["answers.json"]);
    assessment["frameworks"] = serde_json::json!(["leanit"]);
    std::fs::write(&file, serde_json::to_string_pretty(&assessment).unwrap()).unwrap();
    bare_cli().arg("sync").arg(&ws).assert().success();
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let list = written["responses"].as_array().unwrap();
    assert_eq!(
        list[0],
        serde_json::json!({"question_id": "LEAN-01", "answer": 3, "comment": "seen"})
    );
    assert!(list.len() > 20);
    assert!(list[1..].iter().all(|e| e["answer"].is_null()));
}
