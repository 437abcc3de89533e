//! `portfolio` and `report --benchmark`: peers that answer every question alike, so every score is
//! their level and the distributions can be worked out by hand; filters, rounds, skipped folders,
//! withheld figures and peers never named.

mod common;

use std::path::{Path, PathBuf};

use common::{bare_cli, example_dir, stderr_of, stdout_of, write};
use itsm_assess::content::Library;
use itsm_assess::workspace::synthetic::Sheet;
use serde_json::Value;

/// An assessment of every framework whose every in-scope question is answered `level`.
fn organisation(root: &Path, folder: &str, org: &str, date: &str, sector: &str, level: &str) -> PathBuf {
    let (library, _) = Library::load(None).unwrap();
    let questionnaire = library.questionnaire("itsm-core").unwrap();
    let dir = root.join(folder);
    std::fs::create_dir_all(&dir).unwrap();
    let assessment = serde_json::json!({
        "organization": org,
        "date": date,
        "frameworks": ["cobit2019", "iso20000", "itil4", "leanit"],
        "questionnaire": "itsm-core",
        "profile": { "sector": sector, "size": "250-999", "region": "EMEA" },
    });
    write(
        &dir.join("assessment.json"),
        serde_json::to_string_pretty(&assessment).unwrap(),
    );
    let mut rows = String::from("question_id,answer\n");
    for (_, q) in questionnaire.questions() {
        rows.push_str(&format!("{},{level}\n", q.id));
    }
    write(&dir.join("responses.csv"), rows);
    dir
}

/// Five peers at levels 1 to 5 (two of them retail), an earlier round of the level-3 peer at 1,
/// and a client at 4 outside the portfolio.
fn portfolio() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let peers = dir.path().join("peers");
    for (i, sector) in ["logistics", "logistics", "retail", "logistics", "Retail"]
        .iter()
        .enumerate()
    {
        let level = (i + 1).to_string();
        organisation(
            &peers,
            &format!("2026/org{level}"),
            &format!("Org {level}"),
            "2026-03-01",
            sector,
            &level,
        );
    }
    organisation(&peers, "2025/org3", "Org 3", "2025-03-01", "retail", "1");
    let client = organisation(dir.path(), "client", "Client Ltd", "2026-06-01", "logistics", "4");
    (dir, peers, client)
}

fn run(args: &[&str]) -> std::process::Output {
    bare_cli().arg("portfolio").args(args).output().unwrap()
}

fn json(args: &[&str]) -> Value {
    let output = run(&[args, &["--format", "json"]].concat());
    assert!(output.status.success(), "{}", stderr_of(&output));
    serde_json::from_str(&stdout_of(&output)).unwrap()
}

fn s(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

#[test]
fn distributions_are_the_hand_computed_quartiles_of_the_latest_rounds() {
    let (_dir, peers, _) = portfolio();
    let b = json(&[&s(&peers)]);
    assert_eq!(b["counts"]["folders"], 6);
    assert_eq!(b["counts"]["peers"], 5);
    assert_eq!(b["counts"]["earlier_rounds"], 1);
    let frameworks = b["frameworks"].as_array().unwrap();
    assert_eq!(frameworks.len(), 4);
    for f in frameworks {
        // Scores 1, 2, 3, 4, 5: quartiles at ranks 2, 3 and 4 exactly.
        assert_eq!(
            (f["q1"].as_f64(), f["median"].as_f64(), f["q3"].as_f64()),
            (Some(2.0), Some(3.0), Some(4.0)),
            "{}",
            f["id"]
        );
        assert_eq!(f["peers"], 5);
        let control = &f["domains"][0]["controls"][0];
        assert_eq!(control["median"], 3.0);
    }
    // Every round of Org 3 counted: 1, 1, 2, 3, 4, 5 gives Q1 at rank 2.25 = 1.25, median 2.5.
    let all = json(&[&s(&peers), "--all-rounds"]);
    let f = &all["frameworks"][0];
    assert_eq!(
        (f["q1"].as_f64(), f["median"].as_f64(), f["q3"].as_f64()),
        (Some(1.25), Some(2.5), Some(3.75))
    );
}

#[test]
fn a_client_gets_its_percentile_with_ties_counted_half() {
    let (_dir, peers, client) = portfolio();
    let b = json(&[&s(&peers), "--client", &s(&client)]);
    let f = &b["frameworks"][0];
    // 4 against 1, 2, 3, 4, 5: three below, one level, (3 + 0.5) / 5 = 70%.
    assert_eq!(f["client"], 4.0);
    assert_eq!(f["percentile"], 70.0);
    assert_eq!(f["quarter"], "third quarter");
    let table = stdout_of(&run(&[&s(&peers), "--client", &s(&client)]));
    assert!(
        table.contains("the 70th percentile of 5 peers (third quarter); their median is 3.00"),
        "{table}"
    );
}

#[test]
fn a_filter_keeps_only_matching_peers_and_is_stated() {
    let (_dir, peers, client) = portfolio();
    // Retail, any case: Org 3 (latest round at 3) and Org 5.
    let b = json(&[&s(&peers), "--filter", "sector=RETAIL", "--min-peers", "1"]);
    assert_eq!(b["counts"]["peers"], 2);
    assert_eq!(b["frameworks"][0]["median"], 4.0);
    assert_eq!(b["filter"], "sector retail");
    // Since 2026: the 2025 round goes, and the latest round of each organisation stays.
    let b = json(&[&s(&peers), "--filter", "since=2026-01-01", "--client", &s(&client)]);
    assert_eq!(b["counts"]["peers"], 5);
    assert_eq!(b["counts"]["filtered_out"], 1);
    for bad in ["colour=red", "since=2026-02-30", "sector"] {
        let output = run(&[&s(&peers), "--filter", bad]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(stderr_of(&output).contains("--filter"), "{bad}: {}", stderr_of(&output));
    }
}

#[test]
fn too_few_peers_are_withheld_for_a_client() {
    let (_dir, peers, client) = portfolio();
    let b = json(&[&s(&peers), "--client", &s(&client), "--filter", "sector=logistics"]);
    let f = &b["frameworks"][0];
    assert_eq!(f["peers"], 3);
    assert_eq!(f["withheld"], true);
    assert!(f["median"].is_null() && f["percentile"].is_null());
    assert_eq!(f["client"], 4.0);
    let b = json(&[
        &s(&peers),
        "--client",
        &s(&client),
        "--filter",
        "sector=logistics",
        "--min-peers",
        "3",
    ]);
    assert_eq!(b["frameworks"][0]["median"], 2.0);
}

#[test]
fn bad_folders_are_reported_and_skipped_and_nothing_to_compare_is_an_error() {
    let (dir, peers, _) = portfolio();
    std::fs::create_dir_all(peers.join("broken")).unwrap();
    write(&peers.join("broken/assessment.json"), "{ not json");
    let output = run(&[&s(&peers), "--format", "json"]);
    assert!(output.status.success());
    let stderr = stderr_of(&output);
    assert!(stderr.contains("broken") && stderr.contains("skipped"), "{stderr}");
    let b: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    assert_eq!(
        (b["counts"]["skipped"].as_u64(), b["counts"]["peers"].as_u64()),
        (Some(1), Some(5))
    );
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let output = run(&[&s(&empty)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("no assessment to compare"));
}

#[test]
fn peers_are_never_named_in_any_format() {
    let (_dir, peers, client) = portfolio();
    for format in ["table", "md", "json", "csv", "html"] {
        let output = run(&[&s(&peers), "--client", &s(&client), "--format", format]);
        assert!(output.status.success(), "{format}");
        let text = stdout_of(&output);
        assert!(text.contains("Client Ltd") || format == "csv", "{format}");
        for peer in ["Org 1", "Org 2", "Org 3", "org1", "2026/"] {
            assert!(!text.contains(peer), "{format} names {peer}");
        }
    }
}

#[test]
fn the_output_may_not_land_in_an_assessment_it_reads() {
    let (_dir, peers, _) = portfolio();
    let inside = peers.join("2026/org1/benchmark.html");
    let output = run(&[&s(&peers), "--format", "html", "-o", &s(&inside)]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    assert!(!inside.exists());
    let beside = peers.join("benchmark.html");
    assert!(
        run(&[&s(&peers), "--format", "html", "-o", &s(&beside)])
            .status
            .success()
    );
    assert!(std::fs::read_to_string(beside).unwrap().contains("<svg"));
}

/// The report of `client` benchmarked against `peers`, in `format`, written into `dir`.
fn benchmarked_report(dir: &Path, client: &Path, peers: &Path, format: &str) -> Vec<u8> {
    let out = dir.join(format!("report.{format}"));
    let output = bare_cli()
        .args([
            "report",
            &s(client),
            "--benchmark",
            &s(peers),
            "--format",
            format,
            "-o",
            &s(&out),
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    std::fs::read(out).unwrap()
}

#[test]
fn a_report_with_a_benchmark_has_the_section_and_a_chart_per_framework() {
    let (dir, peers, _) = portfolio();
    let client = dir.path().join("northwind");
    common::copy_dir(&example_dir(), &client);
    let page = String::from_utf8(benchmarked_report(dir.path(), &client, &peers, "html")).unwrap();
    assert!(page.contains("<h2>Against 5 peers</h2>"));
    assert_eq!(page.matches("scores against the quartiles of the peers").count(), 4);
    let text = String::from_utf8(benchmarked_report(dir.path(), &client, &peers, "md")).unwrap();
    assert!(text.contains("## Against 5 peers"));
    assert!(text.contains("| **ITIL 4** | 5 | 2.00 | 3.00 | 4.00 |"), "{text}");
    assert!(benchmarked_report(dir.path(), &client, &peers, "pdf").starts_with(b"%PDF"));
}

#[test]
fn the_bundled_examples_make_a_portfolio() {
    let examples = example_dir().parent().unwrap().to_path_buf();
    let b = json(&[&s(&examples)]);
    // Northwind's two rounds count once.
    assert_eq!(
        (b["counts"]["scored"].as_u64(), b["counts"]["peers"].as_u64()),
        (Some(3), Some(2))
    );
}

#[test]
fn a_synthetic_portfolio_is_scored_whole() {
    let (library, _) = Library::load(None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let questionnaire = library.questionnaire("itsm-core").unwrap();
    itsm_assess::workspace::synthetic::write(dir.path(), questionnaire, 60, Sheet::Answers, 42).unwrap();
    let b = json(&[&s(dir.path())]);
    assert_eq!(b["counts"]["scored"], 60);
    assert_eq!(b["counts"]["skipped"], 0);
    let f = &b["frameworks"][0];
    let (q1, median, q3) = (
        f["q1"].as_f64().unwrap(),
        f["median"].as_f64().unwrap(),
        f["q3"].as_f64().unwrap(),
    );
    assert!(0.0 < q1 && q1 < median && median < q3 && q3 < 5.0, "{f}");
}

#[test]
fn a_round_answering_a_question_retired_since_is_compared_on_the_rest() {
    let content = tempfile::tempdir().unwrap();
    common::copy_dir(&common::content_dir(), content.path());
    let questionnaire = content.path().join("questionnaires/mini.json");
    let mut q: Value = serde_json::from_str(&std::fs::read_to_string(&questionnaire).unwrap()).unwrap();
    let version = q["version"].clone();
    q["changes"] = serde_json::json!([
        {"version": version, "summary": "M-09 retired", "retired": [
            {"id": "M-09", "reason": "it rated two things at once", "replaced_by": ["M-01"]}
        ]},
        {"version": "0.9", "summary": "first", "added": ["M-01", "M-09"]}
    ]);
    write(&questionnaire, serde_json::to_string_pretty(&q).unwrap());
    let portfolio = tempfile::tempdir().unwrap();
    let old_round = portfolio.path().join("old-round");
    common::copy_dir(&common::fixtures().join("workspaces/basic"), &old_round);
    let responses = old_round.join("responses.csv");
    let mut text = std::fs::read_to_string(&responses).unwrap();
    text.push_str("M-09,Support,Old question,3,,\n");
    write(&responses, text);
    let output = bare_cli()
        .arg("--catalog-dir")
        .arg(content.path())
        .args(["portfolio", &s(portfolio.path()), "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("1 answer to questions retired since left out"),
        "{stderr}"
    );
    let b: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    assert_eq!(
        (b["counts"]["scored"].as_u64(), b["counts"]["skipped"].as_u64()),
        (Some(1), Some(0))
    );
    assert!(b["frameworks"].as_array().is_some_and(|f| !f.is_empty()));
}

#[test]
fn a_client_inside_the_portfolio_gets_its_report_in_its_own_folder_and_is_not_its_own_peer() {
    let (_dir, peers, _) = portfolio();
    let client = peers.join("2026/org2");
    let output = bare_cli()
        .args([
            "report",
            &s(&client),
            "--benchmark",
            &s(&peers),
            "--format",
            "json",
            "--min-peers",
            "4",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let report: Value = serde_json::from_str(&std::fs::read_to_string(client.join("report.json")).unwrap()).unwrap();
    let b = &report["benchmark"];
    assert_eq!(
        (b["counts"]["peers"].as_u64(), b["counts"]["own_rounds"].as_u64()),
        (Some(4), Some(1))
    );
    // Peers 1, 3, 4, 5 with the client at 2: one below, (1 + 0) / 4.
    assert_eq!(b["frameworks"][0]["percentile"], 25.0);
    // Another peer's folder stays out of reach.
    let output = bare_cli()
        .args([
            "report",
            &s(&client),
            "--benchmark",
            &s(&peers),
            "-o",
            &s(&peers.join("2026/org3/x.html")),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_saved_portfolio_gives_the_same_figures_names_no_one_and_is_never_written_over() {
    let (dir, peers, client) = portfolio();
    let saved = dir.path().join("portfolio.jsonl");
    let direct = json(&[&s(&peers), "--client", &s(&client), "--save", &s(&saved)]);
    let text = std::fs::read_to_string(&saved).unwrap();
    assert_eq!(text.lines().count(), 7, "a header and six rounds");
    for name in ["Org 1", "org1", "2026/", &s(&peers)] {
        assert!(!text.contains(name), "the saved portfolio names {name}");
    }
    let reread = json(&[&s(&saved), "--client", &s(&client)]);
    assert_eq!(direct["frameworks"], reread["frameworks"]);
    assert_eq!(direct["counts"], reread["counts"]);
    // A saved portfolio is an input like any other: no command writes over it.
    let before = std::fs::read(&saved).unwrap();
    let output = run(&[&s(&saved), "--save", &s(&saved), "--force"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    assert_eq!(std::fs::read(&saved).unwrap(), before);
    // A damaged line is reported with its line number and skipped.
    std::fs::write(&saved, format!("{text}{{\"organization\": 1}}\n")).unwrap();
    let output = run(&[&s(&saved), "--format", "json"]);
    assert!(output.status.success());
    assert!(
        stderr_of(&output).contains("portfolio.jsonl:8: skipped"),
        "{}",
        stderr_of(&output)
    );
    // Something else is not taken for one.
    std::fs::write(&saved, "{\"format\": \"something else\"}\n").unwrap();
    assert_eq!(run(&[&s(&saved)]).status.code(), Some(2));
}
