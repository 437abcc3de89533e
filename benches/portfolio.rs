//! Portfolio speed: synthetic portfolios of 100, 1,000 and 10,000 assessments (and 100,000 with
//! `ITSM_BENCH_LARGE=1`), generated once by seed under `target/bench-portfolio/N` and kept for
//! later runs and for timing by hand (`hyperfine 'itsm-assess portfolio target/bench-portfolio/10000
//! --format json'`). Measured in process (gather and figures) and as whole `portfolio` processes.
//! The goal: 10,000 assessments under 2 s on 2 cores.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use itsm_assess::content::Library;
use itsm_assess::engine::benchmark::{self, Filter, Layout};

const SEED: u64 = 20_261_202;

/// The synthetic portfolio of `count` assessments, generated if it is not there yet.
fn portfolio(library: &Library, count: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-portfolio/{count}"));
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let questionnaire = library.questionnaire("itsm-core").expect("bundled questionnaire");
        itsm_assess::workspace::synthetic::write(&dir, questionnaire, count, SEED).expect("portfolio written");
        std::fs::write(&done, "").expect("marker written");
    }
    dir
}

fn sizes() -> Vec<usize> {
    let mut sizes = vec![100, 1_000, 10_000];
    if std::env::var_os("ITSM_BENCH_LARGE").is_some() {
        sizes.push(100_000);
    }
    sizes
}

fn in_process(c: &mut Criterion) {
    let (library, _) = Library::load(None).expect("bundled content loads");
    let layout = Layout::of(&library);
    let mut group = c.benchmark_group("portfolio/in-process");
    group.sample_size(10);
    for count in [100, 1_000] {
        let dir = portfolio(&library, count);
        let (folders, _) = itsm_assess::workspace::portfolio::find(&[dir]);
        group.bench_function(format!("gather {count}"), |b| {
            b.iter(|| benchmark::gather(&folders, &library, &layout));
        });
        let (entries, _) = benchmark::gather(&folders, &library, &layout);
        let selection = benchmark::select(&entries, &Filter::default(), None, false);
        group.bench_function(format!("figures {count}"), |b| {
            b.iter(|| benchmark::figures(&entries, &selection.peers, None, layout.width, 1));
        });
    }
    group.finish();
}

fn whole_process(c: &mut Criterion) {
    let (library, _) = Library::load(None).expect("bundled content loads");
    let mut group = c.benchmark_group("portfolio/process");
    group.sample_size(10);
    for count in sizes() {
        let dir = portfolio(&library, count);
        group.bench_function(format!("portfolio {count} --format json"), |b| {
            b.iter(|| {
                let output = Command::new(env!("CARGO_BIN_EXE_itsm-assess"))
                    .arg("portfolio")
                    .arg(&dir)
                    .args(["--format", "json"])
                    .output()
                    .expect("binary runs");
                assert!(output.status.success());
            });
        });
    }
    group.finish();
}

criterion_group!(benches, in_process, whole_process);
criterion_main!(benches);
