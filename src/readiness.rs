//! ISO/IEC 20000-1:2018 certification readiness: each requirement classified against the thresholds
//! of the assessment, systemic failures flagged, and a verdict. The method is stated in the README
//! under "Readiness method".

use serde::Serialize;

use crate::assessment::Readiness;
use crate::scoring::{FrameworkScore, ScoreSet, Status};

/// The catalog id whose requirements are classified.
pub const ISO20000: &str = "iso20000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    Conforming,
    Minor,
    Major,
    NotAssessed,
}

impl Classification {
    pub fn label(self) -> &'static str {
        match self {
            Classification::Conforming => "conforming",
            Classification::Minor => "minor nonconformity",
            Classification::Major => "major nonconformity",
            Classification::NotAssessed => "not assessed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Ready,
    ReadyWithCorrectiveActions,
    NotReady,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::ReadyWithCorrectiveActions => "ready with corrective actions",
            Verdict::NotReady => "not ready",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Requirement {
    pub clause: String,
    pub title: String,
    /// Second-level clause it belongs to, such as "8.5" for 8.5.1.2.
    pub group: String,
    pub domain: String,
    pub classification: Classification,
    #[serde(serialize_with = "crate::scoring::round")]
    pub score: Option<f64>,
    /// Every question mapped to it was answered `na`: an exclusion, which the standard does not permit.
    pub exclusion_claimed: bool,
    /// One of several minors in its group: a possible systemic failure an auditor may grade major.
    pub systemic: bool,
    /// Graded major because it is systemic and `systemic_as_major` was asked for.
    pub escalated: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub requirements: usize,
    pub conforming: usize,
    pub minor: usize,
    pub major: usize,
    pub not_assessed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SystemicGroup {
    pub group: String,
    pub minors: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReadinessResult {
    pub framework: String,
    pub framework_name: String,
    pub thresholds: Readiness,
    pub systemic_as_major: bool,
    pub verdict: Verdict,
    /// Conforming requirements as a share of all requirements.
    #[serde(serialize_with = "crate::scoring::round_value")]
    pub readiness: f64,
    pub counts: Counts,
    pub systemic_groups: Vec<SystemicGroup>,
    pub requirements: Vec<Requirement>,
}

/// Classifies a score against the thresholds.
pub fn classify(score: Option<f64>, thresholds: &Readiness) -> Classification {
    match score {
        None => Classification::NotAssessed,
        Some(s) if s >= thresholds.conformity => Classification::Conforming,
        Some(s) if s >= thresholds.minor => Classification::Minor,
        Some(_) => Classification::Major,
    }
}

/// The second-level clause of a requirement: "8.5.1.2" is in "8.5", "4.1" in "4.1".
pub fn clause_group(clause: &str) -> String {
    clause.split('.').take(2).collect::<Vec<_>>().join(".")
}

/// Readiness of the ISO/IEC 20000-1 framework when it is in scope.
pub fn assess(scores: &ScoreSet, thresholds: &Readiness, systemic_as_major: bool) -> Option<ReadinessResult> {
    let framework = scores.frameworks.iter().find(|f| f.id == ISO20000)?;
    Some(assess_framework(framework, thresholds, systemic_as_major))
}

pub fn assess_framework(
    framework: &FrameworkScore,
    thresholds: &Readiness,
    systemic_as_major: bool,
) -> ReadinessResult {
    let mut requirements: Vec<Requirement> = framework
        .domains
        .iter()
        .flat_map(|d| {
            d.controls.iter().map(move |c| Requirement {
                clause: c.id.clone(),
                title: c.title.clone(),
                group: clause_group(&c.id),
                domain: d.id.clone(),
                classification: classify(c.score, thresholds),
                score: c.score,
                exclusion_claimed: c.status == Status::NotApplicable,
                systemic: false,
                escalated: false,
            })
        })
        .collect();
    let mut groups: Vec<SystemicGroup> = Vec::new();
    for r in requirements
        .iter()
        .filter(|r| r.classification == Classification::Minor)
    {
        match groups.iter_mut().find(|g| g.group == r.group) {
            Some(g) => g.minors.push(r.clause.clone()),
            None => groups.push(SystemicGroup {
                group: r.group.clone(),
                minors: vec![r.clause.clone()],
            }),
        }
    }
    groups.retain(|g| g.minors.len() >= thresholds.systemic_minors);
    for r in &mut requirements {
        if groups.iter().any(|g| g.minors.contains(&r.clause)) {
            r.systemic = true;
            if systemic_as_major {
                r.classification = Classification::Major;
                r.escalated = true;
            }
        }
    }
    let mut counts = Counts {
        requirements: requirements.len(),
        ..Counts::default()
    };
    for r in &requirements {
        match r.classification {
            Classification::Conforming => counts.conforming += 1,
            Classification::Minor => counts.minor += 1,
            Classification::Major => counts.major += 1,
            Classification::NotAssessed => counts.not_assessed += 1,
        }
    }
    let verdict = if counts.major > 0 || counts.not_assessed > 0 {
        Verdict::NotReady
    } else if counts.minor > 0 {
        Verdict::ReadyWithCorrectiveActions
    } else {
        Verdict::Ready
    };
    ReadinessResult {
        framework: framework.id.clone(),
        framework_name: framework.name.clone(),
        thresholds: thresholds.clone(),
        systemic_as_major,
        verdict,
        readiness: if counts.requirements == 0 {
            0.0
        } else {
            counts.conforming as f64 / counts.requirements as f64
        },
        counts,
        systemic_groups: groups,
        requirements,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_at_and_around_the_thresholds() {
        let t = Readiness::default();
        assert_eq!(classify(Some(3.0), &t), Classification::Conforming);
        assert_eq!(classify(Some(5.0), &t), Classification::Conforming);
        assert_eq!(classify(Some(2.9999), &t), Classification::Minor);
        assert_eq!(classify(Some(2.0), &t), Classification::Minor);
        assert_eq!(classify(Some(1.9999), &t), Classification::Major);
        assert_eq!(classify(Some(0.0), &t), Classification::Major);
        assert_eq!(classify(None, &t), Classification::NotAssessed);
        let strict = Readiness {
            conformity: 4.0,
            minor: 3.0,
            systemic_minors: 2,
        };
        assert_eq!(classify(Some(3.5), &strict), Classification::Minor);
    }

    #[test]
    fn clause_groups_are_second_level() {
        assert_eq!(clause_group("8.5.1.2"), "8.5");
        assert_eq!(clause_group("4.1"), "4.1");
        assert_eq!(clause_group("10"), "10");
    }
}
