#![allow(
    clippy::cast_possible_truncation,
    clippy::default_trait_access,
    reason = "test fixtures"
)]

//! Builders for unit tests: small catalogs, questionnaires, responses and assessments in code.

use crate::content::catalog::{Catalog, Control, Domain};
use crate::content::questionnaire::{Mapping, Question, Questionnaire, Scale, ScaleLevel, Section};
use crate::workspace::assessment::{Assessment, Targets};
use crate::workspace::responses::{Answer, Response, Responses};

pub fn control(id: &str, weight: f64) -> Control {
    Control {
        id: id.into(),
        title: id.to_uppercase(),
        statement: String::new(),
        summary: String::new(),
        weight,
        mandatory: false,
        depends_on: vec![],
        elements: vec![],
        documents: vec![],
    }
}

pub fn catalog(id: &str, domains: Vec<(&str, Vec<Control>)>) -> Catalog {
    Catalog {
        id: id.into(),
        name: id.to_uppercase(),
        version: "1".into(),
        description: String::new(),
        documents: vec![],
        domains: domains
            .into_iter()
            .map(|(d, controls)| Domain {
                id: d.into(),
                name: d.into(),
                description: String::new(),
                controls,
            })
            .collect(),
        scale_note: String::new(),
        indicative: false,
        design_factors: vec![],
        positions: Default::default(),
        document_positions: Default::default(),
    }
}

pub fn question(id: &str, maps: &[(&str, &str, f64)]) -> Question {
    Question {
        id: id.into(),
        title: String::new(),
        text: format!("{id}?"),
        guidance: String::new(),
        levels: (0..6).map(|l| format!("level {l}")).collect(),
        actions: vec![],
        evidence_examples: vec![],
        maps: maps
            .iter()
            .map(|(f, c, w)| Mapping {
                framework: (*f).into(),
                control: (*c).into(),
                weight: *w,
                role: None,
                elements: vec![],
                reason: String::new(),
            })
            .collect(),
        depends_on: vec![],
        effort: None,
    }
}

pub fn questionnaire(questions: Vec<Question>) -> Questionnaire {
    let names = ["Incomplete", "Initial", "Managed", "Defined", "Measured", "Optimising"];
    Questionnaire {
        id: "q".into(),
        name: "Q".into(),
        version: "1".into(),
        description: String::new(),
        scale: Scale {
            name: String::new(),
            levels: names
                .iter()
                .enumerate()
                .map(|(i, n)| ScaleLevel {
                    level: i as u8,
                    name: (*n).into(),
                    meaning: String::new(),
                })
                .collect(),
        },
        rating: crate::content::questionnaire::Rating::default(),
        workstreams: vec![],
        sections: vec![Section {
            id: "s".into(),
            name: "S".into(),
            tab: String::new(),
            description: String::new(),
            questions,
        }],
        changes: vec![],
        positions: Default::default(),
        mapped: Default::default(),
    }
}

pub fn responses(answers: &[(&str, Answer)]) -> Responses {
    let mut r = Responses::default();
    for (i, (id, answer)) in answers.iter().enumerate() {
        r.by_question.insert(
            (*id).into(),
            Response {
                question_id: (*id).into(),
                answer: *answer,
                comment: String::new(),
                evidence: String::new(),
                file: "r.csv".into(),
                line: i + 2,
                row: Some(i + 2),
                sheet: None,
                respondent: None,
                asked_as: String::new(),
            },
        );
    }
    r
}

pub fn assessment(frameworks: &[&str], targets: Targets) -> Assessment {
    Assessment {
        organization: "Org".into(),
        assessor: "A".into(),
        date: "2026-01-01".into(),
        frameworks: frameworks.iter().map(|f| (*f).into()).collect(),
        questionnaire: "q".into(),
        targets,
        responses: vec![crate::workspace::assessment::ResponseSource::File(
            "responses.csv".into(),
        )],
        evidence: None,
        interviews: vec![],
        samples: vec![],
        readiness: Default::default(),
        effort_days: Default::default(),
        report: Default::default(),
        baseline: None,
        profile: Default::default(),
    }
}
