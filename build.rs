//! Compiles the bundled catalogs, questionnaires and report templates into the binary: every
//! `*.json` directly under `frameworks/` and `questionnaires/`, and every file under
//! `reports/templates/`, in name order, so the tool works with no files beside it.

use std::fs;
use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    let mut out = String::new();
    for (name, folder, extension) in [
        ("BUNDLED_CATALOGS", "frameworks", Some("json")),
        ("BUNDLED_QUESTIONNAIRES", "questionnaires", Some("json")),
        ("BUNDLED_TEMPLATES", "reports/templates", None),
    ] {
        let dir = root.join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file())
                    .filter(|p| extension.is_none_or(|ext| p.extension().is_some_and(|e| e == ext)))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        out.push_str(&format!("pub static {name}: &[(&str, &str)] = &[\n"));
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let relative = file.strip_prefix(root).expect("file is under the crate root");
            let label = relative.to_string_lossy().replace('\\', "/");
            out.push_str(&format!(
                "    ({label:?}, include_str!({:?})),\n",
                file.display().to_string()
            ));
        }
        out.push_str("];\n");
    }
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
