//! The engine's commands end to end: frameworks, init, validate, lint and score, and every kind of
//! bad input, which must exit 2, name the file and line, write nothing and never panic.

mod common;

use common::*;
use predicates::prelude::*;
use serde_json::Value;

const RESPONSES: &str = "responses.csv";

fn score_json(dir: &std::path::Path) -> Value {
    let output = cli().arg("score").arg(dir).args(["--format", "json"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Runs `score` on a workspace whose responses were replaced, expecting bad input.
fn bad_responses(csv: &[u8]) -> (String, tempfile::TempDir) {
    let ws = workspace("basic");
    write(&ws.path().join(RESPONSES), csv);
    let before = snapshot(ws.path());
    let output = cli().arg("score").arg(ws.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "stdout: {}", stdout_of(&output));
    assert!(output.stdout.is_empty(), "nothing is printed on stdout");
    assert_eq!(snapshot(ws.path()), before, "no file is changed or written");
    let stderr = stderr_of(&output);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (stderr, ws)
}

fn bad_assessment(edit: impl FnOnce(&mut Value)) -> String {
    let ws = workspace("basic");
    let path = ws.path().join("assessment.json");
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut value);
    write(&path, serde_json::to_string_pretty(&value).unwrap());
    let before = snapshot(ws.path());
    let output = cli().arg("validate").arg(ws.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(snapshot(ws.path()), before);
    stderr_of(&output)
}

#[test]
fn frameworks_lists_ids_names_and_counts() {
    let output = cli().arg("frameworks").output().unwrap();
    let stdout = stdout_of(&output);
    let alpha = stdout
        .lines()
        .find(|l| l.starts_with("alpha "))
        .expect("alpha is listed");
    let words: Vec<&str> = alpha.split_whitespace().collect();
    assert_eq!(words[..6], ["alpha", "Alpha", "Framework", "1.0", "2", "3"]);
    assert!(words[6].ends_with("alpha.json"));
    assert!(stdout.lines().next().unwrap().starts_with("Id"));
}

#[test]
fn frameworks_show_in_every_format() {
    cli()
        .args(["frameworks", "show", "alpha"])
        .assert()
        .success()
        .stdout(predicate::str::contains("a3       Problem handling"));
    let json = cli()
        .args(["frameworks", "show", "alpha", "--format", "json"])
        .output()
        .unwrap();
    let value: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["domains"][1]["controls"][0]["depends_on"][0], "a1");
    cli()
        .args(["frameworks", "show", "beta", "--format", "csv"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("domain,domain_name,control,title"))
        .stdout(predicate::str::contains(
            "ops,Operations,b2,Root cause analysis,0.5,no,,Causes are found.",
        ));
    cli()
        .args(["frameworks", "show", "beta", "--format", "md"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "| b1 | Service desk | 1.0 |  | One place to ask for help. |",
        ));
    cli()
        .args(["frameworks", "show", "gamma"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown framework gamma"));
}

#[test]
fn init_creates_a_workspace_with_an_explanatory_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("acme");
    cli()
        .arg("init")
        .arg(&ws)
        .args([
            "--org",
            "Acme Ltd",
            "--assessor",
            "J. Smith",
            "--date",
            "2026-11-24",
            "--frameworks",
            "beta",
            "--target",
            "4",
            "--questionnaire",
            "mini",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("3 questions; frameworks beta"));
    let assessment: Value =
        serde_json::from_str(&std::fs::read_to_string(ws.join("assessment.json")).unwrap()).unwrap();
    assert_eq!(assessment["organization"], "Acme Ltd");
    assert_eq!(assessment["date"], "2026-11-24");
    assert_eq!(assessment["frameworks"], serde_json::json!(["beta"]));
    assert_eq!(assessment["questionnaire"], "mini");
    assert_eq!(assessment["targets"]["default"], 4.0);
    assert_eq!(assessment["responses"], serde_json::json!(["responses.csv"]));
    let sheet = std::fs::read_to_string(ws.join(RESPONSES)).unwrap();
    let header = sheet.lines().next().unwrap();
    assert_eq!(
        header,
        "\u{feff}question_id,section,question,answer,comment,evidence,level_0,level_1,level_2,level_3,level_4,level_5,guidance"
    );
    // M-03 maps only alpha, which is out of scope, so it is not in the sheet.
    assert!(sheet.contains("M-01,Support,How are incidents logged?,,,,"));
    assert!(!sheet.contains("M-03"));
    // The fresh workspace validates and scores with nothing answered.
    cli()
        .arg("validate")
        .arg(&ws)
        .assert()
        .success()
        .stdout(predicate::str::contains("3 questions in scope, 0 answered"));
}

#[test]
fn init_defaults_date_to_today_and_scope_to_every_mapped_framework() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w");
    cli()
        .arg("init")
        .arg(&ws)
        .args(["--org", "X", "--questionnaire", "mini"])
        .assert()
        .success();
    let assessment: Value =
        serde_json::from_str(&std::fs::read_to_string(ws.join("assessment.json")).unwrap()).unwrap();
    assert_eq!(assessment["frameworks"], serde_json::json!(["alpha", "beta"]));
    let date = assessment["date"].as_str().unwrap();
    assert_eq!(date.len(), 10);
    assert_eq!(assessment["targets"]["default"], 3.0);
}

#[test]
fn init_refuses_a_non_empty_folder_unless_forced() {
    let ws = workspace("basic");
    let before = snapshot(ws.path());
    cli()
        .arg("init")
        .arg(ws.path())
        .args(["--org", "Other", "--date", "2026-01-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the folder exists and is not empty"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(snapshot(ws.path()), before);
    cli()
        .arg("init")
        .arg(ws.path())
        .args(["--org", "Other", "--date", "2026-01-01", "--force"])
        .assert()
        .success();
    let text = std::fs::read_to_string(ws.path().join("assessment.json")).unwrap();
    assert!(text.contains("\"Other\""));
}

#[test]
fn init_rejects_bad_options_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w");
    let output = cli()
        .arg("init")
        .arg(&ws)
        .args([
            "--org",
            "X",
            "--date",
            "2026-02-30",
            "--frameworks",
            "alpha,gamma",
            "--target",
            "7",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("bad date (found \"2026-02-30\", expected a calendar date written YYYY-MM-DD)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("frameworks[1]: unknown framework (found gamma"),
        "{stderr}"
    );
    assert!(
        stderr.contains("target outside the scale (found 7, expected a level from 0 to 5)"),
        "{stderr}"
    );
    assert!(!ws.exists(), "nothing is created");
    cli()
        .arg("init")
        .arg(&ws)
        .args(["--org", "X", "--questionnaire", "mimi"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown questionnaire (found mimi"))
        .stderr(predicate::str::contains("did you mean mini?"));
}

#[test]
fn score_table_shows_frameworks_and_domains() {
    let ws = workspace("basic");
    cli()
        .arg("score")
        .arg(ws.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Société Générale Müller Ωmega - assessed 2026-11-02 by Ann Auditor",
        ))
        .stdout(predicate::str::contains("Alpha Framework      2.67  2 Managed"))
        .stdout(predicate::str::contains("  Improvement           -  -"));
}

#[test]
fn score_json_has_the_documented_shape_and_hand_computed_values() {
    let ws = workspace("basic");
    let v = score_json(ws.path());
    assert_eq!(v["assessment"]["organization"], "Société Générale Müller Ωmega");
    assert_eq!(v["assessment"]["frameworks"], serde_json::json!(["alpha", "beta"]));
    let alpha = &v["frameworks"][0];
    // a1 = (4*1 + 1*0.5)/1.5 = 3 (weight 2); a2 = 2 with target 2 (weight 1); a3 not applicable.
    assert_eq!(alpha["score"], 2.6667);
    assert_eq!(alpha["level"], 2);
    assert_eq!(alpha["gap"], 0.0);
    assert_eq!(alpha["target"], 2.6667);
    assert_eq!(alpha["coverage"], 1.0);
    let a1 = &alpha["domains"][0]["controls"][0];
    assert_eq!(a1["status"], "scored");
    assert_eq!(a1["score"], 3.0);
    assert_eq!(
        a1["questions"],
        serde_json::json!([{"id": "M-01", "weight": 1.0, "answer": 4}, {"id": "M-02", "weight": 0.5, "answer": 1}])
    );
    assert_eq!(alpha["domains"][1]["controls"][0]["status"], "not_applicable");
    assert_eq!(alpha["domains"][1]["controls"][0]["questions"][0]["answer"], "na");
    let beta = &v["frameworks"][1];
    // b1 = 4 against framework target 4; b2 unanswered (M-04 na, M-05 blank).
    assert_eq!(beta["score"], 4.0);
    assert_eq!(beta["target"], 4.0);
    assert_eq!(beta["coverage"], 0.5);
    assert_eq!(beta["domains"][0]["controls"][1]["status"], "unanswered");
    assert_eq!(beta["domains"][0]["controls"][1]["score"], Value::Null);
    assert_eq!(beta["domains"][0]["controls"][1]["questions"][1]["answer"], Value::Null);
}

#[test]
fn score_csv_has_one_row_per_control() {
    let ws = workspace("basic");
    let output = cli()
        .arg("score")
        .arg(ws.path())
        .args(["--format", "csv"])
        .output()
        .unwrap();
    let text = stdout_of(&output);
    assert_eq!(text.lines().count(), 1 + 5);
    assert!(
        text.contains("alpha,d1,a1,Incident handling,2.0,scored,3,3,Defined,3,0,M-01 M-02"),
        "{text}"
    );
    assert!(
        text.contains("beta,ops,b2,Root cause analysis,0.5,unanswered,,,,4,,M-04 M-05"),
        "{text}"
    );
}

#[test]
fn score_accepts_the_assessment_file_as_well_as_the_folder() {
    let ws = workspace("basic");
    let by_dir = score_json(ws.path());
    let by_file = score_json(&ws.path().join("assessment.json"));
    assert_eq!(by_dir, by_file);
}

#[test]
fn a_libreoffice_resave_scores_the_same() {
    let ws = workspace("basic");
    let original = score_json(ws.path());
    // Semicolons, a byte-order mark, CRLF line ends, a multi-line comment, columns reordered and renamed in case.
    let resaved = "\u{feff}Answer;QUESTION_ID;Comment;Evidence;Section\r\n\
                   4;M-01;\"Logged in the ITSM tool, priority matrix used\";INC report Q3;Support\r\n\
                   1;M-02;\"Ad hoc calls,\r\nno review\";;Support\r\n\
                   \" 2 \";M-03;;Catalogue page;Support\r\n\
                   NA;M-04;No problem process in scope;;Improvement\r\n\
                   ;M-05;;;Improvement\r\n";
    write(&ws.path().join(RESPONSES), resaved);
    assert_eq!(score_json(ws.path()), original);
}

#[test]
fn json_responses_score_the_same_as_csv() {
    let ws = workspace("basic");
    let original = score_json(ws.path());
    let path = ws.path().join("assessment.json");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("responses.csv", "responses.json");
    write(&path, text);
    write(
        &ws.path().join("responses.json"),
        r#"{"responses": [
  {"question_id": "M-01", "answer": 4, "comment": "Logged", "evidence": "INC report"},
  {"question_id": "M-02", "answer": "1"},
  {"question_id": "M-03", "answer": 2},
  {"question_id": "M-04", "answer": "n/a"},
  {"question_id": "M-05", "answer": null}
]}"#,
    );
    assert_eq!(score_json(ws.path()), original);
}

#[test]
fn responses_may_be_split_across_files() {
    let ws = workspace("basic");
    let original = score_json(ws.path());
    let path = ws.path().join("assessment.json");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("[\"responses.csv\"]", "[\"a.csv\", \"b.csv\"]");
    write(&path, text);
    write(&ws.path().join("a.csv"), "question_id,answer\nM-01,4\nM-02,1\n");
    write(&ws.path().join("b.csv"), "question_id,answer\nM-03,2\nM-04,na\n");
    let v = score_json(ws.path());
    assert_eq!(v["frameworks"], original["frameworks"]);
}

#[test]
fn unknown_question_id_names_file_line_and_nearest_id() {
    let (stderr, _ws) = bad_responses(b"question_id,answer\nM-01,3\nM-1O,2\n");
    assert!(
        stderr.contains("responses.csv:3: row 3, question M-1O: unknown question id"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: did you mean M-01?") || stderr.contains("hint: did you mean M-02?"),
        "{stderr}"
    );
}

#[test]
fn duplicate_question_id_names_both_lines() {
    let (stderr, _ws) = bad_responses(b"question_id,answer\nM-01,3\nM-02,2\nM-01,4\n");
    assert!(
        stderr.contains("responses.csv:4: row 4, question M-01: duplicate question id"),
        "{stderr}"
    );
    assert!(
        stderr.contains("first answered at") && stderr.contains("responses.csv row 2"),
        "{stderr}"
    );
}

#[test]
fn every_bad_answer_is_reported_at_once() {
    let (stderr, _ws) = bad_responses(b"question_id,answer\nM-01,3.5\nM-02,three\nM-03,-1\nM-04,6\nM-05,2\n");
    assert!(
        stderr.contains("responses.csv:2: row 2, question M-01: answer is not a whole level (found \"3.5\", expected one digit 0 to 5, na or empty)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("responses.csv:3: row 3, question M-02: answer is not a level (found \"three\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("responses.csv:4: row 4, question M-03: answer out of range (found \"-1\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("responses.csv:5: row 5, question M-04: answer out of range (found \"6\""),
        "{stderr}"
    );
    assert!(stderr.contains("4 errors found; nothing was written"), "{stderr}");
}

#[test]
fn missing_required_column_is_named() {
    let (stderr, _ws) = bad_responses(b"question_id,level\nM-01,3\n");
    assert!(
        stderr.contains("responses.csv:1: row 1: missing required column answer (found columns question_id, level"),
        "{stderr}"
    );
}

#[test]
fn invalid_utf8_names_the_line() {
    let (stderr, _ws) = bad_responses(b"question_id,answer,comment\nM-01,3,ok\nM-02,2,caf\xE9\n");
    assert!(
        stderr.contains("responses.csv:3: the file is not valid UTF-8 (found byte 0xE9)"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: save it as UTF-8"), "{stderr}");
}

#[test]
fn empty_response_file_is_an_error() {
    let (stderr, _ws) = bad_responses(b"");
    assert!(stderr.contains("responses.csv:1: the file is empty"), "{stderr}");
    let (stderr, _ws) = bad_responses("\u{feff}\r\n".as_bytes());
    assert!(stderr.contains("the file is empty"), "{stderr}");
}

#[test]
fn unreadable_response_file_is_an_error() {
    let ws = workspace("basic");
    std::fs::remove_file(ws.path().join(RESPONSES)).unwrap();
    std::fs::create_dir(ws.path().join(RESPONSES)).unwrap();
    let output = cli().arg("score").arg(ws.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("responses.csv: not a regular file (found a folder"),
        "{}",
        stderr_of(&output)
    );
    std::fs::remove_dir(ws.path().join(RESPONSES)).unwrap();
    let output = cli().arg("score").arg(ws.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("responses.csv: cannot read the file"));
}

#[test]
fn malformed_json_responses_name_line_and_column() {
    let ws = workspace("basic");
    let path = ws.path().join("assessment.json");
    write(
        &path,
        std::fs::read_to_string(&path)
            .unwrap()
            .replace("responses.csv", "r.json"),
    );
    write(
        &ws.path().join("r.json"),
        "{\"responses\": [\n  {\"question_id\": \"M-01\", \"answer\": 3},\n  {\"question_id\": \"M-02\" \"answer\": 2}\n]}",
    );
    let output = cli().arg("score").arg(ws.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("r.json:3: malformed JSON: expected `,` or `}`"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: look at column 26"), "{stderr}");
}

#[test]
fn malformed_assessment_json_names_line() {
    let ws = workspace("basic");
    write(
        &ws.path().join("assessment.json"),
        "{\n  \"organization\": \"X\",\n  \"date\": \"2026-01-01\"\n  \"frameworks\": []\n}",
    );
    let output = cli().arg("validate").arg(ws.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("assessment.json:4: malformed JSON"),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn assessment_with_bad_date_names_the_line() {
    let stderr = bad_assessment(|v| v["date"] = "2026-13-40".into());
    // serde_json writes keys in sorted order: assessor, then date.
    assert!(
        stderr.contains("assessment.json:3: date: bad date (found \"2026-13-40\""),
        "{stderr}"
    );
}

#[test]
fn assessment_with_unknown_framework_or_questionnaire() {
    let stderr = bad_assessment(|v| {
        v["frameworks"] = serde_json::json!(["alpha", "betta"]);
        v["questionnaire"] = "maxi".into();
    });
    assert!(
        stderr.contains("frameworks[1]: unknown framework (found betta, expected one of "),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean beta?"), "{stderr}");
    assert!(
        stderr.contains("questionnaire: unknown questionnaire (found maxi"),
        "{stderr}"
    );
    assert!(stderr.contains("assessment.json:"), "{stderr}");
}

#[test]
fn assessment_with_targets_outside_the_scale() {
    let stderr = bad_assessment(|v| {
        v["targets"]["default"] = 6.into();
        v["targets"]["frameworks"]["beta"] = (-1).into();
        v["targets"]["controls"]["alpha:a9"] = 3.into();
    });
    assert!(
        stderr.contains("targets.default: target outside the scale (found 6, expected a level from 0 to 5)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("targets.frameworks.beta: target outside the scale (found -1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("targets.controls[\"alpha:a9\"]: unknown control of alpha (found a9)"),
        "{stderr}"
    );
    let line_of_default = stderr.lines().find(|l| l.contains("targets.default")).unwrap();
    assert!(line_of_default.contains("assessment.json:18:"), "{stderr}");
}

#[test]
fn answers_outside_the_scope_are_warnings() {
    let ws = workspace("basic");
    let path = ws.path().join("assessment.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    v["frameworks"] = serde_json::json!(["beta"]);
    write(&path, serde_json::to_string_pretty(&v).unwrap());
    let output = cli().arg("validate").arg(ws.path()).output().unwrap();
    assert!(output.status.success());
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("warning:")
            && stderr.contains("responses.csv:5: row 4, question M-03: the question maps to no framework in scope"),
        "{stderr}"
    );
    assert!(stdout_of(&output).contains("2 warnings"), "{}", stdout_of(&output));
}

#[test]
fn validate_reports_a_one_line_summary() {
    let ws = workspace("basic");
    cli()
        .arg("validate")
        .arg(ws.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "5 questions in scope, 3 answered, 1 not applicable, 1 unanswered; 0 warnings",
        ));
}

#[test]
fn a_missing_workspace_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    cli()
        .arg("score")
        .arg(dir.path().join("nowhere"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no assessment here"))
        .stderr(predicate::str::contains("itsm-assess init"));
}

#[test]
fn lint_passes_on_the_fixture_content_and_warns_of_controls_with_one_direct_question() {
    let output = bare_cli().arg("lint").arg(content_dir()).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout_of(&output).contains("0 errors, 3 warnings"),
        "{}",
        stdout_of(&output)
    );
    let stderr = stderr_of(&output);
    for needle in [
        "alpha.json:12: domains[0].controls[1]: control a2 of alpha has too few direct questions (found 1: M-03 of mini, expected at least 2 questions mapped to it with \"role\": \"direct\")",
        "alpha.json:19: domains[1].controls[0]: control a3 of alpha has too few direct questions (found 1: M-04 of mini",
        "beta.json:11: domains[0].controls[0]: control b1 of beta has too few direct questions (found 1: M-01 of mini",
        "hint: add a question that rates another side of the control",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
    assert!(
        !stderr.contains("control a1 of alpha"),
        "a1 has two direct questions:\n{stderr}"
    );
}

#[test]
fn lint_reports_every_problem_with_file_path_and_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&content_dir(), dir.path());
    let questionnaire = dir.path().join("questionnaires/mini.json");
    let mut q: Value = serde_json::from_str(&std::fs::read_to_string(&questionnaire).unwrap()).unwrap();
    let first = &mut q["sections"][0]["questions"][0];
    first["maps"][0]["control"] = "a9".into();
    first["maps"][1]["weight"] = 0.into();
    first["levels"] = serde_json::json!(["a", "b", "c", "d", ""]);
    q["sections"][0]["questions"][1]["id"] = "M-01".into();
    q["sections"][1]["questions"][0]["depends_on"] = serde_json::json!(["M-05"]);
    q["sections"][1]["questions"][1]["depends_on"] = serde_json::json!(["M-04", "M-99"]);
    write(&questionnaire, serde_json::to_string_pretty(&q).unwrap());
    let catalog = dir.path().join("frameworks/beta.json");
    let mut c: Value = serde_json::from_str(&std::fs::read_to_string(&catalog).unwrap()).unwrap();
    c["domains"][0]["controls"][1]["weight"] = (-1).into();
    c["domains"][0]["controls"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"id": "b3", "title": "Unmapped"}));
    write(&catalog, serde_json::to_string_pretty(&c).unwrap());

    let output = bare_cli().arg("lint").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    let expect = [
        "mini.json:54: sections[0].questions[0].levels: wrong number of level descriptors (found 5, expected 6, for levels 0 to 5)",
        "sections[0].questions[0].levels[4]: empty level descriptor",
        "sections[0].questions[0].maps[0].control: unknown control of alpha (found a9)",
        "sections[0].questions[0].maps[1].weight: weight out of range (found 0, expected a number greater than 0 and at most 100)",
        "mini.json:89: sections[0].questions[1].id: duplicate question id (found M-01)",
        "sections[0].questions[1].depends_on[0]: a question cannot depend on itself (found M-01)",
        "depends_on: question dependencies form a cycle (found M-04 -> M-05 -> M-04)",
        "sections[1].questions[1].depends_on[1]: depends on an unknown question (found M-99)",
        "beta.json",
        "domains[0].controls[1].weight: weight out of range (found -1",
        "warning:",
        "control b3 is mapped by no question",
    ];
    for needle in expect {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
    // The other four warnings are controls left with one direct question (a1, a2, a3, b1); the
    // unmapped b3 is reported once, as unmapped.
    assert!(
        !stderr.contains("control b3 of beta has too few direct questions"),
        "{stderr}"
    );
    assert!(
        stdout_of(&output).contains("9 errors, 5 warnings"),
        "{}",
        stdout_of(&output)
    );
}

#[test]
fn catalog_dir_content_must_be_valid_for_other_commands() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&content_dir(), dir.path());
    write(&dir.path().join("frameworks/broken.json"), "{\"domains\": [}");
    write(&dir.path().join("frameworks/other.json"), "{\"title\": \"neither\"}");
    bare_cli()
        .arg("--catalog-dir")
        .arg(dir.path())
        .arg("frameworks")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.json:1: malformed JSON"))
        .stderr(predicate::str::contains(
            "other.json:1: not a catalog or a questionnaire",
        ));
}

#[test]
fn a_custom_catalog_replaces_a_bundled_or_earlier_one_with_the_same_id() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&content_dir(), dir.path());
    let path = dir.path().join("frameworks/beta.json");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Beta Framework", "Beta Framework (our edition)");
    write(&path, text);
    bare_cli()
        .arg("--catalog-dir")
        .arg(dir.path())
        .arg("frameworks")
        .assert()
        .success()
        .stdout(predicate::str::contains("Beta Framework (our edition)"));
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in [
        vec![],
        vec!["frameworks"],
        vec!["init"],
        vec!["validate"],
        vec!["lint"],
        vec!["score"],
    ] {
        bare_cli()
            .args(&command)
            .arg("--help")
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
}

#[test]
fn bad_usage_exits_2() {
    bare_cli().arg("score").assert().code(2);
    bare_cli().args(["frobnicate"]).assert().code(2);
    cli().args(["score", "x", "--format", "pdf"]).assert().code(2);
}

#[test]
fn colour_is_never_used_when_output_is_not_a_terminal() {
    let ws = workspace("basic");
    let mut cmd = assert_cmd::Command::cargo_bin("itsm-assess").unwrap();
    cmd.arg("--catalog-dir")
        .arg(content_dir())
        .arg("score")
        .arg(ws.path())
        .env_remove("NO_COLOR");
    let output = cmd.output().unwrap();
    assert!(!output.stdout.contains(&0x1b));
}

#[test]
fn lint_checks_required_elements_roles_and_documents() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&content_dir(), dir.path());
    let catalog = dir.path().join("frameworks/beta.json");
    let mut c: Value = serde_json::from_str(&std::fs::read_to_string(&catalog).unwrap()).unwrap();
    c["documents"] = serde_json::json!([
        {"id": "plan", "title": "The plan", "required": true},
        {"id": "plan", "title": "Twice"},
        {"id": "orphan", "title": "Called for by nothing"}
    ]);
    let controls = c["domains"][0]["controls"].as_array_mut().unwrap();
    controls[0]["mandatory"] = true.into();
    controls[0]["elements"] = serde_json::json!([
        {"id": "exists", "text": "It exists", "existence": true},
        {"id": "used", "text": "It is used"},
        {"id": "used", "text": ""}
    ]);
    controls[0]["documents"] = serde_json::json!(["plan", "plann"]);
    controls[1]["mandatory"] = true.into();
    write(&catalog, serde_json::to_string_pretty(&c).unwrap());
    let questionnaire = dir.path().join("questionnaires/mini.json");
    let mut q: Value = serde_json::from_str(&std::fs::read_to_string(&questionnaire).unwrap()).unwrap();
    let m01 = &mut q["sections"][0]["questions"][0];
    assert_eq!(m01["maps"][1]["control"], "b1");
    m01["maps"][1]["role"] = "direct".into();
    m01["maps"][1]["elements"] = serde_json::json!(["exist"]);
    q["sections"][0]["questions"][1]["maps"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"framework": "beta", "control": "b1", "role": "supporting", "elements": ["used"]}));
    write(&questionnaire, serde_json::to_string_pretty(&q).unwrap());

    let output = bare_cli().arg("lint").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    let expect = [
        "documents[1].id: duplicate document id (found plan)",
        "documents[2]: no requirement calls for this document (found orphan)",
        "elements[2].id: duplicate element id (found used)",
        "elements[2].text: empty element text",
        "documents[1]: unknown document (found plann)",
        "did you mean plan?",
        "domains[0].controls[1].elements: a mandatory requirement lists no required elements",
        "elements[0]: unknown required element of b1 (found exist)",
        "did you mean exists?",
        "required element exists of b1 is evidenced by no direct question",
        "required element used of b1 is evidenced by no direct question",
    ];
    for needle in expect {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
    assert!(
        stderr.contains("sections[0].questions[1].maps[1].role: only a direct mapping can evidence required elements (found supporting"),
        "{stderr}"
    );
}

#[test]
fn init_writes_an_evidence_register_for_iso20000_and_backs_it_up_on_force() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("client");
    let init = |extra: &[&str]| {
        bare_cli()
            .arg("init")
            .arg(&ws)
            .args(["--org", "Client", "--date", "2026-01-05"])
            .args(extra)
            .output()
            .unwrap()
    };
    let output = init(&[]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stdout_of(&output).contains("evidence.csv (89 documents"),
        "{}",
        stdout_of(&output)
    );
    let register = std::fs::read(ws.join("evidence.csv")).unwrap();
    let text = String::from_utf8(register.clone()).unwrap();
    assert!(text.starts_with("\u{feff}document,title,version,date,status,provided_by,reference\r\n"));
    assert_eq!(
        text.lines().count(),
        90,
        "a header and every document of ISO/IEC 20000-1"
    );
    assert!(text.contains("\r\nsms-scope,"), "required documents first");
    let assessment: Value = serde_json::from_slice(&std::fs::read(ws.join("assessment.json")).unwrap()).unwrap();
    assert_eq!(assessment["evidence"], "evidence.csv");

    write(&ws.join("evidence.csv"), "document,status\nsms-scope,seen\n");
    let output = init(&["--force"]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("evidence.csv.1"), "{}", stderr_of(&output));
    assert_eq!(
        std::fs::read_to_string(ws.join("evidence.csv.1")).unwrap(),
        "document,status\nsms-scope,seen\n",
        "the filled-in register is kept"
    );
    assert_eq!(std::fs::read(ws.join("evidence.csv")).unwrap(), register);

    let other = dir.path().join("itil-only");
    bare_cli()
        .arg("init")
        .arg(&other)
        .args(["--org", "Client", "--frameworks", "itil4"])
        .assert()
        .success();
    assert!(
        !other.join("evidence.csv").exists(),
        "no catalog in scope lists documents"
    );
    let assessment: Value = serde_json::from_slice(&std::fs::read(other.join("assessment.json")).unwrap()).unwrap();
    assert!(assessment.get("evidence").is_none());
}

#[test]
fn a_catalog_with_the_retired_documented_information_field_is_told_how_to_move() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&content_dir(), dir.path());
    let catalog = dir.path().join("frameworks/beta.json");
    let mut c: Value = serde_json::from_str(&std::fs::read_to_string(&catalog).unwrap()).unwrap();
    c["domains"][0]["controls"][0]["documented_information"] = serde_json::json!(["Desk procedure"]);
    write(&catalog, serde_json::to_string_pretty(&c).unwrap());
    bare_cli()
        .arg("lint")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field `documented_information`"))
        .stderr(predicate::str::contains("`documented_information` was retired in 0.2"));
}

#[test]
fn lint_checks_titles_actions_and_workstreams() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&content_dir(), dir.path());
    let questionnaire = dir.path().join("questionnaires/mini.json");
    let mut q: Value = serde_json::from_str(&std::fs::read_to_string(&questionnaire).unwrap()).unwrap();
    q["workstreams"] = serde_json::json!([
        {"id": "run", "name": "Run", "outcome": "Runs.", "sections": [q["sections"][0]["id"], "nowhere"]},
        {"id": "run", "name": "", "sections": [q["sections"][0]["id"]]}
    ]);
    q["sections"][0]["questions"][0]["title"] = "Incident logging".into();
    q["sections"][0]["questions"][1]["title"] = "INCIDENT LOGGING".into();
    q["sections"][0]["questions"][2]["title"] = "x".repeat(61).into();
    q["sections"][0]["questions"][0]["actions"] = serde_json::json!(["Do one.", "Do two."]);
    q["sections"][0]["questions"][1]["actions"] = serde_json::json!(["a", "b", " ", "d", "e"]);
    write(&questionnaire, serde_json::to_string_pretty(&q).unwrap());
    let output = bare_cli().arg("lint").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    for needle in [
        "workstreams[0].sections[1]: unknown section (found nowhere)",
        "workstreams[1].id: duplicate workstream id (found run)",
        "workstreams[1].name: empty workstream name",
        "workstreams[1].sections[0]: section already in another workstream",
        "sections[1]: section in no workstream",
        "sections[0].questions[1].title: title used by another question (found INCIDENT LOGGING, also M-01)",
        "sections[0].questions[2].title: title too long for a roadmap line (found 61, expected at most 60 characters)",
        "sections[0].questions[0].actions: wrong number of actions (found 2, expected 5, one for each level from 1 to 5)",
        "sections[0].questions[1].actions[2]: empty action",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
}

#[test]
fn the_change_log_keeps_retired_ids_retired_and_explains_them_to_old_response_files() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&content_dir(), dir.path());
    let questionnaire = dir.path().join("questionnaires/mini.json");
    let mut q: Value = serde_json::from_str(&std::fs::read_to_string(&questionnaire).unwrap()).unwrap();
    let version = q["version"].clone();
    q["changes"] = serde_json::json!([
        {"version": version, "summary": "M-09 retired", "retired": [
            {"id": "M-09", "reason": "it rated two things at once", "replaced_by": ["M-01", "M-02"]}
        ]},
        {"version": "0.9", "summary": "first", "added": ["M-01", "M-09"]}
    ]);
    write(&questionnaire, serde_json::to_string_pretty(&q).unwrap());
    bare_cli()
        .arg("lint")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("0 errors, 3 warnings"));

    let ws = workspace("basic");
    let responses = ws.path().join("responses.csv");
    let mut text = std::fs::read_to_string(&responses).unwrap();
    text.push_str("M-09,Support,Old question,3,,\n");
    write(&responses, text);
    bare_cli()
        .arg("--catalog-dir")
        .arg(dir.path())
        .arg("validate")
        .arg(ws.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("question retired in version"))
        .stderr(predicate::str::contains(
            "hint: it rated two things at once; answer M-01 and M-02 instead",
        ));

    q["changes"][0]["retired"][0]["id"] = "M-01".into();
    q["changes"][1]["added"] = serde_json::json!(["M-77", "M-02"]);
    q["changes"][0]["added"] = serde_json::json!(["M-02"]);
    q["changes"][1]["version"] = "9.9".into();
    q["changes"].as_array_mut().unwrap().swap(0, 1);
    write(&questionnaire, serde_json::to_string_pretty(&q).unwrap());
    let output = bare_cli().arg("lint").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    for needle in [
        "retired[0].id: a retired question id is used again (found M-01)",
        "changes[0].added[0]: unknown question id (found M-77)",
        "added[0]: a question id is added in two versions (found M-02, added in 9.9 and in",
        "changes[0].version: the newest change log entry is not this version (found 9.9",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
}

#[test]
fn the_rating_rules_reach_every_row_of_the_sheet_and_the_reports_method() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("client");
    bare_cli()
        .arg("init")
        .arg(&ws)
        .args(["--org", "Client", "--date", "2026-01-05"])
        .assert()
        .success();
    let sheet = std::fs::read_to_string(ws.join(RESPONSES)).unwrap();
    let mut reader = csv::Reader::from_reader(sheet.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.len() > 100);
    for row in &rows {
        assert!(
            row[12].ends_with("Rating: Rate the highest level that holds in full together with every level below it; where a level says all, every or each, it holds when more than 85% of a sample meets it; when torn between two levels, rate the lower and say why in the comment."),
            "{}",
            &row[12]
        );
    }
    let output = bare_cli()
        .arg("report")
        .arg(example_dir())
        .args(["--format", "md", "-o", "-"])
        .output()
        .unwrap();
    let report = stdout_of(&output);
    let method = &report[report.find("## Method").unwrap()..];
    assert!(method.contains("Rating rules"), "{method}");
    assert!(method.contains("Levels are cumulative."));
}

#[test]
fn design_factors_set_cobit_targets_and_bad_answers_are_errors_on_their_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example_dir(), dir.path());
    let path = dir.path().join("assessment.json");
    let mut a: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    a["targets"]["design_factors"] =
        serde_json::json!({"cobit2019": {"role-of-it": "strategic", "risk-profile": "high-operational"}});
    write(&path, serde_json::to_string_pretty(&a).unwrap());
    let output = bare_cli()
        .arg("score")
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let scores: Value = serde_json::from_slice(&output.stdout).unwrap();
    let target = |id: &str| {
        scores["frameworks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["id"] == "cobit2019")
            .flat_map(|f| f["domains"].as_array().unwrap())
            .flat_map(|d| d["controls"].as_array().unwrap())
            .find(|c| c["id"] == id)
            .map(|c| c["target"].as_f64().unwrap())
            .unwrap()
    };
    assert_eq!(target("DSS04"), 5.0, "both answers raise continuity: +2");
    assert_eq!(target("EDM01"), 4.0);
    assert_eq!(target("DSS02"), 4.0, "Northwind's own target for DSS02 stands");
    assert_eq!(target("MEA03"), 3.0, "untouched objectives keep the default");
    let report = bare_cli()
        .arg("report")
        .arg(dir.path())
        .args(["--format", "md", "-o", "-"])
        .output()
        .unwrap();
    assert!(stdout_of(&report).contains(
        "COBIT 2019, from the answers Risk profile: High operational risk; Role of IT: Strategic, default targets moved: APO02 +1, APO04 +1, BAI04 +1, DSS04 +2, EDM01 +1, EDM03 +1."
    ));

    a["targets"]["design_factors"] = serde_json::json!({"cobit2019": {"role-of-it": "strategc", "size": "large"}});
    write(&path, serde_json::to_string_pretty(&a).unwrap());
    bare_cli()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::is_match(r"assessment\.json:\d+: targets\.design_factors\.cobit2019\.role-of-it: not a value of Role of IT \(found strategc, expected one of support, factory, turnaround, strategic\)\n  hint: did you mean strategic\?").unwrap())
        .stderr(predicate::str::contains("targets.design_factors.cobit2019.size: unknown design factor"));
}
