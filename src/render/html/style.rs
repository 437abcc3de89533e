//! The stylesheet of the HTML documents: `reports/style.css` with the theme's colours and sizes
//! put in. It is text, not a template: parsing 5 KB of CSS as a template took a fortieth of an
//! HTML report's run. The `_style.html` partial places it (`{{ stylesheet | safe }}`), and a
//! consultancy's own `_style.html` may use it, add to it or replace it.

use std::fmt::Write;

use crate::render::theme::Theme;

const STYLESHEET: &str = include_str!("../../../reports/style.css");

/// The stylesheet for a report whose timeline has `phases` columns.
#[must_use]
pub fn stylesheet(theme: &Theme, phases: usize) -> String {
    let mut level_rules = String::new();
    for (index, (fill, ink)) in theme.levels.iter().zip(theme.level_ink).enumerate() {
        let _ = writeln!(level_rules, ".level.l{index} {{ background: {fill}; color: {ink}; }}");
    }
    let values: [(&str, String); 22] = [
        ("ink", theme.ink.into()),
        ("muted", theme.muted.into()),
        ("rule", theme.rule.into()),
        ("panel", theme.panel.into()),
        ("accent", theme.accent.into()),
        ("target", theme.target.into()),
        ("unscored", theme.unscored.into()),
        ("font_family", theme.font_family.into()),
        ("size_title", theme.size_title.to_string()),
        ("size_h1", theme.size_h1.to_string()),
        ("size_h2", theme.size_h2.to_string()),
        ("size_body", theme.size_body.to_string()),
        ("size_small", theme.size_small.to_string()),
        ("size_table", (theme.size_small + 0.5).to_string()),
        ("quick_fill", theme.quick_win.0.into()),
        ("quick_ink", theme.quick_win.1.into()),
        ("certification_fill", theme.certification.0.into()),
        ("certification_ink", theme.certification.1.into()),
        ("level_0", theme.levels[0].into()),
        ("level_5", theme.levels[5].into()),
        ("phases", phases.to_string()),
        ("level_rules", level_rules),
    ];
    let mut css = STYLESHEET.to_string();
    for (name, value) in values {
        css = css.replace(&format!("@{name}@"), &value);
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::theme::THEME;

    #[test]
    fn every_placeholder_is_filled() {
        let css = stylesheet(&THEME, 4);
        let left: Vec<&str> = css
            .match_indices('@')
            .map(|(at, _)| &css[at..])
            .filter(|rest| !rest.starts_with("@page") && !rest.starts_with("@media"))
            .collect();
        assert!(left.is_empty(), "placeholders left: {left:?}");
        assert!(css.contains("repeat(4, 1fr)"));
        assert!(css.contains(&format!(
            ".level.l5 {{ background: {}; color: {}; }}\n",
            THEME.levels[5], THEME.level_ink[5]
        )));
        assert!(
            css.contains("font-size: 8.5pt"),
            "the table size, small plus half a point"
        );
    }
}
