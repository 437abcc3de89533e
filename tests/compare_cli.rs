//! `compare`: two rounds of Northwind, the second made from the first with known changes, give
//! the expected score changes, step outcomes and readiness movements in every format.

mod common;

use std::path::{Path, PathBuf};

use common::{bare_cli, copy_dir, example_dir, stdout_of};
use serde_json::Value;

fn run(args: &[&str]) -> String {
    let output = bare_cli().arg("compare").args(args).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    stdout_of(&output)
}

fn json_of(old: &Path, new: &Path) -> Value {
    serde_json::from_str(&run(&[
        &old.to_string_lossy(),
        &new.to_string_lossy(),
        "--format",
        "json",
    ]))
    .unwrap()
}

/// Northwind six months on, with `answers` changed (question id, new answer cell) in every
/// response file, the interviews' included, so that a blank answer leaves the question unanswered.
fn second_round(dir: &Path, answers: &[(String, String)]) -> PathBuf {
    let ws = dir.join("round2");
    copy_dir(&example_dir(), &ws);
    let file = ws.join("assessment.json");
    let mut assessment: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assessment["date"] = "2027-04-16".into();
    std::fs::write(&file, serde_json::to_string_pretty(&assessment).unwrap()).unwrap();
    for entry in assessment["responses"].as_array().unwrap() {
        let name = entry.as_str().or_else(|| entry["file"].as_str()).unwrap();
        change_answers(&ws.join(name), answers);
    }
    ws
}

fn change_answers(sheet: &Path, answers: &[(String, String)]) {
    let text = std::fs::read_to_string(sheet).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let answer = headers.iter().position(|h| h == "answer").unwrap();
    let mut writer = csv::Writer::from_path(sheet).unwrap();
    writer.write_record(&headers).unwrap();
    for record in reader.records() {
        let mut row: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        if let Some((_, value)) = answers.iter().find(|(id, _)| *id == row[0]) {
            row[answer].clone_from(value);
        }
        writer.write_record(&row).unwrap();
    }
    writer.flush().unwrap();
}

#[test]
fn steps_scores_and_readiness_move_as_the_answers_did() {
    let dir = tempfile::tempdir().unwrap();
    let unchanged = second_round(dir.path(), &[]);
    let same = json_of(&example_dir(), &unchanged);
    let due = same["steps"]["due"].as_array().unwrap().clone();
    assert!(due.len() >= 3, "{due:?}");
    assert!(due.iter().all(|s| s["status"] == "not_started"), "nothing changed");
    assert!(
        same["frameworks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["change"]["delta"] == 0.0)
    );
    assert_eq!(same["readiness"]["closed"], serde_json::json!([]));

    // The first due step reached, the second's question answered one level lower, the third blank.
    let step = |i: usize, key: &str| due[i][key].clone();
    let first = step(0, "question").as_str().unwrap().to_string();
    let second = step(1, "question").as_str().unwrap().to_string();
    let third = step(2, "question").as_str().unwrap().to_string();
    let lower = step(1, "from").as_u64().unwrap().saturating_sub(1).to_string();
    let dir2 = tempfile::tempdir().unwrap();
    let moved = second_round(
        dir2.path(),
        &[
            (first.clone(), step(0, "to").to_string()),
            (second.clone(), lower),
            (third.clone(), String::new()),
        ],
    );
    let c = json_of(&example_dir(), &moved);
    let status_of = |question: &str| {
        c["steps"]["due"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["question"] == question)
            .map(|s| s["status"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(status_of(&first), "achieved");
    assert_eq!(status_of(&second), "not_started");
    assert_eq!(status_of(&third), "not_assessed");
    assert_eq!(c["steps"]["achieved"], 1);
    assert_eq!(c["only_old"], serde_json::json!([third]));
    let movers = c["movers"].as_array().unwrap();
    assert!(!movers.is_empty());
    assert!(movers.windows(2).all(|w| w[0]["change"]["delta"].as_f64().unwrap().abs()
        >= w[1]["change"]["delta"].as_f64().unwrap().abs()));
    let summary: Vec<&str> = c["summary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(summary[2].contains(", 1 were achieved, 0 partly, "), "{summary:?}");
    assert!(
        summary
            .iter()
            .any(|l| l.starts_with("ISO/IEC 20000-1 readiness went from not ready to not ready")),
        "{summary:?}"
    );
}

#[test]
fn every_format_says_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let round2 = second_round(dir.path(), &[("SUP-10".into(), "4".into())]);
    let (old, new) = (
        example_dir().to_string_lossy().into_owned(),
        round2.to_string_lossy().into_owned(),
    );
    let table = run(&[&old, &new]);
    assert!(
        table.starts_with("Northwind Logistics assessed on 2026-10-16 and again on 2027-04-16"),
        "{table}"
    );
    assert!(table.contains("Known error database (SUP-10)"), "{table}");
    let md = run(&[&old, &new, "--format", "md"]);
    for heading in [
        "# Northwind Logistics: 2027-04-16 compared with 2026-10-16",
        "## Scores",
        "## Controls that moved most",
        "## Initiatives due by the second round",
    ] {
        assert!(md.contains(heading), "{heading}");
    }
    common::assert_safe_markdown(&md);
    let html = run(&[&old, &new, "--format", "html"]);
    for needle in [
        "<h1>Northwind Logistics</h1>",
        "<h2>Scores</h2>",
        "Initiatives due by 2027-04-16",
        "<style>",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    let csv = run(&[&old, &new, "--format", "csv"]);
    assert!(
        csv.starts_with("framework,control,title,old_score,new_score,change,old_level,new_level"),
        "{csv}"
    );
    let problem = csv
        .lines()
        .find(|l| l.starts_with("itil4,problem-management,"))
        .unwrap();
    let cells: Vec<&str> = problem.split(',').collect();
    assert!(cells[5].parse::<f64>().unwrap() > 0.0, "{problem}");
}

#[test]
fn a_baseline_puts_the_progress_in_every_report_format() {
    let dir = tempfile::tempdir().unwrap();
    let round2 = second_round(dir.path(), &[("SUP-10".into(), "4".into())]);
    let first = dir.path().join("round1");
    copy_dir(&example_dir(), &first);
    let file = round2.join("assessment.json");
    let mut assessment: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assessment["baseline"] = "../round1".into();
    std::fs::write(&file, serde_json::to_string_pretty(&assessment).unwrap()).unwrap();
    let report = |format: &str| {
        let output = bare_cli()
            .arg("report")
            .arg(&round2)
            .args(["--format", format, "-o", "-"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        output.stdout
    };
    let model: Value = serde_json::from_slice(&report("json")).unwrap();
    assert_eq!(model["trend"]["old"]["date"], "2026-10-16");
    assert_eq!(
        model["trend"]["steps"]["achieved"], 1,
        "SUP-10 at 4 reaches the level of its last step due"
    );
    let html = String::from_utf8(report("html")).unwrap();
    assert!(html.contains("<h2>Progress since 2026-10-16</h2>"), "HTML");
    assert!(html.contains(">+"), "signed changes");
    let progress = &html[html.find("<section id=\"progress\"").unwrap()..];
    let progress = &progress[..progress.find("</section>").unwrap()];
    assert_eq!(progress.matches("<figure>").count(), 4, "a chart per framework");
    assert!(progress.contains("the mark shows where it stood on 2026-10-16"));
    let md = String::from_utf8(report("md")).unwrap();
    assert!(md.contains("## Progress since 2026-10-16"), "Markdown");
    let pdf = report("pdf");
    assert!(pdf.starts_with(b"%PDF-"));

    assessment["baseline"] = "../nowhere".into();
    std::fs::write(&file, serde_json::to_string_pretty(&assessment).unwrap()).unwrap();
    let output = bare_cli()
        .arg("report")
        .arg(&round2)
        .args(["-o", "-"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "a baseline that cannot be read is an input error"
    );
}

#[test]
fn a_question_the_sheet_words_otherwise_is_flagged_not_matched_in_silence() {
    let dir = tempfile::tempdir().unwrap();
    let round2 = second_round(dir.path(), &[]);
    let sheet = round2.join("responses.csv");
    let text = std::fs::read_to_string(&sheet).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let question = headers.iter().position(|h| h == "question").unwrap();
    let mut writer = csv::Writer::from_path(&sheet).unwrap();
    writer.write_record(&headers).unwrap();
    for record in reader.records() {
        let mut row: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        if row[0] == "SUP-10" {
            row[question] = "Is there a list of known errors?".into();
        }
        writer.write_record(&row).unwrap();
    }
    writer.flush().unwrap();
    let output = bare_cli().arg("validate").arg(&round2).output().unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("1 question worded in the sheet otherwise than in the questionnaire now"),
        "{stderr}"
    );
    assert!(stderr.contains("SUP-10"), "{stderr}");
    let c = json_of(&example_dir(), &round2);
    assert_eq!(c["reworded"], serde_json::json!(["SUP-10"]));
    assert!(
        c["summary"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l.as_str().unwrap().starts_with("Worded in a round's sheet otherwise"))
    );
}
