//! The improvement roadmap: one initiative per question answered below its target, one step per level
//! to climb, scheduled greedily by priority into phases. The method is stated in the README under
//! "Roadmap method"; every placement carries the reason for its phase.

use std::collections::HashMap;

use chrono::Datelike;
use serde::Serialize;

use crate::content::questionnaire::{Effort, Questionnaire};
use crate::engine::gaps::mandatory_factor;
use crate::engine::scoring::{ControlScore, ScoreSet};
use crate::workspace::assessment::Readiness;
use crate::workspace::responses::{Answer, Responses};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RoadmapOptions {
    pub phases: usize,
    pub phase_months: u32,
    /// Steps per phase.
    pub capacity: usize,
}

impl Default for RoadmapOptions {
    fn default() -> Self {
        RoadmapOptions {
            phases: 4,
            phase_months: 3,
            capacity: 10,
        }
    }
}

/// The roadmap. Each step's phase is stored once, on the step ([`Step::phase`]); the phases,
/// the backlog and each initiative's schedule are read from it, in code and in every output.
#[derive(Debug, Clone)]
pub struct Roadmap {
    pub options: RoadmapOptions,
    /// The assessment date the phases are counted from, YYYY-MM-DD.
    pub start_date: String,
    pub initiatives: Vec<Initiative>,
}

impl Roadmap {
    /// Each phase with its dates and the steps placed in it, in priority order.
    #[must_use]
    pub fn phases(&self) -> Vec<Phase> {
        (1..=self.options.phases)
            .map(|number| {
                let (start, end) = phase_months(&self.start_date, number, self.options.phase_months);
                Phase {
                    number,
                    start,
                    end,
                    steps: self
                        .steps()
                        .filter(|(_, s)| s.phase == Some(number))
                        .map(|(i, s)| PlacedStep {
                            question: i.question.clone(),
                            level: s.level,
                            question_text: i.text.clone(),
                            description: s.description.clone(),
                            explanation: s.explanation.clone(),
                            quick_win: i.quick_win,
                        })
                        .collect(),
                }
            })
            .collect()
    }

    /// The steps that fit in no phase.
    #[must_use]
    pub fn backlog(&self) -> Vec<StepRef> {
        self.steps()
            .filter(|(_, s)| s.phase.is_none())
            .map(|(i, s)| StepRef {
                question: i.question.clone(),
                level: s.level,
            })
            .collect()
    }

    #[must_use]
    pub fn quick_wins(&self) -> Vec<String> {
        self.initiatives
            .iter()
            .filter(|i| i.quick_win)
            .map(|i| i.question.clone())
            .collect()
    }

    fn steps(&self) -> impl Iterator<Item = (&Initiative, &Step)> {
        self.initiatives
            .iter()
            .flat_map(|i| i.steps.iter().map(move |s| (i, s)))
    }
}

/// The roadmap as every output shows it: what is read from the steps is written out too.
impl Serialize for Roadmap {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shown<'a> {
            options: RoadmapOptions,
            phases: Vec<Phase>,
            initiatives: Vec<InitiativeShown<'a>>,
            backlog: Vec<StepRef>,
            quick_wins: Vec<String>,
        }
        #[derive(Serialize)]
        struct InitiativeShown<'a> {
            #[serde(flatten)]
            initiative: &'a Initiative,
            scheduled_phases: Vec<usize>,
            backlog_levels: Vec<u8>,
            backlog_reason: Option<&'a str>,
        }
        Shown {
            options: self.options,
            phases: self.phases(),
            initiatives: self
                .initiatives
                .iter()
                .map(|i| InitiativeShown {
                    initiative: i,
                    scheduled_phases: i.scheduled_phases(),
                    backlog_levels: i.backlog_levels(),
                    backlog_reason: i.backlog_reason(),
                })
                .collect(),
            backlog: self.backlog(),
            quick_wins: self.quick_wins(),
        }
        .serialize(serializer)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    pub number: usize,
    /// First and last month of the phase, `YYYY-MM`, counted from the assessment date.
    pub start: String,
    pub end: String,
    /// The steps placed in this phase, in priority order, with what a reader of the plan needs.
    pub steps: Vec<PlacedStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlacedStep {
    pub question: String,
    pub level: u8,
    pub question_text: String,
    /// The question's descriptor of the level reached: what good looks like.
    pub description: String,
    pub explanation: String,
    pub quick_win: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepRef {
    pub question: String,
    pub level: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct Initiative {
    pub rank: usize,
    pub question: String,
    pub section: String,
    pub text: String,
    pub answer: u8,
    pub target: f64,
    pub target_level: u8,
    pub effort: Option<Effort>,
    #[serde(serialize_with = "crate::format::round_value")]
    pub priority: f64,
    pub priority_parts: Vec<PriorityPart>,
    pub quick_win: bool,
    pub depends_on: Vec<String>,
    /// Every control, in every framework in scope, whose gap this initiative helps close.
    pub controls: Vec<ControlRef>,
    pub steps: Vec<Step>,
}

impl Initiative {
    /// Phases its scheduled steps fall in, in step order.
    #[must_use]
    pub fn scheduled_phases(&self) -> Vec<usize> {
        self.steps.iter().filter_map(|s| s.phase).collect()
    }

    /// Levels left in the backlog.
    #[must_use]
    pub fn backlog_levels(&self) -> Vec<u8> {
        self.steps
            .iter()
            .filter(|s| s.phase.is_none())
            .map(|s| s.level)
            .collect()
    }

    /// Why the first level left in the backlog is there.
    #[must_use]
    pub fn backlog_reason(&self) -> Option<&str> {
        self.steps
            .iter()
            .find(|s| s.phase.is_none())
            .map(|s| s.explanation.as_str())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PriorityPart {
    pub framework: String,
    pub control: String,
    pub control_weight: f64,
    pub mapping_weight: f64,
    #[serde(serialize_with = "crate::format::round_value")]
    pub gap: f64,
    pub factor: f64,
    #[serde(serialize_with = "crate::format::round_value")]
    pub contribution: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlRef {
    pub framework: String,
    pub control: String,
    pub title: String,
    #[serde(serialize_with = "crate::format::round_value")]
    pub gap: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub level: u8,
    pub level_name: String,
    pub description: String,
    /// None: the step is in the backlog.
    pub phase: Option<usize>,
    pub reason: Reason,
    pub explanation: String,
}

/// Why a step sits where it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Nothing held it back: it went to the first phase.
    Priority,
    /// The step below it, of the same initiative, is in the phase before.
    PreviousLevel,
    /// A prerequisite question reaches the needed level in the phase before.
    Prerequisite,
    /// Earlier phases it could have gone to were full.
    Capacity,
}

/// What the roadmap needs of a question's mapped control.
struct Mapped<'a> {
    control: &'a ControlScore,
    framework: &'a str,
    mapping_weight: f64,
}

#[must_use]
pub fn build(
    scores: &ScoreSet,
    questionnaire: &Questionnaire,
    responses: &Responses,
    readiness: &Readiness,
    options: RoadmapOptions,
) -> Roadmap {
    let options = RoadmapOptions {
        phases: options.phases.max(1),
        phase_months: options.phase_months.max(1),
        capacity: options.capacity.max(1),
    };
    let controls: HashMap<(&str, &str), &ControlScore> = scores
        .frameworks
        .iter()
        .flat_map(|f| {
            f.domains
                .iter()
                .flat_map(move |d| d.controls.iter().map(move |c| ((f.id.as_str(), c.id.as_str()), c)))
        })
        .collect();
    let target_levels: HashMap<&str, u8> = questionnaire
        .questions()
        .filter_map(|(_, q)| {
            question_target(q, &controls).map(|t| (q.id.as_str(), crate::engine::levels::level_needed(t)))
        })
        .collect();
    let mut initiatives: Vec<Initiative> = questionnaire
        .questions()
        .filter_map(|(section, question)| {
            initiative_for(&section.name, question, questionnaire, responses, readiness, &controls)
        })
        .collect();
    initiatives.sort_by(|a, b| {
        b.priority
            .total_cmp(&a.priority)
            .then_with(|| a.question.cmp(&b.question))
    });
    let quarter = initiatives.len().div_ceil(4);
    for (i, initiative) in initiatives.iter_mut().enumerate() {
        initiative.rank = i + 1;
        initiative.quick_win = initiative.effort == Some(Effort::S) && i < quarter && initiative.steps.len() == 1;
    }
    let answers: HashMap<&str, Answer> = questionnaire
        .questions()
        .map(|(_, q)| (q.id.as_str(), responses.answer(&q.id)))
        .collect();
    schedule(&mut initiatives, &answers, &target_levels, options);
    Roadmap {
        options,
        start_date: scores.assessment.date.clone(),
        initiatives,
    }
}

/// A question's target: the highest target of the controls in scope that it maps.
fn question_target(
    question: &crate::content::questionnaire::Question,
    controls: &HashMap<(&str, &str), &ControlScore>,
) -> Option<f64> {
    question
        .maps
        .iter()
        .filter_map(|m| controls.get(&(m.framework.as_str(), m.control.as_str())))
        .map(|c| c.target)
        .reduce(f64::max)
}

/// The level a prerequisite must reach before a step to `level`: the same level, or its own target if lower.
fn required_level(level: u8, prerequisite: &str, target_levels: &HashMap<&str, u8>) -> Option<u8> {
    target_levels.get(prerequisite).map(|&t| level.min(t))
}

fn schedule(
    initiatives: &mut [Initiative],
    answers: &HashMap<&str, Answer>,
    target_levels: &HashMap<&str, u8>,
    options: RoadmapOptions,
) {
    let mut placed: HashMap<(String, u8), usize> = HashMap::new();
    let mut next = vec![0usize; initiatives.len()];
    for phase in 1..=options.phases {
        let mut used = 0;
        for (i, initiative) in initiatives.iter().enumerate() {
            if used == options.capacity {
                break;
            }
            let Some(step) = initiative.steps.get(next[i]) else {
                continue;
            };
            let previous_done = next[i] == 0
                || placed
                    .get(&(initiative.question.clone(), step.level - 1))
                    .is_some_and(|&p| p < phase);
            let prerequisites_done = initiative.depends_on.iter().all(|dep| {
                prerequisite_phase(dep, step.level, answers, target_levels, &placed).is_some_and(|p| p < phase)
            });
            if previous_done && prerequisites_done {
                placed.insert((initiative.question.clone(), step.level), phase);
                next[i] += 1;
                used += 1;
            }
        }
    }
    for initiative in initiatives.iter_mut() {
        for k in 0..initiative.steps.len() {
            let (reason, explanation, phase) = explain(initiative, k, answers, target_levels, &placed, options.phases);
            let step = &mut initiative.steps[k];
            step.phase = phase;
            step.reason = reason;
            step.explanation = explanation;
        }
    }
}

/// The phase by which a prerequisite reaches the level a step needs: 0 when it is there already or
/// cannot be known (answered na, not answered, or outside the scope); None while it is unscheduled.
fn prerequisite_phase(
    prerequisite: &str,
    level: u8,
    answers: &HashMap<&str, Answer>,
    target_levels: &HashMap<&str, u8>,
    placed: &HashMap<(String, u8), usize>,
) -> Option<usize> {
    let Some(current) = answers.get(prerequisite).and_then(|a| a.level()) else {
        return Some(0);
    };
    let Some(required) = required_level(level, prerequisite, target_levels) else {
        return Some(0);
    };
    if current >= required {
        return Some(0);
    }
    placed.get(&(prerequisite.to_string(), required)).copied()
}

fn explain(
    initiative: &Initiative,
    k: usize,
    answers: &HashMap<&str, Answer>,
    target_levels: &HashMap<&str, u8>,
    placed: &HashMap<(String, u8), usize>,
    phases: usize,
) -> (Reason, String, Option<usize>) {
    const NEVER: usize = usize::MAX;
    let level = initiative.steps[k].level;
    let phase = placed.get(&(initiative.question.clone(), level)).copied();
    let mut constraints: Vec<(usize, Reason, String)> = Vec::new();
    if k > 0 {
        let below = initiative.steps[k - 1].level;
        constraints.push(match placed.get(&(initiative.question.clone(), below)) {
            Some(&p) => (
                p + 1,
                Reason::PreviousLevel,
                format!("level {below} of this initiative is reached in phase {p}"),
            ),
            None => (
                NEVER,
                Reason::PreviousLevel,
                format!("level {below} of this initiative is in the backlog"),
            ),
        });
    }
    for dep in &initiative.depends_on {
        let required = required_level(level, dep, target_levels).unwrap_or(level);
        match prerequisite_phase(dep, level, answers, target_levels, placed) {
            Some(0) => {}
            Some(p) => constraints.push((
                p + 1,
                Reason::Prerequisite,
                format!("prerequisite {dep} reaches level {required} in phase {p}"),
            )),
            None => constraints.push((
                NEVER,
                Reason::Prerequisite,
                format!("prerequisite {dep} reaches level {required} only in the backlog"),
            )),
        }
    }
    let earliest = constraints.iter().map(|c| c.0).max().unwrap_or(1).max(1);
    let binding: Vec<&(usize, Reason, String)> = constraints.iter().filter(|c| c.0 == earliest).collect();
    let reason = match binding.iter().map(|c| c.1).max_by_key(|r| *r == Reason::Prerequisite) {
        Some(reason) if earliest > 1 => reason,
        _ => Reason::Priority,
    };
    let because = binding.iter().map(|c| c.2.as_str()).collect::<Vec<_>>().join("; ");
    let full = |from: usize, to: usize| {
        let phases = if from == to {
            format!("phase {from} was")
        } else {
            format!("phases {from} to {to} were")
        };
        format!("{phases} full with higher-priority steps")
    };
    match phase {
        Some(p) if p > earliest => (Reason::Capacity, full(earliest, p - 1), phase),
        Some(_) if reason == Reason::Priority => (
            reason,
            "nothing held it back, so it went to the first phase".into(),
            phase,
        ),
        Some(_) => (reason, because, phase),
        None if earliest > phases => (
            reason,
            format!("{because}, so it cannot start within the {phases} phases"),
            None,
        ),
        None => (Reason::Capacity, full(earliest, phases), None),
    }
}

/// The initiative for one question answered below its target: its priority, the gaps it helps
/// close and one step per level to climb; `None` when the question is at or above its target.
fn initiative_for(
    section: &str,
    question: &crate::content::questionnaire::Question,
    questionnaire: &Questionnaire,
    responses: &Responses,
    readiness: &Readiness,
    controls: &HashMap<(&str, &str), &ControlScore>,
) -> Option<Initiative> {
    let answer = responses.answer(&question.id).level()?;
    let target = question_target(question, controls)?;
    let top = crate::engine::levels::level_needed(target);
    if answer >= top {
        return None;
    }
    let mapped: Vec<Mapped> = question
        .maps
        .iter()
        .filter_map(|m| {
            controls
                .get(&(m.framework.as_str(), m.control.as_str()))
                .map(|c| Mapped {
                    control: c,
                    framework: &m.framework,
                    mapping_weight: m.weight,
                })
        })
        .collect();
    let priority_parts: Vec<PriorityPart> = mapped
        .iter()
        .map(|m| {
            let gap = m.control.gap.unwrap_or(0.0);
            let factor = mandatory_factor(m.control, readiness);
            PriorityPart {
                framework: m.framework.to_string(),
                control: m.control.id.clone(),
                control_weight: m.control.weight,
                mapping_weight: m.mapping_weight,
                gap,
                factor,
                contribution: m.control.weight * m.mapping_weight * gap * factor,
            }
        })
        .collect();
    Some(Initiative {
        rank: 0,
        question: question.id.clone(),
        section: section.to_string(),
        text: question.text.clone(),
        answer,
        target,
        target_level: top,
        effort: question.effort,
        priority: priority_parts.iter().map(|p| p.contribution).sum(),
        priority_parts,
        quick_win: false,
        depends_on: question.depends_on.clone(),
        controls: mapped
            .iter()
            .filter(|m| m.control.gap.is_some_and(|g| g > 0.0))
            .map(|m| ControlRef {
                framework: m.framework.to_string(),
                control: m.control.id.clone(),
                title: m.control.title.clone(),
                gap: m.control.gap.unwrap_or(0.0),
            })
            .collect(),
        steps: (answer + 1..=top)
            .map(|level| Step {
                level,
                level_name: questionnaire.level_name(level).to_string(),
                description: question.levels.get(usize::from(level)).cloned().unwrap_or_default(),
                phase: None,
                reason: Reason::Capacity,
                explanation: String::new(),
            })
            .collect(),
    })
}

/// First and last month of a phase, counted from the month of the assessment.
fn phase_months(date: &str, number: usize, months: u32) -> (String, String) {
    let Some(start) = crate::workspace::assessment::parse_date(date) else {
        return (String::new(), String::new());
    };
    let month_index = |offset: u32| {
        let total = i64::from(start.year()) * 12 + i64::from(start.month0()) + i64::from(offset);
        format!("{:04}-{:02}", total.div_euclid(12), total.rem_euclid(12) + 1)
    };
    let first = u32::try_from(number.saturating_sub(1))
        .unwrap_or(u32::MAX)
        .saturating_mul(months);
    (month_index(first), month_index(first + months - 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::catalog::Catalog;
    use crate::content::questionnaire::Question;
    use crate::engine::scoring::score_parts;
    use crate::testkit::*;
    use crate::workspace::assessment::Targets;
    use crate::workspace::responses::Answer::Level;

    struct Case {
        catalogs: Vec<Catalog>,
        questionnaire: Questionnaire,
        targets: Targets,
    }

    impl Case {
        /// One framework with a control per question, all weight 1, so each question's priority is its gap.
        fn new(questions: Vec<Question>) -> Self {
            let controls = questions.iter().map(|q| control(&q.id.to_lowercase(), 1.0)).collect();
            let questions = questions
                .into_iter()
                .map(|mut q| {
                    q.maps = vec![crate::content::questionnaire::Mapping {
                        framework: "f".into(),
                        control: q.id.to_lowercase(),
                        weight: 1.0,
                        role: None,
                        elements: vec![],
                    }];
                    q
                })
                .collect();
            Case {
                catalogs: vec![catalog("f", vec![("d", controls)])],
                questionnaire: questionnaire(questions),
                targets: Targets::default(),
            }
        }

        fn run(&self, answers: &[(&str, Answer)], options: RoadmapOptions) -> Roadmap {
            let refs: Vec<&Catalog> = self.catalogs.iter().collect();
            let a = assessment(&["f"], self.targets.clone());
            let r = responses(answers);
            let scores = score_parts(&a, &self.questionnaire, &refs, &r);
            build(&scores, &self.questionnaire, &r, &Readiness::default(), options)
        }
    }

    fn q(id: &str, deps: &[&str], effort: Option<Effort>) -> Question {
        let mut question = question(id, &[]);
        question.depends_on = deps.iter().map(|d| (*d).into()).collect();
        question.effort = effort;
        question
    }

    fn phase_of(roadmap: &Roadmap, question: &str, level: u8) -> Option<usize> {
        let initiative = roadmap
            .initiatives
            .iter()
            .find(|i| i.question == question)
            .expect("initiative");
        initiative.steps.iter().find(|s| s.level == level).expect("step").phase
    }

    fn reason_of(roadmap: &Roadmap, question: &str, level: u8) -> Reason {
        let initiative = roadmap.initiatives.iter().find(|i| i.question == question).unwrap();
        initiative.steps.iter().find(|s| s.level == level).unwrap().reason
    }

    fn options(phases: usize, capacity: usize) -> RoadmapOptions {
        RoadmapOptions {
            phases,
            phase_months: 3,
            capacity,
        }
    }

    #[test]
    fn one_initiative_per_question_below_target_with_a_step_per_level() {
        let case = Case::new(vec![q("A", &[], None), q("B", &[], None), q("C", &[], None)]);
        let r = case.run(
            &[("A", Level(1)), ("B", Level(3)), ("C", Level(4))],
            RoadmapOptions::default(),
        );
        assert_eq!(r.initiatives.len(), 1);
        let a = &r.initiatives[0];
        assert_eq!((a.question.as_str(), a.answer, a.target_level), ("A", 1, 3));
        assert_eq!(a.steps.iter().map(|s| s.level).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(a.steps[0].description, "level 2");
        assert_eq!(a.steps[1].level_name, "Defined");
        assert_eq!(a.priority, 2.0);
    }

    #[test]
    fn at_most_one_level_per_phase() {
        let case = Case::new(vec![q("A", &[], None)]);
        let r = case.run(&[("A", Level(0))], RoadmapOptions::default());
        assert_eq!(
            (1..=3).map(|l| phase_of(&r, "A", l)).collect::<Vec<_>>(),
            [Some(1), Some(2), Some(3)]
        );
        assert_eq!(reason_of(&r, "A", 1), Reason::Priority);
        assert_eq!(reason_of(&r, "A", 2), Reason::PreviousLevel);
    }

    #[test]
    fn capacity_spills_lower_priorities_to_later_phases_and_the_backlog() {
        let case = Case::new(vec![q("A", &[], None), q("B", &[], None), q("C", &[], None)]);
        // Priorities: C gap 3, B gap 2, A gap 1; two steps per phase, two phases.
        let r = case.run(&[("A", Level(2)), ("B", Level(1)), ("C", Level(0))], options(2, 2));
        let order: Vec<&str> = r.initiatives.iter().map(|i| i.question.as_str()).collect();
        assert_eq!(order, ["C", "B", "A"]);
        assert_eq!(phase_of(&r, "C", 1), Some(1));
        assert_eq!(phase_of(&r, "B", 2), Some(1));
        assert_eq!(phase_of(&r, "C", 2), Some(2));
        assert_eq!(phase_of(&r, "B", 3), Some(2));
        assert_eq!(phase_of(&r, "A", 3), None);
        assert_eq!(reason_of(&r, "A", 3), Reason::Capacity);
        assert_eq!(phase_of(&r, "C", 3), None);
        assert_eq!(reason_of(&r, "C", 3), Reason::PreviousLevel);
        assert_eq!(
            r.backlog(),
            [
                StepRef {
                    question: "C".into(),
                    level: 3
                },
                StepRef {
                    question: "A".into(),
                    level: 3
                }
            ]
        );
        assert_eq!(r.phases().iter().map(|p| p.steps.len()).collect::<Vec<_>>(), [2, 2]);
        let c = &r.initiatives[0];
        assert_eq!(
            (c.scheduled_phases().as_slice(), c.backlog_levels().as_slice()),
            ([1, 2].as_slice(), [3].as_slice())
        );
        assert!(c.backlog_reason().unwrap().contains("cannot start within the 2 phases"));
        let a3 = &r.initiatives[2].steps[0];
        assert_eq!(a3.explanation, "phases 1 to 2 were full with higher-priority steps");
    }

    #[test]
    fn prerequisites_reach_the_same_level_in_an_earlier_phase() {
        // B depends on A. B has the higher priority but must wait for A at each level.
        let case = Case::new(vec![q("A", &[], None), q("B", &["A"], None)]);
        let r = case.run(&[("A", Level(1)), ("B", Level(0))], RoadmapOptions::default());
        assert_eq!(r.initiatives[0].question, "B");
        assert_eq!(phase_of(&r, "A", 2), Some(1));
        assert_eq!(phase_of(&r, "B", 1), Some(1), "A is already at level 1");
        assert_eq!(phase_of(&r, "B", 2), Some(2));
        // Level 1 (phase 1) and prerequisite A at level 2 (phase 1) both bind; the prerequisite is named.
        assert_eq!(reason_of(&r, "B", 2), Reason::Prerequisite);
        assert_eq!(phase_of(&r, "A", 3), Some(2));
        assert_eq!(phase_of(&r, "B", 3), Some(3));
        let b3 = &r.initiatives[0].steps[2];
        assert!(
            b3.explanation.contains("prerequisite A reaches level 3 in phase 2"),
            "{}",
            b3.explanation
        );
    }

    #[test]
    fn a_prerequisite_with_a_lower_target_only_needs_its_target() {
        let mut case = Case::new(vec![q("A", &[], None), q("B", &["A"], None)]);
        case.targets.controls.insert("f:a".into(), 2.0);
        case.targets.controls.insert("f:b".into(), 4.0);
        let r = case.run(&[("A", Level(1)), ("B", Level(2))], RoadmapOptions::default());
        // A needs level 2 only; B's steps to 3 and 4 wait for A level 2 (phase 1).
        assert_eq!(phase_of(&r, "A", 2), Some(1));
        assert_eq!(phase_of(&r, "B", 3), Some(2));
        assert_eq!(phase_of(&r, "B", 4), Some(3));
        assert_eq!(reason_of(&r, "B", 4), Reason::PreviousLevel);
    }

    #[test]
    fn a_prerequisite_in_the_backlog_keeps_dependants_there() {
        let case = Case::new(vec![q("A", &[], None), q("B", &["A"], None)]);
        let r = case.run(&[("A", Level(0)), ("B", Level(0))], options(2, 5));
        assert_eq!(phase_of(&r, "A", 3), None);
        assert_eq!(phase_of(&r, "B", 1), Some(2));
        assert_eq!(reason_of(&r, "B", 1), Reason::Prerequisite);
        assert_eq!(phase_of(&r, "B", 2), None);
        let b = r.initiatives.iter().find(|i| i.question == "B").unwrap();
        assert!(
            b.steps[1].explanation.contains("cannot start within the 2 phases"),
            "{}",
            b.steps[1].explanation
        );
        assert_eq!(b.steps[2].reason, Reason::Prerequisite);
        assert_eq!(
            b.steps[2].explanation,
            "level 2 of this initiative is in the backlog; prerequisite A reaches level 3 only in the backlog, \
             so it cannot start within the 2 phases"
        );
    }

    #[test]
    fn ties_are_broken_by_question_id() {
        let case = Case::new(vec![q("B", &[], None), q("A", &[], None)]);
        let r = case.run(&[("A", Level(2)), ("B", Level(2))], options(1, 1));
        assert_eq!(r.initiatives[0].question, "A");
        assert_eq!(phase_of(&r, "A", 3), Some(1));
        assert_eq!(phase_of(&r, "B", 3), None);
    }

    #[test]
    fn quick_wins_are_small_one_step_and_high_priority() {
        let case = Case::new(vec![
            q("A", &[], Some(Effort::S)),
            q("B", &[], Some(Effort::S)),
            q("C", &[], Some(Effort::S)),
            q("D", &[], Some(Effort::M)),
            q("E", &[], Some(Effort::S)),
        ]);
        // Priorities: D 3 (effort M), A 2 (two steps), B 1, C 1, E 1: top quarter of 5 is 2 initiatives.
        let r = case.run(
            &[
                ("A", Level(1)),
                ("B", Level(2)),
                ("C", Level(2)),
                ("D", Level(0)),
                ("E", Level(2)),
            ],
            RoadmapOptions::default(),
        );
        let order: Vec<&str> = r.initiatives.iter().map(|i| i.question.as_str()).collect();
        assert_eq!(order, ["D", "A", "B", "C", "E"]);
        assert!(r.quick_wins().is_empty(), "D is not small and A has two steps");
        let r = case.run(
            &[
                ("A", Level(2)),
                ("B", Level(2)),
                ("C", Level(2)),
                ("D", Level(2)),
                ("E", Level(1)),
            ],
            RoadmapOptions::default(),
        );
        // E 2 (two steps), then A, B, C, D at 1 ordered by id: top two are E and A.
        assert_eq!(r.quick_wins(), ["A"]);
    }

    #[test]
    fn mandatory_controls_below_conformity_weigh_double_in_priority() {
        let mut case = Case::new(vec![q("A", &[], None)]);
        case.catalogs[0].domains[0].controls[0].mandatory = true;
        let r = case.run(&[("A", Level(2))], RoadmapOptions::default());
        let part = &r.initiatives[0].priority_parts[0];
        assert_eq!((part.gap, part.factor, part.contribution), (1.0, 2.0, 2.0));
        assert_eq!(r.initiatives[0].priority, 2.0);
    }

    #[test]
    fn phases_are_dated_from_the_assessment_month() {
        assert_eq!(phase_months("2026-11-24", 1, 3), ("2026-11".into(), "2027-01".into()));
        assert_eq!(phase_months("2026-11-24", 2, 3), ("2027-02".into(), "2027-04".into()));
        assert_eq!(phase_months("2026-01-01", 1, 1), ("2026-01".into(), "2026-01".into()));
    }
}
