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

/// A count for people, its thousands grouped with commas: "1,622".
#[must_use]
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number for people: two decimals, or a dash when there is none.
#[must_use]
pub fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| two_decimals(round4(v)))
}

/// `format!("{:.2}", value)`, the same text, without the standard library's exact decimal
/// expansion where the rounding is plain: a report prints thousands of numbers. Only a value
/// within a millionth of a hundredth-tie (`0.125`), or too large for whole hundredths in an `i64`,
/// goes the long way.
fn two_decimals(value: f64) -> String {
    let hundredths = (value * 100.0).abs();
    let fraction = hundredths.fract();
    if hundredths.is_nan() || hundredths >= 1e15 || (fraction - 0.5).abs() < 1e-6 {
        return format!("{value:.2}");
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let whole = hundredths.round() as u64;
    let sign = if value.is_sign_negative() { "-" } else { "" };
    format!("{sign}{}.{:02}", whole / 100, whole % 100)
}

/// A change with its sign: "+0.42", "-1.00", "0.00", or a dash when there is none.
#[must_use]
pub fn signed(value: Option<f64>) -> String {
    match value.map(round4) {
        Some(v) if v > 0.0 => format!("+{}", two_decimals(v)),
        other => number(other),
    }
}

/// Person-days without needless decimals: "492", "2.5".
#[must_use]
pub fn days(value: f64) -> String {
    let text = two_decimals(round4(value));
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

    #[test]
    fn counts_group_thousands() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (1_622, "1,622"),
            (100_000, "100,000"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(count(n), text);
        }
    }
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

    #[test]
    fn changes_carry_their_sign() {
        assert_eq!(signed(Some(0.421)), "+0.42");
        assert_eq!(signed(Some(-1.0)), "-1.00");
        assert_eq!(signed(Some(0.00001)), "0.00");
        assert_eq!(signed(None), "-");
    }

    #[test]
    fn two_decimals_match_the_standard_formatting_at_ties_and_signs() {
        for value in [
            0.125,
            0.375,
            2.345,
            1.005,
            -0.001,
            -1.5,
            0.0,
            -0.0,
            99.995,
            1e20,
            f64::NAN,
            f64::INFINITY,
        ] {
            assert_eq!(two_decimals(value), format!("{value:.2}"), "{value}");
        }
    }

    proptest::proptest! {
        #[test]
        fn two_decimals_match_the_standard_formatting(
            ten_thousandths in -100_000_000i64..100_000_000,
            any in proptest::num::f64::ANY,
        ) {
            #[allow(clippy::cast_precision_loss)]
            let value = round4(ten_thousandths as f64 / 10_000.0);
            proptest::prop_assert_eq!(two_decimals(value), format!("{value:.2}"));
            proptest::prop_assert_eq!(two_decimals(any), format!("{any:.2}"));
        }
    }
}
