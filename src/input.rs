//! Reading the user's files as text, with problems reported as diagnostics rather than panics.

use std::path::Path;

use crate::error::Diagnostic;

/// Reads a UTF-8 text file, dropping a byte-order mark. Empty, unreadable or non-UTF-8 files are problems.
pub fn read_text(path: &Path) -> Result<String, Box<Diagnostic>> {
    let label = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| Box::new(Diagnostic::error(&label, "cannot read the file").found(e)))?;
    text_from_bytes(&label, bytes)
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
            let line = 1 + bytes[..valid].iter().filter(|&&b| b == b'\n').count();
            Err(Box::new(
                Diagnostic::error(label, "the file is not valid UTF-8")
                    .at_line(line)
                    .found(format!("byte 0x{:02X}", bytes[valid]))
                    .hint("save it as UTF-8 (in LibreOffice: Text CSV, character set \"Unicode (UTF-8)\"; in Excel: \"CSV UTF-8\")"),
            ))
        }
    }
}

/// A serde_json error as a diagnostic on the line it names.
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
    fn json_errors_carry_line_and_column() {
        let e = serde_json::from_str::<serde_json::Value>("{\n  \"a\": 1,\n}").unwrap_err();
        let d = json_error("x.json", &e);
        assert_eq!(d.line, Some(3));
        assert!(d.message.starts_with("malformed JSON"), "{}", d.message);
        assert!(!d.message.contains("at line"));
    }
}
