//! Speed on the bundled example: scoring in process, and every command and format as a whole
//! process. The goals are ratios to a bare `python3 -S -c pass` start on the same machine
//! (`benches/ratios.sh` measures them side by side): `score` under 0.3, HTML and Markdown reports
//! and readiness under 1, the PDFs under 2.

use std::path::Path;
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use itsm_assess::{content::Library, engine::scoring, workspace::assessment};

fn example() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/questionnaires/examples/northwind"
    ))
}

fn in_process(c: &mut Criterion) {
    let (library, _) = Library::load(None).expect("bundled content loads");
    let (loaded, _) = assessment::load(example(), &library).expect("example loads");
    c.bench_function("score/in-process", |b| {
        b.iter(|| scoring::score(std::hint::black_box(&loaded)));
    });
    c.bench_function("load-and-score/in-process", |b| {
        b.iter(|| {
            let (library, _) = Library::load(None).expect("bundled content loads");
            let (loaded, _) = assessment::load(example(), &library).expect("example loads");
            scoring::score(&loaded)
        });
    });
}

/// Runs the binary on the example; the output file, if any, is replaced on each run.
fn run(args: &[&str], output: Option<&Path>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_itsm-assess"));
    command.args(args.iter().take(1)).arg(example()).args(&args[1..]);
    if let Some(path) = output {
        command.arg("-o").arg(path).arg("--force");
    }
    let status = command.output().expect("binary runs").status;
    assert!(status.success());
}

/// Every command and format whose speed the README states, as (name, arguments after the folder,
/// whether it writes a file).
const COMMANDS: &[(&str, &[&str], bool)] = &[
    ("score --format json", &["score", "--format", "json"], false),
    ("report --format html", &["report", "--format", "html"], true),
    ("report --format md", &["report", "--format", "md"], true),
    ("report --format json", &["report", "--format", "json"], true),
    ("report --format csv", &["report", "--format", "csv"], true),
    ("report --format pdf", &["report", "--format", "pdf"], true),
    (
        "report --format pdf --profile board",
        &["report", "--format", "pdf", "--profile", "board"],
        true,
    ),
    ("readiness --format table", &["readiness", "--format", "table"], false),
    ("readiness --format md", &["readiness", "--format", "md"], false),
    ("readiness --format json", &["readiness", "--format", "json"], false),
    ("readiness --format csv", &["readiness", "--format", "csv"], false),
    ("readiness --format html", &["readiness", "--format", "html"], true),
    ("readiness --format pdf", &["readiness", "--format", "pdf"], true),
];

fn whole_process(c: &mut Criterion) {
    let mut group = c.benchmark_group("process");
    group.sample_size(20);
    let out = std::env::temp_dir().join(format!("itsm-assess-bench-{}", std::process::id()));
    for (name, args, writes) in COMMANDS {
        group.bench_function(*name, |b| {
            b.iter(|| run(args, writes.then_some(out.as_path())));
        });
    }
    let _ = std::fs::remove_file(&out);
    group.finish();
}

criterion_group!(benches, in_process, whole_process);
criterion_main!(benches);
