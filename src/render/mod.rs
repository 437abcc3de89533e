//! Renderers: turn computed results into terminal tables, CSV, Markdown and JSON.

pub mod csv;
pub mod markdown;
pub mod readiness;
pub mod report;
pub mod table;
pub mod views;

/// A number for people: two decimals, or a dash when there is none.
pub fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{:.2}", crate::scoring::round4(v)))
}

/// A share as a whole percentage, or a dash.
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{:.0}%", v * 100.0))
}

/// Pretty JSON with a final newline.
pub fn json<T: serde::Serialize>(value: &T) -> String {
    let mut text =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    text.push('\n');
    text
}
