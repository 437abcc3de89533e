//! Markdown tables that survive any cell text.

/// Escapes a cell: pipes, line breaks and characters Markdown would read as markup.
pub fn cell(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(escape_line)
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Escapes running text (a heading or a paragraph): markup characters escaped, lines joined by spaces.
pub fn text(text: &str) -> String {
    text.split_whitespace().map(escape_line).collect::<Vec<_>>().join(" ")
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if matches!(c, '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Markdown table; numeric columns (by index) are right-aligned.
pub fn table(headers: &[&str], rows: &[Vec<String>], right_aligned: &[usize]) -> String {
    let mut out = format!(
        "| {} |\n|",
        headers.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | ")
    );
    for i in 0..headers.len() {
        out.push_str(if right_aligned.contains(&i) {
            " ---: |"
        } else {
            " --- |"
        });
    }
    out.push('\n');
    for row in rows {
        out.push_str(&format!(
            "| {} |\n",
            row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes_and_join_lines() {
        assert_eq!(cell("a|b\nc"), "a\\|b<br>c");
        assert_eq!(cell("<script>"), "\\<script\\>");
        assert_eq!(cell("x_y*z"), "x\\_y\\*z");
    }

    #[test]
    fn tables_align_numeric_columns_right() {
        let t = table(&["Name", "Score"], &[vec!["A".into(), "2.00".into()]], &[1]);
        assert_eq!(t, "| Name | Score |\n| --- | ---: |\n| A | 2.00 |\n");
    }
}
