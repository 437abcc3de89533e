//! The readiness command on the bundled ISO/IEC 20000-1 content: required elements from direct
//! evidence, the major and minor rule, exclusions, the evidence register and stage 1, interviews
//! and samples, the corrective action plan, every format leading with the verdict, and the exit
//! codes of --fail-on.

mod common;

use std::path::Path;

use common::*;
use predicates::prelude::*;
use serde_json::Value;

/// A workspace scoped to ISO/IEC 20000-1 whose questions are answered by `answer(question_id)`,
/// with evidence named on every answer when `evidence` is set, and every document of the
/// evidence register `init` writes marked `seen` when `seen` is set (left blank otherwise).
fn iso_workspace_with(answer: impl Fn(&str) -> String, evidence: bool, seen: bool) -> tempfile::TempDir {
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
    if seen {
        set_documents(dir.path(), |_| "seen");
    }
    dir
}

fn iso_workspace(answer: impl Fn(&str) -> String, evidence: bool) -> tempfile::TempDir {
    iso_workspace_with(answer, evidence, true)
}

/// Rewrites the evidence register with every document `init` listed, each with its status from
/// `status(id)`; the columns a spreadsheet user did not fill are left out.
fn set_documents(dir: &Path, status: impl Fn(&str) -> &'static str) {
    let path = dir.join("evidence.csv");
    let register = std::fs::read_to_string(&path).unwrap();
    let mut out = String::from("document,status,version\n");
    for line in register.lines().skip(1) {
        let id = line.split(',').next().unwrap();
        out.push_str(&format!("{id},{},1.0\n", status(id)));
    }
    write(&path, out);
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

fn requirement(v: &Value, clause: &str) -> Value {
    v["readiness"]["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["clause"] == clause)
        .unwrap()
        .clone()
}

/// The ids of the bundled questions with a mapping for which `wanted` holds.
fn questions_where(wanted: impl Fn(&Value) -> bool) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/itsm-core.json");
    let q: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    q["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["questions"].as_array().unwrap())
        .filter(|q| q["maps"].as_array().unwrap().iter().any(&wanted))
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect()
}

/// The questions of the bundled questionnaire that map a clause with this role.
fn questions_mapping(clause: &str, role: &str) -> Vec<String> {
    questions_where(|m| m["framework"] == "iso20000" && m["control"] == clause && m["role"] == role)
}

#[test]
fn all_at_the_conformity_threshold_with_every_document_seen_is_ready() {
    let ws = iso_workspace(|_| "3".into(), true);
    let v = readiness_json(ws.path(), &[]);
    assert_eq!(v["verdict"], "ready");
    assert_eq!(v["readiness"]["stage1"]["verdict"], "ready");
    assert_eq!(v["readiness"]["stage2"]["counts"]["conforming"], 57);
    assert_eq!(v["readiness"]["readiness"], 1.0);
    assert!(v["readiness"]["corrective_actions"].as_array().unwrap().is_empty());
    assert_eq!(gate(ws.path(), &["--fail-on", "minor"]), 0);
}

#[test]
fn documents_not_recorded_in_the_register_keep_stage_1_from_ready() {
    let ws = iso_workspace_with(|_| "3".into(), true, false);
    let v = readiness_json(ws.path(), &[]);
    assert_eq!(v["readiness"]["stage2"]["verdict"], "ready");
    assert_eq!(v["readiness"]["stage1"]["verdict"], "not_ready");
    let counts = &v["readiness"]["stage1"]["counts"];
    assert_eq!(counts["not_recorded"], counts["required_documents"]);
    assert_eq!(v["verdict"], "not ready", "the weaker of the two stages");
    assert_eq!(gate(ws.path(), &["--fail-on", "major"]), 1);
}

/// The questions that directly evidence an element that must exist and that stage 1 checks (the
/// scope approved, the policy approved, ...): partly met, those are majors.
fn stage1_existence_questions() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("frameworks/iso20000.json")).unwrap()).unwrap();
    let mut elements = Vec::new();
    for domain in catalog["domains"].as_array().unwrap() {
        for control in domain["controls"].as_array().unwrap() {
            for e in control["elements"].as_array().unwrap() {
                if e["existence"] == true && e["stage1"] == true {
                    elements.push((control["id"].clone(), e["id"].clone()));
                }
            }
        }
    }
    questions_where(|m| {
        m["framework"] == "iso20000"
            && m["role"] == "direct"
            && m["elements"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|e| elements.contains(&(m["control"].clone(), e.clone())))
    })
}

#[test]
fn stage_1_existence_elements_partly_met_are_majors_and_the_rest_at_two_minors() {
    let ws = iso_workspace(|_| "2".into(), true);
    let v = readiness_json(ws.path(), &[]);
    assert_eq!(requirement(&v, "4.3")["classification"], "major", "a draft scope");
    assert_eq!(requirement(&v, "4.1")["classification"], "minor");
    assert_eq!(v["readiness"]["stage2"]["verdict"], "not_ready");
    assert_eq!(v["readiness"]["stage1"]["verdict"], "not_ready");
}

#[test]
fn all_minor_is_ready_with_corrective_actions_at_stage_2_and_systemic_groups_can_be_graded_major() {
    let first = stage1_existence_questions();
    assert!(first.contains(&"SMS-03".to_string()), "{first:?}");
    let ws = iso_workspace(
        |id| {
            if first.iter().any(|f| f == id) {
                "3".into()
            } else {
                "2".into()
            }
        },
        true,
    );
    let v = readiness_json(ws.path(), &[]);
    assert_eq!(v["readiness"]["stage2"]["verdict"], "ready_with_corrective_actions");
    assert_eq!(v["readiness"]["stage2"]["counts"]["major"], 0);
    assert!(v["readiness"]["stage2"]["counts"]["minor"].as_u64().unwrap() >= 40);
    assert_eq!(
        v["readiness"]["stage1"]["verdict"], "not_ready",
        "a stage 1 check only partly met stops stage 1"
    );
    assert_eq!(v["verdict"], "not ready");
    let groups: Vec<&str> = v["readiness"]["systemic_groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert!(groups.contains(&"8.5") && groups.contains(&"7.5"), "{groups:?}");
    assert_eq!(
        v["readiness"]["corrective_actions"].as_array().unwrap().len() as u64,
        v["readiness"]["stage2"]["counts"]["minor"].as_u64().unwrap()
    );
    bare_cli()
        .arg("readiness")
        .arg(ws.path())
        .args(["--fail-on", "minor"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "readiness check failed: Verdict: not ready. Stage 1, documentation: not ready.",
        ));
    let v = readiness_json(ws.path(), &["--systemic-as-major"]);
    assert!(v["readiness"]["stage2"]["counts"]["major"].as_u64().unwrap() >= 3);
    assert_eq!(v["readiness"]["stage2"]["verdict"], "not_ready");
}

#[test]
fn majors_fail_the_gate_and_the_finding_says_what_is_absent_and_what_level_is_needed() {
    let ws = iso_workspace(|_| "1".into(), true);
    let v = readiness_json(ws.path(), &[]);
    assert_eq!(v["verdict"], "not ready");
    let counts = &v["readiness"]["stage2"]["counts"];
    assert_eq!(counts["conforming"], 0);
    assert_eq!(
        counts["major"], 57,
        "with every answer at 1 no requirement has an element in place, so each is a major: {counts}"
    );
    let planning = requirement(&v, "6.2.2");
    assert!(
        planning["finding"]
            .as_str()
            .unwrap()
            .starts_with("Major nonconformity: none of its required elements is in place."),
        "{planning}"
    );
    let scope = requirement(&v, "4.3");
    let finding = scope["finding"].as_str().unwrap();
    assert!(
        finding.starts_with("Major nonconformity: something the standard requires to exist is absent."),
        "{finding}"
    );
    assert!(
        finding.contains("Absent, SMS-03 at 1 (Initial)") && finding.contains("Level 3 of SMS-03 reads:"),
        "{finding}"
    );
    let action = &v["readiness"]["corrective_actions"][0];
    assert_eq!(action["clause"], "4.1");
    assert_eq!(
        action["steps"],
        "SMS context analysis (SMS-01) to level 2 in the backlog, to 3 in the backlog; \
         Context changes fed into the SMS (SMS-21) to level 2 in the backlog, to 3 in the backlog",
        "certification work goes first, but the default 60 person-days a phase are shared by 57 majors"
    );
    for blank in ["owner", "due_date", "correction", "root_cause", "corrective_action"] {
        assert_eq!(action[blank], "", "{blank} is the client's to fill in");
    }
    let roomy = readiness_json(ws.path(), &["--capacity", "2000"]);
    let steps = roomy["readiness"]["corrective_actions"][0]["steps"].as_str().unwrap();
    assert_eq!(
        steps,
        "SMS context analysis (SMS-01) to level 2 in phase 1, to 3 in phase 2; \
         Context changes fed into the SMS (SMS-21) to level 2 in phase 2, to 3 in phase 3",
        "SMS-21 depends on SMS-01, so each of its levels follows a phase later"
    );
    let tight = readiness_json(ws.path(), &["--capacity", "5"]);
    let steps = tight["readiness"]["corrective_actions"][0]["steps"].as_str().unwrap();
    assert!(steps.contains("in the backlog"), "{steps}");
    bare_cli().arg("readiness").arg(ws.path()).assert().code(0);
    assert_eq!(gate(ws.path(), &["--fail-on", "major"]), 1);
}

#[test]
fn one_direct_question_at_one_makes_a_nonconformity_that_supporting_answers_cannot_lift() {
    let direct = questions_mapping("8.6.1", "direct");
    let supporting = questions_mapping("8.6.1", "supporting");
    assert!(direct.contains(&"SUP-06".to_string()) && !supporting.is_empty());
    let ws = iso_workspace(
        |id| {
            if id == "SUP-06" {
                "1".into()
            } else if supporting.iter().any(|s| s == id) {
                "5".into()
            } else {
                "4".into()
            }
        },
        true,
    );
    let v = readiness_json(ws.path(), &[]);
    let incident = requirement(&v, "8.6.1");
    assert!(
        incident["score"].as_f64().unwrap() >= 3.0,
        "the old mean would conform: {}",
        incident["score"]
    );
    assert_eq!(incident["classification"], "major");
    assert!(
        incident["finding"].as_str().unwrap().contains("SUP-06 at 1"),
        "{}",
        incident["finding"]
    );
    assert_eq!(incident["supporting"].as_array().unwrap().len(), supporting.len());
    assert_eq!(v["verdict"], "not ready");
}

#[test]
fn na_on_one_direct_question_of_several_is_an_exclusion_that_is_not_permitted() {
    let direct = questions_mapping("9.2", "direct");
    assert!(direct.len() >= 2, "{direct:?}");
    let excluded = direct[0].clone();
    let ws = iso_workspace(|id| if id == excluded { "na".into() } else { "3".into() }, true);
    let v = readiness_json(ws.path(), &[]);
    let audit = requirement(&v, "9.2");
    assert_eq!(audit["classification"], "not_assessed");
    assert_eq!(audit["exclusion_claimed"], true);
    assert!(
        audit["finding"]
            .as_str()
            .unwrap()
            .contains("no requirement of ISO/IEC 20000-1 may be excluded")
    );
    assert_eq!(v["verdict"], "not ready");
    let table = bare_cli().arg("readiness").arg(ws.path()).output().unwrap();
    let table = stdout_of(&table);
    assert!(
        table.contains("not assessed (exclusion claimed: not permitted)"),
        "{table}"
    );
    assert!(table.contains("Exclusion claimed on 9.2: not permitted."), "{table}");
    assert_eq!(gate(ws.path(), &["--fail-on", "major"]), 1);
}

#[test]
fn a_required_document_missing_fails_stage_1_and_a_shared_document_has_one_status() {
    let ws = iso_workspace(|_| "3".into(), true);
    set_documents(ws.path(), |id| match id {
        "sm-policy" => "missing",
        "sms-scope" => "claimed",
        _ => "seen",
    });
    let v = readiness_json(ws.path(), &[]);
    assert_eq!(v["readiness"]["stage1"]["verdict"], "not_ready");
    assert_eq!(v["readiness"]["stage1"]["counts"]["missing"], 1);
    assert_eq!(requirement(&v, "5.2.1")["classification"], "major");
    let scope: Vec<&Value> = v["readiness"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["id"] == "sms-scope")
        .collect();
    assert_eq!(scope.len(), 1, "the scope is one record");
    assert_eq!(scope[0]["status"], "claimed");
    assert_eq!(scope[0]["requirements"], serde_json::json!(["4.3", "7.5.4"]));
    for clause in ["4.3", "7.5.4"] {
        let documents = requirement(&v, clause)["documents"].clone();
        let status = documents
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == "sms-scope")
            .unwrap()["status"]
            .clone();
        assert_eq!(status, "claimed", "{clause}");
    }
    assert!(
        v["readiness"]["observations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["clause"] == "4.3" && o["text"].as_str().unwrap().contains("claimed but was not seen"))
    );
}

#[test]
fn none_seen_written_as_evidence_is_not_a_document() {
    let ws = iso_workspace_with(|_| "3".into(), false, false);
    let responses = ws.path().join("responses.csv");
    let text = std::fs::read_to_string(&responses)
        .unwrap()
        .replace("seen in interview,", "seen in interview,None seen");
    write(&responses, text);
    let v = readiness_json(ws.path(), &[]);
    assert!(requirement(&v, "4.3")["questions"][0]["evidence"] == "None seen");
    let scope = v["readiness"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "sms-scope")
        .unwrap()
        .clone();
    assert_eq!(scope["status"], "not_recorded");
    assert_eq!(v["readiness"]["stage1"]["verdict"], "not_ready");
}

#[test]
fn a_bad_evidence_register_is_reported_row_by_row() {
    let ws = iso_workspace(|_| "3".into(), true);
    write(
        &ws.path().join("evidence.csv"),
        "document,status,date\nsms-scope,yes,\nsm-polcy,seen,\nsms-plan,seen,2026-02-30\nsms-scope,seen,\n",
    );
    bare_cli()
        .arg("readiness")
        .arg(ws.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("evidence.csv:2: row 2: document sms-scope: bad status (found yes, expected seen, claimed, missing or empty)"))
        .stderr(predicate::str::contains("evidence.csv:3: row 3: unknown document (found sm-polcy)"))
        .stderr(predicate::str::contains("did you mean sm-policy?"))
        .stderr(predicate::str::contains("evidence.csv:4: row 4: document sms-plan: bad date"))
        .stderr(predicate::str::contains("evidence.csv:5: row 5: document sms-scope: document listed twice"));
}

#[test]
fn interviews_and_samples_are_checked_shown_and_cited_by_the_requirements_they_cover() {
    let ws = iso_workspace(|_| "3".into(), true);
    let path = ws.path().join("assessment.json");
    let mut a: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    a["interviews"] = serde_json::json!([
        {"id": "INT-1", "person": "Ada Lovelace", "role": "Service desk lead", "date": "2026-11-20", "topics": "incidents", "clauses": ["8.6"]}
    ]);
    a["samples"] = serde_json::json!([
        {"id": "S-1", "what": "Incidents closed in October", "size": 25, "population": 400, "exceptions": 2, "clauses": ["8.6.1"]},
        {"id": "S-2", "what": "Requests fulfilled in October", "size": 20, "exceptions": 5, "clauses": ["8.6.2"]}
    ]);
    write(&path, serde_json::to_string_pretty(&a).unwrap());
    let v = readiness_json(ws.path(), &[]);
    let incident = requirement(&v, "8.6.1");
    assert_eq!(incident["interviews"], serde_json::json!(["INT-1"]));
    assert_eq!(
        requirement(&v, "8.6.3")["interviews"],
        serde_json::json!(["INT-1"]),
        "8.6 covers 8.6.3"
    );
    assert_eq!(requirement(&v, "8.7.1")["interviews"], serde_json::json!([]));
    let evidence: Vec<&str> = incident["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert!(
        evidence.contains(&"Interview INT-1: Ada Lovelace, Service desk lead, 2026-11-20"),
        "{evidence:?}"
    );
    assert!(
        evidence
            .iter()
            .any(|e| e.starts_with("Sample S-1, Incidents closed in October: 25 of 400 checked, 2 exceptions")),
        "{evidence:?}"
    );
    assert!(
        v["readiness"]["observations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["clause"] == "8.6.1" && o["text"].as_str().unwrap().contains("2 exceptions")),
        "exceptions within the tolerance are an observation on a conforming requirement"
    );
    let requests = requirement(&v, "8.6.2");
    assert_eq!(
        requests["classification"], "minor",
        "5 of 20 is beyond the 10% tolerance"
    );
    assert!(
        requests["finding"]
            .as_str()
            .unwrap()
            .contains("above the tolerance of 10%"),
        "{}",
        requests["finding"]
    );
    a["samples"][0]["exceptions"] = 30.into();
    a["samples"][0]["clauses"] = serde_json::json!(["8.61"]);
    a["interviews"][0]["date"] = "2026-11-31".into();
    write(&path, serde_json::to_string_pretty(&a).unwrap());
    bare_cli()
        .arg("readiness")
        .arg(ws.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "samples[0].exceptions: more exceptions than records sampled (found 30, expected at most 25)",
        ))
        .stderr(predicate::str::contains(
            "samples[0].clauses[0]: no requirement of ISO/IEC 20000-1 falls under this clause (found 8.61)",
        ))
        .stderr(predicate::str::contains("interviews[0].date: bad date"));
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
    assert!(table.starts_with("Verdict: not ready.\n"), "{table}");
    assert!(
        table.contains("Stage 1, documentation:")
            && table.contains("Nonconformities")
            && table.contains("Opportunities for improvement")
    );
    let md = String::from_utf8(text("md")).unwrap();
    assert!(md.starts_with("**Verdict: not ready.** "), "{md}");
    assert!(md.contains("## Stage 1: documentation") && md.contains("## Document register"));
    let json = String::from_utf8(text("json")).unwrap();
    assert!(json.starts_with("{\n  \"verdict\": \"not ready\""), "{json}");
    let csv = String::from_utf8(text("csv")).unwrap();
    assert!(csv.starts_with("verdict,clause,title,classification,finding,correction,root_cause,corrective_action,roadmap_steps,owner,due_date\r\nnot ready,"));
    let soa = String::from_utf8(text("soa-csv")).unwrap();
    assert_eq!(soa.lines().count(), 58, "a header and all 57 requirements");
    let html = String::from_utf8(text("html")).unwrap();
    let body = &html[html.find("<body>").unwrap()..];
    assert!(body.find("Verdict: not ready").unwrap() < body.find("<h1>").unwrap());
    assert!(html.contains("Ωmega Services") && html.contains("Stage 2, implementation"));
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

#[test]
fn the_evidence_register_reads_back_as_a_spreadsheet_saves_it() {
    let ws = iso_workspace(|_| "3".into(), true);
    set_documents(ws.path(), |id| match id {
        "sm-policy" => "missing",
        "sms-scope" => "claimed",
        _ => "seen",
    });
    let plain = readiness_json(ws.path(), &[]);
    let register = std::fs::read_to_string(ws.path().join("evidence.csv")).unwrap();
    let mut saved = String::from("\u{feff}Status;Reference;DOCUMENT;Version\r\n");
    for (i, line) in register.lines().skip(1).enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        let reference = if i == 0 { "\"Policies; v2\r\nsecond line\"" } else { "" };
        saved.push_str(&format!(
            "{};{reference};{};{}\r\n",
            cells[1].to_uppercase(),
            cells[0],
            cells[2]
        ));
    }
    write(&ws.path().join("evidence.csv"), saved);
    let spreadsheet = readiness_json(ws.path(), &[]);
    let statuses = |v: &Value| -> Vec<(String, String)> {
        v["readiness"]["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["id"].to_string(), d["status"].to_string()))
            .collect()
    };
    assert_eq!(statuses(&spreadsheet), statuses(&plain));
    assert_eq!(spreadsheet["readiness"]["stage1"], plain["readiness"]["stage1"]);
    let first_id = register.lines().nth(1).unwrap().split(',').next().unwrap();
    let first = spreadsheet["readiness"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == first_id)
        .unwrap()
        .clone();
    assert_eq!(
        first["reference"], "Policies; v2\r\nsecond line",
        "a multi-line cell is one value"
    );
}

#[test]
fn the_high_maturity_example_reaches_levels_4_and_5_and_a_ready_verdict() {
    let dir = example_dir().with_file_name("harbourline");
    let v = readiness_json(&dir, &[]);
    let verdict = v["readiness"]["verdict"].as_str().unwrap();
    assert!(
        verdict == "ready" || verdict == "ready_with_corrective_actions",
        "{verdict}"
    );
    assert_eq!(v["readiness"]["stage2"]["counts"]["major"], 0);
    let sheet = std::fs::read_to_string(dir.join("responses.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(sheet.trim_start_matches('\u{feff}').as_bytes());
    let answers: Vec<String> = reader.records().map(|r| r.unwrap()[3].to_string()).collect();
    for level in ["4", "5"] {
        assert!(
            answers.iter().filter(|a| *a == level).count() >= 10,
            "at least ten answers at {level}"
        );
    }
    let output = bare_cli()
        .arg("report")
        .arg(&dir)
        .args(["--profile", "board", "--format", "md", "-o", "-"])
        .output()
        .unwrap();
    let board = stdout_of(&output);
    let readiness =
        &board[board.find("## ISO/IEC 20000-1:2018 readiness").unwrap()..board.find("## Improvement roadmap").unwrap()];
    assert!(readiness.contains("No major nonconformity and no requirement left unassessed; the 6 minor nonconformities are listed in the full report."), "{readiness}");
    assert!(
        !readiness.contains("| Clause | Requirement"),
        "no empty table: {readiness}"
    );
    assert!(
        board.contains("it could be ready for a stage 1 audit now and for stage 2 by "),
        "stage 1 is ready already, so no month is given for it"
    );
    assert!(
        board.contains("| ITIL 4 | Value streams |"),
        "a slug id is not repeated before its title"
    );
    assert!(
        board.contains("<code>APO04</code> Managed Innovation"),
        "a code is kept"
    );
}
