//! The engine: from an assessment's answers to scores, gaps, readiness and the roadmap.

pub mod benchmark;
pub mod gaps;
pub mod levels;
pub mod readiness;
pub mod roadmap;
pub mod scoring;

/// Scores, readiness and the roadmap together, in the one order that works: readiness first (it
/// says which steps close nonconformities), the roadmap scheduled from it, then the roadmap steps
/// cited in readiness's corrective action plan.
#[derive(Debug, Clone)]
pub struct Plan {
    pub scores: scoring::ScoreSet,
    pub readiness: Option<readiness::ReadinessResult>,
    pub roadmap: roadmap::Roadmap,
}

#[must_use]
pub fn plan(
    loaded: &crate::workspace::assessment::Loaded,
    options: roadmap::RoadmapOptions,
    systemic_as_major: bool,
) -> Plan {
    let scores = scoring::score(loaded);
    let mut readiness = readiness::assess(loaded, &scores, systemic_as_major);
    let certification = readiness.as_ref().map(readiness::certification);
    let roadmap = roadmap::build(
        &scores,
        loaded.questionnaire,
        &loaded.responses,
        &loaded.assessment,
        options,
        certification.as_ref(),
    );
    if let Some(result) = readiness.as_mut() {
        readiness::attach_roadmap(result, &roadmap);
    }
    Plan {
        scores,
        readiness,
        roadmap,
    }
}
