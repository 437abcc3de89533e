//! How numbers are written, in one place: rounded to four decimals in data (JSON), two for
//! people, shares as whole percentages.

/// A value rounded to four decimals, with no negative zero: the precision of every number in JSON.
#[must_use]
pub fn round4(value: f64) -> f64 {
    let rounded = (value * 10_000.0).round() / 10_000.0;
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// Serialises an optional number rounded by [`round4`].
pub fn round<S: serde::Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serializer.serialize_f64(round4(*v)),
        None => serializer.serialize_none(),
    }
}

/// Serialises a number rounded by [`round4`].
pub fn round_value<S: serde::Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(round4(*value))
}

/// A number for people: two decimals, or a dash when there is none.
#[must_use]
pub fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{:.2}", round4(v)))
}

/// Person-days without needless decimals: "492", "2.5".
#[must_use]
pub fn days(value: f64) -> String {
    let text = format!("{:.2}", round4(value));
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A share as a whole percentage, or a dash.
#[must_use]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_once_and_show_no_negative_zero() {
        assert_eq!(round4(2.123_449), 2.1234);
        assert_eq!(round4(-0.000_01), 0.0);
        assert!(round4(-0.000_01).is_sign_positive());
        assert_eq!(number(Some(2.006)), "2.01");
        assert_eq!(number(None), "-");
        assert_eq!(percent(Some(0.456)), "46%");
    }
}
