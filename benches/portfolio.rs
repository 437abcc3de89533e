//! Portfolio speed: synthetic portfolios of 100, 1,000 and 10,000 assessments, generated once by
//! seed under `target/bench-portfolio/SHEET-N` and kept for later runs and for timing by hand
//! (`hyperfine 'itsm-assess portfolio target/bench-portfolio/full-10000 --format json'`). `full`
//! sheets are what `init` writes and an assessor fills (about 500 KB each, 5 GB for 10,000);
//! `answers` sheets hold the id, answer and comment only (100,000 of them with
//! `ITSM_BENCH_LARGE=1`). Measured in process (gather and figures) and as whole `portfolio`
//! processes. The goal: 10,000 assessments under 2 s on 2 cores.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use itsm_assess::content::Library;
use itsm_assess::engine::benchmark::{self, Filter, Layout};
use itsm_assess::workspace::synthetic::Sheet;

const SEED: u64 = 20_261_202;

/// The synthetic portfolio of `count` assessments, generated if it is not there yet.
fn portfolio(library: &Library, sheet: Sheet, count: usize) -> PathBuf {
    let name = match sheet {
        Sheet::Full => "full",
        Sheet::Answers => "answers",
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-portfolio/{name}-{count}"));
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let questionnaire = library.questionnaire("itsm-core").expect("bundled questionnaire");
        itsm_assess::workspace::synthetic::write(&dir, questionnaire, count, sheet, SEED).expect("portfolio written");
        std::fs::write(&done, "").expect("marker written");
    }
    dir
}

fn portfolios() -> Vec<(Sheet, usize)> {
    let mut sizes = vec![
        (Sheet::Full, 100),
        (Sheet::Full, 1_000),
        (Sheet::Full, 10_000),
        (Sheet::Answers, 10_000),
    ];
    if std::env::var_os("ITSM_BENCH_LARGE").is_some() {
        sizes.push((Sheet::Answers, 100_000));
    }
    sizes
}

fn in_process(c: &mut Criterion) {
    let (library, _) = Library::load(None).expect("bundled content loads");
    let layout = Layout::of(&library);
    let mut group = c.benchmark_group("portfolio/in-process");
    group.sample_size(10);
    for count in [100, 1_000] {
        let dir = portfolio(&library, Sheet::Full, count);
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

/// The portfolio in `dir` saved (`portfolio --save`), once, beside it.
fn saved(library: &Library, dir: &Path) -> PathBuf {
    let file = dir.with_extension("jsonl");
    if !file.exists() {
        let layout = Layout::of(library);
        let (folders, _) = itsm_assess::workspace::portfolio::find(&[dir.to_path_buf()]);
        let (entries, _) = benchmark::gather(&folders, library, &layout);
        std::fs::write(&file, benchmark::save(&entries, &layout, "itsm-core")).expect("saved portfolio written");
    }
    file
}

/// Whole `portfolio` runs over a folder or saved portfolio.
fn time_process(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: String,
    input: &Path,
) {
    group.bench_function(name, |b| {
        b.iter(|| {
            let output = Command::new(env!("CARGO_BIN_EXE_itsm-assess"))
                .arg("portfolio")
                .arg(input)
                .args(["--format", "json"])
                .output()
                .expect("binary runs");
            assert!(output.status.success());
        });
    });
}

fn whole_process(c: &mut Criterion) {
    let (library, _) = Library::load(None).expect("bundled content loads");
    let mut group = c.benchmark_group("portfolio/process");
    group.sample_size(10);
    for (sheet, count) in portfolios() {
        let dir = portfolio(&library, sheet, count);
        time_process(
            &mut group,
            format!("portfolio {count} {sheet:?} sheets --format json"),
            &dir,
        );
        let file = saved(&library, &dir);
        time_process(
            &mut group,
            format!("portfolio {count} {sheet:?} saved --format json"),
            &file,
        );
    }
    group.finish();
}

criterion_group!(benches, in_process, whole_process);
criterion_main!(benches);
