//! Every sentence a report prints that carries a number or a rule, written once. Templates, the
//! PDF layout and the terminal only place these strings.

use serde::Serialize;

use crate::engine::gaps::GapRegister;
use crate::engine::readiness::ReadinessResult;
use crate::engine::roadmap::Roadmap;
use crate::format::{number, percent};

/// How many of the largest gaps the summary shows.
pub const TOP_GAPS: usize = 10;

#[derive(Debug, Clone, Serialize)]
pub struct Prose {
    /// Heading of the summary's list of largest gaps: "The ten largest gaps".
    pub top_gaps_heading: String,
    /// The gap register's opening sentence, with how priority is computed.
    pub gap_register_intro: String,
    /// The roadmap's opening sentence: initiatives, phases, capacity, quick wins.
    pub roadmap_intro: String,
    /// The note under the timeline; it speaks of quick wins only when there are some.
    pub timeline_note: String,
    /// What the backlog holds, or that it is empty.
    pub backlog: String,
    /// The ISO/IEC 20000-1 sentences, when that framework is in scope.
    pub readiness: Option<ReadinessProse>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReadinessProse {
    /// "Verdict: not ready".
    pub verdict: String,
    /// "5 of 57 requirements conform (9%); 28 minor, 23 major, 1 not assessed."
    pub summary: String,
    /// The classification thresholds and the systemic-failure rule.
    pub thresholds: String,
    /// The groups flagged as possible systemic failures, when there are any.
    pub systemic: Option<String>,
}

pub fn build(gaps: &GapRegister, roadmap: &Roadmap, readiness: Option<&ReadinessResult>) -> Prose {
    Prose {
        top_gaps_heading: format!("The {} largest gaps", count_in_words(TOP_GAPS)),
        gap_register_intro: gap_register_intro(gaps.gaps.len()),
        roadmap_intro: roadmap_intro(roadmap),
        timeline_note: if roadmap.quick_wins().is_empty() {
            "Each phase below says what good looks like at the level each step reaches.".into()
        } else {
            "Highlighted: quick wins. Each phase below says what good looks like at the level each step reaches.".into()
        },
        backlog: backlog(roadmap),
        readiness: readiness.map(readiness_prose),
    }
}

fn count_in_words(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    ];
    WORDS.get(n).map_or_else(|| n.to_string(), |w| (*w).to_string())
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn gap_register_intro(count: usize) -> String {
    format!(
        "{count} scored control{} below target, ranked by priority (control weight × gap, doubled for a mandatory requirement below the conformity threshold).",
        plural(count, " is", "s are")
    )
}

fn roadmap_intro(r: &Roadmap) -> String {
    let o = &r.options;
    let mut intro = format!(
        "{} initiative{}, each raising one practice by one level per phase, scheduled by priority into {} phases of {} months with room for {} steps each.",
        r.initiatives.len(),
        plural(r.initiatives.len(), "", "s"),
        o.phases,
        o.phase_months,
        o.capacity
    );
    let quick_wins = r.quick_wins();
    if !quick_wins.is_empty() {
        intro.push_str(&format!(" Quick wins: {}.", quick_wins.join(", ")));
    }
    intro
}

fn backlog(r: &Roadmap) -> String {
    let count = r.backlog().len();
    if count == 0 {
        return "Every step fits within the phases.".into();
    }
    format!(
        "{count} step{} not fit within the {} phases and the capacity of {} steps per phase. More phases or more capacity (--phases, --capacity) bring them in.",
        plural(count, " does", "s do"),
        r.options.phases,
        r.options.capacity
    )
}

fn readiness_prose(iso: &ReadinessResult) -> ReadinessProse {
    let c = &iso.counts;
    let t = &iso.thresholds;
    let systemic = (!iso.systemic_groups.is_empty()).then(|| {
        let groups: Vec<String> = iso
            .systemic_groups
            .iter()
            .map(|g| format!("{} ({})", g.group, g.minors.join(", ")))
            .collect();
        format!("Possible systemic failures: {}.", groups.join("; "))
    });
    ReadinessProse {
        verdict: format!("Verdict: {}", iso.verdict.label()),
        summary: format!(
            "{} of {} requirements conform ({}); {} minor, {} major, {} not assessed.",
            c.conforming,
            c.requirements,
            percent(Some(iso.readiness)),
            c.minor,
            c.major,
            c.not_assessed
        ),
        thresholds: format!(
            "A requirement conforms at a score of {} or more; from {} it would be a minor nonconformity, below that a major one. {} or more minors under one clause flag a possible systemic failure{}.",
            number(Some(t.conformity)),
            number(Some(t.minor)),
            t.systemic_minors,
            if iso.systemic_as_major {
                ", graded major here"
            } else {
                ""
            }
        ),
        systemic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_words_up_to_twelve() {
        assert_eq!(count_in_words(10), "ten");
        assert_eq!(count_in_words(25), "25");
    }

    #[test]
    fn sentences_agree_in_number() {
        assert!(gap_register_intro(1).starts_with("1 scored control is below target"));
        assert!(gap_register_intro(3).starts_with("3 scored controls are below target"));
    }
}
