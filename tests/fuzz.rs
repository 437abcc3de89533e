//! Fuzzing on stable Rust: property tests (proptest) and a corpus-driven regression test for the five
//! input parsers (responses CSV, responses JSON, `assessment.json`, catalogs, questionnaires) and the
//! whole load, score, report and render path. Everything goes through the public library API and
//! real files in a temporary folder.
//!
//! Properties hold for any input: nothing panics, every failure is a structured error whose
//! diagnostics name a file, and valid answers survive a trip through CSV or JSON unchanged.
//!
//! Case counts are small by default so that `cargo test` stays fast. `PROPTEST_CASES=N` raises them:
//! each property then runs `max(default, N / cost)` cases, where `cost` is how much slower one of its
//! cases is than one parser case (PDF cases are the dearest). The random seed is fixed
//! (`PROPTEST_RNG_SEED` overrides it) and every failure proptest ever finds is kept in
//! `tests/proptest-regressions/fuzz.txt` and replayed first. Inputs found to fail also belong in
//! `tests/corpus/<parser>/`, which `corpus_cases_give_structured_outcomes` runs through its parser.
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::needless_pass_by_value,
    clippy::format_collect,
    reason = "test code: small known values"
)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use itsm_assess::content::Library;
use itsm_assess::engine::scoring;
use itsm_assess::render::pdf::{self, Paper};
use itsm_assess::render::{self, ReportFormat};
use itsm_assess::report::{self, ReportOptions};
use itsm_assess::workspace::assessment;
use itsm_assess::workspace::responses::Answer;
use itsm_assess::{Diagnostics, Error};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};
use serde_json::{Value, json};

const SEED: u64 = 0x0009_0008_2026;
const REGRESSIONS: &str = "tests/proptest-regressions/fuzz.txt";
const BUNDLED_FRAMEWORKS: [&str; 4] = ["cobit2019", "iso20000", "itil4", "leanit"];

// ---------------------------------------------------------------------------------------------------
// Configuration

/// `default` cases, or `PROPTEST_CASES / cost` when that is more; fixed seed unless one is given.
fn config(default: u32, cost: u32) -> Config {
    let base = Config::default();
    let set = |name: &str| std::env::var_os(name).is_some();
    Config {
        cases: if set("PROPTEST_CASES") {
            default.max(base.cases / cost)
        } else {
            default
        },
        rng_seed: if set("PROPTEST_RNG_SEED") {
            base.rng_seed
        } else {
            RngSeed::Fixed(SEED)
        },
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(REGRESSIONS))),
        max_shrink_time: 120_000,
        ..base
    }
}

// ---------------------------------------------------------------------------------------------------
// Fixtures and files

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bundled() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| Library::load(None).expect("the bundled content is valid").0)
}

/// The ids of the bundled `itsm-core` questions, in order.
fn core_questions() -> &'static [String] {
    static IDS: OnceLock<Vec<String>> = OnceLock::new();
    IDS.get_or_init(|| {
        let q = bundled().questionnaire("itsm-core").expect("itsm-core is bundled");
        q.questions().map(|(_, question)| question.id.clone()).collect()
    })
}

fn read(path: impl AsRef<Path>) -> Vec<u8> {
    std::fs::read(root().join(path)).expect("read fixture")
}

/// The example's assessment.json, reading only `responses.csv`: the workspaces built here hold
/// that one response file, not the example's interview files.
fn northwind_assessment() -> Value {
    let mut a: Value =
        serde_json::from_slice(&read("questionnaires/examples/northwind/assessment.json")).expect("example parses");
    a["responses"] = json!(["responses.csv"]);
    a
}

fn northwind_responses() -> Vec<u8> {
    read("questionnaires/examples/northwind/responses.csv")
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, bytes).expect("write file");
}

fn pretty(value: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(value).expect("serialise")
}

fn northwind_evidence() -> Vec<u8> {
    read("questionnaires/examples/northwind/evidence.csv")
}

/// A folder holding an `assessment.json`, the example's evidence register and the given files
/// (which may replace the register).
fn workspace(assessment: &[u8], files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("assessment.json"), assessment);
    write(&dir.path().join("evidence.csv"), &northwind_evidence());
    for (name, bytes) in files {
        write(&dir.path().join(name), bytes);
    }
    dir
}

/// The northwind assessment reading one response file of the given name.
fn assessment_reading(file: &str) -> Vec<u8> {
    let mut a = northwind_assessment();
    a["responses"] = json!([file]);
    pretty(&a)
}

/// A copy of the fixture content folder (catalogs alpha and beta, questionnaire mini) with one file replaced.
fn content_with(relative: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in [
        "frameworks/alpha.json",
        "frameworks/beta.json",
        "questionnaires/mini.json",
    ] {
        write(
            &dir.path().join(file),
            &read(Path::new("tests/fixtures/content").join(file)),
        );
    }
    write(&dir.path().join(relative), bytes);
    dir
}

// ---------------------------------------------------------------------------------------------------
// Outcome checks

/// A failure must be bad input reported as located diagnostics, or a plain I/O or usage error.
fn check_error(error: &Error) {
    let text = error.to_string();
    match error {
        Error::Invalid(diagnostics) => {
            assert!(diagnostics.has_errors(), "Invalid without an error: {diagnostics:?}");
            for d in diagnostics.iter() {
                assert!(!d.file.is_empty(), "diagnostic without a file: {d:?}");
            }
            assert!(
                text.starts_with("error: "),
                "message does not start with `error: `: {text}"
            );
        }
        Error::Io { source, .. } => assert!(!source.to_string().is_empty(), "I/O error without a message"),
        Error::Usage(message) => assert!(!message.is_empty(), "usage error without a message"),
        other => panic!("unexpected kind of error: {other:?}"),
    }
}

fn check_warnings(warnings: &Diagnostics) {
    assert!(!warnings.has_errors(), "errors handed back as warnings: {warnings:?}");
    for d in warnings.iter() {
        assert!(!d.file.is_empty(), "warning without a file: {d:?}");
        assert!(d.to_string().starts_with("warning: "), "{d}");
    }
}

/// Loads a workspace; a success is scored, a failure must be structured. True when it loaded.
fn load_and_check(dir: &Path, library: &Library) -> bool {
    match assessment::load(dir, library) {
        Ok((loaded, warnings)) => {
            check_warnings(&warnings);
            let scores = scoring::score(&loaded);
            assert_eq!(scores.frameworks.len(), loaded.catalogs.len());
            true
        }
        Err(error) => {
            check_error(&error);
            false
        }
    }
}

/// Loads a content folder; every diagnostic names a file, and `file` is either loaded or named.
fn library_and_check(dir: &Path, file: &str) -> (Library, Diagnostics) {
    let (library, diagnostics) = Library::load_unchecked(Some(dir));
    for d in diagnostics.iter() {
        assert!(!d.file.is_empty(), "diagnostic without a file: {d:?}");
        let label = if d.is_error() { "error: " } else { "warning: " };
        assert!(d.to_string().starts_with(label), "{d}");
    }
    let label = dir.join(file).display().to_string();
    let loaded = library.catalogs.values().any(|l| l.label == label)
        || library.questionnaires.values().any(|l| l.label == label);
    let named = diagnostics.iter().any(|d| d.file == label);
    assert!(loaded || named, "{label} is neither loaded nor named by a diagnostic");
    (library, diagnostics)
}

// ---------------------------------------------------------------------------------------------------
// Mutations

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Repeat(usize, usize, usize),
}

/// Bytes that tend to break parsers.
fn nasty() -> impl Strategy<Value = Vec<u8>> {
    let fixed: Vec<Vec<u8>> = vec![
        b"\"".to_vec(),
        b",".to_vec(),
        b";".to_vec(),
        b"\t".to_vec(),
        b"\r".to_vec(),
        b"\n".to_vec(),
        b"\r\n".to_vec(),
        "\u{feff}".as_bytes().to_vec(),
        b"\0".to_vec(),
        b"\\".to_vec(),
        b"\\u0000".to_vec(),
        b"\\ud800".to_vec(),
        b"99999999999999999999999999999999".to_vec(),
        b"-99999999999999999999".to_vec(),
        b"1e308".to_vec(),
        b"1e400".to_vec(),
        b"-0".to_vec(),
        b"4.9999999999999999".to_vec(),
        b"NaN".to_vec(),
        b"n/a".to_vec(),
        b"null".to_vec(),
        b"{}".to_vec(),
        b"[]".to_vec(),
        b"\"a\":1,".to_vec(),
        "\u{2028}\u{85}\u{a0}".as_bytes().to_vec(),
        b"[".repeat(200),
        b"{\"a\":".repeat(200),
        b"[".repeat(5_000),
        b"\xff\xfe".to_vec(),
        b"\xc3".to_vec(),
    ];
    prop_oneof![
        4 => prop::sample::select(fixed),
        1 => prop::collection::vec(any::<u8>(), 0..16),
        1 => any::<String>().prop_map(String::into_bytes),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<usize>(), 1..=255u8).prop_map(|(at, mask)| Mutation::Flip(at, mask)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        4 => (any::<usize>(), nasty()).prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        1 => (any::<usize>(), 1..64usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        1 => (any::<usize>(), 1..200usize, 1..50usize).prop_map(|(at, n, times)| Mutation::Repeat(at, n, times)),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len();
        let pos = |at: usize| if len == 0 { 0 } else { at % (len + 1) };
        match m {
            Mutation::Flip(at, mask) if len > 0 => bytes[at % len] ^= mask,
            Mutation::Flip(..) => {}
            Mutation::Truncate(at) => bytes.truncate(pos(*at)),
            Mutation::Insert(at, snippet) => {
                let at = pos(*at);
                bytes.splice(at..at, snippet.iter().copied());
            }
            Mutation::Delete(at, n) => {
                let at = pos(*at);
                let end = (at + n).min(len);
                bytes.drain(at..end);
            }
            Mutation::Repeat(at, n, times) => {
                let at = pos(*at);
                let end = (at + n).min(len);
                let piece = bytes[at..end].repeat(*times);
                bytes.splice(end..end, piece);
            }
        }
    }
    bytes
}

/// Inputs for a parser: random bytes, random text, text built from the parser's own tokens, or a
/// valid file with mutations.
fn input(valid: Vec<u8>, tokens: Vec<&'static str>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..512),
        1 => any::<String>().prop_map(String::into_bytes),
        2 => prop::collection::vec(prop::sample::select(tokens), 0..120).prop_map(|t| t.concat().into_bytes()),
        6 => prop::collection::vec(mutation(), 1..6).prop_map(move |m| mutate(valid.clone(), &m)),
    ]
}

const CSV_TOKENS: [&str; 24] = [
    "question_id",
    "answer",
    "comment",
    "evidence",
    "GOV-01",
    "GOV-02",
    "SD-01",
    ",",
    ";",
    "\t",
    "\"",
    "\"\"",
    "\r",
    "\n",
    "\r\n",
    "\u{feff}",
    "3",
    " 5 ",
    "na",
    "N/A",
    "6",
    "4.9999999999999999",
    "=cmd",
    "\0",
];

const JSON_TOKENS: [&str; 26] = [
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"responses\"",
    "\"question_id\"",
    "\"answer\"",
    "\"comment\"",
    "\"evidence\"",
    "\"GOV-01\"",
    "\"GOV-02\"",
    "3",
    "\"na\"",
    "null",
    "true",
    "1e308",
    "-1",
    "4.9999999999999999",
    "\"\\u0000\"",
    "\"\\ud800\"",
    " ",
    "\n",
    "\"a\\\"b\"",
    "99999999999999999999",
];

const ASSESSMENT_TOKENS: [&str; 24] = [
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"organization\"",
    "\"date\"",
    "\"2026-10-16\"",
    "\"frameworks\"",
    "\"itil4\"",
    "\"iso20000\"",
    "\"questionnaire\"",
    "\"itsm-core\"",
    "\"targets\"",
    "\"default\"",
    "\"controls\"",
    "\"itil4:service-desk\"",
    "\"responses\"",
    "\"responses.csv\"",
    "\"readiness\"",
    "1e308",
    "-1",
    "3",
];

const CONTENT_TOKENS: [&str; 22] = [
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"id\"",
    "\"name\"",
    "\"version\"",
    "\"domains\"",
    "\"controls\"",
    "\"sections\"",
    "\"questions\"",
    "\"maps\"",
    "\"weight\"",
    "\"depends_on\"",
    "\"a1\"",
    "\"alpha\"",
    "1e308",
    "0",
    "-1",
    "\"x\"",
];

// ---------------------------------------------------------------------------------------------------
// Random values for structured mutations

/// Ids that are valid, near-valid, or hostile.
fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "itil4", "cobit2019", "iso20000", "leanit", "ITIL4", "itil4 ", "", " ", "alpha", "a1",
            "x'\"[]", "a.b", "a[0]", "a:b", "GOV-01", "\u{feff}itil4", "a\nb", "-a", "é",
        ])
        .prop_map(str::to_string),
        2 => "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
        1 => ".{0,80}",
        1 => "[a-z]{70,90}",
    ]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(vec![
            0.0,
            -0.0,
            -1.0,
            2.5,
            5.0,
            5.000_000_1,
            1e308,
            -1e308,
            f64::MIN_POSITIVE
        ])
        .prop_map(Value::from),
        id().prop_map(Value::from),
        prop::sample::select(vec![
            "NaN",
            "Infinity",
            "-inf",
            "1e400",
            "3",
            "2026-02-29",
            "2026-10-16",
            "9999-12-31",
            "0000-01-01"
        ])
        .prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((id(), inner), 0..4).prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// A JSON path into an assessment: known fields, nested fields and unknown ones.
fn assessment_key() -> impl Strategy<Value = Vec<String>> {
    let known: Vec<Vec<String>> = [
        "organization",
        "assessor",
        "date",
        "frameworks",
        "questionnaire",
        "targets",
        "responses",
        "readiness",
        "targets.default",
        "targets.frameworks",
        "targets.controls",
        "readiness.conformity",
        "readiness.minor",
        "readiness.systemic_minors",
        "unknown",
        "targets.unknown",
    ]
    .iter()
    .map(|k| k.split('.').map(str::to_string).collect())
    .collect();
    prop_oneof![
        3 => prop::sample::select(known),
        1 => id().prop_map(|k| vec!["targets".to_string(), "frameworks".into(), k]),
        1 => (id(), id()).prop_map(|(f, c)| vec!["targets".to_string(), "controls".into(), format!("{f}:{c}")]),
        1 => id().prop_map(|k| vec!["targets".to_string(), "controls".into(), k]),
        1 => id().prop_map(|k| vec![k]),
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    Set(Vec<String>, Value),
    Remove(Vec<String>),
    Frameworks(Vec<String>),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (assessment_key(), json_value()).prop_map(|(k, v)| Edit::Set(k, v)),
        1 => assessment_key().prop_map(Edit::Remove),
        2 => prop::collection::vec(id(), 0..6).prop_map(Edit::Frameworks),
    ]
}

fn apply_edit(value: &mut Value, edit: &Edit) {
    let (path, new) = match edit {
        Edit::Set(path, v) => (path, Some(v.clone())),
        Edit::Remove(path) => (path, None),
        Edit::Frameworks(ids) => {
            value["frameworks"] = json!(ids);
            return;
        }
    };
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = value;
    for key in parents {
        if !at.is_object() {
            return;
        }
        at = at
            .as_object_mut()
            .expect("object")
            .entry(key.clone())
            .or_insert_with(|| json!({}));
    }
    if let Some(object) = at.as_object_mut() {
        match new {
            Some(v) => {
                object.insert(last.clone(), v);
            }
            None => {
                object.remove(last);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Answers and their files

#[derive(Debug, Clone, Copy, PartialEq)]
enum Written {
    Level(u8, bool),
    /// `na`, `NA`, `n/a` or `N/A`.
    NotApplicable(u8),
    /// Empty, spaces, or (JSON) null or absent.
    Blank(u8),
}

impl Written {
    fn expected(self) -> Answer {
        match self {
            Written::Level(level, _) => Answer::Level(level),
            Written::NotApplicable(_) => Answer::NotApplicable,
            Written::Blank(_) => Answer::Unanswered,
        }
    }

    fn text(self) -> String {
        match self {
            Written::Level(level, false) => level.to_string(),
            Written::Level(level, true) => format!("  {level} "),
            Written::NotApplicable(k) => ["na", "NA", "n/a", "N/A"][usize::from(k % 4)].into(),
            Written::Blank(k) => ["", " ", "   "][usize::from(k % 3)].into(),
        }
    }

    /// As a JSON answer: levels as numbers or strings, blanks as null, strings or absent (None).
    fn json(self) -> Option<Value> {
        match self {
            Written::Level(level, as_string) if !as_string => Some(json!(level)),
            Written::Blank(0) => Some(Value::Null),
            Written::Blank(1) => None,
            other => Some(Value::String(other.text())),
        }
    }
}

fn written() -> impl Strategy<Value = Written> {
    prop_oneof![
        6 => (0..=5u8, any::<bool>()).prop_map(|(l, s)| Written::Level(l, s)),
        1 => (0..4u8).prop_map(Written::NotApplicable),
        1 => (0..3u8).prop_map(Written::Blank),
    ]
}

/// Free text with the characters that trouble CSV and spreadsheets.
fn free_text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        ',', ';', '\t', '\n', '\r', '"', '\'', '=', '+', '-', '@', ' ', '\u{feff}', '\0', '\u{2028}', '\u{85}',
        '\u{a0}', '\\', '|', '#', 'é', '😀',
    ]);
    prop::collection::vec(
        prop_oneof![2 => special, 1 => any::<char>(), 2 => proptest::char::range('a', 'z')],
        0..24,
    )
    .prop_map(String::from_iter)
}

#[derive(Debug, Clone)]
struct Row {
    question: String,
    answer: Written,
    comment: String,
    evidence: String,
}

/// Distinct questions of itsm-core, in random order, with random answers and text.
fn rows(max: usize) -> impl Strategy<Value = Vec<Row>> {
    let count = core_questions().len();
    (
        prop::sample::subsequence((0..count).collect::<Vec<_>>(), 0..=max.min(count)).prop_shuffle(),
        prop::collection::vec((written(), free_text(), free_text()), max.min(count)),
    )
        .prop_map(|(picked, cells)| {
            picked
                .into_iter()
                .zip(cells)
                .map(|(i, (answer, comment, evidence))| Row {
                    question: core_questions()[i].clone(),
                    answer,
                    comment,
                    evidence,
                })
                .collect()
        })
}

#[derive(Debug, Clone)]
struct CsvShape {
    delimiter: u8,
    bom: bool,
    crlf: bool,
    /// A permutation of `question_id`, answer, comment, evidence and an extra column.
    columns: Vec<usize>,
}

fn csv_shape() -> impl Strategy<Value = CsvShape> {
    (
        prop::sample::select(vec![b',', b';', b'\t']),
        any::<bool>(),
        any::<bool>(),
        Just((0..5).collect::<Vec<usize>>()).prop_shuffle(),
    )
        .prop_map(|(delimiter, bom, crlf, columns)| CsvShape {
            delimiter,
            bom,
            crlf,
            columns,
        })
}

fn csv_bytes(rows: &[Row], shape: &CsvShape) -> Vec<u8> {
    let names = ["question_id", "answer", "comment", "evidence", "section"];
    let mut writer = csv::WriterBuilder::new()
        .delimiter(shape.delimiter)
        .terminator(if shape.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    writer
        .write_record(shape.columns.iter().map(|&c| names[c]))
        .expect("write header");
    for row in rows {
        let cells = [
            row.question.clone(),
            row.answer.text(),
            row.comment.clone(),
            row.evidence.clone(),
            "Section, \"quoted\"; x".to_string(),
        ];
        writer
            .write_record(shape.columns.iter().map(|&c| cells[c].as_str()))
            .expect("write row");
    }
    let body = writer.into_inner().expect("flush");
    if shape.bom {
        ["\u{feff}".as_bytes(), &body].concat()
    } else {
        body
    }
}

fn json_bytes(rows: &[Row]) -> Vec<u8> {
    let responses: Vec<Value> = rows
        .iter()
        .map(|row| {
            let mut object = serde_json::Map::new();
            object.insert("question_id".into(), json!(row.question));
            if let Some(answer) = row.answer.json() {
                object.insert("answer".into(), answer);
            }
            object.insert("comment".into(), json!(row.comment));
            object.insert("evidence".into(), json!(row.evidence));
            Value::Object(object)
        })
        .collect();
    pretty(&json!({ "responses": responses }))
}

/// Line ends written as CRLF or a lone CR may be read back as LF; comparisons ignore the difference.
fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Loads a workspace reading `file`, which must succeed, and checks every written row came back.
fn load_rows(file: &str, bytes: &[u8], rows: &[Row]) -> Value {
    let ws = workspace(&assessment_reading(file), &[(file, bytes)]);
    let (loaded, warnings) = match assessment::load(ws.path(), bundled()) {
        Ok(found) => found,
        Err(e) => panic!("valid {file} does not load:\n{e}"),
    };
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(loaded.responses.by_question.len(), rows.len(), "one response per row");
    for row in rows {
        let response = loaded.responses.get(&row.question).expect("the question is answered");
        assert_eq!(response.answer, row.answer.expected(), "answer of {}", row.question);
        assert_eq!(
            normalise(&response.comment),
            normalise(row.comment.trim()),
            "comment of {}",
            row.question
        );
        assert_eq!(
            normalise(&response.evidence),
            normalise(row.evidence.trim()),
            "evidence of {}",
            row.question
        );
    }
    serde_json::to_value(scoring::score(&loaded)).expect("scores serialise")
}

// ---------------------------------------------------------------------------------------------------
// The full path

#[derive(Debug, Clone)]
struct Case {
    frameworks: Vec<&'static str>,
    date: String,
    targets: Vec<u8>,
    rows: Vec<Row>,
    shape: CsvShape,
}

fn case(max_rows: usize) -> impl Strategy<Value = Case> {
    (
        prop::sample::subsequence(BUNDLED_FRAMEWORKS.to_vec(), 1..=4),
        (0..=9999u32, 1..=12u32, 1..=28u32),
        prop::collection::vec(0..=10u8, 3),
        rows(max_rows),
        csv_shape(),
    )
        .prop_map(|(frameworks, (y, m, d), targets, rows, shape)| Case {
            frameworks,
            date: format!("{y:04}-{m:02}-{d:02}"),
            targets,
            rows,
            shape,
        })
}

fn case_workspace(case: &Case) -> tempfile::TempDir {
    let mut a = northwind_assessment();
    a["frameworks"] = json!(case.frameworks);
    a["date"] = json!(case.date);
    let half = |t: u8| f64::from(t) / 2.0;
    a["targets"] = json!({
        "default": half(case.targets[0]),
        "frameworks": { (case.frameworks[0]): half(case.targets[1]) },
        "controls": { "itil4:incident-management": half(case.targets[2]) },
    });
    if !case.frameworks.contains(&"itil4") {
        a["targets"]["controls"] = json!({});
    }
    let csv = csv_bytes(&case.rows, &case.shape);
    workspace(&pretty(&a), &[("responses.csv", &csv)])
}

/// Loads a valid workspace, which must succeed; answers to questions outside the scope are warnings.
fn load_case(ws: &Path) -> assessment::Loaded<'static> {
    match assessment::load(ws, bundled()) {
        Ok((loaded, warnings)) => {
            check_warnings(&warnings);
            loaded
        }
        Err(e) => panic!("a valid workspace does not load:\n{e}"),
    }
}

const TEXT_FORMATS: [ReportFormat; 4] = [
    ReportFormat::Html,
    ReportFormat::Markdown,
    ReportFormat::Json,
    ReportFormat::Csv,
];

// ---------------------------------------------------------------------------------------------------
// Properties: no panic, structured errors

proptest! {
    #![proptest_config(config(48, 1))]

    /// Any responses.csv: loads, or fails with located diagnostics.
    #[test]
    fn responses_csv_never_panics(bytes in input(northwind_responses(), CSV_TOKENS.to_vec())) {
        let ws = workspace(&assessment_reading("responses.csv"), &[("responses.csv", &bytes)]);
        load_and_check(ws.path(), bundled());
    }

    /// Any evidence.csv: loads, or fails with located diagnostics; readiness then runs.
    #[test]
    fn evidence_csv_never_panics(bytes in input(northwind_evidence(), CSV_TOKENS.to_vec())) {
        let ws = workspace(&assessment_reading("responses.csv"), &[
            ("responses.csv", &northwind_responses()),
            ("evidence.csv", &bytes),
        ]);
        if load_and_check(ws.path(), bundled()) {
            let (loaded, _) = assessment::load(ws.path(), bundled()).expect("loaded once");
            let report = itsm_assess::report::build(&loaded, itsm_assess::report::ReportOptions::default());
            let readiness = report.readiness.expect("iso20000 in scope");
            prop_assert_eq!(readiness.documents.len(), 89);
        }
    }

    /// Any responses.json: loads, or fails with located diagnostics.
    #[test]
    fn responses_json_never_panics(bytes in input(valid_responses_json(), JSON_TOKENS.to_vec())) {
        let ws = workspace(&assessment_reading("responses.json"), &[("responses.json", &bytes)]);
        load_and_check(ws.path(), bundled());
    }

    /// Any assessment.json bytes: loads, or fails with located diagnostics.
    #[test]
    fn assessment_bytes_never_panic(bytes in input(pretty(&northwind_assessment()), ASSESSMENT_TOKENS.to_vec())) {
        let ws = workspace(&bytes, &[("responses.csv", &northwind_responses())]);
        load_and_check(ws.path(), bundled());
    }

    /// assessment.json with random fields set, removed or added (targets, framework ids, unknown
    /// keys, wrong types): loads, or fails with diagnostics that name the file and, for a value
    /// that parsed but is wrong, its JSON path.
    #[test]
    fn assessment_edits_load_or_locate(edits in prop::collection::vec(edit(), 1..6), compact in any::<bool>()) {
        let mut a = northwind_assessment();
        for e in &edits {
            apply_edit(&mut a, e);
        }
        let bytes = if compact { serde_json::to_vec(&a).expect("serialise") } else { pretty(&a) };
        let ws = workspace(&bytes, &[("responses.csv", &northwind_responses())]);
        let label = ws.path().join("assessment.json").display().to_string();
        match assessment::load(ws.path(), bundled()) {
            Ok((_, warnings)) => check_warnings(&warnings),
            Err(error) => {
                check_error(&error);
                let Error::Invalid(found) = &error else { panic!("not bad input: {error}") };
                for d in found.errors().filter(|d| d.file == label) {
                    prop_assert!(d.line.is_some() || d.path.is_some(), "not located: {}", d);
                }
            }
        }
    }

    /// Any catalog file in a content folder: loaded or named by a diagnostic, never a panic.
    #[test]
    fn catalog_bytes_never_panic(bytes in input(read("tests/fixtures/content/frameworks/alpha.json"), CONTENT_TOKENS.to_vec())) {
        let dir = content_with("frameworks/alpha.json", &bytes);
        library_and_check(dir.path(), "frameworks/alpha.json");
    }

    /// Any questionnaire file in a content folder: loaded or named by a diagnostic, never a panic.
    #[test]
    fn questionnaire_bytes_never_panic(bytes in input(read("tests/fixtures/content/questionnaires/mini.json"), CONTENT_TOKENS.to_vec())) {
        let dir = content_with("questionnaires/mini.json", &bytes);
        library_and_check(dir.path(), "questionnaires/mini.json");
    }
}

fn valid_responses_json() -> Vec<u8> {
    let rows: Vec<Row> = core_questions()
        .iter()
        .take(8)
        .enumerate()
        .map(|(i, q)| Row {
            question: q.clone(),
            answer: Written::Level(i as u8 % 6, i % 2 == 0),
            comment: format!("comment {i}, \"quoted\""),
            evidence: String::new(),
        })
        .collect();
    json_bytes(&rows)
}

// ---------------------------------------------------------------------------------------------------
// Properties: structural content mutations

/// A custom catalog and a questionnaire mapping it, with hostile ids, weights and dependencies.
#[derive(Debug, Clone)]
struct Content {
    catalog_id: String,
    controls: Vec<(String, Value, Vec<usize>)>,
    chain: usize,
    cycle: bool,
    questions: Vec<(String, Value, Vec<usize>)>,
    question_chain: usize,
    question_cycle: bool,
}

/// Mostly numbers, so that most files parse and reach validation; now and then a wrong type or a
/// number JSON cannot hold.
fn weight() -> impl Strategy<Value = Value> {
    prop_oneof![
        20 => prop::sample::select(vec![
            json!(1), json!(0), json!(-1), json!(0.5), json!(1e308), json!(-1e308), json!(f64::MIN_POSITIVE), json!(-0.0),
        ]),
        1 => prop::sample::select(vec![
            json!("NaN"), json!("Infinity"), json!(null), json!("__RAW:1e400"), json!("__RAW:-1e400"),
            json!("__RAW:NaN"), json!([1]), json!(true),
        ]),
        1 => json_leaf(),
    ]
}

fn entries(max: usize) -> impl Strategy<Value = Vec<(String, Value, Vec<usize>)>> {
    prop::collection::vec((id(), weight(), prop::collection::vec(0..max * 2, 0..3)), 1..max)
}

/// Chain lengths. Longer chains overflow the stack (see `long_dependency_chains_do_not_overflow_the_stack`).
const CHAINS: [usize; 6] = [0, 1, 5, 50, 200, 500];

fn content() -> impl Strategy<Value = Content> {
    (
        id(),
        entries(12),
        prop::sample::select(CHAINS.to_vec()),
        any::<bool>(),
        entries(12),
        prop::sample::select(CHAINS.to_vec()),
        any::<bool>(),
    )
        .prop_map(
            |(catalog_id, controls, chain, cycle, questions, question_chain, question_cycle)| Content {
                catalog_id,
                controls,
                chain,
                cycle,
                questions,
                question_chain,
                question_cycle,
            },
        )
}

/// `(id, weight, dependencies by index)` plus a chain `prefix-1 -> prefix-0 ...`, closed into a cycle on demand.
fn with_chain(
    entries: &[(String, Value, Vec<usize>)],
    prefix: &str,
    chain: usize,
    cycle: bool,
) -> Vec<(String, Value, Vec<String>)> {
    let ids: Vec<String> = entries
        .iter()
        .map(|e| e.0.clone())
        .chain((0..chain).map(|i| format!("{prefix}-{i}")))
        .collect();
    let mut out: Vec<(String, Value, Vec<String>)> = entries
        .iter()
        .map(|(id, weight, deps)| {
            let deps = deps
                .iter()
                .map(|&d| ids.get(d).cloned().unwrap_or_else(|| format!("missing-{d}")))
                .collect();
            (id.clone(), weight.clone(), deps)
        })
        .collect();
    for i in 0..chain {
        let mut deps = Vec::new();
        if i > 0 {
            deps.push(format!("{prefix}-{}", i - 1));
        } else if cycle && chain > 1 {
            deps.push(format!("{prefix}-{}", chain - 1));
        }
        out.push((format!("{prefix}-{i}"), json!(1), deps));
    }
    out
}

fn raw_numbers(text: String) -> String {
    text.replace("\"__RAW:1e400\"", "1e400")
        .replace("\"__RAW:-1e400\"", "-1e400")
        .replace("\"__RAW:NaN\"", "NaN")
}

fn content_files(c: &Content) -> (String, String) {
    let controls: Vec<Value> = with_chain(&c.controls, "chain", c.chain, c.cycle)
        .into_iter()
        .map(|(id, weight, deps)| json!({"id": id, "title": "T", "weight": weight, "mandatory": true, "depends_on": deps}))
        .collect();
    let half = controls.len() / 2;
    let catalog = json!({
        "id": c.catalog_id, "name": "Custom", "version": "1",
        "domains": [
            {"id": "d1", "name": "One", "controls": controls[..half]},
            {"id": "d2", "name": "Two", "controls": controls[half..]},
        ],
    });
    let control_ids: Vec<String> = with_chain(&c.controls, "chain", c.chain, c.cycle)
        .into_iter()
        .map(|e| e.0)
        .collect();
    let questions: Vec<Value> = with_chain(&c.questions, "q", c.question_chain, c.question_cycle)
        .into_iter()
        .enumerate()
        .map(|(i, (id, weight, deps))| {
            json!({
                "id": id,
                "text": "Q?",
                "levels": ["0", "1", "2", "3", "4", "5"],
                "maps": [{"framework": c.catalog_id, "control": control_ids[i % control_ids.len()], "weight": weight}],
                "depends_on": deps,
                "effort": "S",
            })
        })
        .collect();
    let mut questionnaire: Value =
        serde_json::from_slice(&read("tests/fixtures/content/questionnaires/mini.json")).expect("mini parses");
    questionnaire["id"] = json!(format!("{}-q", c.catalog_id));
    questionnaire["sections"] = json!([{"id": "s", "name": "S", "questions": questions}]);
    (
        raw_numbers(serde_json::to_string(&catalog).expect("serialise")),
        raw_numbers(serde_json::to_string_pretty(&questionnaire).expect("serialise")),
    )
}

proptest! {
    #![proptest_config(config(24, 16))]

    /// A custom catalog and questionnaire with hostile ids, weights (0, negative, 1e308, 1e400, NaN,
    /// strings), duplicates, unknown dependencies and chains and cycles of up to 500: loading
    /// terminates without a panic, accounts for both files, and rejects every non-positive weight.
    #[test]
    fn content_structures_never_panic(c in content()) {
        let (catalog, questionnaire) = content_files(&c);
        let dir = tempfile::tempdir().expect("temp dir");
        write(&dir.path().join("frameworks/custom.json"), catalog.as_bytes());
        write(&dir.path().join("questionnaires/custom.json"), questionnaire.as_bytes());
        let started = std::time::Instant::now();
        let (library, diagnostics) = library_and_check(dir.path(), "frameworks/custom.json");
        library_and_check(dir.path(), "questionnaires/custom.json");
        prop_assert!(started.elapsed().as_secs() < 60, "loading took {:?}", started.elapsed());
        if let Some(loaded) = library.catalogs.get(&c.catalog_id).filter(|l| !l.is_bundled()) {
            for (_, control) in loaded.value.controls() {
                if !(control.weight.is_finite() && control.weight > 0.0) {
                    prop_assert!(diagnostics.errors().any(|d| d.message.contains("weight")), "weight {} accepted", control.weight);
                }
            }
        }
        if c.cycle && c.chain > 1 && library.catalogs.get(&c.catalog_id).is_some_and(|l| !l.is_bundled()) {
            prop_assert!(diagnostics.errors().any(|d| d.message.contains("cycle")), "the cycle is not reported");
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Properties: round trips

proptest! {
    #![proptest_config(config(32, 2))]

    /// Answers written as CSV (any delimiter, BOM, line end and column order) and as JSON load back
    /// as exactly those answers, with comments and evidence trimmed (CR line ends compared as LF),
    /// and both files give the same scores.
    #[test]
    fn answers_round_trip_through_csv_and_json(rows in rows(40), shape in csv_shape()) {
        let from_csv = load_rows("responses.csv", &csv_bytes(&rows, &shape), &rows);
        let from_json = load_rows("responses.json", &json_bytes(&rows), &rows);
        prop_assert_eq!(from_csv, from_json);
    }
}

proptest! {
    #![proptest_config(config(6, 32))]

    /// Random valid answers, scope, targets and date: score, report and every text format render
    /// without a panic, and rendering twice gives the same bytes.
    #[test]
    fn valid_answers_render_every_text_format_deterministically(case in case(160)) {
        let ws = case_workspace(&case);
        let loaded = load_case(ws.path());
        let scores = scoring::score(&loaded);
        prop_assert_eq!(scores.frameworks.len(), case.frameworks.len());
        let report = report::build(&loaded, ReportOptions::default());
        prop_assert_eq!(report.readiness.is_some(), case.frameworks.contains(&"iso20000"));
        for format in TEXT_FORMATS {
            let first = render::report(&report, format, Paper::A4, None).unwrap_or_else(|e| panic!("{format:?}: {e}"));
            let second = render::report(&report, format, Paper::A4, None).unwrap_or_else(|e| panic!("{format:?}: {e}"));
            prop_assert!(!first.bytes.is_empty(), "{:?} is empty", format);
            prop_assert!(first.bytes == second.bytes, "{:?} differs between two renders", format);
        }
        let json: Value = serde_json::from_slice(&render::report(&report, ReportFormat::Json, Paper::A4, None).expect("json").bytes).expect("JSON report parses");
        prop_assert!(json.is_object());
    }
}

proptest! {
    #![proptest_config(config(2, 64))]

    /// PDF report and readiness report for random valid answers: no panic, a PDF, the same bytes twice.
    #[test]
    fn valid_answers_render_pdf_deterministically(case in case(160)) {
        let ws = case_workspace(&case);
        let loaded = load_case(ws.path());
        let report = report::build(&loaded, ReportOptions::default());
        let first = render::report(&report, ReportFormat::Pdf, Paper::A4, None).expect("pdf");
        let second = render::report(&report, ReportFormat::Pdf, Paper::A4, None).expect("pdf");
        prop_assert!(first.bytes.starts_with(b"%PDF-"));
        prop_assert!(first.bytes == second.bytes, "the PDF differs between two renders");
        match pdf::render_readiness(&report, Paper::A4) {
            Ok(readiness) => {
                prop_assert!(case.frameworks.contains(&"iso20000"));
                let again = pdf::render_readiness(&report, Paper::A4).expect("readiness pdf");
                prop_assert!(readiness.bytes.starts_with(b"%PDF-"));
                prop_assert!(readiness.bytes == again.bytes, "the readiness PDF differs between two renders");
            }
            Err(error) => {
                prop_assert!(!case.frameworks.contains(&"iso20000"), "{}", error);
                prop_assert!(matches!(error, Error::Usage(_)), "{}", error);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Corpus: every input that ever failed, run through its parser on every `cargo test`

const PARSERS: [&str; 5] = [
    "responses-csv",
    "responses-json",
    "assessment",
    "catalog",
    "questionnaire",
];

/// Runs one input through one parser and checks the outcome is structured.
fn run_parser(parser: &str, bytes: &[u8]) {
    match parser {
        "responses-csv" => {
            let ws = workspace(&assessment_reading("responses.csv"), &[("responses.csv", bytes)]);
            load_and_check(ws.path(), bundled());
        }
        "responses-json" => {
            let ws = workspace(&assessment_reading("responses.json"), &[("responses.json", bytes)]);
            load_and_check(ws.path(), bundled());
        }
        "assessment" => {
            let ws = workspace(bytes, &[("responses.csv", &northwind_responses())]);
            load_and_check(ws.path(), bundled());
        }
        "catalog" => {
            let dir = content_with("frameworks/alpha.json", bytes);
            library_and_check(dir.path(), "frameworks/alpha.json");
        }
        "questionnaire" => {
            let dir = content_with("questionnaires/mini.json", bytes);
            library_and_check(dir.path(), "questionnaires/mini.json");
        }
        other => panic!("unknown parser {other}"),
    }
}

fn corpus_files(parser: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/corpus").join(parser);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Generous for a debug build on a busy machine; the slowest case that passes takes about 2 s.
const CASE_TIME_LIMIT: Duration = Duration::from_secs(20);

/// Runs every case, catching panics so that one report names every failing case.
fn run_cases(cases: impl IntoIterator<Item = (String, String, Vec<u8>)>) -> usize {
    let mut failures = Vec::new();
    let mut count = 0;
    for (parser, name, bytes) in cases {
        count += 1;
        let started = Instant::now();
        if catch_unwind(AssertUnwindSafe(|| run_parser(&parser, &bytes))).is_err() {
            failures.push(format!("{parser}/{name}"));
        } else if started.elapsed() > CASE_TIME_LIMIT {
            failures.push(format!("{parser}/{name} took {:?}", started.elapsed()));
        }
    }
    assert!(failures.is_empty(), "cases that failed: {failures:?}");
    count
}

#[test]
fn corpus_cases_give_structured_outcomes() {
    let mut cases = Vec::new();
    for parser in PARSERS {
        let files = corpus_files(parser);
        assert!(!files.is_empty(), "tests/corpus/{parser} has no cases");
        for file in files {
            let bytes = std::fs::read(&file).expect("read corpus case");
            assert!(bytes.len() < 200_000, "{} is too big for the corpus", file.display());
            let name = file.file_name().expect("name").to_string_lossy().into_owned();
            cases.push((parser.to_string(), name, bytes));
        }
    }
    let expected = cases.len();
    assert_eq!(run_cases(cases), expected);
}

/// Corpus cases too big to keep as files.
#[test]
fn generated_large_cases_give_structured_outcomes() {
    let mut cases = Vec::new();
    let mut add = |parser: &str, name: &str, bytes: Vec<u8>| cases.push((parser.to_string(), name.to_string(), bytes));
    add(
        "responses-csv",
        "10000-duplicate-rows",
        format!("question_id,answer\n{}", "GOV-01,3\n".repeat(10_000)).into_bytes(),
    );
    add(
        "responses-csv",
        "one-cell-of-1MB",
        format!("question_id,answer,comment\nGOV-01,3,\"{}\"\n", "x\"\"".repeat(250_000)).into_bytes(),
    );
    add(
        "responses-csv",
        "unknown-ids-5000",
        format!(
            "question_id,answer\n{}",
            (0..5_000).map(|i| format!("GOV-{i:05},3\n")).collect::<String>()
        )
        .into_bytes(),
    );
    let deep = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes();
    let deep_in = |prefix: &str, depth: usize, suffix: &str| {
        format!("{prefix}{}{}{suffix}", "[".repeat(depth), "]".repeat(depth)).into_bytes()
    };
    add("responses-json", "nested-10000", deep(10_000));
    add(
        "responses-json",
        "nested-10000-in-answer",
        deep_in("{\"responses\":[{\"question_id\":\"GOV-01\",\"answer\":", 10_000, "}]}"),
    );
    add("responses-json", "1000-duplicate-rows", json_rows(1_000));
    add("assessment", "nested-10000", deep(10_000));
    add(
        "assessment",
        "nested-10000-in-targets",
        deep_in("{\"targets\":{\"default\":", 10_000, "}}"),
    );
    add("catalog", "nested-10000", deep_in("{\"domains\":", 10_000, "}"));
    add("questionnaire", "nested-10000", deep_in("{\"sections\":", 10_000, "}"));
    let expected = cases.len();
    assert_eq!(run_cases(cases), expected);
}

/// `{"responses": [...]}` answering GOV-01 `rows` times.
fn json_rows(rows: usize) -> Vec<u8> {
    format!(
        "{{\"responses\":[\n{}{{\"question_id\":\"GOV-01\",\"answer\":3}}]}}",
        "{\"question_id\":\"GOV-01\",\"answer\":3},\n".repeat(rows - 1)
    )
    .into_bytes()
}

/// Bug: every row of a responses JSON file and every content diagnostic is given its line by
/// `json_locate::line_of`, which scans the file from the start each time (src/responses.rs
/// `read_json`, src/content.rs `locate`), so the time grows with the square of the file size:
/// 10,000 rows (400 KB) take about a minute in a debug build.
#[test]
fn large_json_files_load_in_linear_time() {
    let started = Instant::now();
    run_parser("responses-json", &json_rows(10_000));
    assert!(
        started.elapsed() < CASE_TIME_LIMIT,
        "10,000 JSON rows took {:?}",
        started.elapsed()
    );
    let controls: Vec<Value> = (0..5_000)
        .map(|i| json!({"id": format!("c{i}"), "title": "T"}))
        .collect();
    let catalog = json!({"id": "custom", "name": "C", "version": "1", "domains": [{"id": "d", "name": "D", "controls": controls}]});
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("custom.json"), &pretty(&catalog));
    let started = Instant::now();
    let (_, diagnostics) = library_and_check(dir.path(), "custom.json");
    assert_eq!(diagnostics.warning_count(), 5_000, "one warning per unmapped control");
    assert!(
        started.elapsed() < CASE_TIME_LIMIT,
        "5,000 unmapped controls took {:?}",
        started.elapsed()
    );
}

/// A catalog whose controls form one `depends_on` chain of `n`, closed into a cycle, every control
/// mapped by one question (so that validation finds only the cycle), and a questionnaire whose
/// questions form such a chain too.
fn chained_content(n: usize) -> (Vec<u8>, Vec<u8>) {
    let controls: Vec<Value> = (0..n)
        .map(|i| json!({"id": format!("c{i}"), "title": "T", "depends_on": [format!("c{}", (i + 1) % n)]}))
        .collect();
    let catalog = json!({"id": "custom", "name": "C", "version": "1", "domains": [{"id": "d", "name": "D", "controls": controls}]});
    let mut questionnaire: Value =
        serde_json::from_slice(&read("tests/fixtures/content/questionnaires/mini.json")).expect("mini parses");
    let maps: Vec<Value> = (0..n)
        .map(|i| json!({"framework": "custom", "control": format!("c{i}")}))
        .collect();
    let questions: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "id": format!("q{i}"), "text": "Q?", "levels": ["0", "1", "2", "3", "4", "5"],
                "maps": if i == 0 { maps.clone() } else { vec![json!({"framework": "custom", "control": "c0"})] },
                "depends_on": [format!("q{}", (i + 1) % n)], "effort": "S",
            })
        })
        .collect();
    questionnaire["id"] = json!("custom-q");
    questionnaire["sections"] = json!([{"id": "s", "name": "S", "questions": questions}]);
    (
        serde_json::to_vec(&catalog).expect("serialise"),
        serde_json::to_vec(&questionnaire).expect("serialise"),
    )
}

/// Bug: the cycle check in src/content.rs (`dependency_problems` -> `visit`) recurses once per
/// link of a `depends_on` chain, so a long chain overflows the stack and aborts the process: about
/// 2,000 links in a 2 MiB thread (a test thread), under 10,000 in an 8 MiB one (the CLI's main
/// thread), debug build. This test runs a 10,000-link chain in an 8 MiB thread; while the bug is
/// there it aborts the whole test binary, so run it alone.
#[test]
fn long_dependency_chains_do_not_overflow_the_stack() {
    let outcome = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(|| {
            let (catalog, questionnaire) = chained_content(10_000);
            let dir = tempfile::tempdir().expect("temp dir");
            write(&dir.path().join("frameworks/custom.json"), &catalog);
            write(&dir.path().join("questionnaires/custom.json"), &questionnaire);
            let (_, diagnostics) = library_and_check(dir.path(), "frameworks/custom.json");
            diagnostics.errors().filter(|d| d.message.contains("cycle")).count()
        })
        .expect("spawn")
        .join()
        .expect("no panic");
    assert_eq!(outcome, 2, "one cycle among the controls, one among the questions");
}

/// An answer to a question outside the scope is a warning; an unknown question after it is an
/// error. The error's message must still start with `error: `, as for any other bad input.
#[test]
fn errors_render_starting_with_error_even_after_warnings() {
    let mut a = northwind_assessment();
    a["frameworks"] = json!(["leanit"]);
    a["targets"] = json!({});
    let ws = workspace(
        &pretty(&a),
        &[("responses.csv", b"question_id,answer\nGOV-01,3\nNOPE-01,3\n")],
    );
    let error = assessment::load(ws.path(), bundled()).expect_err("an unknown question is an error");
    check_error(&error);
}
