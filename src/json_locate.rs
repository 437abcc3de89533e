//! Finds the line on which the value at a JSON path starts, so that diagnostics about parsed JSON
//! can name a line as well as a path. It runs only on text that serde_json has already accepted.

#[derive(Debug, PartialEq)]
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

fn parse_path(path: &str) -> Option<Vec<Segment<'_>>> {
    let mut segments = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            segments.push(Segment::Key(key));
        }
        while let Some(stripped) = rest.strip_prefix('[') {
            let end = stripped.find(']')?;
            segments.push(Segment::Index(stripped[..end].parse().ok()?));
            rest = &stripped[end + 1..];
        }
    }
    Some(segments)
}

/// Line (1-based) where the value at `path` starts in `text`, if the path exists.
pub fn line_of(text: &str, path: &str) -> Option<usize> {
    let segments = parse_path(path)?;
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    scanner.skip_ws();
    scanner.find(&segments)
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
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

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_ws();
        (self.bump()? == byte).then_some(())
    }

    fn string(&mut self) -> Option<&[u8]> {
        self.expect(b'"')?;
        let start = self.pos;
        loop {
            match self.bump()? {
                b'\\' => {
                    self.bump()?;
                }
                b'"' => return Some(&self.bytes[start..self.pos - 1]),
                _ => {}
            }
        }
    }

    fn find(&mut self, path: &[Segment]) -> Option<usize> {
        self.skip_ws();
        let Some((first, rest)) = path.split_first() else {
            return Some(self.line);
        };
        match (self.peek()?, first) {
            (b'{', Segment::Key(wanted)) => {
                self.bump();
                loop {
                    self.skip_ws();
                    if self.peek()? == b'}' {
                        return None;
                    }
                    let key = self.string()?;
                    let matched = key == wanted.as_bytes();
                    self.expect(b':')?;
                    if matched {
                        return self.find(rest);
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    if self.bump()? != b',' {
                        return None;
                    }
                }
            }
            (b'[', Segment::Index(wanted)) => {
                self.bump();
                let mut index = 0;
                loop {
                    self.skip_ws();
                    if self.peek()? == b']' {
                        return None;
                    }
                    if index == *wanted {
                        return self.find(rest);
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    if self.bump()? != b',' {
                        return None;
                    }
                    index += 1;
                }
            }
            _ => None,
        }
    }

    fn skip_value(&mut self) -> Option<()> {
        self.skip_ws();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.bump();
                loop {
                    self.skip_ws();
                    if self.peek()? == close {
                        self.bump();
                        return Some(());
                    }
                    if open == b'{' {
                        self.string()?;
                        self.expect(b':')?;
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    if self.peek()? == b',' {
                        self.bump();
                    }
                }
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
                ) {
                    self.bump();
                }
                Some(())
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
}
