//! A portfolio: the assessment folders under the folders a user names, found without following
//! symbolic links, walked iteratively so that any depth is safe, in a stable order.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::workspace::assessment::ASSESSMENT_FILE;

/// The most folders a portfolio walk visits, so a mistaken root (`/`) ends in bounded time.
pub const MAX_FOLDERS_VISITED: usize = 2_000_000;

/// The assessment folders under `roots`, sorted, each once; with problems met on the way.
///
/// A folder holding `assessment.json` is an assessment and is not searched further (its own
/// subfolders hold its interviews). Hidden folders (a name starting with a dot) are skipped.
#[must_use]
pub fn find(roots: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let mut visited = 0usize;
    for root in roots {
        if !root.is_dir() {
            problems.push(
                Diagnostic::error(root.display().to_string(), "not a folder")
                    .hint("name folders of assessments, folders that hold them, or a portfolio saved with --save"),
            );
            continue;
        }
        let mut pending = vec![root.clone()];
        while let Some(dir) = pending.pop() {
            visited += 1;
            if visited > MAX_FOLDERS_VISITED {
                problems.push(
                    Diagnostic::error(root.display().to_string(), "too many folders to search")
                        .found(format!("more than {MAX_FOLDERS_VISITED}"))
                        .hint("name the folder that holds the assessments"),
                );
                break;
            }
            if dir.join(ASSESSMENT_FILE).is_file() {
                found.push(dir);
                continue;
            }
            match subfolders(&dir) {
                Ok(mut children) => {
                    // Reversed so the stack pops them in name order.
                    children.sort();
                    pending.extend(children.into_iter().rev());
                }
                Err(d) => problems.push(*d),
            }
        }
    }
    found.sort();
    // One root walked without following links meets each folder once; only roots that overlap
    // (one inside another, or one named twice) can meet a folder twice.
    if roots.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        found.retain(|dir| seen.insert(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone())));
    }
    (found, problems)
}

/// The folder's own subfolders, not hidden and not reached through a symbolic link.
fn subfolders(dir: &Path) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let unreadable = |e: std::io::Error| {
        Box::new(Diagnostic::error(dir.display().to_string(), "cannot read the folder").found(e.to_string()))
    };
    let mut children = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if is_dir && !hidden {
            children.push(entry.path());
        }
    }
    Ok(children)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assessment(dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(ASSESSMENT_FILE), "{}").unwrap();
    }

    #[test]
    fn finds_assessments_at_any_depth_in_name_order_and_not_inside_one() {
        let root = tempfile::tempdir().unwrap();
        let base = root.path();
        assessment(&base.join("b/2025/acme"));
        assessment(&base.join("a"));
        assessment(&base.join("a/interviews/nested"));
        assessment(&base.join(".hidden/x"));
        std::fs::create_dir_all(base.join("empty")).unwrap();
        let (found, problems) = find(&[base.to_path_buf()]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(found, vec![base.join("a"), base.join("b/2025/acme")]);
    }

    #[test]
    fn a_root_named_twice_or_an_assessment_named_itself_is_found_once() {
        let root = tempfile::tempdir().unwrap();
        assessment(&root.path().join("one"));
        let (found, _) = find(&[root.path().to_path_buf(), root.path().join("one")]);
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn a_missing_root_is_a_problem_and_the_others_are_still_searched() {
        let root = tempfile::tempdir().unwrap();
        assessment(&root.path().join("one"));
        let (found, problems) = find(&[root.path().join("missing"), root.path().to_path_buf()]);
        assert_eq!(found.len(), 1);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "not a folder");
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_not_followed_so_a_loop_ends() {
        let root = tempfile::tempdir().unwrap();
        assessment(&root.path().join("one"));
        std::os::unix::fs::symlink(root.path(), root.path().join("loop")).unwrap();
        let (found, problems) = find(&[root.path().to_path_buf()]);
        assert_eq!(found.len(), 1);
        assert!(problems.is_empty());
    }
}
