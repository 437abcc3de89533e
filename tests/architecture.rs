//! The layering rule of the README's architecture section, checked on the source: each stage
//! imports only the stages below it, and render backends never import each other.

use std::path::{Path, PathBuf};

/// Stages from the bottom up; a file may use its own stage and those before it.
const STAGES: &[(&str, &[&str])] = &[
    (
        "helpers",
        &[
            "error",
            "text",
            "format",
            "markdown",
            "csv_out",
            "input",
            "json_locate",
            "output",
        ],
    ),
    ("content", &["content"]),
    ("workspace", &["workspace"]),
    ("engine", &["engine"]),
    ("report", &["report"]),
    ("render", &["render"]),
    ("cli", &["cli"]),
];

const BACKENDS: &[&str] = &["text", "html", "chart", "pdf"];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

fn stage_of(module: &str) -> Option<usize> {
    STAGES.iter().position(|(_, modules)| modules.contains(&module))
}

/// The code of a file without its `#[cfg(test)]` module, which may use anything.
fn production_code(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests").map_or(text, |i| &text[..i])
}

/// Every import in the tree at `src` that breaks the layering, and how many imports were read.
fn violations(src: &Path) -> (Vec<String>, usize) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut violations = Vec::new();
    let mut imports = 0;
    for file in &files {
        let relative = file.strip_prefix(src).unwrap();
        let top = relative.components().next().unwrap().as_os_str().to_string_lossy();
        let top = top.trim_end_matches(".rs");
        let Some(own) = stage_of(top) else { continue };
        let text = std::fs::read_to_string(file).unwrap();
        let code = production_code(&text);
        for (i, _) in code.match_indices("crate::") {
            imports += 1;
            let used: String = code[i + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if let Some(stage) = stage_of(&used) {
                if stage > own {
                    violations.push(format!("{} uses crate::{used} (a later stage)", relative.display()));
                }
            }
            if top == "render" {
                let rest = &code[i + 7..];
                if let Some(backend) = rest.strip_prefix("render::").map(|r| {
                    r.chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect::<String>()
                }) {
                    let own_backend = relative
                        .components()
                        .nth(1)
                        .map(|c| c.as_os_str().to_string_lossy().trim_end_matches(".rs").to_string());
                    let mine = own_backend.as_deref().unwrap_or("");
                    // The chart geometry is shared: HTML draws it as SVG, the PDF as vectors.
                    let shared = backend == "chart" && (mine == "html" || mine == "pdf");
                    let crossing =
                        BACKENDS.contains(&backend.as_str()) && BACKENDS.contains(&mine) && backend != mine && !shared;
                    if crossing {
                        violations.push(format!(
                            "{} uses render::{backend} (another backend)",
                            relative.display()
                        ));
                    }
                }
            }
        }
    }
    (violations, imports)
}

#[test]
fn every_import_points_down_the_pipeline() {
    let (found, imports) = violations(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(imports > 200, "only {imports} imports seen: the scan is broken");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_check_catches_an_upward_import_and_a_backend_crossing() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "engine/gaps.rs",
        "use crate::cli::Status;\nuse crate::format::number;\n",
    );
    write("render/text/table.rs", "use crate::render::pdf::Paper;\n");
    write("render/pdf/charts.rs", "use crate::render::chart::Radar;\n");
    write(
        "render/text/views.rs",
        "#[cfg(test)]\nmod tests {\n use crate::cli::Status;\n}\n",
    );
    let (found, imports) = violations(dir.path());
    assert_eq!(imports, 4);
    assert_eq!(
        found,
        vec![
            "engine/gaps.rs uses crate::cli (a later stage)".to_string(),
            "render/text/table.rs uses render::pdf (another backend)".to_string(),
        ]
    );
}

#[test]
fn main_only_calls_the_library() {
    let main = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/main.rs")).unwrap();
    assert!(
        main.lines().count() < 15,
        "src/main.rs has {} lines",
        main.lines().count()
    );
}
