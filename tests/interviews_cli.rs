//! Several interviewees: each response file names its interview, answers to the same question are
//! consolidated (the median, rounded down) and the ones two levels apart are listed with who said
//! what; `consolidate` writes them for the assessor, whose file then settles them.

mod common;

use std::path::{Path, PathBuf};

use common::{bare_cli, copy_dir, stderr_of, stdout_of};
use serde_json::Value;

fn harbourline() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/examples/harbourline")
}

/// Harbourline's answers split into two interviews that overlap on rows 30 to 59, the second
/// interviewee two levels lower on the first five of them; `responses` as `assessment.json` lists them.
fn two_interviews(dir: &Path, responses: &Value) -> PathBuf {
    let ws = dir.join("hb");
    copy_dir(&harbourline(), &ws);
    let text = std::fs::read_to_string(ws.join("responses.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let answer = headers.iter().position(|h| h == "answer").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let write = |name: &str, rows: &[csv::StringRecord], lower: usize| {
        let mut writer = csv::Writer::from_path(ws.join(name)).unwrap();
        writer.write_record(&headers).unwrap();
        for (i, row) in rows.iter().enumerate() {
            let mut cells: Vec<String> = row.iter().map(str::to_string).collect();
            if i < lower {
                if let Ok(level) = cells[answer].parse::<u8>() {
                    cells[answer] = level.saturating_sub(2).to_string();
                }
            }
            writer.write_record(&cells).unwrap();
        }
    };
    write("cio.csv", &rows[..60], 0);
    write("desk.csv", &rows[30..90], 5);
    let file = ws.join("assessment.json");
    let mut assessment: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assessment["responses"] = responses.clone();
    std::fs::write(&file, serde_json::to_string_pretty(&assessment).unwrap()).unwrap();
    ws
}

fn named() -> Value {
    serde_json::json!([{"file": "cio.csv", "interview": "INT-01"}, {"file": "desk.csv", "interview": "INT-03"}])
}

fn report_json(ws: &Path) -> Value {
    let output = bare_cli()
        .arg("report")
        .arg(ws)
        .args(["--format", "json", "-o", "-"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn two_named_interviewees_merge_by_the_median_and_their_disagreements_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let ws = two_interviews(dir.path(), &named());
    let output = bare_cli().arg("validate").arg(&ws).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert_eq!(stderr.matches("disagreement on ").count(), 5, "{stderr}");
    assert!(
        stderr.contains("Katrin Ahlberg (Director of Digital & IT) ")
            && stderr.contains("Amira Haddad (Service Desk Manager) "),
        "{stderr}"
    );
    assert!(stderr.contains("5 disagreements to resolve"), "{stderr}");

    let report = report_json(&ws);
    let disagreements = report["disagreements"].as_array().unwrap();
    assert_eq!(disagreements.len(), 5);
    let first = &disagreements[0];
    assert_eq!(first["voices"].as_array().unwrap().len(), 2);
    assert_eq!(first["how"], "the median, rounded down; not yet settled");
    // Of two answers the median rounded down is the lower one.
    let lower = first["voices"][1].as_str().unwrap().split(": ").nth(1).unwrap();
    assert_eq!(first["scored"].as_str().unwrap(), lower);
    let files = report["meta"]["response_files"].as_array().unwrap();
    assert_eq!(
        files[0]["label"],
        "cio.csv: Katrin Ahlberg (Director of Digital & IT), interviewed 2026-10-26"
    );
}

#[test]
fn the_same_question_in_two_unnamed_files_is_still_a_duplicate_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let ws = two_interviews(dir.path(), &serde_json::json!(["cio.csv", "desk.csv"]));
    let output = bare_cli().arg("validate").arg(&ws).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("duplicate question id"), "{stderr}");
    assert!(
        stderr.contains("name the respondent of each file in assessment.json"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_interview_or_field_is_named_with_the_nearest() {
    for (listed, needles) in [
        (
            serde_json::json!([{"file": "cio.csv", "interview": "INT-1"}, {"file": "desk.csv", "interview": "INT-03"}]),
            &[
                "responses[0].interview: unknown interview (found INT-1",
                "did you mean INT-01?",
            ][..],
        ),
        (
            serde_json::json!([{"file": "cio.csv", "interview": "INT-01"}, {"file": "desk.csv", "who": "x"}]),
            &["responses[1].who: unknown field (found who, expected one of file, interview, consolidated)"][..],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let ws = two_interviews(dir.path(), &listed);
        let output = bare_cli().arg("validate").arg(&ws).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = stderr_of(&output);
        for needle in needles {
            assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
        }
    }
}

#[test]
fn consolidate_writes_the_shared_questions_and_the_assessors_file_settles_them() {
    let dir = tempfile::tempdir().unwrap();
    let ws = two_interviews(dir.path(), &named());
    let output = bare_cli().arg("consolidate").arg(&ws).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stdout_of(&output).starts_with("30 questions answered by more than one interviewee, 5 of them a disagreement"),
        "{}",
        stdout_of(&output)
    );
    let file = ws.join("consolidated.csv");
    let mut reader = csv::Reader::from_path(&file).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .unwrap()
    };
    let (id, answer, comment) = (column("question_id"), column("answer"), column("comment"));
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 30);
    assert!(
        rows[0][comment].starts_with("Katrin Ahlberg (Director of Digital & IT): "),
        "{}",
        rows[0][comment]
    );

    // The assessor settles the first disagreement at 4.
    let report = report_json(&ws);
    let question = report["disagreements"][0]["question"].as_str().unwrap().to_string();
    let row = rows.iter_mut().find(|r| r[id] == question).unwrap();
    row[answer] = "4".into();
    let mut writer = csv::Writer::from_path(&file).unwrap();
    writer.write_record(&headers).unwrap();
    for row in &rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
    let mut listed = named();
    listed
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"file": "consolidated.csv", "consolidated": true}));
    let assessment_file = ws.join("assessment.json");
    let mut assessment: Value = serde_json::from_str(&std::fs::read_to_string(&assessment_file).unwrap()).unwrap();
    assessment["responses"] = listed;
    std::fs::write(&assessment_file, serde_json::to_string_pretty(&assessment).unwrap()).unwrap();

    let report = report_json(&ws);
    let settled = &report["disagreements"][0];
    assert_eq!(settled["question"], question.as_str());
    assert_eq!(settled["how"], "settled by the assessor");
    assert!(settled["scored"].as_str().unwrap().starts_with("4 "));
    let output = bare_cli().arg("validate").arg(&ws).output().unwrap();
    assert!(
        !stderr_of(&output).contains("disagreements to resolve"),
        "all settled by the consolidated file"
    );

    // The consolidated file is an input now: consolidate refuses to write over it.
    let again = bare_cli().arg("consolidate").arg(&ws).arg("--force").output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr_of(&again).contains("refusing to write over a response file"));
}

#[test]
fn one_file_may_name_the_respondent_of_each_row() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("client");
    bare_cli()
        .arg("init")
        .arg(&ws)
        .args(["--org", "Client", "--date", "2026-01-05", "--frameworks", "leanit"])
        .assert()
        .success();
    std::fs::write(
        ws.join("responses.csv"),
        "question_id,answer,comment,respondent\nLEAN-01,4,board shown,Ana Ruiz (Team lead)\nLEAN-01,1,no board here,Ben Ode (Analyst)\nLEAN-02,3,,Ana Ruiz (Team lead)\n",
    )
    .unwrap();
    let output = bare_cli().arg("validate").arg(&ws).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("disagreement on LEAN-01: Ana Ruiz (Team lead) 4, Ben Ode (Analyst) 1; scored 1 Initial"),
        "{stderr}"
    );
    // The same respondent twice on one question is still a duplicate.
    std::fs::write(
        ws.join("responses.csv"),
        "question_id,answer,respondent\nLEAN-01,4,Ana Ruiz\nLEAN-01,2,Ana Ruiz\n",
    )
    .unwrap();
    let output = bare_cli().arg("validate").arg(&ws).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("duplicate question id"));
}

#[test]
fn the_assessors_note_on_a_question_left_blank_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("client");
    bare_cli()
        .arg("init")
        .arg(&ws)
        .args(["--org", "Client", "--date", "2026-01-05", "--frameworks", "leanit"])
        .assert()
        .success();
    std::fs::write(
        ws.join("responses.csv"),
        "question_id,answer,comment\nLEAN-01,,Not settled: a follow-up is booked\nLEAN-02,,Not covered in any interview\n",
    )
    .unwrap();
    std::fs::write(
        ws.join("ana.csv"),
        "question_id,answer,comment\nLEAN-01,3,board shown\n",
    )
    .unwrap();
    let file = ws.join("assessment.json");
    let mut assessment: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assessment["interviews"] =
        serde_json::json!([{"id": "INT-01", "person": "Ana Ruiz", "role": "Team lead", "date": "2026-01-04"}]);
    assessment["responses"] = serde_json::json!([{"file": "responses.csv", "consolidated": true}, {"file": "ana.csv", "interview": "INT-01"}]);
    std::fs::write(&file, serde_json::to_string_pretty(&assessment).unwrap()).unwrap();
    let answers = common::report_answers(&ws);
    let find = |id: &str| answers.iter().find(|a| a.0 == id).unwrap().clone();
    let (_, answer, comment, _) = find("LEAN-01");
    assert_eq!(
        answer,
        serde_json::json!(3),
        "the interview answers where the assessor left it blank"
    );
    assert_eq!(comment, "Assessor: Not settled: a follow-up is booked\nboard shown");
    assert_eq!(find("LEAN-02").2, "Not covered in any interview");
}
