//! Lines and duplicate keys in JSON text, found in one pass.
//!
//! `serde_json` gives values but not where they were written, and it silently keeps the last of two
//! equal keys. This scanner runs on text that `serde_json` has already accepted, walks it once,
//! iteratively (no recursion, whatever the nesting), and finds the line on which the value at each
//! wanted path starts, and every key written twice in one object. Paths are written as
//! `sections[0].questions[3].id`; a key that is not a plain name is quoted:
//! `targets.controls["iso20000:8.6.1"]`.

use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

fn is_plain_key(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The path of `key` inside the object at `parent`.
#[must_use]
pub fn child(parent: &str, key: &str) -> String {
    let mut path = parent.to_string();
    push_segment(&mut path, &Segment::Key(key.to_string()));
    path
}

fn push_segment(path: &mut String, segment: &Segment) {
    match segment {
        Segment::Key(key) if is_plain_key(key) => {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
        }
        Segment::Key(key) => {
            path.push('[');
            path.push_str(&serde_json::to_string(key).unwrap_or_default());
            path.push(']');
        }
        Segment::Index(i) => {
            path.push('[');
            path.push_str(&i.to_string());
            path.push(']');
        }
    }
}

fn format_path(segments: &[Segment]) -> String {
    let mut path = String::new();
    for segment in segments {
        push_segment(&mut path, segment);
    }
    path
}

fn parse_path(path: &str) -> Option<Vec<Segment>> {
    let mut segments = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('[') {
            if inner.starts_with('"') {
                let mut stream = serde_json::Deserializer::from_str(inner).into_iter::<String>();
                let key = stream.next()?.ok()?;
                let consumed = stream.byte_offset();
                segments.push(Segment::Key(key));
                rest = inner[consumed..].strip_prefix(']')?;
            } else {
                let end = inner.find(']')?;
                segments.push(Segment::Index(inner[..end].parse().ok()?));
                rest = &inner[end + 1..];
            }
        } else {
            let rest_key = rest.strip_prefix('.').unwrap_or(rest);
            let end = rest_key.find(['.', '[']).unwrap_or(rest_key.len());
            if end == 0 {
                return None;
            }
            segments.push(Segment::Key(rest_key[..end].to_string()));
            rest = &rest_key[end..];
        }
    }
    Some(segments)
}

/// A key written twice in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Path of the second occurrence's value.
    pub path: String,
    pub first_line: usize,
    pub line: usize,
}

/// What one pass over a document found.
#[derive(Debug, Default)]
pub struct Scan {
    /// The line of each wanted path, in the order asked.
    pub lines: Vec<Option<usize>>,
    /// The first [`DUPLICATES_KEPT`] keys written twice; the rest are only counted.
    pub duplicates: Vec<DuplicateKey>,
    pub duplicates_omitted: usize,
}

/// How many repeated keys a scan keeps in full; a file of millions of them costs no more.
pub const DUPLICATES_KEPT: usize = 100;

/// Line (1-based) where the value at `path` starts in `text`, if the path exists.
#[must_use]
pub fn line_of(text: &str, path: &str) -> Option<usize> {
    scan(text, &[path]).lines[0]
}

/// Lines of every path in `wanted` and every duplicate key, in one pass over `text`.
#[must_use]
pub fn scan(text: &str, wanted: &[&str]) -> Scan {
    scan_with(text, wanted, None).0
}

/// The line of each element of the array at `array_path`, in one pass.
#[must_use]
pub fn scan_array(text: &str, array_path: &str) -> Vec<usize> {
    scan_with(text, &[], Some(array_path)).1
}

fn scan_with(text: &str, wanted: &[&str], array_path: Option<&str>) -> (Scan, Vec<usize>) {
    let mut targets: HashMap<String, Vec<usize>> = HashMap::new();
    let mut prefixes: HashSet<String> = HashSet::new();
    for (i, path) in wanted.iter().enumerate() {
        let Some(segments) = parse_path(path) else { continue };
        for end in 0..segments.len() {
            prefixes.insert(format_path(&segments[..end]));
        }
        targets.entry(format_path(&segments)).or_default().push(i);
    }
    let array = array_path.and_then(parse_path).map(|segments| {
        for end in 0..=segments.len() {
            prefixes.insert(format_path(&segments[..end]));
        }
        format_path(&segments)
    });
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
        targets,
        prefixes,
        found: Scan {
            lines: vec![None; wanted.len()],
            duplicates: Vec::new(),
            duplicates_omitted: 0,
        },
        array,
        element_lines: Vec::new(),
    };
    scanner.run();
    (scanner.found, scanner.element_lines)
}

/// An open object or array, with the path to it when that path leads to a wanted value.
struct Frame {
    segment: Option<Segment>,
    tracked_path: Option<String>,
    kind: FrameKind,
}

enum FrameKind {
    Object { keys: HashMap<String, usize> },
    Array { next_index: usize },
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    targets: HashMap<String, Vec<usize>>,
    prefixes: HashSet<String>,
    found: Scan,
    array: Option<String>,
    element_lines: Vec<usize>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
        }
        Some(b)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n' | 0xEF | 0xBB | 0xBF)) {
            self.bump();
        }
    }

    /// The string at the cursor (the cursor on its opening quote), unescaped.
    fn string(&mut self) -> Option<String> {
        if self.bump()? != b'"' {
            return None;
        }
        let start = self.pos;
        let mut escaped = false;
        loop {
            match self.bump()? {
                b'\\' => {
                    escaped = true;
                    self.bump()?;
                }
                b'"' => break,
                _ => {}
            }
        }
        let raw = std::str::from_utf8(&self.bytes[start..self.pos - 1]).ok()?;
        if escaped {
            serde_json::from_str(&format!("\"{raw}\"")).ok()
        } else {
            Some(raw.to_string())
        }
    }

    /// Moves past a string, number or literal; `None` on text that is none of them, so a
    /// malformed document ends the scan instead of stalling it.
    fn skip_scalar(&mut self) -> Option<()> {
        if self.peek()? == b'"' {
            return self.string().map(drop);
        }
        let start = self.pos;
        while !matches!(
            self.peek(),
            None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
        ) {
            self.bump();
        }
        (self.pos > start).then_some(())
    }

    fn path_of(stack: &[Frame], last: &Segment) -> String {
        let mut path = String::new();
        for segment in stack
            .iter()
            .filter_map(|f| f.segment.as_ref())
            .chain(std::iter::once(last))
        {
            push_segment(&mut path, segment);
        }
        path
    }

    /// Records the value starting at the cursor and opens it if it is a container.
    fn value(&mut self, stack: &mut Vec<Frame>, segment: Option<Segment>) -> Option<()> {
        self.skip_ws();
        let parent_path = match stack.last() {
            None => Some(String::new()),
            Some(frame) => frame.tracked_path.clone(),
        };
        if matches!(segment, Some(Segment::Index(_))) && parent_path.is_some() && parent_path == self.array {
            self.element_lines.push(self.line);
        }
        let path = match (&parent_path, &segment) {
            (Some(parent), Some(segment)) => {
                let mut path = parent.clone();
                push_segment(&mut path, segment);
                Some(path)
            }
            (Some(parent), None) => Some(parent.clone()),
            (None, _) => None,
        };
        if let Some(indices) = path.as_ref().and_then(|p| self.targets.get(p)) {
            for &i in indices {
                self.found.lines[i] = Some(self.line);
            }
        }
        let tracked_path = path.filter(|p| self.prefixes.contains(p));
        let kind = match self.peek()? {
            b'{' => FrameKind::Object { keys: HashMap::new() },
            b'[' => FrameKind::Array { next_index: 0 },
            _ => return self.skip_scalar(),
        };
        self.bump();
        stack.push(Frame {
            segment,
            tracked_path,
            kind,
        });
        Some(())
    }

    fn run(&mut self) {
        let mut stack: Vec<Frame> = Vec::new();
        if self.value(&mut stack, None).is_none() {
            return;
        }
        while self.step(&mut stack).is_some() {}
    }

    /// Moves past one member of the innermost open container, or closes it.
    fn step(&mut self, stack: &mut Vec<Frame>) -> Option<()> {
        self.skip_ws();
        let byte = self.peek()?;
        if byte == b',' {
            self.bump();
            self.skip_ws();
        }
        let frame = stack.last_mut()?;
        match &mut frame.kind {
            FrameKind::Object { keys } => {
                if self.peek()? == b'}' {
                    self.bump();
                    stack.pop();
                    return Some(());
                }
                let line = self.line;
                let key = self.string()?;
                let segment = Segment::Key(key.clone());
                if let Some(&first_line) = keys.get(&key) {
                    if self.found.duplicates.len() < DUPLICATES_KEPT {
                        let path = Self::path_of(stack, &segment);
                        self.found.duplicates.push(DuplicateKey { path, first_line, line });
                    } else {
                        self.found.duplicates_omitted += 1;
                    }
                } else {
                    keys.insert(key, line);
                }
                self.skip_ws();
                if self.bump()? != b':' {
                    return None;
                }
                self.value(stack, Some(segment))
            }
            FrameKind::Array { next_index } => {
                if self.peek()? == b']' {
                    self.bump();
                    stack.pop();
                    return Some(());
                }
                let segment = Segment::Index(*next_index);
                *next_index += 1;
                self.value(stack, Some(segment))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{
  "id": "x",
  "sections": [
    {
      "questions": [
        {"id": "a", "maps": []},
        {
          "id": "b",
          "maps": [
            {"framework": "f", "control": "c"}
          ]
        }
      ]
    }
  ]
}"#;

    #[test]
    fn finds_nested_keys_and_indices() {
        assert_eq!(line_of(DOC, "id"), Some(2));
        assert_eq!(line_of(DOC, "sections[0].questions[0]"), Some(6));
        assert_eq!(line_of(DOC, "sections[0].questions[1].id"), Some(8));
        assert_eq!(line_of(DOC, "sections[0].questions[1].maps[0].control"), Some(10));
        assert_eq!(line_of(DOC, ""), Some(1));
    }

    #[test]
    fn many_paths_in_one_pass() {
        let found = scan(DOC, &["sections[0].questions[1].id", "nope", "id", "id"]);
        assert_eq!(found.lines, vec![Some(8), None, Some(2), Some(2)]);
    }

    #[test]
    fn lines_of_every_array_element() {
        assert_eq!(scan_array(DOC, "sections[0].questions"), vec![6, 7]);
        assert_eq!(scan_array(DOC, "nope"), Vec::<usize>::new());
    }

    #[test]
    fn missing_paths_give_none() {
        assert_eq!(line_of(DOC, "sections[1]"), None);
        assert_eq!(line_of(DOC, "nope"), None);
        assert_eq!(line_of(DOC, "id[0]"), None);
        assert_eq!(line_of("", "id"), None);
    }

    #[test]
    fn escaped_quotes_in_strings_do_not_confuse_it() {
        let doc = "{\"a\": \"x\\\"y\",\n \"b\": 1}";
        assert_eq!(line_of(doc, "b"), Some(2));
    }

    #[test]
    fn keys_with_dots_and_colons_are_quoted_in_paths() {
        let doc = "{\"targets\": {\"controls\": {\n  \"itil4:x\": 1,\n  \"iso20000:8.6.1\": 4\n}}}";
        let path = child("targets.controls", "iso20000:8.6.1");
        assert_eq!(path, "targets.controls[\"iso20000:8.6.1\"]");
        assert_eq!(line_of(doc, &path), Some(3));
        assert_eq!(child("targets", "default"), "targets.default");
    }

    #[test]
    fn duplicate_keys_are_found_with_both_lines_even_when_escaped() {
        let doc = "{\"a\": 1,\n\"t\": {\"x\": 1,\n\"\\u0078\": 2},\n\"a\": 3}";
        let found = scan(doc, &[]);
        assert_eq!(
            found.duplicates,
            vec![
                DuplicateKey {
                    path: "t.x".into(),
                    first_line: 2,
                    line: 3
                },
                DuplicateKey {
                    path: "a".into(),
                    first_line: 1,
                    line: 4
                },
            ]
        );
    }

    #[test]
    fn malformed_text_ends_the_scan_rather_than_stalling_it() {
        for doc in [
            "[}",
            "{\"a\": }",
            "[1,,2]",
            "{\"a\" 1}",
            "[",
            "{",
            "]",
            "[\"x",
            "{\"a\":[}]}",
        ] {
            let found = scan(doc, &["a", "[0]"]);
            assert!(found.duplicates.is_empty(), "{doc}");
        }
    }

    #[test]
    fn deep_nesting_is_walked_without_recursion() {
        let depth = 1_000_000;
        let doc = format!("[{}{},\n{{\"k\": 2}}]", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(line_of(&doc, "[1].k"), Some(2));
    }
}
