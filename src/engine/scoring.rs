//! Scores: the one place where control, domain and framework scores, targets, gaps and coverage
//! are computed. The method is stated in the README under "Scoring method".

use serde::Serialize;

use crate::content::catalog::{Catalog, Control};
use crate::content::questionnaire::Questionnaire;
use crate::engine::levels::level_of;
use crate::format::round;
use crate::workspace::assessment::{Assessment, Loaded};
use crate::workspace::responses::{Answer, Responses};

/// Scores below this distance from a whole level count as that level, so that 2.9999999999 reads 3.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Scored,
    NotApplicable,
    Unanswered,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoreSet {
    pub assessment: AssessmentInfo,
    pub frameworks: Vec<FrameworkScore>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssessmentInfo {
    pub organization: String,
    pub assessor: String,
    pub date: String,
    pub frameworks: Vec<String>,
    pub questionnaire: String,
    pub questionnaire_version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkScore {
    pub id: String,
    pub name: String,
    pub version: String,
    #[serde(flatten)]
    pub standing: Standing,
    #[serde(serialize_with = "round")]
    pub coverage: Option<f64>,
    pub domains: Vec<DomainScore>,
}

/// Where a domain or a framework stands: weighted means over its scored controls.
#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    #[serde(serialize_with = "round")]
    pub score: Option<f64>,
    pub level: Option<u8>,
    pub level_name: Option<String>,
    #[serde(serialize_with = "round")]
    pub target: Option<f64>,
    #[serde(serialize_with = "round")]
    pub gap: Option<f64>,
    pub counts: Counts,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub controls: usize,
    pub scored: usize,
    pub not_applicable: usize,
    pub unanswered: usize,
}

impl Counts {
    /// "scored / applicable": controls with a score of those not answered not applicable, the
    /// same share as coverage, shown the same in every format.
    #[must_use]
    pub fn scored_of_applicable(&self) -> String {
        format!("{} / {}", self.scored, self.controls - self.not_applicable)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DomainScore {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub standing: Standing,
    pub controls: Vec<ControlScore>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlScore {
    pub id: String,
    pub title: String,
    pub weight: f64,
    pub mandatory: bool,
    pub status: Status,
    #[serde(serialize_with = "round")]
    pub score: Option<f64>,
    pub level: Option<u8>,
    pub level_name: Option<String>,
    pub target: f64,
    #[serde(serialize_with = "round")]
    pub gap: Option<f64>,
    pub questions: Vec<QuestionAnswer>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionAnswer {
    pub id: String,
    pub weight: f64,
    pub answer: Answer,
}

/// Weighted mean of (value, weight) pairs; `None` when there are none.
pub fn weighted_mean(pairs: impl IntoIterator<Item = (f64, f64)>) -> Option<f64> {
    let (sum, weights) = pairs
        .into_iter()
        .fold((0.0, 0.0), |(s, w), (v, wt)| (s + v * wt, w + wt));
    (weights > 0.0).then(|| sum / weights)
}

#[must_use]
pub fn score(loaded: &Loaded) -> ScoreSet {
    score_parts(
        &loaded.assessment,
        loaded.questionnaire,
        &loaded.catalogs,
        &loaded.responses,
    )
}

#[must_use]
pub fn score_parts(
    assessment: &Assessment,
    questionnaire: &Questionnaire,
    catalogs: &[&Catalog],
    responses: &Responses,
) -> ScoreSet {
    let level_name = |level: Option<u8>| level.map(|l| questionnaire.level_name(l).to_string());
    let frameworks = catalogs
        .iter()
        .map(|catalog| {
            let domains: Vec<DomainScore> = catalog
                .domains
                .iter()
                .map(|domain| {
                    let controls: Vec<ControlScore> = domain
                        .controls
                        .iter()
                        .map(|control| {
                            let questions = questionnaire
                                .mapped_to(&catalog.id, &control.id)
                                .into_iter()
                                .map(|(question, mapping)| QuestionAnswer {
                                    id: question.id.clone(),
                                    weight: mapping.weight,
                                    answer: responses.answer(&question.id),
                                })
                                .collect();
                            score_control(catalog, control, questions, assessment, &level_name)
                        })
                        .collect();
                    DomainScore {
                        id: domain.id.clone(),
                        name: domain.name.clone(),
                        standing: standing(controls.iter(), &level_name),
                        controls,
                    }
                })
                .collect();
            let standing = standing(domains.iter().flat_map(|d| d.controls.iter()), &level_name);
            let applicable = standing.counts.controls - standing.counts.not_applicable;
            FrameworkScore {
                id: catalog.id.clone(),
                name: catalog.name.clone(),
                version: catalog.version.clone(),
                coverage: (applicable > 0).then(|| standing.counts.scored as f64 / applicable as f64),
                standing,
                domains,
            }
        })
        .collect();
    ScoreSet {
        assessment: AssessmentInfo {
            organization: assessment.organization.clone(),
            assessor: assessment.assessor.clone(),
            date: assessment.date.clone(),
            frameworks: assessment.frameworks.clone(),
            questionnaire: questionnaire.id.clone(),
            questionnaire_version: questionnaire.version.clone(),
        },
        frameworks,
    }
}

fn score_control(
    catalog: &Catalog,
    control: &Control,
    questions: Vec<QuestionAnswer>,
    assessment: &Assessment,
    level_name: &dyn Fn(Option<u8>) -> Option<String>,
) -> ControlScore {
    let score = weighted_mean(
        questions
            .iter()
            .filter_map(|q| q.answer.level().map(|a| (f64::from(a), q.weight))),
    );
    let status = match score {
        Some(_) => Status::Scored,
        None if !questions.is_empty() && questions.iter().all(|q| q.answer == Answer::NotApplicable) => {
            Status::NotApplicable
        }
        None => Status::Unanswered,
    };
    let target = assessment.targets.for_control(&catalog.id, &control.id);
    ControlScore {
        id: control.id.clone(),
        title: control.title.clone(),
        weight: control.weight,
        mandatory: control.mandatory,
        status,
        score,
        level: score.map(level_of),
        level_name: level_name(score.map(level_of)),
        target,
        gap: score.map(|s| (target - s).max(0.0)),
        questions,
    }
}

/// Weighted means over the scored controls of a domain or a framework. The target is the mean over
/// the scored controls too, so that score, target and gap describe the same controls; with nothing
/// scored it falls back to the mean target of all the controls.
fn standing<'a>(
    controls: impl Iterator<Item = &'a ControlScore> + Clone,
    level_name: &dyn Fn(Option<u8>) -> Option<String>,
) -> Standing {
    let scored = controls.clone().filter(|c| c.status == Status::Scored);
    let mut counts = Counts::default();
    for c in controls.clone() {
        counts.controls += 1;
        match c.status {
            Status::Scored => counts.scored += 1,
            Status::NotApplicable => counts.not_applicable += 1,
            Status::Unanswered => counts.unanswered += 1,
        }
    }
    let score = weighted_mean(scored.clone().filter_map(|c| c.score.map(|s| (s, c.weight))));
    let target = weighted_mean(scored.clone().map(|c| (c.target, c.weight)))
        .or_else(|| weighted_mean(controls.map(|c| (c.target, c.weight))));
    let gap = weighted_mean(scored.filter_map(|c| c.gap.map(|g| (g, c.weight))));
    Standing {
        score,
        level: score.map(level_of),
        level_name: level_name(score.map(level_of)),
        target,
        gap,
        counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;
    use crate::workspace::assessment::Targets;

    use Answer::{Level, NotApplicable, Unanswered};

    /// Two frameworks; A has controls a1 (weight 2) and a2 (weight 1) in domain d1 and a3 in d2;
    /// B has b1. Q1 maps a1 (w 1) and b1 (w 1); Q2 maps a1 (w 0.5); Q3 maps a2; Q4 maps a3.
    fn fixture() -> (Vec<Catalog>, Questionnaire) {
        let a = catalog(
            "a",
            vec![
                ("d1", vec![control("a1", 2.0), control("a2", 1.0)]),
                ("d2", vec![control("a3", 1.0)]),
            ],
        );
        let b = catalog("b", vec![("d", vec![control("b1", 1.0)])]);
        let q = questionnaire(vec![
            question("Q1", &[("a", "a1", 1.0), ("b", "b1", 1.0)]),
            question("Q2", &[("a", "a1", 0.5)]),
            question("Q3", &[("a", "a2", 1.0)]),
            question("Q4", &[("a", "a3", 1.0)]),
        ]);
        (vec![a, b], q)
    }

    fn run(answers: &[(&str, Answer)], targets: Targets) -> ScoreSet {
        let (catalogs, q) = fixture();
        let refs: Vec<&Catalog> = catalogs.iter().collect();
        score_parts(&assessment(&["a", "b"], targets), &q, &refs, &responses(answers))
    }

    fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("a value");
        assert!((actual - expected).abs() < 1e-12, "{actual} != {expected}");
    }

    #[test]
    fn control_score_is_the_mapping_weighted_mean_of_numeric_answers() {
        let s = run(
            &[("Q1", Level(4)), ("Q2", Level(1)), ("Q3", Level(2)), ("Q4", Level(5))],
            Targets::default(),
        );
        let a1 = &s.frameworks[0].domains[0].controls[0];
        // (4*1 + 1*0.5) / 1.5 = 3
        close(a1.score, 3.0);
        assert_eq!(a1.level, Some(3));
        assert_eq!(a1.level_name.as_deref(), Some("Defined"));
        assert_eq!(a1.status, Status::Scored);
        // Domain d1: a1=3 (w2), a2=2 (w1): (6+2)/3
        close(s.frameworks[0].domains[0].standing.score, 8.0 / 3.0);
        assert_eq!(s.frameworks[0].domains[0].standing.level, Some(2));
        // Framework A over controls: (3*2 + 2*1 + 5*1) / 4 = 13/4
        close(s.frameworks[0].standing.score, 13.0 / 4.0);
        // Gaps against default 3: a1 0, a2 1, a3 0 -> (0*2 + 1*1 + 0)/4
        close(s.frameworks[0].standing.gap, 0.25);
        close(s.frameworks[0].coverage, 1.0);
        // One question scores both frameworks.
        close(s.frameworks[1].standing.score, 4.0);
    }

    #[test]
    fn na_answers_are_left_out_and_all_na_is_not_applicable() {
        let s = run(
            &[
                ("Q1", NotApplicable),
                ("Q2", Level(2)),
                ("Q3", NotApplicable),
                ("Q4", Level(1)),
            ],
            Targets::default(),
        );
        let a = &s.frameworks[0];
        let (a1, a2) = (&a.domains[0].controls[0], &a.domains[0].controls[1]);
        close(a1.score, 2.0);
        assert_eq!(a2.status, Status::NotApplicable);
        assert_eq!(a2.score, None);
        assert_eq!(a2.gap, None);
        // Coverage: 2 scored of 3 - 1 not applicable.
        close(a.coverage, 1.0);
        assert_eq!(
            a.standing.counts,
            Counts {
                controls: 3,
                scored: 2,
                not_applicable: 1,
                unanswered: 0
            }
        );
        // Framework B: its only control is not applicable: no score, coverage null.
        assert_eq!(s.frameworks[1].standing.score, None);
        assert_eq!(s.frameworks[1].coverage, None);
        assert_eq!(s.frameworks[1].domains[0].controls[0].status, Status::NotApplicable);
    }

    #[test]
    fn unanswered_and_mixed_na_blank_are_unanswered() {
        let s = run(
            &[("Q1", NotApplicable), ("Q2", Unanswered), ("Q4", Level(3))],
            Targets::default(),
        );
        let a = &s.frameworks[0];
        assert_eq!(a.domains[0].controls[0].status, Status::Unanswered);
        assert_eq!(a.domains[0].controls[1].status, Status::Unanswered);
        assert_eq!(a.domains[0].standing.score, None);
        assert_eq!(a.domains[0].standing.gap, None);
        close(a.coverage, 1.0 / 3.0);
        close(a.standing.score, 3.0);
    }

    #[test]
    fn targets_per_control_and_per_framework_drive_gaps() {
        let mut targets = Targets {
            default: 2.0,
            ..Targets::default()
        };
        targets.frameworks.insert("a".into(), 4.0);
        targets.controls.insert("a:a3".into(), 5.0);
        let s = run(
            &[("Q1", Level(3)), ("Q2", Level(3)), ("Q3", Level(1)), ("Q4", Level(5))],
            targets,
        );
        let a = &s.frameworks[0];
        let gaps: Vec<Option<f64>> = a
            .domains
            .iter()
            .flat_map(|d| d.controls.iter().map(|c| c.gap))
            .collect();
        assert_eq!(gaps, vec![Some(1.0), Some(3.0), Some(0.0)]);
        assert_eq!(a.domains[1].controls[0].target, 5.0);
        // Framework gap (1*2 + 3*1 + 0*1)/4; target (4*2 + 4 + 5)/4.
        close(a.standing.gap, 5.0 / 4.0);
        close(a.standing.target, 17.0 / 4.0);
        // Framework B uses the default target 2, and a score above target has gap 0, not negative.
        close(s.frameworks[1].standing.gap, 0.0);
        close(s.frameworks[1].standing.target, 2.0);
    }

    #[test]
    fn nothing_answered_leaves_scores_empty_but_targets_known() {
        let s = run(&[], Targets::default());
        let a = &s.frameworks[0];
        assert_eq!(a.standing.score, None);
        assert_eq!(a.standing.level, None);
        close(a.standing.target, 3.0);
        close(a.coverage, 0.0);
        assert_eq!(a.standing.counts.unanswered, 3);
    }

    #[test]
    fn a_mean_of_nothing_is_none() {
        assert_eq!(weighted_mean(Vec::<(f64, f64)>::new()), None);
    }
}
