//! Writing outputs safely: never over an input, never over an existing file without `force`, never
//! over anything but a regular file, never half-written, and never racing another writer.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The files and folders a command reads or could read: no output may land on one of the files or
/// anywhere inside one of the folders (a JSON written into `--catalog-dir` would be read as a
/// catalog next time).
#[derive(Debug, Clone, Default)]
pub struct Protected {
    files: Vec<Identity>,
    folders: Vec<(PathBuf, String)>,
}

/// A file as the file system knows it: its resolved path and, on Unix, device and inode, so a
/// hard link or a second spelling of the same path is recognised.
#[derive(Debug, Clone)]
struct Identity {
    path: PathBuf,
    inode: Option<(u64, u64)>,
    role: String,
}

impl Protected {
    /// Protects one input file; `role` says what it is ("the assessment file").
    pub fn file(&mut self, path: &Path, role: &str) {
        if let Ok(resolved) = std::fs::canonicalize(path) {
            let inode = std::fs::metadata(&resolved).ok().and_then(|m| inode(&m));
            self.files.push(Identity {
                path: resolved,
                inode,
                role: role.to_string(),
            });
        }
    }

    /// Protects a folder of inputs and everything under it.
    pub fn folder(&mut self, path: &Path, role: &str) {
        if let Ok(resolved) = std::fs::canonicalize(path) {
            self.folders.push((resolved, role.to_string()));
        }
    }

    /// Refuses `target` when it is, or would land inside, something this command reads.
    pub fn check(&self, target: &Path) -> Result<()> {
        let refuse = |role: &str| {
            Err(Error::WouldOverwriteInput {
                path: target.to_path_buf(),
                role: role.to_string(),
            })
        };
        let metadata = std::fs::metadata(target).ok();
        let resolved = std::fs::canonicalize(target).ok().or_else(|| resolve_new(target));
        if let Some(resolved) = &resolved {
            let target_inode = metadata.as_ref().and_then(inode);
            for input in &self.files {
                let same_inode = target_inode.is_some() && target_inode == input.inode;
                if same_inode || &input.path == resolved {
                    return refuse(&input.role);
                }
            }
            if let Some((_, role)) = self.folders.iter().find(|(folder, _)| resolved.starts_with(folder)) {
                return refuse(role);
            }
        }
        Ok(())
    }
}

/// The resolved path a file not yet created would have: its nearest existing ancestor resolved,
/// the missing components kept as written.
fn resolve_new(target: &Path) -> Option<PathBuf> {
    let mut missing = Vec::new();
    let mut current = target;
    loop {
        if let Ok(resolved) = std::fs::canonicalize(current) {
            return Some(missing.iter().rev().fold(resolved, |path, part| path.join(part)));
        }
        missing.push(current.file_name()?.to_os_string());
        current = match current.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
    }
}

#[cfg(unix)]
#[allow(
    clippy::unnecessary_wraps,
    reason = "the same signature as on other systems, where it is None"
)]
fn inode(metadata: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// The checks [`write_atomic`] makes before writing, to run before long work: `path` is no input,
/// and holds nothing (or, with `force`, a regular file).
pub fn preflight(path: &Path, force: bool, protected: &Protected) -> Result<()> {
    protected.check(path)?;
    if let Ok(existing) = std::fs::symlink_metadata(path) {
        if !existing.file_type().is_file() {
            return Err(Error::NotARegularFile {
                path: path.to_path_buf(),
                kind: describe_kind(&existing),
            });
        }
        if !force {
            return Err(Error::OutputExists(path.to_path_buf()));
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename, so a reader sees either
/// the old file or the whole new one.
///
/// - An input of the command (`protected`) is never written, with or without `force`.
/// - Without `force` an existing path is refused, and the final step links the file into place
///   only if nothing is there, so two writers cannot both succeed.
/// - Only a regular file is ever replaced: a symbolic link (even a dangling one), a folder, a
///   device or a pipe at `path` is refused.
/// - The temporary file is created exclusively, with an unpredictable name, and removed on every
///   error path.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool, protected: &Protected) -> Result<()> {
    preflight(path, force, protected)?;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // Created 0600 by default; a report is an ordinary file, so ask for 0666 and let the umask
    // decide, as for any other program's output.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder).map_err(|e| Error::io(path, e))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| Error::io(path, e))?;
    let persisted = if force {
        temp.persist(path)
    } else {
        temp.persist_noclobber(path)
    };
    persisted.map(drop).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::OutputExists(path.to_path_buf())
        } else {
            Error::io(path, e.error)
        }
    })
}

fn describe_kind(metadata: &std::fs::Metadata) -> &'static str {
    let kind = metadata.file_type();
    if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a folder"
    } else {
        "a device, pipe or socket"
    }
}

/// Moves `path` aside to the first free `path.1`, `path.2`, ... and returns the backup's path.
/// The backup is linked into place only where nothing exists, so no earlier backup is replaced.
pub fn back_up(path: &Path) -> Result<PathBuf> {
    numbered_copy(path, true)
}

/// Keeps the current `path` under the first free numbered name beside it, as [`back_up`] does,
/// but leaves it in place, so it can then be replaced atomically: at every moment the file holds
/// either the old bytes or the new ones, and the old ones are kept.
pub fn keep_copy(path: &Path) -> Result<PathBuf> {
    numbered_copy(path, false)
}

fn numbered_copy(path: &Path, move_it: bool) -> Result<PathBuf> {
    let name = path
        .file_name()
        .map_or_else(|| "backup".into(), |n| n.to_string_lossy().into_owned());
    for number in 1..=10_000u32 {
        let backup = path.with_file_name(format!("{name}.{number}"));
        match std::fs::hard_link(path, &backup) {
            Ok(()) => {
                if move_it {
                    std::fs::remove_file(path).map_err(|e| Error::io(path, e))?;
                }
                return Ok(backup);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            // A file system without hard links: rename or copy, having checked the name is free.
            Err(_) if !backup.exists() && std::fs::symlink_metadata(&backup).is_err() => {
                if move_it {
                    std::fs::rename(path, &backup).map_err(|e| Error::io(path, e))?;
                } else {
                    std::fs::copy(path, &backup).map_err(|e| Error::io(&backup, e))?;
                }
                return Ok(backup);
            }
            Err(e) => return Err(Error::io(&backup, e)),
        }
    }
    Err(Error::io(
        path,
        std::io::Error::other("10,000 numbered backups already exist beside it"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> Protected {
        Protected::default()
    }

    #[test]
    fn refuses_existing_file_without_force_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        write_atomic(&target, b"one", false, &none()).unwrap();
        assert!(matches!(
            write_atomic(&target, b"two", false, &none()),
            Err(Error::OutputExists(_))
        ));
        assert_eq!(std::fs::read(&target).unwrap(), b"one");
        write_atomic(&target, b"two", true, &none()).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("missing").join("out.txt");
        assert!(matches!(
            write_atomic(&target, b"x", false, &none()),
            Err(Error::Io { .. })
        ));
    }

    #[test]
    fn inputs_are_refused_by_any_spelling_and_by_hard_link() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("responses.csv");
        std::fs::write(&input, b"answers").unwrap();
        let mut protected = none();
        protected.file(&input, "a response file");
        let other_spelling = dir.path().join(".").join("responses.csv");
        let err = write_atomic(&other_spelling, b"x", true, &protected).unwrap_err();
        assert!(matches!(err, Error::WouldOverwriteInput { .. }), "{err}");
        let link = dir.path().join("link.csv");
        std::fs::hard_link(&input, &link).unwrap();
        assert!(write_atomic(&link, b"x", true, &protected).is_err());
        assert_eq!(std::fs::read(&input).unwrap(), b"answers");
    }

    #[test]
    fn nothing_is_written_inside_a_protected_folder() {
        let dir = tempfile::tempdir().unwrap();
        let catalogs = dir.path().join("catalogs");
        std::fs::create_dir(&catalogs).unwrap();
        let mut protected = none();
        protected.folder(&catalogs, "the catalog folder");
        assert!(write_atomic(&catalogs.join("new.json"), b"{}", true, &protected).is_err());
        assert_eq!(std::fs::read_dir(&catalogs).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_and_special_files_are_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let dangling = dir.path().join("report.html");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        for force in [false, true] {
            let err = write_atomic(&dangling, b"x", force, &none()).unwrap_err();
            assert!(matches!(err, Error::NotARegularFile { .. }), "{err}");
        }
        assert!(!dir.path().join("nowhere").exists());
        let err = write_atomic(Path::new("/dev/null"), b"x", true, &none()).unwrap_err();
        assert!(matches!(err, Error::NotARegularFile { .. }), "{err}");
    }

    #[test]
    fn of_two_writers_without_force_exactly_one_succeeds() {
        for _ in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            let target = dir.path().join("report.html");
            let results: Vec<bool> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..2)
                    .map(|i| {
                        let target = &target;
                        s.spawn(move || write_atomic(target, format!("{i}").as_bytes(), false, &none()).is_ok())
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            assert_eq!(results.iter().filter(|&&ok| ok).count(), 1, "{results:?}");
            assert_eq!(
                std::fs::read_dir(dir.path()).unwrap().count(),
                1,
                "a temporary file was left"
            );
        }
    }

    #[test]
    fn backups_take_the_next_free_number() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("responses.csv");
        std::fs::write(&file, b"first").unwrap();
        assert_eq!(back_up(&file).unwrap(), dir.path().join("responses.csv.1"));
        std::fs::write(&file, b"second").unwrap();
        assert_eq!(back_up(&file).unwrap(), dir.path().join("responses.csv.2"));
        assert!(!file.exists());
        assert_eq!(std::fs::read(dir.path().join("responses.csv.1")).unwrap(), b"first");
        assert_eq!(std::fs::read(dir.path().join("responses.csv.2")).unwrap(), b"second");
    }
}
