//! Reading the user's files as text, with problems reported as diagnostics rather than panics.
//!
//! Every file the tool reads goes through [`read_bytes`]: only regular files (a FIFO would block
//! forever, `/dev/zero` would never end), and at most [`MAX_INPUT_BYTES`], so memory and time stay
//! bounded whatever is handed in.

use std::io::Read;
use std::path::Path;

use crate::error::Diagnostic;

/// The largest file read: 16 MiB, some 60 times the bundled example's response file with a
/// comment on every answer, and 45 times the bundled questionnaire. A report can show one comment
/// in several places (the answers, the evidence behind each requirement it bears on), so the
/// limit is what keeps every command under 512 MB whatever a file holds.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// The bytes of a regular file of at most [`MAX_INPUT_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    let label = path.display().to_string();
    let cannot_read = |e: std::io::Error| Box::new(Diagnostic::error(&label, "cannot read the file").found(e));
    let metadata = std::fs::metadata(path).map_err(cannot_read)?;
    if !metadata.is_file() {
        return Err(Box::new(
            Diagnostic::error(&label, "not a regular file")
                .found(file_kind(&metadata))
                .expected("a file")
                .hint("give the path of a saved file, not a folder, device or pipe"),
        ));
    }
    let too_large = |size: u64| {
        Box::new(
            Diagnostic::error(&label, "the file is too large")
                .found(format!("{size} bytes"))
                .expected(format!("at most {MAX_INPUT_BYTES} bytes (16 MiB)"))
                .hint("split the answers over several response files listed in assessment.json"),
        )
    };
    if metadata.len() > MAX_INPUT_BYTES {
        return Err(too_large(metadata.len()));
    }
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    // The file may grow between the size check and the read: never read past the limit.
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn file_kind(metadata: &std::fs::Metadata) -> &'static str {
    let kind = metadata.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// Reads a UTF-8 text file, dropping a byte-order mark. Empty, unreadable or non-UTF-8 files are problems.
pub fn read_text(path: &Path) -> Result<String, Box<Diagnostic>> {
    let label = path.display().to_string();
    text_from_bytes(&label, read_bytes(path)?)
}

/// The text of a file already read: UTF-8 without its byte-order mark, and not empty.
pub fn text_from_bytes(label: &str, bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    let text = decode(label, bytes)?;
    if text.trim().is_empty() {
        return Err(Box::new(
            Diagnostic::error(label, "the file is empty")
                .at_line(1)
                .expected("content"),
        ));
    }
    Ok(text)
}

fn decode(label: &str, bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = line_of_offset(bytes, valid);
            Err(Box::new(
                Diagnostic::error(label, "the file is not valid UTF-8")
                    .at_line(line)
                    .found(format!("byte 0x{:02X}", bytes[valid]))
                    .hint("save it as UTF-8 (in LibreOffice: Text CSV, character set \"Unicode (UTF-8)\"; in Excel: \"CSV UTF-8\")"),
            ))
        }
    }
}

/// The 1-based line of byte `offset`, where a line ends at LF, CRLF or a lone CR (as a
/// spreadsheet saved on an old Mac writes it).
#[must_use]
pub fn line_of_offset(bytes: &[u8], offset: usize) -> usize {
    let before = &bytes[..offset.min(bytes.len())];
    let lone_cr = before
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count();
    #[allow(clippy::naive_bytecount, reason = "one pass over one file; not worth a crate")]
    let line_feeds = before.iter().filter(|&&b| b == b'\n').count();
    1 + line_feeds + lone_cr
}

/// Every key written twice in one JSON object, as an error naming both lines: `serde_json` would
/// silently keep the last one.
#[must_use]
pub fn duplicate_keys(label: &str, text: &str) -> crate::error::Diagnostics {
    let scan = crate::json_locate::scan(text, &[]);
    let mut found = crate::error::Diagnostics::default();
    for dup in scan.duplicates {
        found.push(
            Diagnostic::error(label, "key written twice in one object")
                .at_line(dup.line)
                .at_path(dup.path)
                .hint(format!("the first is on line {}; keep one", dup.first_line)),
        );
    }
    found.count_omitted(label, scan.duplicates_omitted, 0);
    found
}

/// A `serde_json` error, unless it only restates a repeated key already reported.
#[must_use]
pub fn json_error_beside_duplicates(
    label: &str,
    error: &serde_json::Error,
    reported: &crate::error::Diagnostics,
) -> crate::error::Diagnostics {
    let restated = !reported.is_empty() && error.to_string().starts_with("duplicate field");
    if restated {
        crate::error::Diagnostics::default()
    } else {
        crate::error::Diagnostics::single(json_error(label, error))
    }
}

/// A `serde_json` error as a diagnostic on the line it names.
#[must_use]
pub fn json_error(label: &str, error: &serde_json::Error) -> Diagnostic {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    let what = if error.is_syntax() || error.is_eof() {
        "malformed JSON"
    } else {
        "unexpected JSON content"
    };
    let mut d = Diagnostic::error(label, format!("{what}: {message}"));
    if error.line() > 0 {
        d = d
            .at_line(error.line())
            .hint(format!("look at column {}", error.column()));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_strips_bom() {
        assert_eq!(decode("f", b"\xEF\xBB\xBFa,b".to_vec()).unwrap(), "a,b");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let d = decode("f.csv", b"a\nb\n\xFFc".to_vec()).unwrap_err();
        assert_eq!(d.line, Some(3));
        assert!(
            d.to_string()
                .contains("f.csv:3: the file is not valid UTF-8 (found byte 0xFF)")
        );
    }

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        assert_eq!(line_of_offset(b"a\nb\r\nc\rd", 0), 1);
        assert_eq!(line_of_offset(b"a\nb\r\nc\rd", 2), 2);
        assert_eq!(line_of_offset(b"a\nb\r\nc\rd", 5), 3);
        assert_eq!(line_of_offset(b"a\nb\r\nc\rd", 7), 4);
    }

    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let d = read_bytes(dir.path()).unwrap_err();
        assert!(d.to_string().contains("not a regular file (found a folder"), "{d}");
        #[cfg(unix)]
        {
            let d = read_bytes(Path::new("/dev/zero")).unwrap_err();
            assert!(d.to_string().contains("found a device"), "{d}");
        }
    }

    #[test]
    fn files_over_the_limit_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_INPUT_BYTES + 1).unwrap();
        let d = read_bytes(&path).unwrap_err();
        assert!(d.to_string().contains("the file is too large"), "{d}");
    }

    #[test]
    fn json_errors_carry_line_and_column() {
        let e = serde_json::from_str::<serde_json::Value>("{\n  \"a\": 1,\n}").unwrap_err();
        let d = json_error("x.json", &e);
        assert_eq!(d.line, Some(3));
        assert!(d.message.starts_with("malformed JSON"), "{}", d.message);
        assert!(!d.message.contains("at line"));
    }
}
