//! Control catalogs: a framework, its domains and its controls, kept in the order they are written.

use serde::{Deserialize, Serialize};

/// The catalog whose requirements readiness classifies, and whose clauses interviews and samples
/// name.
pub const ISO20000: &str = "iso20000";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub id: String,
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
    /// The documents the catalog's controls call for, each listed once: a certifiable standard's
    /// documented information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Document>,
    pub domains: Vec<Domain>,
    /// How the questionnaire's 0 to 5 scale relates to the framework's own levels, for the method.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scale_note: String,
    /// Whether its results only indicate where the framework's own assessment would land; they
    /// are labelled so in every report.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub indicative: bool,
    /// Questions about the organisation whose answers move the default target of some controls
    /// (COBIT's idea of design factors, as a table of our own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub design_factors: Vec<DesignFactor>,
    /// Where each control id sits, built by [`Catalog::index`] once loaded, so look-ups stay
    /// constant-time in catalogs of any size.
    #[serde(skip)]
    pub(crate) positions: std::collections::HashMap<String, (usize, usize)>,
    /// Where each document id sits, built with `positions`.
    #[serde(skip)]
    pub(crate) document_positions: std::collections::HashMap<String, usize>,
}

/// One question about the organisation, with the answers a client picks from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DesignFactor {
    pub id: String,
    pub name: String,
    pub question: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub values: Vec<FactorValue>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FactorValue {
    pub id: String,
    pub name: String,
    pub meaning: String,
    /// How this answer moves default targets; none for the neutral answer.
    #[serde(default)]
    pub adjustments: Vec<Adjustment>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    pub control: String,
    /// +1 or -1 to the control's default target.
    pub change: i8,
    pub reason: String,
}

/// A document a control calls for: one record, whichever control asks for it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub id: String,
    pub title: String,
    /// Required by the standard itself, rather than typical evidence.
    #[serde(default)]
    pub required: bool,
    /// The control under which a missing document is raised, when several call for it; by default
    /// the first that does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised_under: Option<String>,
}

/// What an auditor looks for to find a requirement met; questions evidence it through the
/// `elements` of their direct mappings.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Element {
    pub id: String,
    pub text: String,
    /// About something existing at all (a document, a procedure, a role, a programme, an activity
    /// that must happen): absent, it is a major nonconformity.
    #[serde(default)]
    pub existence: bool,
    /// Checked by a stage 1 (documentation) audit.
    #[serde(default)]
    pub stage1: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub controls: Vec<Control>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub id: String,
    pub title: String,
    /// One line on what the requirement asks, for findings.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub statement: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default = "default_weight")]
    pub weight: f64,
    #[serde(default)]
    pub mandatory: bool,
    #[serde(default)]
    pub depends_on: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<Element>,
    /// Ids of the catalog's documents it calls for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
}

pub(crate) fn default_weight() -> f64 {
    1.0
}

impl Catalog {
    pub fn controls(&self) -> impl Iterator<Item = (&Domain, &Control)> {
        self.domains.iter().flat_map(|d| d.controls.iter().map(move |c| (d, c)))
    }

    #[must_use]
    pub fn control(&self, id: &str) -> Option<&Control> {
        if self.positions.is_empty() {
            return self.controls().map(|(_, c)| c).find(|c| c.id == id);
        }
        let &(d, c) = self.positions.get(id)?;
        self.domains.get(d)?.controls.get(c)
    }

    #[must_use]
    pub fn document(&self, id: &str) -> Option<&Document> {
        if self.document_positions.is_empty() {
            return self.documents.iter().find(|d| d.id == id);
        }
        self.documents.get(*self.document_positions.get(id)?)
    }

    /// Builds the id look-ups; the first of two equal ids wins, as in a linear search.
    pub fn index(&mut self) {
        self.document_positions.clear();
        for (i, document) in self.documents.iter().enumerate() {
            self.document_positions.entry(document.id.clone()).or_insert(i);
        }
        self.positions.clear();
        for (d, domain) in self.domains.iter().enumerate() {
            for (c, control) in domain.controls.iter().enumerate() {
                self.positions.entry(control.id.clone()).or_insert((d, c));
            }
        }
    }

    #[must_use]
    pub fn control_count(&self) -> usize {
        self.domains.iter().map(|d| d.controls.len()).sum()
    }
}

impl Catalog {
    /// The design factor `factor` and its answer `value`, when the catalog offers both.
    #[must_use]
    pub fn design_factor_answer(&self, factor: &str, value: &str) -> Option<(&DesignFactor, &FactorValue)> {
        let factor = self.design_factors.iter().find(|f| f.id == factor)?;
        factor.values.iter().find(|v| v.id == value).map(|v| (factor, v))
    }
}

/// A control's id when it is a reference code readers use (COBIT's APO04, a clause such as 8.4.1),
/// or nothing when it is a slug of its title (ITIL's value-streams), which would only repeat it.
#[must_use]
pub fn reference_code(id: &str) -> &str {
    if id.chars().any(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
        id
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::reference_code;

    #[test]
    fn codes_are_kept_and_slugs_dropped() {
        assert_eq!(reference_code("APO04"), "APO04");
        assert_eq!(reference_code("8.4.1"), "8.4.1");
        assert_eq!(reference_code("value-streams"), "");
        assert_eq!(reference_code("incident-management"), "");
    }
}
