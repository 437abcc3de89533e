//! Response workbooks (`.xlsx`): written by `init --sheet xlsx` and `sheet`, read back like CSV.
//! The same answers as CSV, JSON or a workbook give the same scores byte for byte; bad cells are
//! reported by sheet, cell and question id. The round trips through `LibreOffice` Calc and openpyxl
//! need outside tools and are ignored here; `.ci/run` installs the tools and runs them.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx};
use common::{bare_cli, copy_dir, stderr_of, stdout_of};
use serde_json::Value;

fn harbourline() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/examples/harbourline")
}

/// A copy of Harbourline in `dir`, its answers then read from `responses` instead of the CSV.
fn harbourline_reading(dir: &Path, responses: &str) -> PathBuf {
    let ws = dir.join("hb");
    copy_dir(&harbourline(), &ws);
    let file = ws.join("assessment.json");
    let mut assessment: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assessment["responses"] = serde_json::json!([responses]);
    std::fs::write(&file, serde_json::to_string_pretty(&assessment).unwrap()).unwrap();
    ws
}

fn score_json(ws: &Path) -> Vec<u8> {
    bare_cli()
        .arg("score")
        .arg(ws)
        .args(["--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

/// The workbook of the answers in `ws`, written by `sheet` to `out`.
fn export(ws: &Path, out: &Path) {
    bare_cli().arg("sheet").arg(ws).arg("-o").arg(out).assert().success();
}

#[test]
fn the_same_answers_score_the_same_as_csv_json_and_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let from_csv = score_json(&harbourline());
    let ws = harbourline_reading(dir.path(), "responses.xlsx");
    export(&harbourline(), &ws.join("responses.xlsx"));
    assert_eq!(score_json(&ws), from_csv, "workbook");

    // JSON with the same answers, made from the CSV.
    let mut reader = csv::Reader::from_path(harbourline().join("responses.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .unwrap()
    };
    let (id, answer, comment, evidence) = (
        column("question_id"),
        column("answer"),
        column("comment"),
        column("evidence"),
    );
    let rows: Vec<Value> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            serde_json::json!({"question_id": &r[id], "answer": &r[answer], "comment": &r[comment], "evidence": &r[evidence]})
        })
        .collect();
    std::fs::write(
        ws.join("responses.json"),
        serde_json::to_string(&serde_json::json!({ "responses": rows })).unwrap(),
    )
    .unwrap();
    let ws_json = harbourline_reading(&dir.path().join("j"), "responses.json");
    std::fs::copy(ws.join("responses.json"), ws_json.join("responses.json")).unwrap();
    assert_eq!(score_json(&ws_json), from_csv, "JSON");
}

#[test]
fn init_writes_a_workbook_with_a_tab_per_section_a_list_and_protection() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("client");
    bare_cli()
        .arg("init")
        .arg(&ws)
        .args(["--org", "Client", "--date", "2026-01-05", "--sheet", "xlsx"])
        .assert()
        .success()
        .stdout(predicates::str::contains("responses.xlsx (249 questions"));
    let assessment: Value =
        serde_json::from_str(&std::fs::read_to_string(ws.join("assessment.json")).unwrap()).unwrap();
    assert_eq!(assessment["responses"], serde_json::json!(["responses.xlsx"]));
    let bytes = std::fs::read(ws.join("responses.xlsx")).unwrap();
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let names = workbook.sheet_names();
    assert_eq!(names.len(), 13, "{names:?}");
    assert_eq!(names[0], "Instructions");
    assert!(names.iter().all(|n| n.chars().count() <= 31));
    let mut questions = 0;
    for name in &names[1..] {
        let range = workbook.worksheet_range(name).unwrap();
        let header: Vec<String> = range.rows().next().unwrap().iter().map(ToString::to_string).collect();
        assert_eq!(
            header,
            [
                "question_id",
                "question",
                "answer",
                "comment",
                "evidence",
                "level_0",
                "level_1",
                "level_2",
                "level_3",
                "level_4",
                "level_5",
                "guidance"
            ]
        );
        questions += range.rows().skip(1).filter(|r| !r[0].to_string().is_empty()).count();
    }
    assert_eq!(questions, 249);
    let instructions = workbook.worksheet_range("Instructions").unwrap();
    let text: Vec<String> = instructions.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(
        text.iter().any(|t| t.starts_with("Levels are cumulative.")),
        "rating rules on the first sheet"
    );

    // The answer list and the protection are in each section sheet's XML.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    archive
        .by_name("xl/worksheets/sheet2.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(sheet.contains(r#"<dataValidation type="list""#), "answer list");
    assert!(
        sheet.contains(r#"<formula1>"0,1,2,3,4,5,na"</formula1>"#),
        "answer list values"
    );
    assert!(sheet.contains("<sheetProtection"), "protected");
    assert!(
        sheet.contains(r#"<pane xSplit="3" ySplit="1""#),
        "header and first columns frozen"
    );

    bare_cli().arg("validate").arg(&ws).assert().success();
}

#[test]
fn the_workbook_is_the_same_bytes_for_the_same_answers_and_never_overwrites_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    export(&harbourline(), &a);
    export(&harbourline(), &b);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());

    let ws = harbourline_reading(dir.path(), "responses.xlsx");
    std::fs::copy(&a, ws.join("responses.xlsx")).unwrap();
    let before = std::fs::read(ws.join("responses.xlsx")).unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let output = bare_cli().arg("sheet").arg(&ws).args(extra).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
        assert!(stderr_of(&output).contains("refusing to write over a response file"));
    }
    assert_eq!(std::fs::read(ws.join("responses.xlsx")).unwrap(), before);
}

/// A workbook with the bundled layout but `rows` as (sheet, question id, answer cell), written
/// with the same crate a client's spreadsheet would stand in for.
fn workbook_with(rows: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let mut sheets: Vec<&str> = rows.iter().map(|(s, _, _)| *s).collect();
    sheets.dedup();
    for name in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).unwrap();
        for (column, title) in (0u16..).zip(["question_id", "question", "answer", "comment"]) {
            sheet.write_string(0, column, title).unwrap();
        }
        for (row, (_, id, answer)) in (1u32..).zip(rows.iter().filter(|(s, _, _)| *s == name)) {
            sheet.write_string(row, 0, *id).unwrap();
            match answer.parse::<f64>() {
                Ok(number) => sheet.write_number(row, 2, number).unwrap(),
                Err(_) => sheet.write_string(row, 2, *answer).unwrap(),
            };
        }
    }
    workbook.save_to_buffer().unwrap()
}

#[test]
fn bad_cells_are_reported_by_sheet_cell_and_question_id_all_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let ws = harbourline_reading(dir.path(), "responses.xlsx");
    let bytes = workbook_with(&[
        ("Support", "SUP-01", "3"),
        ("Support", "SUP-02", "7"),
        ("Support", "SUP-03", "3.5"),
        ("Change and release", "CHG-01", "maybe"),
        ("Change and release", "CHG-99", "2"),
        ("Change and release", "SUP-01", "2"),
    ]);
    std::fs::write(ws.join("responses.xlsx"), bytes).unwrap();
    let output = bare_cli().arg("validate").arg(&ws).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    for needle in [
        "responses.xlsx: Support!C3: question SUP-02: answer out of range (found \"7\"",
        "responses.xlsx: Support!C4: question SUP-03: answer is not a whole level (found \"3.5\"",
        "responses.xlsx: 'Change and release'!C2: question CHG-01: answer is not a level (found \"maybe\"",
        "responses.xlsx: 'Change and release'!A3: question CHG-99: unknown question id",
        "responses.xlsx: 'Change and release'!A4: question SUP-01: duplicate question id",
        "hint: first answered at",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
    assert!(stdout_of(&output).is_empty());
}

#[test]
fn a_damaged_workbook_is_an_input_error_not_a_fault() {
    let dir = tempfile::tempdir().unwrap();
    let ws = harbourline_reading(dir.path(), "responses.xlsx");
    std::fs::write(ws.join("responses.xlsx"), b"PK\x03\x04 not really a zip").unwrap();
    let output = bare_cli().arg("score").arg(&ws).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("responses.xlsx: cannot read the workbook"),
        "{}",
        stderr_of(&output)
    );
}

/// Runs `python3` with openpyxl to fill the answers of the Harbourline CSV into the workbook
/// `init` wrote, as a client's script would.
#[test]
#[ignore = "needs Python's openpyxl; run by .ci/run"]
fn a_workbook_filled_by_openpyxl_scores_like_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let ws = harbourline_reading(dir.path(), "responses.xlsx");
    let blank = dir.path().join("blank");
    bare_cli()
        .arg("init")
        .arg(&blank)
        .args(["--org", "Harbourline Water", "--date", "2026-11-12", "--sheet", "xlsx"])
        .assert()
        .success();
    let script = r#"
import csv, sys, openpyxl
answers = {r["question_id"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))}
book = openpyxl.load_workbook(sys.argv[2])
for sheet in book.worksheets[1:]:
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        given = answers.get(row[header.index("question_id")].value)
        if given:
            text = given["answer"]
            row[header.index("answer")].value = int(text) if text.isdigit() else text
            row[header.index("comment")].value = given["comment"] or None
            row[header.index("evidence")].value = given["evidence"] or None
book.save(sys.argv[3])
"#;
    common::tool(
        "python3",
        &[
            "-c",
            script,
            &harbourline().join("responses.csv").to_string_lossy(),
            &blank.join("responses.xlsx").to_string_lossy(),
            &ws.join("responses.xlsx").to_string_lossy(),
        ],
    );
    assert_eq!(score_json(&ws), score_json(&harbourline()));
}

#[test]
#[ignore = "needs LibreOffice Calc (libreoffice-calc-nogui); run by .ci/run"]
fn a_workbook_saved_again_by_libreoffice_calc_scores_like_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let ws = harbourline_reading(dir.path(), "responses.xlsx");
    let exported = dir.path().join("export");
    std::fs::create_dir_all(&exported).unwrap();
    export(&harbourline(), &exported.join("responses.xlsx"));
    let saved = dir.path().join("saved");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("lo-profile").display()
    );
    common::tool(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            &saved.to_string_lossy(),
            &exported.join("responses.xlsx").to_string_lossy(),
        ],
    );
    std::fs::copy(saved.join("responses.xlsx"), ws.join("responses.xlsx")).unwrap();
    assert_eq!(score_json(&ws), score_json(&harbourline()));
}
