//! The readiness command on the bundled ISO/IEC 20000-1 content: verdicts, the exclusion rule,
//! the documented information checklist, the corrective action plan, every format leading with the
//! verdict, and the exit codes of --fail-on.

mod common;

use std::path::Path;

use common::*;
use predicates::prelude::*;
use serde_json::Value;

/// A workspace scoped to ISO/IEC 20000-1 whose questions are answered by `answer(question_id)`,
/// with evidence named on every answer when `evidence` is set.
fn iso_workspace(answer: impl Fn(&str) -> String, evidence: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    bare_cli()
        .arg("init")
        .arg(dir.path())
        .args([
            "--org",
            "Ωmega Services",
            "--date",
            "2026-11-24",
            "--frameworks",
            "iso20000",
            "--force",
        ])
        .assert()
        .success();
    let sheet = std::fs::read_to_string(dir.path().join("responses.csv")).unwrap();
    let mut out = String::from("question_id,answer,comment,evidence\n");
    for line in sheet.lines().skip(1) {
        let id = line.split(',').next().unwrap();
        if id.is_empty() || !id.contains('-') {
            continue;
        }
        let evidence = if evidence {
            format!("Record for {id}")
        } else {
            String::new()
        };
        out.push_str(&format!("{id},{},seen in interview,{evidence}\n", answer(id)));
    }
    write(&dir.path().join("responses.csv"), out);
    dir
}

/// The exit code of `readiness` with these options.
fn gate(dir: &Path, options: &[&str]) -> i32 {
    bare_cli()
        .arg("readiness")
        .arg(dir)
        .args(options)
        .output()
        .unwrap()
        .status
        .code()
        .unwrap_or(-1)
}

fn readiness_json(dir: &Path, extra: &[&str]) -> Value {
    let output = bare_cli()
        .arg("readiness")
        .arg(dir)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The questions of the bundled questionnaire that map a clause.
fn questions_mapping(clause: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/itsm-core.json");
    let q: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    q["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["questions"].as_array().unwrap())
        .filter(|q| {
            q["maps"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["framework"] == "iso20000" && m["control"] == clause)
        })
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn all_at_the_conformity_threshold_is_ready() {
    let ws = iso_workspace(|_| "3".into(), true);
    let v = readiness_json(ws.path(), &[]);
    assert_eq!(v["verdict"], "ready");
    assert_eq!(v["readiness"]["counts"]["conforming"], 57);
    assert_eq!(v["readiness"]["readiness"], 1.0);
    assert!(v["readiness"]["corrective_actions"].as_array().unwrap().is_empty());
    assert_eq!(gate(ws.path(), &["--fail-on", "minor"]), 0);
}

#[test]
fn all_minor_is_ready_with_corrective_actions_and_systemic_groups_can_be_graded_major() {
    let ws = iso_workspace(|_| "2".into(), true);
    let v = readiness_json(ws.path(), &[]);
    assert_eq!(v["verdict"], "ready with corrective actions");
    assert_eq!(v["readiness"]["counts"]["minor"], 57);
    let groups: Vec<&str> = v["readiness"]["systemic_groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert!(groups.contains(&"8.5") && groups.contains(&"7.5"), "{groups:?}");
    assert_eq!(v["readiness"]["corrective_actions"].as_array().unwrap().len(), 57);
    assert_eq!(gate(ws.path(), &["--fail-on", "major"]), 0);
    bare_cli()
        .arg("readiness")
        .arg(ws.path())
        .args(["--fail-on", "minor"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "readiness check failed: Verdict: ready with corrective actions",
        ));
    let v = readiness_json(ws.path(), &["--systemic-as-major"]);
    assert_eq!(v["verdict"], "not ready");
    assert!(v["readiness"]["counts"]["major"].as_u64().unwrap() >= 3);
    assert_eq!(gate(ws.path(), &["--fail-on", "major", "--systemic-as-major"]), 1);
}

#[test]
fn majors_fail_the_gate_and_the_finding_quotes_the_needed_level() {
    let ws = iso_workspace(|_| "1".into(), true);
    let v = readiness_json(ws.path(), &[]);
    assert_eq!(v["verdict"], "not ready");
    assert_eq!(v["readiness"]["counts"]["major"], 57);
    let first = &v["readiness"]["requirements"][0];
    let finding = first["finding"].as_str().unwrap();
    assert!(
        finding.starts_with("Scored 1.00 against the conformity threshold of 3.00 (a major nonconformity"),
        "{finding}"
    );
    assert!(finding.contains("level 3 needs:"), "{finding}");
    let action = &v["readiness"]["corrective_actions"][0];
    assert_eq!(action["clause"], "4.1");
    assert_eq!(
        action["steps"], "SMS-01 to level 2 (backlog); SMS-01 to level 3 (backlog)",
        "the default capacity is full"
    );
    assert_eq!(action["owner"], "");
    let roomy = readiness_json(ws.path(), &["--capacity", "200"]);
    let steps = roomy["readiness"]["corrective_actions"][0]["steps"].as_str().unwrap();
    assert_eq!(steps, "SMS-01 to level 2 (phase 1); SMS-01 to level 3 (phase 2)");
    bare_cli().arg("readiness").arg(ws.path()).assert().code(0);
    assert_eq!(gate(ws.path(), &["--fail-on", "major"]), 1);
}

#[test]
fn na_on_a_requirement_is_an_exclusion_that_is_not_permitted() {
    let excluded = questions_mapping("9.2");
    assert!(!excluded.is_empty());
    let ws = iso_workspace(
        |id| {
            if excluded.iter().any(|e| e == id) {
                "na".into()
            } else {
                "3".into()
            }
        },
        true,
    );
    let v = readiness_json(ws.path(), &[]);
    let requirement = v["readiness"]["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["clause"] == "9.2")
        .unwrap()
        .clone();
    assert_eq!(requirement["classification"], "not_assessed");
    assert_eq!(requirement["exclusion_claimed"], true);
    assert!(
        requirement["finding"]
            .as_str()
            .unwrap()
            .contains("no requirement of ISO/IEC 20000-1 can be excluded")
    );
    assert_eq!(v["verdict"], "not ready");
    bare_cli()
        .arg("readiness")
        .arg(ws.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "not assessed (exclusion claimed: not permitted)",
        ));
    assert_eq!(gate(ws.path(), &["--fail-on", "major"]), 1);
}

#[test]
fn the_checklist_lists_documents_with_no_evidence_named() {
    let ws = iso_workspace(|_| "3".into(), false);
    let v = readiness_json(ws.path(), &[]);
    let missing: Vec<&str> = v["readiness"]["missing_documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(missing.contains(&"Service management policy"), "{missing:?}");
    assert!(missing.contains(&"Service catalogue"), "{missing:?}");
    let with_evidence = iso_workspace(|_| "3".into(), true);
    let v = readiness_json(with_evidence.path(), &[]);
    assert!(v["readiness"]["missing_documents"].as_array().unwrap().is_empty());
    let r41 = &v["readiness"]["requirements"][0];
    assert_eq!(r41["documents"][0]["evidence_named"], true);
    assert!(
        r41["questions"][0]["evidence"]
            .as_str()
            .unwrap()
            .starts_with("Record for")
    );
}

#[test]
fn every_format_leads_with_the_verdict() {
    let ws = iso_workspace(|id| if id.ends_with('1') { "1".into() } else { "3".into() }, true);
    let text = |format: &str| {
        let output = bare_cli()
            .arg("readiness")
            .arg(ws.path())
            .args(["--format", format, "-o", "-"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{format}: {}", stderr_of(&output));
        output.stdout
    };
    let table = String::from_utf8(text("table")).unwrap();
    assert!(table.starts_with("Verdict: not ready. "), "{table}");
    assert!(table.contains("Applicability") && table.contains("Corrective action plan"));
    let md = String::from_utf8(text("md")).unwrap();
    assert!(md.starts_with("**Verdict: not ready.** "), "{md}");
    assert!(md.contains("## Documented information checklist"));
    let json = String::from_utf8(text("json")).unwrap();
    assert!(json.starts_with("{\n  \"verdict\": \"not ready\""), "{json}");
    let csv = String::from_utf8(text("csv")).unwrap();
    assert!(csv.starts_with("verdict,clause,title,classification,finding,roadmap_steps,owner,due_date\r\nnot ready,"));
    let soa = String::from_utf8(text("soa-csv")).unwrap();
    assert_eq!(soa.lines().count(), 58, "a header and all 57 requirements");
    let html = String::from_utf8(text("html")).unwrap();
    let body = &html[html.find("<body>").unwrap()..];
    assert!(body.find("Verdict: not ready").unwrap() < body.find("<h1>").unwrap());
    assert!(html.contains("Ωmega Services"));
    let pdf = text("pdf");
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let page_one = doc.extract_text(&[1]).unwrap();
    assert!(page_one.trim_start().starts_with("Verdict: not ready"), "{page_one}");
}

#[test]
fn readiness_needs_iso20000_in_scope() {
    let dir = tempfile::tempdir().unwrap();
    bare_cli()
        .arg("init")
        .arg(dir.path())
        .args(["--org", "X", "--frameworks", "itil4", "--force"])
        .assert()
        .success();
    bare_cli()
        .arg("readiness")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "ISO/IEC 20000-1 (iso20000) is not in the assessment's scope",
        ));
}

#[test]
fn the_full_report_carries_the_same_readiness() {
    let ws = iso_workspace(|_| "2".into(), true);
    let output = bare_cli()
        .arg("report")
        .arg(ws.path())
        .args(["--format", "json", "-o", "-"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let readiness = readiness_json(ws.path(), &[]);
    assert_eq!(report["readiness"], readiness["readiness"]);
}

#[test]
fn a_hostile_organisation_comments_and_evidence_are_escaped_in_every_text_format() {
    let ws = iso_workspace(|id| if id.ends_with('1') { "1".into() } else { "3".into() }, true);
    let path = ws.path().join("assessment.json");
    let mut assessment: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assessment["organization"] = HOSTILE.into();
    assessment["assessor"] = HOSTILE.into();
    write(&path, serde_json::to_string_pretty(&assessment).unwrap());
    let responses = ws.path().join("responses.csv");
    let quoted = format!("\"{}\"", HOSTILE.replace('"', "\"\""));
    let text = std::fs::read_to_string(&responses)
        .unwrap()
        .replace("seen in interview", &quoted)
        .replace("Record for", &quoted);
    write(&responses, text);
    let output = |format: &str| {
        let output = bare_cli()
            .arg("readiness")
            .arg(ws.path())
            .args(["--format", format, "-o", "-"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{format}: {}", stderr_of(&output));
        stdout_of(&output)
    };
    let md = output("md");
    assert_safe_markdown(&md);
    assert!(
        md.contains("# ISO/IEC 20000-1:2018 readiness: \\<script\\>alert(1)\\</script\\>"),
        "{md}"
    );
    assert!(
        md.contains("\\_under\\_<br>\\# heading<br>lone CR"),
        "comments keep their lines: {md}"
    );
    let table = output("table");
    assert_safe_terminal(&table);
    assert!(
        table.contains("readiness of <script>alert(1)</script> | `tick`"),
        "{table}"
    );
    let html = output("html");
    assert!(!html.contains("<script"), "no script at all");
}
