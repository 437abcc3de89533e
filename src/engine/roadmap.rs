//! The improvement roadmap: one named initiative per question answered below its target, grouped
//! into workstreams, one step per level to climb, each with an action and a cost in person-days,
//! scheduled into phases: with ISO/IEC 20000-1 in scope, the steps that close nonconformities first.
//! The method is stated in the README under "Roadmap method"; every placement carries the reason for
//! its phase.

use std::collections::{HashMap, HashSet};

use chrono::Datelike;
use serde::Serialize;

use crate::content::questionnaire::{Effort, Questionnaire};
use crate::engine::gaps::mandatory_factor;
use crate::engine::scoring::{ControlScore, ScoreSet};
use crate::workspace::assessment::{Assessment, EffortDays};
use crate::workspace::responses::{Answer, Responses};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RoadmapOptions {
    pub phases: usize,
    pub phase_months: u32,
    /// Person-days of work a phase can take.
    pub capacity: u32,
    /// Levels one initiative may climb within a phase.
    pub levels_per_phase: u8,
    /// The month by which the organisation wants to be ready for stage 2: the capacity that needs
    /// is worked out.
    pub certify_by: Option<Month>,
}

/// A calendar month, written `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    /// Months since year 0: year × 12 + month − 1.
    index: i64,
}

impl Month {
    /// Reads `YYYY-MM`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.split_once('-')?;
        let shaped = year.len() == 4 && month.len() == 2 && text.bytes().filter(u8::is_ascii_digit).count() == 6;
        let (year, month): (i64, i64) = (year.parse().ok()?, month.parse().ok()?);
        (shaped && (1..=12).contains(&month)).then_some(Month {
            index: year * 12 + month - 1,
        })
    }

    fn of_date(date: &str) -> Option<Month> {
        let day = crate::workspace::assessment::parse_date(date)?;
        Some(Month {
            index: i64::from(day.year()) * 12 + i64::from(day.month0()),
        })
    }

    fn plus(self, months: u32) -> Month {
        Month {
            index: self.index + i64::from(months),
        }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}",
            self.index.div_euclid(12),
            self.index.rem_euclid(12) + 1
        )
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Person-days of work a phase takes by default: about one person for a quarter.
pub const DEFAULT_CAPACITY: u32 = 60;

impl Default for RoadmapOptions {
    fn default() -> Self {
        RoadmapOptions {
            phases: 4,
            phase_months: 3,
            capacity: DEFAULT_CAPACITY,
            levels_per_phase: 1,
            certify_by: None,
        }
    }
}

/// Which steps close ISO/IEC 20000-1 nonconformities, from the readiness classification.
#[derive(Debug, Clone, Default)]
pub struct Certification {
    /// Per question: the level that closes the nonconformities it evidences, and the rank of the
    /// worst of them (0 major, 1 minor).
    pub closes: HashMap<String, (u8, u8)>,
    /// Questions whose steps close a stage 1 check.
    pub stage1: HashSet<String>,
    /// Requirements not assessed: no step can close them until they are.
    pub not_assessed: Vec<String>,
}

/// Where a step stands in the certification-first order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Closes a nonconformity (or is a prerequisite of a step that does), up to conformity.
    Certification,
    /// Up to the conformity level, closing no nonconformity.
    Conformity,
    /// Beyond the conformity level.
    Beyond,
}

/// When the organisation could be ready for each audit stage, at the chosen capacity.
#[derive(Debug, Clone, Serialize)]
pub struct CertificationPlan {
    /// Steps that close nonconformities (with their prerequisites), and how many are scheduled.
    pub steps: usize,
    pub scheduled: usize,
    #[serde(serialize_with = "crate::format::round_value")]
    pub effort_days: f64,
    /// The phase (and its last month) by which every step closing a stage 1 check is done at this
    /// capacity, the plan running on past its last phase if it must (up to [`HORIZON`] phases);
    /// phase 0 when no step is needed; none when not within the horizon.
    pub stage1_phase: Option<usize>,
    pub stage1_by: Option<String>,
    /// The same for every step that closes a nonconformity: ready for a stage 2 audit.
    pub stage2_phase: Option<usize>,
    pub stage2_by: Option<String>,
    /// Whether both fall within the roadmap's phases.
    pub within_roadmap: bool,
    /// Requirements not assessed, which must be assessed before any date holds.
    pub not_assessed: Vec<String>,
    pub certify_by: Option<CertifyBy>,
}

/// What ready for stage 2 by a given month would take.
#[derive(Debug, Clone, Serialize)]
pub struct CertifyBy {
    pub month: Month,
    /// Phases that end by then.
    pub phases: usize,
    /// The least capacity in person-days per phase that schedules every certification step within
    /// those phases; none when no capacity can (too few phases for the levels to climb).
    pub capacity_needed: Option<u32>,
}

/// The roadmap. Each step's phase is stored once, on the step ([`Step::phase`]); the phases,
/// the backlog and each initiative's schedule are read from it, in code and in every output.
#[derive(Debug, Clone)]
pub struct Roadmap {
    pub options: RoadmapOptions,
    /// The assessment date the phases are counted from, YYYY-MM-DD.
    pub start_date: String,
    pub effort_days: EffortDays,
    pub workstreams: Vec<WorkstreamRef>,
    pub initiatives: Vec<Initiative>,
    /// With ISO/IEC 20000-1 in scope: when each audit stage could be reached.
    pub certification: Option<CertificationPlan>,
    /// The level that meets the conformity threshold.
    pub conformity_level: u8,
}

/// A workstream as the questionnaire names it.
#[derive(Debug, Clone, Serialize)]
pub struct WorkstreamRef {
    pub id: String,
    pub name: String,
    pub outcome: String,
}

/// A workstream with what the roadmap holds for it.
#[derive(Debug, Clone, Serialize)]
pub struct WorkstreamPlan {
    pub id: String,
    pub name: String,
    pub outcome: String,
    /// Its initiatives' names, in priority order.
    pub initiatives: Vec<String>,
    pub steps: usize,
    pub scheduled_steps: usize,
    pub certification_steps: usize,
    #[serde(serialize_with = "crate::format::round_value")]
    pub effort_days: f64,
    #[serde(serialize_with = "crate::format::round_value")]
    pub scheduled_days: f64,
    /// Its highest initiative priority, which orders the workstreams.
    #[serde(serialize_with = "crate::format::round_value")]
    pub priority: f64,
}

impl Roadmap {
    /// Each phase with its dates, its effort and the work placed in it: one entry per initiative,
    /// climbing one level or several, certification work first, then in priority order.
    #[must_use]
    pub fn phases(&self) -> Vec<Phase> {
        (1..=self.options.phases)
            .map(|number| {
                let (start, end) = phase_months(&self.start_date, number, self.options.phase_months);
                let mut steps: Vec<PlacedStep> = self
                    .initiatives
                    .iter()
                    .filter_map(|i| placed_in(i, number, self.conformity_level))
                    .collect();
                steps.sort_by_key(|s| s.tier);
                Phase {
                    number,
                    start,
                    end,
                    effort_days: steps.iter().map(|s| s.effort_days).sum(),
                    steps,
                }
            })
            .collect()
    }

    /// Each workstream with its initiatives, steps and effort: those with the most steps that close
    /// nonconformities first, then by their highest priority.
    #[must_use]
    pub fn workstream_plans(&self) -> Vec<WorkstreamPlan> {
        let mut plans: Vec<WorkstreamPlan> = self
            .workstreams
            .iter()
            .map(|w| {
                let initiatives: Vec<&Initiative> = self.initiatives.iter().filter(|i| i.workstream == w.id).collect();
                let steps = || initiatives.iter().flat_map(|i| i.steps.iter());
                WorkstreamPlan {
                    id: w.id.clone(),
                    name: w.name.clone(),
                    outcome: w.outcome.clone(),
                    initiatives: initiatives.iter().map(|i| i.title.clone()).collect(),
                    steps: steps().count(),
                    scheduled_steps: steps().filter(|s| s.phase.is_some()).count(),
                    certification_steps: steps().filter(|s| s.tier == Tier::Certification).count(),
                    effort_days: steps().map(|s| s.effort_days).sum(),
                    scheduled_days: steps().filter(|s| s.phase.is_some()).map(|s| s.effort_days).sum(),
                    priority: initiatives.iter().map(|i| i.priority).fold(0.0, f64::max),
                }
            })
            .filter(|w| w.steps > 0)
            .collect();
        plans.sort_by(|a, b| {
            b.certification_steps
                .cmp(&a.certification_steps)
                .then(b.priority.total_cmp(&a.priority))
        });
        plans
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
            effort_days: EffortDays,
            certification: &'a Option<CertificationPlan>,
            workstreams: Vec<WorkstreamPlan>,
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
            effort_days: self.effort_days,
            certification: &self.certification,
            workstreams: self.workstream_plans(),
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
    #[serde(serialize_with = "crate::format::round_value")]
    pub effort_days: f64,
    /// The work placed in this phase, one entry per initiative, with what a reader of the plan needs.
    pub steps: Vec<PlacedStep>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacedStep {
    pub question: String,
    /// The initiative's name.
    pub title: String,
    pub workstream: String,
    /// The level the initiative stands at before the phase, and the level it reaches in it.
    pub from: u8,
    pub level: u8,
    pub question_text: String,
    /// What to do: the action of each level climbed.
    pub action: String,
    /// The question's descriptor of the level reached: what good looks like.
    pub description: String,
    pub explanation: String,
    pub quick_win: bool,
    pub tier: Tier,
    /// Certification work that reaches the conformity level in this phase, closing the
    /// nonconformity's element; earlier levels only work towards it.
    pub closes: bool,
    #[serde(serialize_with = "crate::format::round_value")]
    pub effort_days: f64,
}

/// The work an initiative does in a phase, as one entry: consecutive levels merged.
fn placed_in(i: &Initiative, phase: usize, conformity: u8) -> Option<PlacedStep> {
    let here: Vec<(usize, &Step)> = i
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.phase == Some(phase))
        .collect();
    let (&(first, _), &(_, last)) = (here.first()?, here.last()?);
    let from = if first == 0 { i.answer } else { i.steps[first - 1].level };
    Some(PlacedStep {
        question: i.question.clone(),
        title: i.title.clone(),
        workstream: i.workstream_name.clone(),
        from,
        level: last.level,
        question_text: i.text.clone(),
        action: here
            .iter()
            .map(|(_, s)| s.action.as_str())
            .filter(|a| !a.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
        description: last.description.clone(),
        explanation: here[0].1.explanation.clone(),
        quick_win: i.quick_win,
        tier: here.iter().map(|(_, s)| s.tier).min().unwrap_or(Tier::Conformity),
        closes: here
            .iter()
            .any(|(_, s)| s.tier == Tier::Certification && s.level >= conformity),
        effort_days: here.iter().map(|(_, s)| s.effort_days).sum(),
    })
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
    /// Its name: the question's title, or its id when it has none.
    pub title: String,
    pub workstream: String,
    pub workstream_name: String,
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
    /// What to do to reach the level.
    pub action: String,
    pub description: String,
    pub tier: Tier,
    #[serde(serialize_with = "crate::format::round_value")]
    pub effort_days: f64,
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
    /// Beyond conformity, it waits while a step that closes a nonconformity is unscheduled.
    CertificationFirst,
}

/// What the roadmap needs of a question's mapped control.
struct Mapped<'a> {
    control: &'a ControlScore,
    framework: &'a str,
    mapping_weight: f64,
}

/// The roadmap for these scores: initiatives, their steps scheduled into phases, and with
/// `certification` (ISO/IEC 20000-1 in scope) the steps that close nonconformities first and the
/// dates each audit stage could be reached.
#[must_use]
pub fn build(
    scores: &ScoreSet,
    questionnaire: &Questionnaire,
    responses: &Responses,
    assessment: &Assessment,
    options: RoadmapOptions,
    certification: Option<&Certification>,
) -> Roadmap {
    let options = RoadmapOptions {
        phases: options.phases.max(1),
        phase_months: options.phase_months.max(1),
        capacity: options.capacity.max(1),
        levels_per_phase: options.levels_per_phase.max(1),
        certify_by: options.certify_by,
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
    let context = Context {
        questionnaire,
        responses,
        assessment,
        controls: &controls,
    };
    let mut initiatives: Vec<Initiative> = questionnaire
        .questions()
        .filter_map(|(section, question)| initiative_for(section, question, &context))
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
    let conformity = crate::engine::levels::level_needed(assessment.readiness.conformity);
    let ranks = assign_tiers(&mut initiatives, certification, conformity, &answers, &target_levels);
    let titles: HashMap<&str, &str> = questionnaire
        .questions()
        .map(|(_, q)| (q.id.as_str(), q.title.as_str()))
        .collect();
    let rules = Rules {
        answers: &answers,
        target_levels: &target_levels,
        ranks: &ranks,
        certification: certification.is_some(),
        titles: &titles,
    };
    let placed = schedule(&initiatives, &rules, options);
    explain_all(&mut initiatives, &rules, &placed, options);
    let plan = certification.map(|c| certification_plan(&initiatives, c, &rules, scores, options));
    Roadmap {
        options,
        start_date: scores.assessment.date.clone(),
        effort_days: assessment.effort_days,
        workstreams: questionnaire
            .workstreams
            .iter()
            .map(|w| WorkstreamRef {
                id: w.id.clone(),
                name: w.name.clone(),
                outcome: w.outcome.clone(),
            })
            .collect(),
        initiatives,
        certification: plan,
        conformity_level: conformity,
    }
}

/// What building an initiative reads.
struct Context<'a> {
    questionnaire: &'a Questionnaire,
    responses: &'a Responses,
    assessment: &'a Assessment,
    controls: &'a HashMap<(&'a str, &'a str), &'a ControlScore>,
}

/// What scheduling reads besides the initiatives: answers, targets, and the certification rank of
/// each initiative (0 major, 1 minor, 2 none).
struct Rules<'a> {
    answers: &'a HashMap<&'a str, Answer>,
    target_levels: &'a HashMap<&'a str, u8>,
    ranks: &'a HashMap<String, u8>,
    /// Whether ISO/IEC 20000-1 readiness orders the work.
    certification: bool,
    /// Each question's title, so explanations name a prerequisite as people know it.
    titles: &'a HashMap<&'a str, &'a str>,
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

/// Marks each step certification, conformity or beyond, and returns each initiative's rank for the
/// certification round. A step closes a nonconformity when its question evidences an unmet element
/// and it does not climb past the level that meets it; the prerequisites such a step waits for are
/// certification steps too, so nothing it needs is left to a later round. The walk is a worklist:
/// each (question, level) is added once.
fn assign_tiers(
    initiatives: &mut [Initiative],
    certification: Option<&Certification>,
    conformity: u8,
    answers: &HashMap<&str, Answer>,
    target_levels: &HashMap<&str, u8>,
) -> HashMap<String, u8> {
    let mut needed: HashMap<String, (u8, u8)> = certification.map(|c| c.closes.clone()).unwrap_or_default();
    let depends: HashMap<String, Vec<String>> = initiatives
        .iter()
        .map(|i| (i.question.clone(), i.depends_on.clone()))
        .collect();
    let mut work: Vec<String> = needed.keys().cloned().collect();
    work.sort();
    while let Some(question) = work.pop() {
        let Some(&(level, rank)) = needed.get(&question) else {
            continue;
        };
        for dep in depends.get(&question).into_iter().flatten() {
            let Some(required) = required_level(level, dep, target_levels) else {
                continue;
            };
            let current = answers.get(dep.as_str()).and_then(|a| a.level()).unwrap_or(required);
            if current >= required {
                continue;
            }
            let entry = needed.entry(dep.clone()).or_insert((0, rank));
            if entry.0 < required || entry.1 > rank {
                *entry = (entry.0.max(required), entry.1.min(rank));
                work.push(dep.clone());
            }
        }
    }
    let mut ranks = HashMap::new();
    for initiative in initiatives.iter_mut() {
        let closes = needed.get(&initiative.question).copied();
        for step in &mut initiative.steps {
            step.tier = match closes {
                Some((level, _)) if step.level <= level => Tier::Certification,
                _ if step.level <= conformity => Tier::Conformity,
                _ if certification.is_some() => Tier::Beyond,
                _ => Tier::Conformity,
            };
        }
        ranks.insert(initiative.question.clone(), closes.map_or(2, |(_, rank)| rank));
    }
    ranks
}

/// Places steps into phases, a round per tier: the steps that close nonconformities first (majors
/// first, then by priority), then those up to conformity, then those beyond it, which wait while
/// any certification step is unplaced. Within a round each phase takes, in order, every step whose
/// lower level and prerequisites are done and whose person-days still fit.
fn schedule(initiatives: &[Initiative], rules: &Rules, options: RoadmapOptions) -> HashMap<(String, u8), usize> {
    let mut placed: HashMap<(String, u8), usize> = HashMap::new();
    let mut used = vec![0.0_f64; options.phases + 1];
    let mut next = vec![0usize; initiatives.len()];
    let capacity = f64::from(options.capacity);
    for tier in [Tier::Certification, Tier::Conformity, Tier::Beyond] {
        if tier == Tier::Beyond && certification_left(initiatives, &next) {
            break;
        }
        // Stable sorts over the priority order: majors before minors in the certification round,
        // and quick wins first in every round, so a quick win is done early or not called one.
        let mut order: Vec<usize> = (0..initiatives.len()).collect();
        if tier == Tier::Certification {
            order.sort_by_key(|&i| rules.ranks.get(&initiatives[i].question).copied().unwrap_or(2));
        }
        order.sort_by_key(|&i| !initiatives[i].quick_win);
        for (phase, used) in used.iter_mut().enumerate().skip(1) {
            for &i in &order {
                let initiative = &initiatives[i];
                let mut climbed = 0;
                while let Some(step) = initiative.steps.get(next[i]) {
                    let previous = next[i]
                        .checked_sub(1)
                        .map(|k| (initiative.question.clone(), initiative.steps[k].level));
                    let previous_done = previous
                        .and_then(|key| placed.get(&key))
                        .is_none_or(|&p| p < phase || (p == phase && options.levels_per_phase > 1));
                    let ready = step.tier == tier
                        && climbed < options.levels_per_phase
                        && previous_done
                        && prerequisites_done(initiative, step.level, rules, &placed, phase)
                        && *used + step.effort_days <= capacity;
                    if !ready {
                        break;
                    }
                    placed.insert((initiative.question.clone(), step.level), phase);
                    *used += step.effort_days;
                    next[i] += 1;
                    climbed += 1;
                }
            }
        }
    }
    placed
}

fn certification_left(initiatives: &[Initiative], next: &[usize]) -> bool {
    initiatives
        .iter()
        .zip(next)
        .any(|(i, &n)| i.steps.get(n).is_some_and(|s| s.tier == Tier::Certification))
}

fn prerequisites_done(
    initiative: &Initiative,
    level: u8,
    rules: &Rules,
    placed: &HashMap<(String, u8), usize>,
    phase: usize,
) -> bool {
    initiative.depends_on.iter().all(|dep| {
        prerequisite_phase(dep, level, rules.answers, rules.target_levels, placed).is_some_and(|p| p < phase)
    })
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

fn explain_all(
    initiatives: &mut [Initiative],
    rules: &Rules,
    placed: &HashMap<(String, u8), usize>,
    options: RoadmapOptions,
) {
    let waiting = initiatives
        .iter()
        .flat_map(|i| i.steps.iter().map(move |s| (i, s)))
        .any(|(i, s)| s.tier == Tier::Certification && !placed.contains_key(&(i.question.clone(), s.level)));
    for initiative in initiatives.iter_mut() {
        for k in 0..initiative.steps.len() {
            let (reason, explanation, phase) = explain(initiative, k, rules, placed, options, waiting);
            let step = &mut initiative.steps[k];
            step.phase = phase;
            step.reason = reason;
            step.explanation = explanation;
        }
    }
}

fn explain(
    initiative: &Initiative,
    k: usize,
    rules: &Rules,
    placed: &HashMap<(String, u8), usize>,
    options: RoadmapOptions,
    certification_waiting: bool,
) -> (Reason, String, Option<usize>) {
    const NEVER: usize = usize::MAX;
    let step = &initiative.steps[k];
    let level = step.level;
    let phase = placed.get(&(initiative.question.clone(), level)).copied();
    if phase.is_none() && step.tier == Tier::Beyond && certification_waiting {
        return (
            Reason::CertificationFirst,
            "beyond conformity, it waits until every step that closes a nonconformity is scheduled".into(),
            None,
        );
    }
    if phase.is_none() && step.effort_days > f64::from(options.capacity) {
        return (
            Reason::Capacity,
            format!(
                "it takes {} person-days, more than a phase's capacity of {}",
                crate::format::number(Some(step.effort_days)),
                options.capacity
            ),
            None,
        );
    }
    let mut constraints: Vec<(usize, Reason, String)> = Vec::new();
    if k > 0 {
        let below = initiative.steps[k - 1].level;
        let same_phase = usize::from(options.levels_per_phase > 1);
        constraints.push(match placed.get(&(initiative.question.clone(), below)) {
            Some(&p) => (
                p + 1 - same_phase,
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
        let required = required_level(level, dep, rules.target_levels).unwrap_or(level);
        let dep = match rules.titles.get(dep.as_str()) {
            Some(title) if !title.is_empty() => format!("{title} ({dep})"),
            _ => dep.clone(),
        };
        let dep = dep.as_str();
        match prerequisite_phase(dep, level, rules.answers, rules.target_levels, placed) {
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
        let ahead = match step.tier {
            _ if !rules.certification => "with higher-priority steps",
            Tier::Certification => "with work that closes graver or higher-priority nonconformities",
            Tier::Conformity => "with certification work and higher-priority steps",
            Tier::Beyond => "with work up to conformity and higher-priority steps",
        };
        format!("{phases} full {ahead}")
    };
    match phase {
        Some(p) if p > earliest => (Reason::Capacity, full(earliest, p - 1), phase),
        Some(_) if reason == Reason::Priority => (
            reason,
            match step.tier {
                Tier::Certification => "it works on a nonconformity, so it went first".into(),
                _ => "nothing held it back, so it went to the first phase with room".into(),
            },
            phase,
        ),
        Some(_) => (reason, because, phase),
        None if earliest > options.phases => (
            reason,
            format!("{because}, so it cannot start within the {} phases", options.phases),
            None,
        ),
        None => (Reason::Capacity, full(earliest, options.phases), None),
    }
}

/// The most phases the plan is run on to find when each audit stage could be reached: ten years of
/// quarters.
pub const HORIZON: usize = 40;

/// When each audit stage could be reached, and what a target month would take.
fn certification_plan(
    initiatives: &[Initiative],
    certification: &Certification,
    rules: &Rules,
    scores: &ScoreSet,
    options: RoadmapOptions,
) -> CertificationPlan {
    let certification_steps = || {
        initiatives
            .iter()
            .flat_map(|i| i.steps.iter().map(move |s| (i, s)))
            .filter(|(_, s)| s.tier == Tier::Certification)
    };
    let horizon = RoadmapOptions {
        phases: HORIZON.max(options.phases),
        ..options
    };
    let extended = schedule(initiatives, rules, horizon);
    let done_by = |only_stage1: bool| {
        certification_steps()
            .filter(|(i, _)| !only_stage1 || certification.stage1.contains(&i.question))
            .map(|(i, s)| extended.get(&(i.question.clone(), s.level)).copied())
            .try_fold(0, |latest, phase| phase.map(|p| latest.max(p)))
    };
    let (stage1, stage2) = (done_by(true), done_by(false));
    let month_of = |phase: Option<usize>| {
        phase.map(|p| {
            if p == 0 {
                scores.assessment.date.get(..7).unwrap_or_default().to_string()
            } else {
                phase_months(&scores.assessment.date, p, options.phase_months).1
            }
        })
    };
    CertificationPlan {
        steps: certification_steps().count(),
        scheduled: certification_steps().filter(|(_, s)| s.phase.is_some()).count(),
        effort_days: certification_steps().map(|(_, s)| s.effort_days).sum(),
        stage1_phase: stage1,
        stage1_by: month_of(stage1),
        stage2_phase: stage2,
        stage2_by: month_of(stage2),
        within_roadmap: stage2.is_some_and(|p| p <= options.phases),
        not_assessed: certification.not_assessed.clone(),
        certify_by: options
            .certify_by
            .map(|month| certify_by(initiatives, rules, &scores.assessment.date, options, month)),
    }
}

/// The least capacity that schedules every certification step in the phases ending by `month`.
fn certify_by(
    initiatives: &[Initiative],
    rules: &Rules,
    date: &str,
    options: RoadmapOptions,
    month: Month,
) -> CertifyBy {
    let start = plan_start(date);
    let phases = start.map_or(0, |start| {
        let months = month.index - start.index + 1;
        usize::try_from(months.max(0) / i64::from(options.phase_months)).unwrap_or(0)
    });
    let total: f64 = initiatives
        .iter()
        .flat_map(|i| &i.steps)
        .filter(|s| s.tier == Tier::Certification)
        .map(|s| s.effort_days)
        .sum();
    let fits = |capacity: u32| {
        let trial = RoadmapOptions {
            phases,
            capacity,
            ..options
        };
        let placed = schedule(initiatives, rules, trial);
        initiatives.iter().all(|i| {
            i.steps
                .iter()
                .filter(|s| s.tier == Tier::Certification)
                .all(|s| placed.contains_key(&(i.question.clone(), s.level)))
        })
    };
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a sum of small person-day figures"
    )]
    let most = total.ceil().max(1.0) as u32;
    let capacity_needed = (phases > 0 && fits(most)).then(|| {
        let (mut low, mut high) = (1, most);
        while low < high {
            let middle = low + (high - low) / 2;
            if fits(middle) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        high
    });
    CertifyBy {
        month,
        phases,
        capacity_needed,
    }
}

/// The initiative for one question answered below its target: its name and workstream, its
/// priority, the gaps it helps close and one step per level to climb, each with its action and
/// person-days; `None` when the question is at or above its target.
fn initiative_for(
    section: &crate::content::questionnaire::Section,
    question: &crate::content::questionnaire::Question,
    context: &Context,
) -> Option<Initiative> {
    let answer = context.responses.answer(&question.id).level()?;
    let target = question_target(question, context.controls)?;
    let top = crate::engine::levels::level_needed(target);
    if answer >= top {
        return None;
    }
    let mapped: Vec<Mapped> = question
        .maps
        .iter()
        .filter_map(|m| {
            context
                .controls
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
            let factor = mandatory_factor(m.control, &context.assessment.readiness);
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
    let workstream = context.questionnaire.workstream_of(&section.id);
    let effort_days = f64::from(context.assessment.effort_days.of(question.effort));
    Some(Initiative {
        rank: 0,
        question: question.id.clone(),
        title: question.name().to_string(),
        workstream: workstream.map_or_else(|| section.id.clone(), |w| w.id.clone()),
        workstream_name: workstream.map_or_else(|| section.name.clone(), |w| w.name.clone()),
        section: section.name.clone(),
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
                level_name: context.questionnaire.level_name(level).to_string(),
                action: question.action(level).unwrap_or_default().to_string(),
                description: question.levels.get(usize::from(level)).cloned().unwrap_or_default(),
                tier: Tier::Conformity,
                effort_days,
                phase: None,
                reason: Reason::Capacity,
                explanation: String::new(),
            })
            .collect(),
    })
}

/// The first month of phase 1: the month after the assessment, since work on its findings starts
/// once they are reported.
fn plan_start(date: &str) -> Option<Month> {
    Month::of_date(date).map(|month| month.plus(1))
}

/// First and last month of a phase, counted from the month after the assessment.
fn phase_months(date: &str, number: usize, months: u32) -> (String, String) {
    let Some(start) = plan_start(date) else {
        return (String::new(), String::new());
    };
    let first = u32::try_from(number.saturating_sub(1))
        .unwrap_or(u32::MAX)
        .saturating_mul(months);
    (
        start.plus(first).to_string(),
        start.plus(first.saturating_add(months - 1)).to_string(),
    )
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
                        reason: String::new(),
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
            self.run_for(answers, options, None)
        }

        fn run_for(
            &self,
            answers: &[(&str, Answer)],
            options: RoadmapOptions,
            certification: Option<&Certification>,
        ) -> Roadmap {
            let refs: Vec<&Catalog> = self.catalogs.iter().collect();
            let a = assessment(&["f"], self.targets.clone());
            let r = responses(answers);
            let scores = score_parts(&a, &self.questionnaire, &refs, &r);
            build(&scores, &self.questionnaire, &r, &a, options, certification)
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

    /// `steps` steps of medium effort (5 person-days) per phase.
    fn options(phases: usize, steps: u32) -> RoadmapOptions {
        RoadmapOptions {
            phases,
            capacity: steps * 5,
            ..RoadmapOptions::default()
        }
    }

    /// Question `id` closes a nonconformity (rank 0 major, 1 minor) up to level 3.
    fn closing(ids: &[(&str, u8)], stage1: &[&str]) -> Certification {
        Certification {
            closes: ids.iter().map(|(id, rank)| ((*id).to_string(), (3, *rank))).collect(),
            stage1: stage1.iter().map(|id| (*id).to_string()).collect(),
            not_assessed: vec![],
        }
    }

    #[test]
    fn certification_steps_go_first_majors_before_minors_and_beyond_conformity_waits() {
        let mut case = Case::new(vec![q("A", &[], None), q("B", &[], None), q("C", &[], None)]);
        case.targets.default = 4.0;
        // Priorities: C gap 4, B gap 3, A gap 2; A closes a major, B a minor, C nothing.
        let answers = [("A", Level(2)), ("B", Level(1)), ("C", Level(0))];
        let certification = closing(&[("A", 0), ("B", 1)], &["A"]);
        let r = case.run_for(&answers, options(2, 2), Some(&certification));
        assert_eq!(
            phase_of(&r, "A", 3),
            Some(1),
            "the major's step goes first though its priority is lowest"
        );
        assert_eq!(phase_of(&r, "B", 2), Some(1));
        assert_eq!(phase_of(&r, "B", 3), Some(2));
        assert_eq!(
            phase_of(&r, "C", 1),
            Some(2),
            "work up to conformity fills what certification leaves"
        );
        assert_eq!(phase_of(&r, "A", 4), None, "the two phases are full");
        let tiers: Vec<Tier> = r
            .initiatives
            .iter()
            .find(|i| i.question == "A")
            .unwrap()
            .steps
            .iter()
            .map(|s| s.tier)
            .collect();
        assert_eq!(tiers, [Tier::Certification, Tier::Beyond]);
        let plan = r.certification.as_ref().unwrap();
        assert_eq!((plan.stage1_phase, plan.stage2_phase), (Some(1), Some(2)));
        assert_eq!(plan.stage2_by.as_deref(), Some("2026-07"), "two quarters from February");
        assert!(plan.within_roadmap);
        let r = case.run_for(&answers, options(1, 2), Some(&certification));
        assert_eq!(phase_of(&r, "C", 1), None);
        assert_eq!(
            reason_of(&r, "A", 4),
            Reason::CertificationFirst,
            "B's level 3 is unscheduled, so nothing beyond conformity may be"
        );
        let plan = r.certification.as_ref().unwrap();
        assert_eq!(
            plan.stage2_phase,
            Some(2),
            "found by running the plan past its last phase"
        );
        assert!(!plan.within_roadmap);
    }

    #[test]
    fn without_certification_no_step_is_beyond_conformity_and_priority_alone_orders() {
        let mut case = Case::new(vec![q("A", &[], None)]);
        case.targets.default = 5.0;
        let r = case.run(&[("A", Level(2))], RoadmapOptions::default());
        assert!(r.initiatives[0].steps.iter().all(|s| s.tier == Tier::Conformity));
        assert!(r.certification.is_none());
    }

    #[test]
    fn capacity_is_person_days_and_a_step_larger_than_a_phase_waits_with_the_reason() {
        let case = Case::new(vec![q("A", &[], Some(Effort::L)), q("B", &[], Some(Effort::S))]);
        let r = case.run(
            &[("A", Level(2)), ("B", Level(2))],
            RoadmapOptions {
                capacity: 8,
                ..RoadmapOptions::default()
            },
        );
        assert_eq!(phase_of(&r, "A", 3), None);
        let a = r.initiatives.iter().find(|i| i.question == "A").unwrap();
        assert_eq!(a.steps[0].effort_days, 10.0);
        assert_eq!(
            a.steps[0].explanation,
            "it takes 10.00 person-days, more than a phase's capacity of 8"
        );
        assert_eq!(phase_of(&r, "B", 3), Some(1));
        assert_eq!(r.phases()[0].effort_days, 2.0);
    }

    #[test]
    fn several_levels_climb_in_one_phase_when_allowed_and_are_shown_as_one_entry() {
        let case = Case::new(vec![q("A", &[], None)]);
        let r = case.run(
            &[("A", Level(0))],
            RoadmapOptions {
                levels_per_phase: 3,
                ..RoadmapOptions::default()
            },
        );
        assert_eq!((1..=3).map(|l| phase_of(&r, "A", l)).collect::<Vec<_>>(), [Some(1); 3]);
        let phase = &r.phases()[0];
        assert_eq!(phase.steps.len(), 1);
        assert_eq!((phase.steps[0].from, phase.steps[0].level), (0, 3));
        assert_eq!(phase.steps[0].effort_days, 15.0);
        assert_eq!(
            phase.steps[0].description, "level 3",
            "only the level reached is described"
        );
    }

    #[test]
    fn certify_by_finds_the_least_capacity_or_says_none_can() {
        let case = Case::new(vec![q("A", &[], None), q("B", &[], None)]);
        let answers = [("A", Level(1)), ("B", Level(1))];
        let certification = closing(&[("A", 0), ("B", 0)], &[]);
        let by = |month: &str, levels: u8| {
            let options = RoadmapOptions {
                certify_by: Month::parse(month),
                levels_per_phase: levels,
                ..RoadmapOptions::default()
            };
            let r = case.run_for(&answers, options, Some(&certification));
            r.certification.unwrap().certify_by.unwrap()
        };
        let target = by("2026-07", 1);
        assert_eq!(target.phases, 2, "February to July is two quarters");
        assert_eq!(
            target.capacity_needed,
            Some(10),
            "two steps of 5 person-days in each of two phases"
        );
        assert_eq!(
            by("2026-04", 1).capacity_needed,
            None,
            "two levels cannot be climbed in one phase"
        );
        assert_eq!(by("2026-04", 2).capacity_needed, Some(20));
        assert_eq!(by("2026-01", 2).phases, 0, "the assessment month is before phase 1");
    }

    #[test]
    fn months_read_only_as_yyyy_mm() {
        assert_eq!(
            Month::parse("2027-09").map(|m| m.to_string()).as_deref(),
            Some("2027-09")
        );
        for bad in ["2027-13", "2027-9", "27-09", "2027/09", "2027-09-01", ""] {
            assert!(Month::parse(bad).is_none(), "{bad}");
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
    fn phases_are_dated_from_the_month_after_the_assessment() {
        assert_eq!(phase_months("2026-11-24", 1, 3), ("2026-12".into(), "2027-02".into()));
        assert_eq!(phase_months("2026-11-24", 2, 3), ("2027-03".into(), "2027-05".into()));
        assert_eq!(phase_months("2026-12-31", 1, 1), ("2027-01".into(), "2027-01".into()));
    }
}
