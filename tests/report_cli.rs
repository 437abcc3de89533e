//! Gap register, roadmap and the assessment report end to end on the fixture catalogs: formats,
//! escaping of user text, formula neutralisation, safe writing and byte-identical reruns.

mod common;

use common::*;
use predicates::prelude::*;
use serde_json::Value;

/// The basic workspace with a harder profile: every question answered low, targets at 3.
fn low_workspace() -> tempfile::TempDir {
    let ws = workspace("basic");
    write(
        &ws.path().join("responses.csv"),
        "question_id,answer,comment,evidence\n\
         M-01,1,\"<script>alert(1)</script> | pipe\nsecond line\",=HYPERLINK(\"http://x\")\n\
         M-02,2,,\n\
         M-03,0,,\n\
         M-04,1,,\n\
         M-05,2,,\n",
    );
    let path = ws.path().join("assessment.json");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"beta\": 4", "\"beta\": 3")
        .replace("\"alpha:a2\": 2", "\"alpha:a2\": 3");
    write(&path, text);
    ws
}

/// A report in one format, written to standard output.
fn report_text(dir: &std::path::Path, format: &str) -> String {
    let output = cli()
        .arg("report")
        .arg(dir)
        .args(["--format", format, "-o", "-"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    stdout_of(&output)
}

fn report_json(dir: &std::path::Path, extra: &[&str]) -> Value {
    let output = cli()
        .arg("report")
        .arg(dir)
        .args(["--format", "json", "-o", "-"])
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn gap_register_ranks_by_priority_and_lists_unassessed_apart() {
    let ws = workspace("basic");
    write(
        &ws.path().join("responses.csv"),
        "question_id,answer\nM-01,2\nM-02,2\nM-03,1\n",
    );
    let v = report_json(ws.path(), &[]);
    let gaps = v["gaps"]["gaps"].as_array().unwrap();
    // a1: score 2, target 3, weight 2, mandatory below conformity: 2 x 1 x 2 = 4.
    // a2: score 1, target 2 (override), weight 1: 1. b1: score 2, target 4: 2.
    let ranked: Vec<(&str, f64)> = gaps
        .iter()
        .map(|g| (g["control"].as_str().unwrap(), g["priority"].as_f64().unwrap()))
        .collect();
    assert_eq!(ranked, [("a1", 4.0), ("b1", 2.0), ("a2", 1.0)]);
    assert_eq!(gaps[0]["rank"], 1);
    assert_eq!(gaps[0]["mandatory"], true);
    assert_eq!(gaps[1]["gap"], 2.0);
    let not_assessed: Vec<&str> = v["gaps"]["not_assessed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["control"].as_str().unwrap())
        .collect();
    assert_eq!(not_assessed, ["a3", "b2"]);
}

#[test]
fn gap_register_as_csv() {
    let ws = low_workspace();
    let text = report_text(ws.path(), "csv");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("rank,framework,domain,control,title,mandatory,score,level,target,gap,priority,questions")
    );
    assert_eq!(
        lines.next(),
        Some("1,alpha,d1,a1,Incident handling,yes,1.3333,1,3,1.6667,6.6667,M-01 M-02")
    );
}

#[test]
fn roadmap_schedules_with_reasons_and_honours_the_options() {
    let ws = low_workspace();
    let output = cli()
        .arg("roadmap")
        .arg(ws.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&output.stdout).unwrap();
    let initiatives = v["initiatives"].as_array().unwrap();
    assert_eq!(initiatives.len(), 5);
    let first = &initiatives[0];
    assert_eq!(first["question"], "M-01");
    assert_eq!(first["priority_parts"][0]["factor"], 2.0);
    let m04 = initiatives.iter().find(|i| i["question"] == "M-04").unwrap();
    // M-04 depends on M-01: its step to level 2 waits for M-01 to reach level 2 in phase 1.
    assert_eq!(m04["steps"][0]["level"], 2);
    assert_eq!(m04["steps"][0]["phase"], 2);
    assert_eq!(m04["steps"][0]["reason"], "prerequisite");
    assert!(
        m04["steps"][0]["explanation"]
            .as_str()
            .unwrap()
            .contains("prerequisite M-01 reaches level 2 in phase 1")
    );

    let output = cli()
        .arg("roadmap")
        .arg(ws.path())
        .args(["--format", "json", "--phases", "1", "--capacity", "10"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(v["phases"].as_array().unwrap().len(), 1);
    let placed: f64 = v["phases"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["effort_days"].as_f64().unwrap())
        .sum();
    assert_eq!(v["phases"][0]["effort_days"], placed);
    assert!(placed <= 10.0, "a phase takes at most its capacity of person-days");
    let tight = cli()
        .arg("roadmap")
        .arg(ws.path())
        .args(["--format", "json", "--phases", "1", "--capacity", "2"])
        .output()
        .unwrap();
    let tight: Value = serde_json::from_slice(&tight.stdout).unwrap();
    assert!(
        tight["phases"][0]["steps"].as_array().unwrap().len() < v["phases"][0]["steps"].as_array().unwrap().len(),
        "fewer person-days take fewer steps"
    );
    assert!(v["backlog"].as_array().unwrap().len() >= 5);
}

#[test]
fn roadmap_csv_table_and_markdown() {
    let ws = low_workspace();
    let csv = cli()
        .arg("roadmap")
        .arg(ws.path())
        .args(["--format", "csv"])
        .output()
        .unwrap();
    let text = stdout_of(&csv);
    assert!(text.starts_with(
        "initiative_rank,initiative,workstream,question,question_text,step_level,tier,phase,phase_start,phase_end,effort_days,priority"
    ));
    assert!(
        text.contains("1,M-01,Support,M-01,How are incidents logged?,2,conformity,1,2026-12,2027-02,2,"),
        "{text}"
    );
    cli()
        .arg("roadmap")
        .arg(ws.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("Phase 1 (2026-12 to 2027-02)"))
        .stdout(predicate::str::contains("M-01"));
    cli()
        .arg("roadmap")
        .arg(ws.path())
        .args(["--format", "md"])
        .assert()
        .success()
        .stdout(predicate::str::contains("## Phase 1 (2026-12 to 2027-02)"))
        .stdout(predicate::str::contains(
            "| Initiative | Workstream | Levels | Days | What to do | Why here |",
        ));
    cli()
        .arg("roadmap")
        .arg(ws.path())
        .args(["--phases", "0"])
        .assert()
        .code(2);
}

#[test]
fn html_report_escapes_user_text_and_has_every_section() {
    let ws = low_workspace();
    cli()
        .arg("report")
        .arg(ws.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("report.html"));
    let html = std::fs::read_to_string(ws.path().join("report.html")).unwrap();
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"),
        "the comment shows as text"
    );
    for id in [
        "summary", "fw-alpha", "fw-beta", "heatmap", "gaps", "roadmap", "answers", "method",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "section {id}");
    }
    assert_eq!(
        html.matches("class=\"chart bars\"").count(),
        2,
        "frameworks of fewer than four domains get bars, not a radar"
    );
    assert_eq!(html.matches("class=\"chart heatmap\"").count(), 1);
    assert!(html.contains("Société Générale Müller Ωmega"));
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("@import"),
        "no network resources"
    );
    assert!(!html.contains("<script"), "no JavaScript");
    let sha = stdout_of(
        &std::process::Command::new("sha256sum")
            .arg(ws.path().join("responses.csv"))
            .output()
            .unwrap(),
    );
    if let Some(hash) = sha.split_whitespace().next() {
        assert!(html.contains(hash), "the response file's SHA-256 is shown");
    }
}

#[test]
fn markdown_report_escapes_pipes_and_line_breaks() {
    let ws = low_workspace();
    let md = report_text(ws.path(), "md");
    assert!(
        md.contains("\\<script\\>alert(1)\\</script\\> \\| pipe<br>second line"),
        "{md}"
    );
    assert!(md.starts_with("# IT service management assessment: Société Générale Müller Ωmega"));
    assert!(md.contains("## Gap register"));
    assert!(md.contains("## Improvement roadmap"));
    for line in md.lines().filter(|l| l.starts_with("| M-01 |")) {
        assert_eq!(
            line.matches(" | ").count() + 2,
            line.matches('|').count() - line.matches("\\|").count()
        );
    }
}

#[test]
fn csv_outputs_neutralise_formulas() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&content_dir(), dir.path());
    let catalog = dir.path().join("frameworks/alpha.json");
    let text = std::fs::read_to_string(&catalog)
        .unwrap()
        .replace("\"Incident handling\"", "\"=1+1 Incident handling\"");
    write(&catalog, text);
    let ws = low_workspace();
    let output = assert_cmd::Command::cargo_bin("itsm-assess")
        .unwrap()
        .arg("--catalog-dir")
        .arg(dir.path())
        .arg("report")
        .arg(ws.path())
        .args(["--format", "csv", "-o", "-"])
        .output()
        .unwrap();
    let text = stdout_of(&output);
    assert!(text.contains(",'=1+1 Incident handling,"), "{text}");
}

#[test]
fn reports_are_written_atomically_and_never_over_an_existing_file() {
    let ws = low_workspace();
    let target = ws.path().join("out.html");
    cli()
        .arg("report")
        .arg(ws.path())
        .arg("-o")
        .arg(&target)
        .assert()
        .success();
    let first = std::fs::read(&target).unwrap();
    cli()
        .arg("report")
        .arg(ws.path())
        .arg("-o")
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"))
        .stderr(predicate::str::contains("--force"));
    cli()
        .arg("report")
        .arg(ws.path())
        .arg("-o")
        .arg(&target)
        .arg("--force")
        .assert()
        .success();
    assert_eq!(std::fs::read(&target).unwrap(), first, "two runs are byte-identical");
    let leftovers: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    let ws = low_workspace();
    for format in ["html", "md", "json", "csv"] {
        let run = || {
            cli()
                .arg("report")
                .arg(ws.path())
                .args(["--format", format, "-o", "-"])
                .output()
                .unwrap()
                .stdout
        };
        let first = run();
        assert!(!first.is_empty());
        assert_eq!(first, run(), "{format}");
    }
}

#[test]
fn templates_can_be_replaced_by_a_consultancys_own() {
    let ws = low_workspace();
    let templates = tempfile::tempdir().unwrap();
    write(
        &templates.path().join("report.html"),
        "<h1>Branded for {{ report.meta.organization }}</h1><p>{{ report.summary.frameworks | length }} frameworks; first gap {{ report.gaps.gaps.0.control }}</p>",
    );
    let output = cli()
        .arg("report")
        .arg(ws.path())
        .args(["-o", "-", "--templates"])
        .arg(templates.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(
        stdout_of(&output),
        "<h1>Branded for Société Générale Müller Ωmega</h1><p>2 frameworks; first gap a1</p>"
    );
    // Markdown still comes from the bundled template.
    cli()
        .arg("report")
        .arg(ws.path())
        .args(["--format", "md", "-o", "-", "--templates"])
        .arg(templates.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("## Gap register"));
}

#[test]
fn a_broken_template_is_bad_input_not_a_panic() {
    let ws = low_workspace();
    let templates = tempfile::tempdir().unwrap();
    write(&templates.path().join("report.html"), "{% for x in %}");
    cli()
        .arg("report")
        .arg(ws.path())
        .args(["-o", "-", "--templates"])
        .arg(templates.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("templates"));
}

/// The hostile workspace, whose catalog, questionnaire, organisation, assessor, comments and
/// evidence are all hostile text.
fn hostile_workspace() -> tempfile::TempDir {
    workspace("hostile")
}

fn hostile_output(args: &[&str]) -> String {
    let output = hostile_cli().args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", stderr_of(&output));
    stdout_of(&output)
}

#[test]
fn hostile_catalog_text_is_escaped_in_the_markdown_report() {
    let ws = hostile_workspace();
    let dir = ws.path().to_str().unwrap();
    let md = hostile_output(&["report", dir, "--format", "md", "-o", "-"]);
    assert_safe_markdown(&md);
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"), "shown as text: {md}");
    assert!(
        md.contains("\\_under\\_<br>\\# heading<br>lone CR \\\\x1b\\[31mred \\\\u{202e}evil"),
        "{md}"
    );
    assert!(
        md.contains("<code>4\\_2\\_</code>"),
        "ids are escaped text, not code spans"
    );
    assert!(md.contains("| 1\\. \\*\\<script\\>alert(1)\\</script\\>\\*<br>\\| broken \\| row |"));
    assert!(
        md.contains("\n## \\# \\<script\\>"),
        "a framework name is no second heading"
    );
    assert!(md.contains("1 \\*L1\\*"), "scale level names are escaped");
    assert!(md.contains("Comment \\<script\\>"), "comments are escaped");
    assert!(md.contains("before<br>after"), "a lone CR in a comment is a line break");
}

#[test]
fn hostile_catalog_text_is_text_in_the_html_report() {
    let ws = hostile_workspace();
    let dir = ws.path().to_str().unwrap();
    let html = hostile_output(&["report", dir, "-o", "-"]);
    assert!(!html.contains("<script"), "no script at all");
    assert!(html.contains("&lt;script&gt;alert(1)"));
    assert!(!html.contains('\u{1b}') && !html.contains('\u{202e}'));
    assert_eq!(
        html.matches("class=\"bar\"").count(),
        5,
        "a bar per control, and one per domain in the domain chart"
    );
}

#[test]
fn hostile_catalog_text_never_reaches_the_terminal_raw() {
    let ws = hostile_workspace();
    let dir = ws.path().to_str().unwrap();
    for args in [
        &["score", dir][..],
        &["roadmap", dir],
        &["frameworks"],
        &["frameworks", "show", "hostile"],
    ] {
        let text = hostile_output(args);
        assert_safe_terminal(&text);
        assert!(text.contains("\\x1b[31m"), "{args:?} shows the escape visibly: {text}");
    }
    let score = hostile_output(&["score", dir]);
    let table: Vec<&str> = score.lines().skip(2).collect();
    assert_eq!(table.len(), 4, "a header, the framework and its two domains: {score}");
    let score_column = table[0].find("Score").unwrap() + "Score".len();
    for row in &table[1..] {
        assert!(
            row[..score_column].ends_with(['0', '1', '2', '3', '4', '5']),
            "aligned: {row}"
        );
    }
    for args in [
        &["roadmap", dir, "--format", "md"][..],
        &["frameworks", "show", "hostile", "--format", "md"],
    ] {
        assert_safe_markdown(&hostile_output(args));
    }
}

/// The example's report model, for numbers the prose must repeat.
fn example_model(extra: &[&str]) -> Value {
    let output = bare_cli()
        .arg("report")
        .arg(example_dir())
        .args(["--format", "json", "-o", "-"])
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn days(value: &Value) -> String {
    itsm_assess::format::days(value.as_f64().unwrap())
}

#[test]
fn the_executive_summary_leads_with_the_verdict_the_dates_and_the_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let model = example_model(&[]);
    let counts = &model["readiness"]["stage2"]["counts"];
    let plan = &model["roadmap"]["certification"];
    let md = std::fs::read_to_string(example_report(dir.path(), "md")).unwrap();
    let summary = &md[md.find("## Executive summary").unwrap()..md.find("### Where each framework stands").unwrap()];
    assert!(
        summary.contains(&format!(
            "**Verdict: not ready.** ISO/IEC 20000-1:2018: not ready for certification, with {} major and {} minor",
            counts["major"], counts["minor"]
        )),
        "{summary}"
    );
    let (stage1, stage2) = (plan["stage1_by"].as_str().unwrap(), plan["stage2_by"].as_str().unwrap());
    assert!(
        summary.contains(&format!(
            "ready for a stage 1 audit by {stage1} and for stage 2 by {stage2}. No date holds until 8.4.1 is assessed."
        )),
        "{summary}"
    );
    let decisions: Vec<&str> = summary.lines().filter(|l| l.starts_with(char::is_numeric)).collect();
    assert_eq!(decisions.len(), 5, "the pace and four workstreams: {summary}");
    assert_eq!(
        decisions[0],
        format!(
            "1. Set the pace: closing the nonconformities takes {} person-days, and the plan gives 60 a phase of 3 months, about 1 full-time person (240 over its 4 phases). At this pace they are closed by {stage2}; more people or outside help bring that forward.",
            days(&plan["effort_days"])
        )
    );
    assert!(
        decisions[1].starts_with("2. Fund Certification essentials: ")
            && decisions[1].contains(" person-days in all, ")
            && decisions[1].contains(" of them within the plan's 4 phases ("),
        "{}",
        decisions[1]
    );
    assert!(summary.contains("Quick wins, small and high in priority"));
    let html = std::fs::read_to_string(example_report(dir.path(), "html")).unwrap();
    let timeline = &html[html.find("<div class=\"timeline\">").unwrap()..];
    assert!(
        timeline.contains("Management review actions <span class=\"small\">0→1</span>"),
        "the timeline names initiatives"
    );
}

#[test]
fn certify_by_says_what_capacity_a_month_takes() {
    let model = example_model(&["--certify-by", "2029-01"]);
    let target = &model["roadmap"]["certification"]["certify_by"];
    assert_eq!(
        (target["month"].as_str(), target["phases"].as_u64()),
        (Some("2029-01"), Some(9))
    );
    let needed = target["capacity_needed"].as_u64().expect("reachable in 9 phases");
    let output = bare_cli()
        .arg("roadmap")
        .arg(example_dir())
        .args(["--certify-by", "2029-01"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let text = stdout_of(&output);
    assert!(
        text.contains(&format!(
            "To be ready for stage 2 by 2029-01 (9 phases), the plan needs {needed} person-days per phase."
        )),
        "{text}"
    );
    let quicker = example_model(&["--certify-by", "2028-07"]);
    let faster = quicker["roadmap"]["certification"]["certify_by"]["capacity_needed"]
        .as_u64()
        .expect("reachable");
    assert!(
        faster > needed,
        "an earlier date takes more person-days: {faster} against {needed}"
    );
    let output = bare_cli()
        .arg("report")
        .arg(example_dir())
        .args(["--certify-by", "2028-07", "--format", "md", "-o", "-"])
        .output()
        .unwrap();
    let summary = stdout_of(&output);
    let pace = summary
        .lines()
        .find(|l| l.starts_with("1. Set the pace"))
        .unwrap_or_default();
    assert!(
        pace.ends_with(&format!("Closing them by 2028-07 takes {faster} person-days a phase.")),
        "the pace decision says what the date takes: {pace}"
    );
    bare_cli()
        .arg("roadmap")
        .arg(example_dir())
        .args(["--certify-by", "2028-13"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected a month written YYYY-MM"));
}

#[test]
fn the_board_profile_is_a_short_report_with_the_same_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let report = |profile: &str, format: &str| {
        let output = bare_cli()
            .arg("report")
            .arg(example_dir())
            .args(["--profile", profile, "--format", format, "-o", "-"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        output.stdout
    };
    let board = String::from_utf8(report("board", "md")).unwrap();
    let full = String::from_utf8(report("full", "md")).unwrap();
    for kept in [
        "## Executive summary",
        "### Decide first",
        "## ISO/IEC 20000-1:2018 readiness",
        "### Workstreams",
        "## Method",
    ] {
        assert!(board.contains(kept), "{kept}");
    }
    for left_out in [
        "## Gap register",
        "## Appendix: answers",
        "## Heat map",
        "### Phase 1",
        "### Backlog",
    ] {
        assert!(!board.contains(left_out) && full.contains(left_out), "{left_out}");
    }
    let minors = example_model(&[])["readiness"]["stage2"]["counts"]["minor"].clone();
    assert!(
        board.contains(&format!(
            "the {minors} minor nonconformities are listed in the full report"
        )),
        "{board}"
    );
    assert!(
        !board.contains("| 4.1 | Understanding the organization"),
        "minors are left out of the board's table"
    );
    let summary = |md: &str| md[..md.find("### Where each framework stands").unwrap()].to_string();
    assert_eq!(summary(&board), summary(&full), "same model, same numbers");
    let json_board: Value = serde_json::from_slice(&report("board", "json")).unwrap();
    let json_full: Value = serde_json::from_slice(&report("full", "json")).unwrap();
    assert_eq!(json_board["roadmap"], json_full["roadmap"]);
    assert_eq!(json_board["profile"], "board");
    let pdf = report("board", "pdf");
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let pages = doc.get_pages().len();
    assert!((6..=15).contains(&pages), "{pages} pages");
    let _ = dir;
}

#[test]
fn the_consultancy_block_reaches_cover_headers_footers_and_narrative_sections() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example_dir(), dir.path());
    let path = dir.path().join("assessment.json");
    let mut a: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    a["report"] = serde_json::json!({
        "consultancy": "Lakeside Advisory",
        "classification": "Confidential",
        "version": "1.1",
        "issue_date": "2026-10-30",
        "narrative": "Northwind runs its **depots** well.\n\nThe management system is *the* gap:\n\n- scope\n- policy",
        "commentary": {"iso20000": "Scope and policy come first."},
        "logo": "brand/logo.png"
    });
    std::fs::create_dir(dir.path().join("brand")).unwrap();
    write(&dir.path().join("brand/logo.png"), png_bytes(40, 20));
    write(&path, serde_json::to_string_pretty(&a).unwrap());
    let render = |format: &str| report_to_stdout(dir.path(), format);
    let html = String::from_utf8(render("html")).unwrap();
    assert!(html.contains("<p class=\"kicker\">Confidential</p>"));
    assert!(html.contains("<dt>Prepared by</dt><dd>Lakeside Advisory</dd>"));
    assert!(html.contains("<dt>Version</dt><dd>1.1, issued 2026-10-30</dd>"));
    assert!(html.contains("<p class=\"narrative\">Northwind runs its <strong>depots</strong> well.</p>\n<p class=\"narrative\">The management system is <em>the</em> gap:</p>\n<ul class=\"narrative\"><li>scope</li><li>policy</li></ul>"), "{html}");
    assert!(html.contains("<p class=\"narrative\">Scope and policy come first.</p>"));
    assert!(
        html.contains("<img class=\"logo\" src=\"data:image/png;base64,iVBORw0KGgo"),
        "the logo travels inside the HTML"
    );
    let md = String::from_utf8(render("md")).unwrap();
    assert!(md.starts_with("**Confidential**"), "{}", &md[..80]);
    assert!(
        md.contains("Northwind runs its <strong>depots</strong> well.\n\nThe management system is <em>the</em> gap:\n\n- scope\n- policy"),
        "{md}"
    );
    let pdf = render("pdf");
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let page_three = doc.extract_text(&[3]).unwrap();
    assert!(page_three.contains("Confidential"), "the running header: {page_three}");
    assert!(page_three.contains("version 1.1"), "the running footer: {page_three}");
    assert!(page_three.contains("Northwind runs its"), "{page_three}");
    assert!(page_three.contains("depots"));
    let images: Vec<_> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image".as_slice()))
        .collect();
    assert_eq!(images.len(), 1, "the logo is one picture in the PDF");
    assert_eq!(
        images[0].dict.get(b"Width").and_then(lopdf::Object::as_i64).unwrap(),
        40
    );
    let cover = doc.get_and_decode_page_content(doc.get_pages()[&1]).unwrap();
    assert!(
        cover.operations.iter().any(|op| op.operator == "Do"),
        "the cover draws the logo"
    );

    a["report"]["commentary"] = serde_json::json!({"nist": "Not in scope."});
    a["report"]["issue_date"] = "2026-10-32".into();
    write(&path, serde_json::to_string_pretty(&a).unwrap());
    bare_cli()
        .arg("report")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "report.commentary.nist: commentary on a framework not in scope",
        ))
        .stderr(predicate::str::contains("report.issue_date: bad date"));
}

#[test]
fn a_logo_that_cannot_be_shown_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example_dir(), dir.path());
    let path = dir.path().join("assessment.json");
    let mut a: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    a["report"] = serde_json::json!({"consultancy": "Lakeside Advisory", "logo": "brand/logo.png"});
    write(&path, serde_json::to_string_pretty(&a).unwrap());
    std::fs::create_dir(dir.path().join("brand")).unwrap();
    let render = |format: &str| report_to_stdout(dir.path(), format);
    write(&dir.path().join("brand/logo.png"), b"GIF89a");
    bare_cli()
        .arg("report")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "report.logo: the logo is not a PNG picture this tool can read",
        ));
    std::fs::remove_file(dir.path().join("brand/logo.png")).unwrap();
    bare_cli().arg("report").arg(dir.path()).assert().code(2).stderr(
        predicate::str::is_match(r"assessment\.json:\d+: report\.logo: cannot read the logo \(found .*brand/logo\.png")
            .unwrap(),
    );
    a["report"]["logo"] = "logo.svg".into();
    write(&path, serde_json::to_string_pretty(&a).unwrap());
    write(
        &dir.path().join("logo.svg"),
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 2\"><rect width=\"4\" height=\"2\"/></svg>",
    );
    let html = String::from_utf8(render("html")).unwrap();
    assert!(html.contains("src=\"data:image/svg+xml;base64,"));
    let pdf = lopdf::Document::load_mem(&render("pdf")).unwrap();
    let image = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image".as_slice()))
        .expect("the SVG logo is drawn into the PDF");
    assert_eq!(
        image.dict.get(b"Width").and_then(lopdf::Object::as_i64).unwrap(),
        448,
        "2:1 into 640 by 224"
    );

    write(
        &dir.path().join("logo.svg"),
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"2\"><text>Acme</text></svg>",
    );
    bare_cli()
        .args(["report", "--format", "pdf", "-o", "-"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "report.logo: text in the SVG logo is not drawn in the PDF",
        ));
    write(
        &dir.path().join("logo.svg"),
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\"/>",
    );
    bare_cli()
        .arg("report")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("report.logo: the SVG logo cannot be drawn"));
}

/// A PNG of `width` by `height` pixels, a colour gradient.
fn png_bytes(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    let pixels: Vec<u8> = (0..width * height)
        .flat_map(|i| [u8::try_from(i % 256).unwrap(), 90, 160])
        .collect();
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    out
}

/// The report of the assessment in `dir` in `format`, which must succeed.
fn report_to_stdout(dir: &std::path::Path, format: &str) -> Vec<u8> {
    let output = bare_cli()
        .arg("report")
        .arg(dir)
        .args(["--format", format, "-o", "-"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    output.stdout
}
