//! The questionnaire: questions in sections, each with six level descriptors and a mapping to controls.

use serde::{Deserialize, Serialize};

use crate::content::catalog::default_weight;

pub const LEVELS: usize = 6;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    pub id: String,
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
    pub scale: Scale,
    /// How to rate: the rules an assessor applies to every question, shown to interviewees.
    #[serde(default, skip_serializing_if = "Rating::is_empty")]
    pub rating: Rating,
    /// Themes the roadmap groups its initiatives by, each taking whole sections.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub workstreams: Vec<Workstream>,
    pub sections: Vec<Section>,
    /// What each version changed, newest first: question ids added, split or retired. An id once
    /// retired is never used again, so answers keep one meaning across versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// Where each question id sits, built by [`Questionnaire::index`] once loaded.
    #[serde(skip)]
    pub(crate) positions: rustc_hash::FxHashMap<String, (usize, usize)>,
    /// The mappings to each control, by framework then control, as (section, question, mapping)
    /// positions in questionnaire order; built with `positions`.
    #[serde(skip)]
    pub(crate) mapped: rustc_hash::FxHashMap<String, ControlMappings>,
}

/// Per control id of one framework, the (section, question, mapping) positions of its mappings.
pub(crate) type ControlMappings = rustc_hash::FxHashMap<String, Vec<(usize, usize, usize)>>;

/// The rating rules: a one-sentence summary for each question's guidance, and the rules in full.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub summary: String,
    #[serde(default)]
    pub rules: Vec<String>,
}

impl Rating {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.summary.is_empty() && self.rules.is_empty()
    }
}

/// One version of the questionnaire's content, as its change log records it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub version: String,
    pub summary: String,
    /// Question ids new in this version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    /// Questions that rated several things, split so that each is rated on its own: the old id
    /// keeps one part, and the new ids take the others.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub split: Vec<Split>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<Retired>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Split {
    pub from: String,
    pub into: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Retired {
    pub id: String,
    pub reason: String,
    /// The questions that now ask what it asked, if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaced_by: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    #[serde(default)]
    pub name: String,
    pub levels: Vec<ScaleLevel>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScaleLevel {
    pub level: u8,
    pub name: String,
    #[serde(default)]
    pub meaning: String,
}

/// A theme of the roadmap: a name, the outcome it delivers, and the sections whose questions it
/// takes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Workstream {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub outcome: String,
    pub sections: Vec<String>,
}

/// How many actions a question lists: one per level to reach, 1 to 5.
pub const ACTIONS: usize = LEVELS - 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub name: String,
    /// The name of the section's sheet in a response workbook: at most 31 characters, none of
    /// `: \ / ? * [ ]` (Excel's rules). Derived from `name` when absent.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tab: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    /// A short name for the initiative that improves it, such as "Major incident handling".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    pub text: String,
    #[serde(default)]
    pub guidance: String,
    pub levels: Vec<String>,
    /// What to do to reach each level: `actions[0]` reaches level 1, `actions[4]` level 5.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
    #[serde(default)]
    pub evidence_examples: Vec<String>,
    pub maps: Vec<Mapping>,
    #[serde(default)]
    pub depends_on: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<Effort>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub framework: String,
    pub control: String,
    #[serde(default = "default_weight")]
    pub weight: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// For a direct mapping, the required elements of the control the question evidences.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<String>,
    /// Why the question evidences the control, in a line.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// What a question is to a control: direct evidence of its required elements, or related practice.
/// Scores use every mapping; readiness classifies requirements from direct ones only.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Direct,
    Supporting,
}

/// Effort to climb one level of a question.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub enum Effort {
    S,
    M,
    L,
}

impl Questionnaire {
    /// The version that retired question `id`, and the entry, if the change log retires it.
    #[must_use]
    pub fn retired(&self, id: &str) -> Option<(&str, &Retired)> {
        self.changes
            .iter()
            .find_map(|c| c.retired.iter().find(|r| r.id == id).map(|r| (c.version.as_str(), r)))
    }

    pub fn questions(&self) -> impl Iterator<Item = (&Section, &Question)> {
        self.sections
            .iter()
            .flat_map(|s| s.questions.iter().map(move |q| (s, q)))
    }

    #[must_use]
    pub fn question(&self, id: &str) -> Option<&Question> {
        if self.positions.is_empty() {
            return self.questions().map(|(_, q)| q).find(|q| q.id == id);
        }
        let &(s, q) = self.positions.get(id)?;
        self.sections.get(s)?.questions.get(q)
    }

    /// Builds the id look-up; the first of two equal ids wins, as in a linear search.
    pub fn index(&mut self) {
        self.positions.clear();
        self.mapped.clear();
        for (s, section) in self.sections.iter().enumerate() {
            for (q, question) in section.questions.iter().enumerate() {
                self.positions.entry(question.id.clone()).or_insert((s, q));
                for (m, mapping) in question.maps.iter().enumerate() {
                    self.mapped
                        .entry(mapping.framework.clone())
                        .or_default()
                        .entry(mapping.control.clone())
                        .or_default()
                        .push((s, q, m));
                }
            }
        }
    }

    /// The questions mapped to a control, each with its mapping, in questionnaire order.
    #[must_use]
    pub fn mapped_to<'a>(&'a self, framework: &str, control: &str) -> Vec<(&'a Question, &'a Mapping)> {
        if self.positions.is_empty() {
            return self
                .questions()
                .flat_map(|(_, q)| q.maps.iter().map(move |m| (q, m)))
                .filter(|(_, m)| m.framework == framework && m.control == control)
                .collect();
        }
        self.mapped
            .get(framework)
            .and_then(|controls| controls.get(control))
            .into_iter()
            .flatten()
            .filter_map(|&(s, q, m)| {
                let question = self.sections.get(s)?.questions.get(q)?;
                Some((question, question.maps.get(m)?))
            })
            .collect()
    }

    /// The workstream that takes a section, if any.
    #[must_use]
    pub fn workstream_of(&self, section: &str) -> Option<&Workstream> {
        self.workstreams
            .iter()
            .find(|w| w.sections.iter().any(|s| s == section))
    }

    /// Name of a level on the questionnaire's scale, such as "Defined" for 3.
    #[must_use]
    pub fn level_name(&self, level: u8) -> &str {
        self.scale
            .levels
            .iter()
            .find(|l| l.level == level)
            .map_or("", |l| l.name.as_str())
    }
}

impl Question {
    /// The initiative's name: its title, or its id when it has none.
    #[must_use]
    pub fn name(&self) -> &str {
        if self.title.is_empty() { &self.id } else { &self.title }
    }

    /// What to do to reach `level`, when the question says.
    #[must_use]
    pub fn action(&self, level: u8) -> Option<&str> {
        let index = usize::from(level).checked_sub(1)?;
        self.actions.get(index).map(String::as_str)
    }

    #[must_use]
    pub fn maps_any(&self, frameworks: &[String]) -> bool {
        self.maps.iter().any(|m| frameworks.contains(&m.framework))
    }
}

/// The first sheet of a response workbook: how to answer. Its name is reserved; every other sheet
/// is read for answers.
pub const INSTRUCTIONS: &str = "Instructions";

/// A spreadsheet's longest sheet name, and the characters it refuses in one.
pub const MAX_SHEET_NAME: usize = 31;
pub const SHEET_NAME_FORBIDDEN: [char; 7] = [':', '\\', '/', '?', '*', '[', ']'];

/// Why `tab` cannot name a sheet, if it cannot (an empty one is derived from the section name).
#[must_use]
pub fn tab_problem(tab: &str) -> Option<&'static str> {
    if tab.chars().count() > MAX_SHEET_NAME {
        Some("sheet name too long for a spreadsheet")
    } else if tab.chars().any(|c| SHEET_NAME_FORBIDDEN.contains(&c) || c.is_control()) {
        Some("a spreadsheet refuses this character in a sheet name")
    } else if tab.trim().eq_ignore_ascii_case(INSTRUCTIONS) {
        Some("sheet name taken by the instructions")
    } else {
        None
    }
}
