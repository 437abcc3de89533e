//! The arithmetic of the six-level scale, in one place: which level a score stands at, and which
//! level must be reached to meet a target.

/// Scores are means of whole levels and thresholds are written with two decimals; this slack
/// keeps a score of 2.9999999999 (a mean computed in floating point) at level 3, and a target of
/// 3.0000000001 at level 3.
const EPSILON: f64 = 1e-9;

/// The level a score stands at: its whole part, 2.7 is level 2.
#[must_use]
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "clamped to 0..=5 first"
)]
pub fn level_of(score: f64) -> u8 {
    (score + EPSILON).floor().clamp(0.0, 5.0) as u8
}

/// The lowest whole level that meets `target`: 3 for 3.0, 4 for 3.5.
#[must_use]
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "clamped to 0..=5 first"
)]
pub fn level_needed(target: f64) -> u8 {
    (target - EPSILON).ceil().clamp(0.0, 5.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_stand_at_their_whole_part_despite_rounding_noise() {
        assert_eq!(level_of(2.7), 2);
        assert_eq!(level_of(2.999_999_999_9), 3);
        assert_eq!(level_of(-1.0), 0);
        assert_eq!(level_of(7.0), 5);
    }

    #[test]
    fn a_target_needs_the_next_whole_level_at_or_above_it() {
        assert_eq!(level_needed(3.0), 3);
        assert_eq!(level_needed(3.000_000_000_1), 3);
        assert_eq!(level_needed(3.5), 4);
        assert_eq!(level_needed(0.0), 0);
        assert_eq!(level_needed(5.0), 5);
    }
}
