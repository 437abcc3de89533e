//! The one palette and type scale shared by every rendered report (HTML CSS and, later, the PDF).

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Theme {
    pub font_family: &'static str,
    /// Type scale in points: title, heading 1 and 2, body, small.
    pub size_title: f64,
    pub size_h1: f64,
    pub size_h2: f64,
    pub size_body: f64,
    pub size_small: f64,
    pub ink: &'static str,
    pub muted: &'static str,
    pub rule: &'static str,
    pub panel: &'static str,
    pub accent: &'static str,
    pub target: &'static str,
    pub unscored: &'static str,
    /// Fill colour of each level 0 to 5, from red to green.
    pub levels: [&'static str; 6],
    /// Text colour readable on each level's fill.
    pub level_ink: [&'static str; 6],
    /// Fill and text of work that closes ISO/IEC 20000-1 nonconformities, and of quick wins.
    pub certification: (&'static str, &'static str),
    pub quick_win: (&'static str, &'static str),
}

pub const THEME: Theme = Theme {
    font_family: "\"DejaVu Sans\", \"Liberation Sans\", \"Noto Sans\", Arial, sans-serif",
    size_title: 24.0,
    size_h1: 16.0,
    size_h2: 12.5,
    size_body: 9.5,
    size_small: 8.0,
    ink: "#1f2933",
    muted: "#616e7c",
    rule: "#cbd2d9",
    panel: "#f5f7fa",
    accent: "#1f4e8c",
    target: "#d9822b",
    unscored: "#e4e7eb",
    levels: ["#b42318", "#e0612f", "#f0a431", "#c5c94a", "#6aa84f", "#2f7d4f"],
    level_ink: ["#ffffff", "#ffffff", "#1f2933", "#1f2933", "#ffffff", "#ffffff"],
    certification: ("#fde8e4", "#9c2a17"),
    quick_win: ("#e3f1e6", "#1e6b37"),
};

impl Theme {
    /// Fill for a score: the colour of its level, or the unscored grey.
    #[must_use]
    pub fn fill(&self, score: Option<f64>) -> &'static str {
        score.map_or(self.unscored, |s| {
            self.levels[usize::from(crate::engine::levels::level_of(s))]
        })
    }

    #[must_use]
    pub fn fill_ink(&self, score: Option<f64>) -> &'static str {
        score.map_or(self.muted, |s| {
            self.level_ink[usize::from(crate::engine::levels::level_of(s))]
        })
    }
}
