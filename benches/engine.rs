//! Scoring speed: in-process on the bundled example (4 frameworks, 149 controls, 153 answers), and
//! the whole `score` and `report` commands as processes. Targets: scoring under 1 ms in-process,
//! `score` under 20 ms, the HTML report under 30 ms and the PDF under 100 ms per process.

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

fn whole_process(c: &mut Criterion) {
    let mut group = c.benchmark_group("process");
    group.sample_size(30);
    group.bench_function("score --format json", |b| {
        b.iter(|| run(&["score", "--format", "json"], None));
    });
    for format in ["html", "pdf"] {
        let out = std::env::temp_dir().join(format!("itsm-assess-bench-{}.{format}", std::process::id()));
        group.bench_function(format!("report --format {format}"), |b| {
            b.iter(|| run(&["report", "--format", format], Some(&out)));
        });
        let _ = std::fs::remove_file(&out);
    }
    group.finish();
}

criterion_group!(benches, in_process, whole_process);
criterion_main!(benches);
