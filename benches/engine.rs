//! Scoring speed: in-process on the bundled example (4 frameworks, 149 controls, 153 answers), and
//! the whole `score` and `report` commands as processes. Targets: scoring under 1 ms in-process,
//! `score` under 20 ms, the HTML report under 30 ms and the PDF under 100 ms per process.

use std::path::Path;
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use itsm_assess::{assessment, content::Library, scoring};

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
        b.iter(|| scoring::score(std::hint::black_box(&loaded)))
    });
    c.bench_function("load-and-score/in-process", |b| {
        b.iter(|| {
            let (library, _) = Library::load(None).expect("bundled content loads");
            let (loaded, _) = assessment::load(example(), &library).expect("example loads");
            scoring::score(&loaded)
        })
    });
}

fn whole_process(c: &mut Criterion) {
    let binary = env!("CARGO_BIN_EXE_itsm-assess");
    let mut group = c.benchmark_group("process");
    group.sample_size(30);
    group.bench_function("score --format json", |b| {
        b.iter(|| {
            let output = Command::new(binary)
                .arg("score")
                .arg(example())
                .args(["--format", "json"])
                .output()
                .expect("binary runs");
            assert!(output.status.success());
        })
    });
    group.bench_function("report --format html", |b| {
        let out = std::env::temp_dir().join(format!("itsm-assess-bench-{}.html", std::process::id()));
        b.iter(|| {
            let output = Command::new(binary)
                .arg("report")
                .arg(example())
                .arg("-o")
                .arg(&out)
                .arg("--force")
                .output()
                .expect("binary runs");
            assert!(output.status.success());
        });
        let _ = std::fs::remove_file(&out);
    });
    group.bench_function("report --format pdf", |b| {
        let out = std::env::temp_dir().join(format!("itsm-assess-bench-{}.pdf", std::process::id()));
        b.iter(|| {
            let output = Command::new(binary)
                .arg("report")
                .arg(example())
                .args(["--format", "pdf", "-o"])
                .arg(&out)
                .arg("--force")
                .output()
                .expect("binary runs");
            assert!(output.status.success());
        });
        let _ = std::fs::remove_file(&out);
    });
    group.finish();
}

criterion_group!(benches, in_process, whole_process);
criterion_main!(benches);
