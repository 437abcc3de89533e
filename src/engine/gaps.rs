//! The gap register: every scored control below its target, ranked by priority, and the controls
//! that could not be assessed, listed apart so that nothing is hidden.

use serde::Serialize;

use crate::engine::scoring::{ControlScore, ScoreSet, Status};
use crate::workspace::assessment::Readiness;

/// Mandatory controls (ISO/IEC 20000-1 requirements) below the conformity threshold weigh double.
pub const MANDATORY_FACTOR: f64 = 2.0;

#[derive(Debug, Clone, Serialize)]
pub struct GapRegister {
    pub gaps: Vec<Gap>,
    pub not_assessed: Vec<NotAssessed>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub rank: usize,
    pub framework: String,
    pub framework_name: String,
    pub domain: String,
    pub domain_name: String,
    pub control: String,
    /// The control's id when readers know it by it (APO04, 8.4.1); empty for a slug id.
    pub code: String,
    pub title: String,
    pub mandatory: bool,
    #[serde(serialize_with = "crate::format::round_value")]
    pub score: f64,
    pub level: u8,
    pub level_name: String,
    pub target: f64,
    #[serde(serialize_with = "crate::format::round_value")]
    pub gap: f64,
    #[serde(serialize_with = "crate::format::round_value")]
    pub priority: f64,
    pub questions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotAssessed {
    pub framework: String,
    pub framework_name: String,
    pub domain: String,
    pub control: String,
    /// As in [`Gap::code`].
    pub code: String,
    pub title: String,
    pub status: Status,
    pub questions: Vec<String>,
}

/// Factor applied to a control's contribution to priority.
#[must_use]
pub fn mandatory_factor(control: &ControlScore, readiness: &Readiness) -> f64 {
    match control.score {
        Some(score) if control.mandatory && score < readiness.conformity => MANDATORY_FACTOR,
        _ => 1.0,
    }
}

/// A control's own priority: weight × gap, doubled for a mandatory control below conformity.
#[must_use]
pub fn control_priority(control: &ControlScore, readiness: &Readiness) -> f64 {
    control.weight * control.gap.unwrap_or(0.0) * mandatory_factor(control, readiness)
}

#[must_use]
pub fn register(scores: &ScoreSet, readiness: &Readiness) -> GapRegister {
    let mut gaps = Vec::new();
    let mut not_assessed = Vec::new();
    for f in &scores.frameworks {
        for d in &f.domains {
            for c in &d.controls {
                let questions = c.questions.iter().map(|q| q.id.clone()).collect();
                match (c.score, c.gap) {
                    (Some(score), Some(gap)) if gap > 0.0 => gaps.push(Gap {
                        rank: 0,
                        framework: f.id.clone(),
                        framework_name: f.name.clone(),
                        domain: d.id.clone(),
                        domain_name: d.name.clone(),
                        control: c.id.clone(),
                        code: crate::content::catalog::reference_code(&c.id).to_string(),
                        title: c.title.clone(),
                        mandatory: c.mandatory,
                        score,
                        level: c.level.unwrap_or(0),
                        level_name: c.level_name.clone().unwrap_or_default(),
                        target: c.target,
                        gap,
                        priority: control_priority(c, readiness),
                        questions,
                    }),
                    (Some(_), _) => {}
                    (None, _) => not_assessed.push(NotAssessed {
                        framework: f.id.clone(),
                        framework_name: f.name.clone(),
                        domain: d.id.clone(),
                        control: c.id.clone(),
                        code: crate::content::catalog::reference_code(&c.id).to_string(),
                        title: c.title.clone(),
                        status: c.status,
                        questions,
                    }),
                }
            }
        }
    }
    // Stable sort: equal priorities keep catalog order (framework in scope order, then as written).
    gaps.sort_by(|a, b| b.priority.total_cmp(&a.priority).then(b.gap.total_cmp(&a.gap)));
    for (i, gap) in gaps.iter_mut().enumerate() {
        gap.rank = i + 1;
    }
    GapRegister { gaps, not_assessed }
}
