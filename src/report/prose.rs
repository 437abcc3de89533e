//! Every sentence a report prints that carries a number or a rule, written once. Templates, the
//! PDF layout and the terminal only place these strings.

use serde::Serialize;

use crate::engine::gaps::GapRegister;
use crate::engine::readiness::ReadinessResult;
use crate::engine::roadmap::Roadmap;
use crate::format::{number, percent};

/// What every domain chart shows, said under it in every format.
pub const DOMAIN_CHART_CAPTION: &str = "Domain scores against targets on the 0 to 5 scale: on a radar the filled shape is the score and the dashed line the target; on bars the bar is the score, coloured by level, and the mark the target.";

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
    /// The opening of the phase-by-phase plan.
    pub phases_intro: String,
    /// What a framework's domain chart shows.
    pub domain_chart_caption: String,
    /// What the roadmap's workstream-by-phase chart shows.
    pub gantt_caption: String,
    /// What the backlog holds, or that it is empty.
    pub backlog: String,
    /// With ISO/IEC 20000-1 in scope: when each audit stage could be reached.
    pub certification: Option<String>,
    /// The executive summary's opening: where the organisation stands for certification.
    pub standing: Option<String>,
    /// The executive summary's "decide first": the pace, then one sentence per leading workstream.
    pub decisions: Vec<String>,
    /// Under the framework table: why a gap can exceed target minus score.
    pub gap_note: String,
    /// The opening of the list of disagreements between interviewees.
    pub disagreements_intro: String,
    /// The quick wins by name, when there are any.
    pub quick_wins: Option<String>,
    /// The ISO/IEC 20000-1 sentences, when that framework is in scope.
    pub readiness: Option<ReadinessProse>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReadinessProse {
    /// "Verdict: not ready".
    pub verdict: String,
    /// The two stage sentences together, and that the verdict is the weaker.
    pub summary: String,
    /// "Stage 1, documentation: not ready. 12 of 20 required documents seen, ..."
    pub stage1: String,
    /// "Stage 2, implementation: not ready. 30 of 57 requirements conform (53%); ..."
    pub stage2: String,
    /// The classification thresholds, the major and minor rule and the systemic-failure rule.
    pub thresholds: String,
    /// The groups flagged as possible systemic failures, when there are any.
    pub systemic: Option<String>,
    /// The requirements on which an exclusion was claimed, when there are any.
    pub exclusions: Option<String>,
    /// That the assessment has no evidence register, when it has none.
    pub register: Option<String>,
    /// The direct and supporting questions left unanswered: what the fieldwork did not cover.
    pub limitations: Option<String>,
    /// What stands between the organisation and each stage, most serious first: required documents
    /// missing or not recorded, major nonconformities, requirements not assessed.
    pub blockers: Vec<String>,
    /// Opening sentence of the nonconformities and of the corrective action plan.
    pub actions_intro: String,
    pub observations_intro: String,
    pub opportunities_intro: String,
    pub documents_intro: String,
    /// What the board profile's short table of requirements leaves out.
    pub board_table_note: String,
    /// What the chart of required elements by clause shows.
    pub chart_caption: String,
}

pub fn build(gaps: &GapRegister, roadmap: &Roadmap, readiness: Option<&ReadinessResult>) -> Prose {
    Prose {
        top_gaps_heading: format!("The {} largest gaps", count_in_words(TOP_GAPS)),
        gap_register_intro: gap_register_intro(gaps.gaps.len()),
        roadmap_intro: roadmap_intro(roadmap),
        timeline_note: timeline_note(roadmap),
        domain_chart_caption: DOMAIN_CHART_CAPTION.into(),
        gantt_caption: gantt_caption(roadmap),
        phases_intro: "Each phase says what to do and what good looks like at the level each initiative reaches."
            .into(),
        backlog: backlog(roadmap),
        certification: certification(roadmap),
        standing: readiness.map(|iso| standing(iso, roadmap)),
        decisions: decisions(roadmap),
        disagreements_intro: "Questions the interviewees answered two or more levels apart, or one not applicable where others gave a level. The answer scored is the assessor's where a consolidated file gives one, else the median, rounded down.".into(),
        gap_note: "Gap is the mean shortfall of the framework's controls below their targets; a control above its target counts as no shortfall, so the gap can be more than target minus score.".into(),
        quick_wins: quick_wins(roadmap),
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

/// The roadmap's opening sentence: initiatives, workstreams, effort, phases, capacity, the order
/// of work and the quick wins.
#[must_use]
pub fn roadmap_intro(r: &Roadmap) -> String {
    let o = &r.options;
    let steps: Vec<&crate::engine::roadmap::Step> = r.initiatives.iter().flat_map(|i| &i.steps).collect();
    let days: f64 = steps.iter().map(|s| s.effort_days).sum();
    let workstreams = r.workstream_plans().len();
    let pace = if o.levels_per_phase > 1 {
        format!("up to {} levels per initiative per phase", o.levels_per_phase)
    } else {
        "one level per initiative per phase".to_string()
    };
    let order = if r.certification.is_some() {
        "work that closes ISO/IEC 20000-1 nonconformities first (quick wins, then majors, then minors), then work up to conformity, then beyond it, each by priority"
    } else {
        "by priority"
    };
    let mut intro = format!(
        "{} initiative{} in {} workstream{}: {} step{} of {} person-days in all, scheduled into {} phases of {} months with {} person-days each, {pace}, {order}.",
        r.initiatives.len(),
        plural(r.initiatives.len(), "", "s"),
        workstreams,
        plural(workstreams, "", "s"),
        steps.len(),
        plural(steps.len(), "", "s"),
        crate::format::days(days),
        o.phases,
        o.phase_months,
        o.capacity
    );
    let quick_wins: Vec<String> = r
        .initiatives
        .iter()
        .filter(|i| i.quick_win)
        .map(|i| i.title.clone())
        .collect();
    if !quick_wins.is_empty() {
        intro.push_str(&format!(" Quick wins: {}.", quick_wins.join(", ")));
    }
    intro
}

/// When each audit stage could be reached at this capacity, and what a target month would take.
#[must_use]
pub fn certification(r: &Roadmap) -> Option<String> {
    let c = r.certification.as_ref()?;
    let o = &r.options;
    let mut text = format!(
        "Certification first: {} step{} ({} person-days) close the nonconformities.",
        c.steps,
        plural(c.steps, "", "s"),
        crate::format::days(c.effort_days)
    );
    let when = |phase: Option<usize>, by: &Option<String>| match (phase, by) {
        (Some(0), _) => "now, as far as the answers go".to_string(),
        (Some(p), Some(by)) => format!("by {by} (phase {p})"),
        _ => format!("not within {} phases", crate::engine::roadmap::HORIZON),
    };
    text.push_str(&format!(
        " At {} person-days per phase the organisation could be ready for a stage 1 audit {} and for stage 2 {}.",
        o.capacity,
        when(c.stage1_phase, &c.stage1_by),
        when(c.stage2_phase, &c.stage2_by)
    ));
    if !c.within_roadmap {
        let end = r.phases().last().map(|p| p.end.clone()).unwrap_or_default();
        text.push_str(&format!(
            " That runs past the roadmap's {} phases, which end in {end}: more person-days per phase bring it forward.",
            o.phases
        ));
    }
    if let Some(target) = &c.certify_by {
        match target.capacity_needed {
            Some(days) => text.push_str(&format!(
                " To be ready for stage 2 by {} ({} phases), the plan needs {days} person-days per phase.",
                target.month, target.phases
            )),
            None => text.push_str(&format!(
                " Ready for stage 2 by {} ({} phase{}) cannot be reached at any capacity: the levels to climb and their prerequisites need more phases{}.",
                target.month,
                target.phases,
                plural(target.phases, "", "s"),
                if o.levels_per_phase < 3 { ", or more levels climbed per phase" } else { "" }
            )),
        }
    }
    text.push_str(&dates_caveat(c));
    Some(text)
}

/// The note under the timeline: what its colours mean, only for colours it shows (empty when it
/// shows none).
fn timeline_note(roadmap: &Roadmap) -> String {
    let mut marks = Vec::new();
    let phases = roadmap.phases();
    let shown = |tier: Option<crate::engine::roadmap::Tier>, quick: bool| {
        phases.iter().flat_map(|p| &p.steps).any(|s| {
            if quick {
                s.quick_win
            } else {
                Some(s.tier) == tier && !s.quick_win
            }
        })
    };
    if shown(Some(crate::engine::roadmap::Tier::Certification), false) {
        marks.push("red: closes an ISO/IEC 20000-1 nonconformity");
    }
    if shown(None, true) {
        marks.push("green: quick win");
    }
    if marks.is_empty() {
        String::new()
    } else {
        format!("Marked {}.", marks.join("; "))
    }
}

/// How many workstreams the executive summary asks the reader to decide on first.
pub const DECISIONS: usize = 4;

/// Where the organisation stands for ISO/IEC 20000-1 certification, in two sentences a board reads.
fn standing(iso: &ReadinessResult, roadmap: &Roadmap) -> String {
    let c = &iso.stage2.counts;
    let mut text = format!(
        "{}: {} for certification, with {} major and {} minor nonconformit{}, {} of {} required documents missing and {} requirement{} not assessed.",
        iso.framework_name,
        iso.verdict.label(),
        c.major,
        c.minor,
        plural(c.minor, "y", "ies"),
        iso.stage1.counts.missing,
        iso.stage1.counts.required_documents,
        c.not_assessed,
        plural(c.not_assessed, "", "s")
    );
    if let Some(plan) = &roadmap.certification {
        let by = |phase: Option<usize>, month: &String| match phase {
            Some(0) => "now".to_string(),
            _ => format!("by {month}"),
        };
        match (&plan.stage1_by, &plan.stage2_by) {
            (Some(_), Some(_)) if plan.stage1_phase == Some(0) && plan.stage2_phase == Some(0) => {
                text.push_str(&format!(
                    " As far as the answers go, it is ready for both audit stages now.{}",
                    dates_caveat(plan)
                ));
            }
            (Some(stage1), Some(stage2)) => text.push_str(&format!(
                " At {} person-days per phase it could be ready for a stage 1 audit {} and for stage 2 {}.{}",
                roadmap.options.capacity,
                by(plan.stage1_phase, stage1),
                by(plan.stage2_phase, stage2),
                dates_caveat(plan)
            )),
            _ => text.push_str(&format!(
                " At {} person-days per phase the work that closes the nonconformities does not fit within {} phases.",
                roadmap.options.capacity,
                crate::engine::roadmap::HORIZON
            )),
        }
    }
    text
}

/// The condition on every readiness date while a requirement is not assessed; empty otherwise.
fn dates_caveat(plan: &crate::engine::roadmap::CertificationPlan) -> String {
    if plan.not_assessed.is_empty() {
        return String::new();
    }
    format!(
        " No date holds until {} {} assessed.",
        plan.not_assessed.join(", "),
        plural(plan.not_assessed.len(), "is", "are")
    )
}

/// The decisions to take first: the pace, when certification is in view, then the leading
/// workstreams, each with what it delivers, what it costs and where it starts.
fn decisions(roadmap: &Roadmap) -> Vec<String> {
    let pace = pace_decision(roadmap);
    let workstreams = roadmap
        .workstream_plans()
        .iter()
        .take(DECISIONS)
        .map(|w| {
            let certification = if w.certification_steps > 0 {
                format!(
                    "; {} of its steps close{} ISO/IEC 20000-1 nonconformities",
                    w.certification_steps,
                    plural(w.certification_steps, "s", "")
                )
            } else {
                String::new()
            };
            let first = first_initiatives(roadmap, &w.id);
            format!(
                "Fund {}: {} person-days in all, {} of them within the plan's {} phase{} ({} initiative{}{certification}). {} Start with {}.",
                w.name,
                crate::format::days(w.effort_days),
                crate::format::days(w.scheduled_days),
                roadmap.options.phases,
                plural(roadmap.options.phases, "", "s"),
                w.initiatives.len(),
                plural(w.initiatives.len(), "", "s"),
                w.outcome,
                first.join(", ")
            )
        })
        .collect::<Vec<_>>();
    pace.into_iter().chain(workstreams).collect()
}

/// Working days a full-time person gives in a month, after leave and holidays: how person-days
/// per phase are read as people.
const WORKING_DAYS_PER_MONTH: f64 = 20.0;

fn full_time_people(capacity: u32, phase_months: u32) -> f64 {
    f64::from(capacity) / (WORKING_DAYS_PER_MONTH * f64::from(phase_months.max(1)))
}

/// The first decision when certification is in view: the capacity the plan assumes against the
/// work that closes the nonconformities, and what that pace means for the date.
fn pace_decision(roadmap: &Roadmap) -> Option<String> {
    let plan = roadmap.certification.as_ref()?;
    if plan.steps == 0 {
        return None;
    }
    let o = &roadmap.options;
    let people = full_time_people(o.capacity, o.phase_months);
    let mut text = format!(
        "Set the pace: closing the nonconformities takes {} person-days, and the plan gives {} a phase of {} months, about {} full-time {} ({} over its {} phase{}).",
        crate::format::days(plan.effort_days),
        o.capacity,
        o.phase_months,
        crate::format::days(people),
        if people > 1.05 { "people" } else { "person" },
        u64::from(o.capacity) * o.phases as u64,
        o.phases,
        plural(o.phases, "", "s")
    );
    text.push_str(&match (&plan.stage2_by, plan.within_roadmap) {
        (Some(by), true) => format!(" At this pace every nonconformity is closed by {by}, within the plan."),
        (Some(by), false) => {
            format!(" At this pace they are closed by {by}; more people or outside help bring that forward.")
        }
        (None, _) => " At this pace they are not closed within the horizon the plan looks at; more people or outside help are needed.".into(),
    });
    if let Some(target) = &plan.certify_by {
        text.push_str(&match target.capacity_needed {
            Some(days) => format!(" Closing them by {} takes {days} person-days a phase.", target.month),
            None => format!(
                " Closing them by {} cannot be done at any pace: the levels to climb need more phases.",
                target.month
            ),
        });
    }
    Some(text)
}

/// The three initiatives of a workstream to start with: those scheduled earliest, then by rank.
fn first_initiatives<'a>(roadmap: &'a Roadmap, workstream: &str) -> Vec<&'a str> {
    let mut initiatives: Vec<(usize, usize, &str)> = roadmap
        .initiatives
        .iter()
        .filter(|i| i.workstream == workstream)
        .map(|i| {
            let first = i.steps.iter().filter_map(|s| s.phase).min().unwrap_or(usize::MAX);
            (first, i.rank, i.title.as_str())
        })
        .collect();
    initiatives.sort_unstable();
    initiatives.into_iter().take(3).map(|(_, _, title)| title).collect()
}

fn quick_wins(roadmap: &Roadmap) -> Option<String> {
    let names: Vec<&str> = roadmap
        .initiatives
        .iter()
        .filter(|i| i.quick_win)
        .map(|i| i.title.as_str())
        .collect();
    (!names.is_empty()).then(|| {
        format!(
            "Quick wins, small and high in priority, each one step: {}.",
            names.join(", ")
        )
    })
}

/// The caption of the workstream-by-phase chart; it speaks of red only when there is certification work.
#[must_use]
pub fn gantt_caption(roadmap: &Roadmap) -> String {
    let mut caption =
        "Each cell: the person-days a workstream spends in a phase, and its number of initiatives; the last column, the person-days left to a later plan; the last row, each phase's person-days against its capacity.".to_string();
    if roadmap.certification.is_some() {
        caption.push_str(" Red where the work closes ISO/IEC 20000-1 nonconformities.");
    }
    caption
}

/// What the backlog holds, or that it is empty.
#[must_use]
pub fn backlog(r: &Roadmap) -> String {
    let steps: Vec<&crate::engine::roadmap::Step> = r
        .initiatives
        .iter()
        .flat_map(|i| &i.steps)
        .filter(|s| s.phase.is_none())
        .collect();
    if steps.is_empty() {
        return "Every step fits within the phases.".into();
    }
    let days: f64 = steps.iter().map(|s| s.effort_days).sum();
    format!(
        "{} step{} ({} person-days) {} not fit within the {} phases at {} person-days each. More phases or more person-days per phase bring them in.",
        steps.len(),
        plural(steps.len(), "", "s"),
        crate::format::days(days),
        plural(steps.len(), "does", "do"),
        r.options.phases,
        r.options.capacity
    )
}

fn readiness_prose(iso: &ReadinessResult) -> ReadinessProse {
    let c = &iso.stage2.counts;
    let d = &iso.stage1.counts;
    let t = &iso.thresholds;
    let systemic = (!iso.systemic_groups.is_empty()).then(|| {
        let groups: Vec<String> = iso
            .systemic_groups
            .iter()
            .map(|g| format!("{} ({})", g.group, g.minors.join(", ")))
            .collect();
        format!("Possible systemic failures: {}.", groups.join("; "))
    });
    let excluded: Vec<&str> = iso
        .requirements
        .iter()
        .filter(|r| r.exclusion_claimed)
        .map(|r| r.clause.as_str())
        .collect();
    let exclusions = (!excluded.is_empty()).then(|| {
        format!(
            "Exclusion claimed on {}: not permitted. A question that directly evidences a requirement was answered not applicable, but no requirement of ISO/IEC 20000-1 may be excluded, so the element stays not assessed and the verdict cannot be ready until it is assessed.",
            excluded.join(", ")
        )
    });
    let stage1 = format!(
        "Stage 1, documentation: {}. Of {} required document{}, {} seen, {} claimed but not seen, {} missing, {} not recorded; {} of {} stage 1 check{} met.",
        iso.stage1.verdict.label(),
        d.required_documents,
        plural(d.required_documents, "", "s"),
        d.seen,
        d.claimed,
        d.missing,
        d.not_recorded,
        d.checks_met,
        d.checks,
        plural(d.checks, "", "s")
    );
    let stage2 = format!(
        "Stage 2, implementation: {}. {} of {} requirements conform ({}); {} minor, {} major, {} not assessed.",
        iso.stage2.verdict.label(),
        c.conforming,
        c.requirements,
        percent(Some(iso.readiness)),
        c.minor,
        c.major,
        c.not_assessed
    );
    ReadinessProse {
        verdict: format!("Verdict: {}", iso.verdict.label()),
        summary: format!("{stage1} {stage2} The verdict is the weaker of the two."),
        stage1,
        stage2,
        thresholds: format!(
            "A required element is met when every one of its direct questions is answered {} or higher, partly met when the weakest is from {}, and absent below; where a question rates the element at full weight, questions that rate it at a lower weight, alongside another control, are shown as supporting practice. A requirement is classified on its weakest element, from direct evidence only: an absent element that must exist, a partly met one that must exist and that a stage 1 audit checks, no element in place at all, or a required document missing, is a major nonconformity; any other element partly met or absent, or a sample with more than {} exceptions, a minor one. {} or more minors under one clause flag a possible systemic failure{}.",
            number(Some(t.conformity)),
            number(Some(t.minor)),
            percent(Some(t.sample_tolerance)),
            t.systemic_minors,
            if iso.systemic_as_major {
                ", graded major here"
            } else {
                ""
            }
        ),
        systemic,
        exclusions,
        register: (!iso.register).then(|| {
            "The assessment has no evidence register, so no document counts as seen and stage 1 cannot be ready: add \"evidence\": \"evidence.csv\" to assessment.json and record each document as seen, claimed or missing.".to_string()
        }),
        blockers: blockers(iso),
        limitations: limitations(iso),
        actions_intro: format!(
            "{} nonconformit{}: {} major, to be closed before a certificate can be issued, and {} minor, each to be covered by a corrective action plan the certification body accepts. Correction, root cause, corrective action, owner and due date are the organisation's to fill in; the roadmap steps raise the answers behind each finding.",
            iso.corrective_actions.len(),
            plural(iso.corrective_actions.len(), "y", "ies"),
            iso.stage2.counts.major,
            iso.stage2.counts.minor
        ),
        observations_intro: format!(
            "{} observation{} on conforming requirements: not nonconformities, but what an auditor would probe.",
            iso.observations.len(),
            plural(iso.observations.len(), "", "s")
        ),
        opportunities_intro: format!(
            "{} opportunit{} for improvement: elements met but below the target maturity.",
            iso.opportunities.len(),
            plural(iso.opportunities.len(), "y", "ies")
        ),
        chart_caption: "Required elements by clause of the standard, as shares of each clause: met, partly met, absent and not assessed, from direct evidence; each part shows its number of elements.".into(),
        board_table_note: format!(
            "{}; the {} minor nonconformit{} listed in the full report.",
            if iso.stage2.counts.major + iso.stage2.counts.not_assessed == 0 {
                "No major nonconformity and no requirement left unassessed"
            } else {
                "The majors and the requirements not assessed"
            },
            iso.stage2.counts.minor,
            plural(iso.stage2.counts.minor, "y is", "ies are")
        ),
        documents_intro: "Each document once, whichever requirements call for it, with its status in the evidence register. Only a document seen counts as evidence; free text in the responses' evidence column is context, never a document.".into(),
    }
}

/// The questions behind ISO/IEC 20000-1 left unanswered, each once, with the requirements they
/// evidence: what this report cannot vouch for.
fn limitations(iso: &ReadinessResult) -> Option<String> {
    let mut unanswered: indexmap::IndexMap<&str, Vec<&str>> = indexmap::IndexMap::new();
    for r in &iso.requirements {
        for q in r.questions.iter().chain(&r.supporting) {
            if q.answer == crate::workspace::responses::Answer::Unanswered {
                unanswered.entry(q.id.as_str()).or_default().push(r.clause.as_str());
            }
        }
    }
    (!unanswered.is_empty()).then(|| {
        let listed: Vec<String> = unanswered
            .iter()
            .map(|(q, clauses)| format!("{q} ({})", clauses.join(", ")))
            .collect();
        format!(
            "Not covered by the fieldwork: {} question{} behind these requirements went unanswered: {}. The report cannot vouch for what they evidence.",
            listed.len(),
            plural(listed.len(), "", "s"),
            listed.join("; ")
        )
    })
}

/// One sentence per kind of blocker that exists, each listing what it is about.
fn blockers(iso: &ReadinessResult) -> Vec<String> {
    use crate::engine::readiness::Classification;
    use crate::workspace::evidence::DocumentStatus;
    let documents = |status: DocumentStatus| -> Vec<String> {
        iso.documents
            .iter()
            .filter(|d| d.required && d.status == status)
            .map(|d| d.title.clone())
            .collect()
    };
    let requirements = |class: Classification| -> Vec<String> {
        iso.requirements
            .iter()
            .filter(|r| r.classification == class)
            .map(|r| format!("{} {}", r.clause, r.title))
            .collect()
    };
    let stage1_gaps: Vec<String> = iso
        .stage1
        .checks
        .iter()
        .filter(|c| c.status != crate::engine::readiness::ElementStatus::Met)
        .map(|c| format!("{} {}", c.clause, c.text))
        .collect();
    [
        (
            "required document missing",
            "required documents missing",
            documents(DocumentStatus::Missing),
        ),
        (
            "required document not recorded in the evidence register",
            "required documents not recorded in the evidence register",
            documents(DocumentStatus::NotRecorded),
        ),
        ("stage 1 check not met", "stage 1 checks not met", stage1_gaps),
        (
            "major nonconformity",
            "major nonconformities",
            requirements(Classification::Major),
        ),
        (
            "requirement not assessed",
            "requirements not assessed",
            requirements(Classification::NotAssessed),
        ),
    ]
    .into_iter()
    .filter(|(_, _, items)| !items.is_empty())
    .map(|(one, many, items)| {
        format!(
            "{} {}: {}.",
            items.len(),
            plural(items.len(), one, many),
            items.join("; ")
        )
    })
    .collect()
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
