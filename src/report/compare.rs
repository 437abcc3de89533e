//! Two rounds of an assessment compared: how each framework, domain and control moved, whether
//! the steps the first round's roadmap planned for the time between them were achieved, and how
//! ISO/IEC 20000-1 readiness changed. Both rounds are scored against the questionnaire and
//! catalogs of today, so their numbers are comparable; questions only one round answered are
//! listed rather than matched silently.

use serde::Serialize;

use crate::engine::readiness::{Classification, Counts, Verdict};
use crate::engine::scoring::{FrameworkScore, Standing};
use crate::format::number;
use crate::report::Report;
use crate::workspace::responses::Answer;

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub old: Round,
    pub new: Round,
    pub frameworks: Vec<FrameworkChange>,
    /// The controls that moved most, either way, largest first.
    pub movers: Vec<ControlChange>,
    pub steps: StepReview,
    pub readiness: Option<ReadinessChange>,
    /// Questions answered in one round and not in the other (added to the questionnaire since,
    /// left unanswered, or out of one round's scope).
    pub only_old: Vec<String>,
    pub only_new: Vec<String>,
    /// Questions a round's sheet words differently from the questionnaire now: its answer was
    /// given to that wording, and is compared as it is, flagged.
    pub reworded: Vec<String>,
    /// What the comparison says, in sentences, for every format to place.
    pub summary: Vec<String>,
    /// Under each framework's chart of its domains now and then.
    pub chart_caption: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Round {
    pub organization: String,
    pub date: String,
    pub questionnaire: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    #[serde(serialize_with = "crate::format::round")]
    pub old: Option<f64>,
    #[serde(serialize_with = "crate::format::round")]
    pub new: Option<f64>,
    #[serde(serialize_with = "crate::format::round")]
    pub delta: Option<f64>,
    pub old_level: Option<u8>,
    pub new_level: Option<u8>,
}

impl Change {
    fn of(old: Option<&Standing>, new: Option<&Standing>) -> Self {
        let (o, n) = (old.and_then(|s| s.score), new.and_then(|s| s.score));
        Change {
            old: o,
            new: n,
            delta: o.zip(n).map(|(o, n)| n - o),
            old_level: old.and_then(|s| s.level),
            new_level: new.and_then(|s| s.level),
        }
    }

    fn from_scores(old: Option<f64>, new: Option<f64>, old_level: Option<u8>, new_level: Option<u8>) -> Self {
        Change {
            old,
            new,
            delta: old.zip(new).map(|(o, n)| n - o),
            old_level,
            new_level,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkChange {
    pub id: String,
    pub name: String,
    pub change: Change,
    pub domains: Vec<NamedChange>,
    pub controls: Vec<ControlChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedChange {
    pub id: String,
    pub name: String,
    pub change: Change,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlChange {
    pub framework: String,
    pub framework_name: String,
    pub control: String,
    pub title: String,
    pub change: Change,
}

/// The first round's initiatives due to move by the second round's date, and what became of them.
#[derive(Debug, Clone, Serialize)]
pub struct StepReview {
    pub due: Vec<StepOutcome>,
    pub achieved: usize,
    pub partly: usize,
    pub not_started: usize,
    pub not_assessed: usize,
    /// Steps planned for after the second round's date.
    pub later: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepOutcome {
    pub question: String,
    pub title: String,
    pub phase: usize,
    /// The level the initiative started from and the level its steps due were to reach; `phase`
    /// is the last phase with a step due.
    pub from: u8,
    pub to: u8,
    /// The answer in the second round.
    pub now: Answer,
    pub status: StepStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// The second round's answer reaches the level the step aimed at.
    Achieved,
    /// Above where it started, short of the aim.
    Partly,
    NotStarted,
    /// The second round does not answer the question.
    NotAssessed,
}

impl StepStatus {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            StepStatus::Achieved => "achieved",
            StepStatus::Partly => "partly achieved",
            StepStatus::NotStarted => "not started",
            StepStatus::NotAssessed => "not assessed",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ReadinessChange {
    pub old_verdict: Verdict,
    pub new_verdict: Verdict,
    pub old_counts: Counts,
    pub new_counts: Counts,
    /// Requirements with a nonconformity then and conforming now.
    pub closed: Vec<String>,
    /// Requirements conforming (or not assessed) then with a nonconformity now.
    pub raised: Vec<String>,
    /// Nonconforming in both rounds.
    pub still_open: Vec<String>,
}

/// How many controls the movers list shows.
const MOVERS: usize = 10;

/// The comparison of two rounds, each already built into a report model.
#[must_use]
pub fn compare(old: &Report, new: &Report) -> Comparison {
    let frameworks: Vec<FrameworkChange> = new
        .scores
        .frameworks
        .iter()
        .map(|f| framework_change(old.scores.frameworks.iter().find(|o| o.id == f.id), f))
        .collect();
    let mut movers: Vec<ControlChange> = frameworks
        .iter()
        .flat_map(|f| f.controls.iter().cloned())
        .filter(|c| c.change.delta.is_some_and(|d| d.abs() >= 0.005))
        .collect();
    movers.sort_by(|a, b| {
        let size = |c: &ControlChange| c.change.delta.map_or(0.0, f64::abs);
        size(b)
            .total_cmp(&size(a))
            .then_with(|| a.framework.cmp(&b.framework))
            .then_with(|| a.control.cmp(&b.control))
    });
    movers.truncate(MOVERS);
    let steps = step_review(old, new);
    let readiness = match (&old.readiness, &new.readiness) {
        (Some(o), Some(n)) => Some(readiness_change(o, n)),
        _ => None,
    };
    let answered = |r: &Report| -> Vec<String> {
        r.answers
            .iter()
            .flat_map(|s| s.answers.iter())
            .filter(|a| a.answer != Answer::Unanswered)
            .map(|a| a.question.clone())
            .collect()
    };
    let (old_ids, new_ids) = (answered(old), answered(new));
    let mut reworded: Vec<String> = Vec::new();
    for row in [old, new]
        .iter()
        .flat_map(|r| r.answers.iter().flat_map(|s| s.answers.iter()))
    {
        if !row.asked_as.is_empty() && !reworded.contains(&row.question) {
            reworded.push(row.question.clone());
        }
    }
    let only_old = old_ids.iter().filter(|id| !new_ids.contains(id)).cloned().collect();
    let only_new = new_ids.iter().filter(|id| !old_ids.contains(id)).cloned().collect();
    let round = |r: &Report| Round {
        organization: r.meta.organization.clone(),
        date: r.meta.date.clone(),
        questionnaire: format!("{} {}", r.meta.questionnaire.name, r.meta.questionnaire.version),
    };
    let mut comparison = Comparison {
        old: round(old),
        new: round(new),
        frameworks,
        movers,
        steps,
        readiness,
        only_old,
        only_new,
        reworded,
        summary: Vec::new(),
        chart_caption: format!(
            "Each domain's score on {}; the mark shows where it stood on {}.",
            new.meta.date, old.meta.date
        ),
    };
    comparison.summary = summary(&comparison);
    comparison
}

fn framework_change(old: Option<&FrameworkScore>, new: &FrameworkScore) -> FrameworkChange {
    let domains = new
        .domains
        .iter()
        .map(|d| NamedChange {
            id: d.id.clone(),
            name: d.name.clone(),
            change: Change::of(
                old.and_then(|o| o.domains.iter().find(|od| od.id == d.id))
                    .map(|od| &od.standing),
                Some(&d.standing),
            ),
        })
        .collect();
    let controls = new
        .domains
        .iter()
        .flat_map(|d| d.controls.iter())
        .map(|c| {
            let before = old.and_then(|o| {
                o.domains
                    .iter()
                    .flat_map(|d| d.controls.iter())
                    .find(|oc| oc.id == c.id)
            });
            ControlChange {
                framework: new.id.clone(),
                framework_name: new.name.clone(),
                control: c.id.clone(),
                title: c.title.clone(),
                change: Change::from_scores(
                    before.and_then(|b| b.score),
                    c.score,
                    before.and_then(|b| b.level),
                    c.level,
                ),
            }
        })
        .collect();
    FrameworkChange {
        id: new.id.clone(),
        name: new.name.clone(),
        change: Change::of(old.map(|o| &o.standing), Some(&new.standing)),
        domains,
        controls,
    }
}

/// The initiatives the first round's plan moved in the phases that end by the second round's
/// month, each judged once on all its steps due: from the level before the first to the level
/// after the last, so an initiative half way up its ladder reads as partly achieved.
fn step_review(old: &Report, new: &Report) -> StepReview {
    let now_month = new.meta.date.get(..7).unwrap_or_default();
    let answer_now = |question: &str| {
        new.answers
            .iter()
            .flat_map(|s| s.answers.iter())
            .find(|a| a.question == question)
            .map_or(Answer::Unanswered, |a| a.answer)
    };
    let mut due: Vec<StepOutcome> = Vec::new();
    let mut later = 0;
    for phase in &old.roadmap.phases() {
        if phase.end.as_str() > now_month {
            later += phase.steps.len();
            continue;
        }
        for step in &phase.steps {
            if let Some(known) = due.iter_mut().find(|d| d.question == step.question) {
                known.to = known.to.max(step.level);
                known.phase = phase.number;
                continue;
            }
            due.push(StepOutcome {
                question: step.question.clone(),
                title: step.title.clone(),
                phase: phase.number,
                from: step.from,
                to: step.level,
                now: answer_now(&step.question),
                status: StepStatus::NotAssessed,
            });
        }
    }
    for outcome_of in &mut due {
        outcome_of.status = outcome(outcome_of.now, outcome_of.from, outcome_of.to);
    }
    let count = |status: StepStatus| due.iter().filter(|s| s.status == status).count();
    StepReview {
        achieved: count(StepStatus::Achieved),
        partly: count(StepStatus::Partly),
        not_started: count(StepStatus::NotStarted),
        not_assessed: count(StepStatus::NotAssessed),
        later,
        due,
    }
}

/// What became of a step from `from` to `to`, by the answer now.
fn outcome(now: Answer, from: u8, to: u8) -> StepStatus {
    match now {
        Answer::Level(level) if level >= to => StepStatus::Achieved,
        Answer::Level(level) if level > from => StepStatus::Partly,
        Answer::Level(_) => StepStatus::NotStarted,
        Answer::NotApplicable | Answer::Unanswered => StepStatus::NotAssessed,
    }
}

fn readiness_change(
    old: &crate::engine::readiness::ReadinessResult,
    new: &crate::engine::readiness::ReadinessResult,
) -> ReadinessChange {
    let open = |c: Classification| matches!(c, Classification::Major | Classification::Minor);
    let then = |clause: &str| {
        old.requirements
            .iter()
            .find(|r| r.clause == clause)
            .map(|r| r.classification)
    };
    let mut change = ReadinessChange {
        old_verdict: old.verdict,
        new_verdict: new.verdict,
        old_counts: old.stage2.counts,
        new_counts: new.stage2.counts,
        closed: Vec::new(),
        raised: Vec::new(),
        still_open: Vec::new(),
    };
    for r in &new.requirements {
        let was_open = then(&r.clause).is_some_and(open);
        match (was_open, open(r.classification)) {
            (true, false) if r.classification == Classification::Conforming => change.closed.push(r.clause.clone()),
            (false, true) => change.raised.push(r.clause.clone()),
            (true, true) => change.still_open.push(r.clause.clone()),
            _ => {}
        }
    }
    change
}

fn summary(c: &Comparison) -> Vec<String> {
    let mut lines = vec![format!(
        "{} assessed on {} and again on {}, both scored against {}.",
        c.new.organization, c.old.date, c.new.date, c.new.questionnaire
    )];
    let moves: Vec<String> = c
        .frameworks
        .iter()
        .map(|f| match f.change.delta {
            Some(delta) => format!(
                "{} {} to {} ({}{})",
                f.name,
                number(f.change.old),
                number(f.change.new),
                if delta >= 0.0 { "+" } else { "" },
                number(Some(delta))
            ),
            None => format!("{} {} now", f.name, number(f.change.new)),
        })
        .collect();
    lines.push(format!("Scores: {}.", moves.join("; ")));
    let s = &c.steps;
    lines.push(format!(
        "Of the {} initiatives the first round's plan moved by {}, {} were achieved, {} partly, {} not started{}; {} later steps were planned.",
        s.due.len(),
        c.new.date,
        s.achieved,
        s.partly,
        s.not_started,
        if s.not_assessed > 0 {
            format!(" and {} not assessed", s.not_assessed)
        } else {
            String::new()
        },
        s.later
    ));
    if let Some(r) = &c.readiness {
        lines.push(format!(
            "ISO/IEC 20000-1 readiness went from {} to {}: {} nonconformities closed, {} new, {} still open ({} major and {} minor now, {} and {} then).",
            r.old_verdict.label(),
            r.new_verdict.label(),
            r.closed.len(),
            r.raised.len(),
            r.still_open.len(),
            r.new_counts.major,
            r.new_counts.minor,
            r.old_counts.major,
            r.old_counts.minor
        ));
    }
    if !c.reworded.is_empty() {
        lines.push(format!(
            "Worded in a round's sheet otherwise than in the questionnaire now: {}. Their answers are compared as given; read them with the change of wording in mind.",
            c.reworded.join(", ")
        ));
    }
    if !c.only_new.is_empty() || !c.only_old.is_empty() {
        lines.push(format!(
            "Answered only in the second round: {}; only in the first: {}. They are compared as unanswered in the other round.",
            if c.only_new.is_empty() { "none".to_string() } else { c.only_new.join(", ") },
            if c.only_old.is_empty() { "none".to_string() } else { c.only_old.join(", ") }
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_is_achieved_partly_or_not_started_by_the_answer_now() {
        assert_eq!(outcome(Answer::Level(3), 1, 3), StepStatus::Achieved);
        assert_eq!(outcome(Answer::Level(4), 1, 3), StepStatus::Achieved);
        assert_eq!(outcome(Answer::Level(2), 1, 3), StepStatus::Partly);
        assert_eq!(outcome(Answer::Level(1), 1, 3), StepStatus::NotStarted);
        assert_eq!(
            outcome(Answer::Level(0), 1, 3),
            StepStatus::NotStarted,
            "a fall is no progress"
        );
        assert_eq!(outcome(Answer::Unanswered, 1, 3), StepStatus::NotAssessed);
        assert_eq!(outcome(Answer::NotApplicable, 1, 3), StepStatus::NotAssessed);
    }
}
