//! The content library: bundled catalogs and questionnaires, optionally overlaid by a folder of the
//! user's own, and the validation (lint) of all of it.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::de::DeserializeOwned;

use crate::catalog::Catalog;
use crate::error::{Diagnostic, Diagnostics, Result};
use crate::json_locate;
use crate::questionnaire::{LEVELS, Questionnaire};

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

pub use bundled::BUNDLED_TEMPLATES;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Bundled,
    File(PathBuf),
}

/// A parsed content file with where it came from, kept so diagnostics can name file and line.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub value: T,
    pub origin: Origin,
    pub label: String,
    text: Cow<'static, str>,
}

impl<T> Loaded<T> {
    pub fn is_bundled(&self) -> bool {
        self.origin == Origin::Bundled
    }
}

#[derive(Debug, Clone, Default)]
pub struct Library {
    pub catalogs: IndexMap<String, Loaded<Catalog>>,
    pub questionnaires: IndexMap<String, Loaded<Questionnaire>>,
}

enum Kind {
    Catalog,
    Questionnaire,
}

impl Library {
    /// Bundled content plus the user's folder, validated; fails when any error is found and
    /// returns the warnings otherwise.
    pub fn load(catalog_dir: Option<&Path>) -> Result<(Library, Diagnostics)> {
        let (library, diagnostics) = Library::load_unchecked(catalog_dir);
        let warnings = diagnostics.into_result()?;
        Ok((library, warnings))
    }

    /// Loads everything it can and reports every problem, parse and validation alike.
    pub fn load_unchecked(catalog_dir: Option<&Path>) -> (Library, Diagnostics) {
        let mut library = Library::default();
        let mut diagnostics = Diagnostics::default();
        for (label, text) in bundled::BUNDLED_CATALOGS {
            library.add(
                Kind::Catalog,
                Origin::Bundled,
                label,
                Cow::Borrowed(text),
                &mut diagnostics,
            );
        }
        for (label, text) in bundled::BUNDLED_QUESTIONNAIRES {
            library.add(
                Kind::Questionnaire,
                Origin::Bundled,
                label,
                Cow::Borrowed(text),
                &mut diagnostics,
            );
        }
        if let Some(dir) = catalog_dir {
            library.add_folder(dir, &mut diagnostics);
        }
        diagnostics.extend(library.validate());
        (library, diagnostics)
    }

    fn add_folder(&mut self, dir: &Path, diagnostics: &mut Diagnostics) {
        let mut files = Vec::new();
        for folder in [dir.to_path_buf(), dir.join("frameworks"), dir.join("questionnaires")] {
            if folder != dir && !folder.is_dir() {
                continue;
            }
            match std::fs::read_dir(&folder) {
                Ok(entries) => files.extend(
                    entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json")),
                ),
                Err(err) => diagnostics
                    .push(Diagnostic::error(folder.display().to_string(), "cannot read the catalog folder").found(err)),
            }
        }
        files.sort();
        for path in files {
            let label = path.display().to_string();
            let text = match crate::input::read_text(&path) {
                Ok(text) => text,
                Err(d) => {
                    diagnostics.push(*d);
                    continue;
                }
            };
            let kind = match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(value) if value.get("domains").is_some() => Kind::Catalog,
                Ok(value) if value.get("sections").is_some() => Kind::Questionnaire,
                Ok(_) => {
                    diagnostics.push(
                        Diagnostic::error(&label, "not a catalog or a questionnaire")
                            .at_line(1)
                            .expected("a top-level \"domains\" (catalog) or \"sections\" (questionnaire)"),
                    );
                    continue;
                }
                Err(err) => {
                    diagnostics.push(crate::input::json_error(&label, &err));
                    continue;
                }
            };
            self.add(kind, Origin::File(path), &label, Cow::Owned(text), diagnostics);
        }
    }

    fn add(&mut self, kind: Kind, origin: Origin, label: &str, text: Cow<'static, str>, diagnostics: &mut Diagnostics) {
        match kind {
            Kind::Catalog => {
                if let Some(loaded) = parse::<Catalog>(origin, label, text, diagnostics) {
                    self.catalogs.insert(loaded.value.id.clone(), loaded);
                }
            }
            Kind::Questionnaire => {
                if let Some(loaded) = parse::<Questionnaire>(origin, label, text, diagnostics) {
                    self.questionnaires.insert(loaded.value.id.clone(), loaded);
                }
            }
        }
    }

    pub fn catalog(&self, id: &str) -> Option<&Catalog> {
        self.catalogs.get(id).map(|l| &l.value)
    }

    pub fn questionnaire(&self, id: &str) -> Option<&Questionnaire> {
        self.questionnaires.get(id).map(|l| &l.value)
    }

    /// Every content problem at once: ids, mappings, weights, descriptors, dependencies, coverage.
    pub fn validate(&self) -> Diagnostics {
        let mut all = Diagnostics::default();
        for loaded in self.catalogs.values() {
            all.extend(locate(validate_catalog(&loaded.value), loaded));
        }
        for loaded in self.questionnaires.values() {
            all.extend(locate(self.validate_questionnaire(&loaded.value), loaded));
        }
        all.extend(self.unmapped_controls());
        all
    }

    fn validate_questionnaire(&self, q: &Questionnaire) -> Vec<(String, Diagnostic)> {
        let mut found = Vec::new();
        let mut problem = |path: String, d: Diagnostic| found.push((path, d));
        let levels: BTreeSet<u8> = q.scale.levels.iter().map(|l| l.level).collect();
        if q.scale.levels.len() != LEVELS || levels != (0..LEVELS as u8).collect() {
            problem(
                "scale.levels".into(),
                err("the scale must name each level from 0 to 5 once")
                    .found(format!("levels {levels:?}"))
                    .expected("0, 1, 2, 3, 4, 5"),
            );
        }
        for (i, level) in q.scale.levels.iter().enumerate() {
            if level.name.trim().is_empty() {
                problem(format!("scale.levels[{i}].name"), err("empty level name"));
            }
        }
        let mut first_seen: BTreeMap<&str, String> = BTreeMap::new();
        let mut section_ids = BTreeSet::new();
        for (si, section) in q.sections.iter().enumerate() {
            if !section_ids.insert(section.id.as_str()) {
                problem(
                    format!("sections[{si}].id"),
                    err("duplicate section id").found(&section.id),
                );
            }
            for (qi, question) in section.questions.iter().enumerate() {
                let at = format!("sections[{si}].questions[{qi}]");
                if question.id.trim().is_empty() {
                    problem(format!("{at}.id"), err("empty question id"));
                } else if let Some(first) = first_seen.get(question.id.as_str()) {
                    problem(
                        format!("{at}.id"),
                        err("duplicate question id")
                            .found(&question.id)
                            .hint(format!("first used at {first}")),
                    );
                } else {
                    first_seen.insert(&question.id, at.clone());
                }
                if question.text.trim().is_empty() {
                    problem(format!("{at}.text"), err("empty question text"));
                }
                if question.levels.len() != LEVELS {
                    problem(
                        format!("{at}.levels"),
                        err("wrong number of level descriptors")
                            .found(question.levels.len())
                            .expected("6, for levels 0 to 5"),
                    );
                }
                for (li, text) in question.levels.iter().enumerate() {
                    if text.trim().is_empty() {
                        problem(format!("{at}.levels[{li}]"), err("empty level descriptor"));
                    } else if question.levels[..li].contains(text) {
                        problem(
                            format!("{at}.levels[{li}]"),
                            warn("level descriptor repeats an earlier one")
                                .hint("each level needs its own observable description"),
                        );
                    }
                }
                if question.maps.is_empty() {
                    problem(format!("{at}.maps"), err("the question maps to no control"));
                }
                let mut mapped = BTreeSet::new();
                for (mi, mapping) in question.maps.iter().enumerate() {
                    let map_at = format!("{at}.maps[{mi}]");
                    if !positive(mapping.weight) {
                        problem(
                            format!("{map_at}.weight"),
                            err("weight must be greater than 0").found(mapping.weight),
                        );
                    }
                    if !mapped.insert((&mapping.framework, &mapping.control)) {
                        problem(
                            map_at.clone(),
                            err("the question maps the same control twice")
                                .found(format!("{}:{}", mapping.framework, mapping.control)),
                        );
                    }
                    match self.catalog(&mapping.framework) {
                        None => problem(
                            format!("{map_at}.framework"),
                            err("unknown framework")
                                .found(&mapping.framework)
                                .expected(one_of(self.catalogs.keys().map(String::as_str))),
                        ),
                        Some(catalog) if catalog.control(&mapping.control).is_none() => {
                            let ids: Vec<&str> = catalog.controls().map(|(_, c)| c.id.as_str()).collect();
                            let mut d = err(format!("unknown control of {}", catalog.id)).found(&mapping.control);
                            if let Some(near) = nearest(&mapping.control, ids.iter().copied()) {
                                d = d.hint(format!("did you mean {near}?"));
                            }
                            problem(format!("{map_at}.control"), d);
                        }
                        Some(_) => {}
                    }
                }
                if question.effort.is_none() {
                    problem(format!("{at}.effort"), warn("no effort given").expected("S, M or L"));
                }
            }
        }
        let graph: Vec<(&str, String, &[String])> = q
            .sections
            .iter()
            .enumerate()
            .flat_map(|(si, s)| {
                s.questions.iter().enumerate().map(move |(qi, question)| {
                    (
                        question.id.as_str(),
                        format!("sections[{si}].questions[{qi}]"),
                        question.depends_on.as_slice(),
                    )
                })
            })
            .collect();
        for (path, d) in dependency_problems(&graph, "question") {
            problem(path, d);
        }
        found
    }

    /// Controls no questionnaire maps: an error for bundled content, a warning for a user's own.
    fn unmapped_controls(&self) -> Diagnostics {
        let mapped: BTreeSet<(&str, &str)> = self
            .questionnaires
            .values()
            .flat_map(|q| q.value.questions().flat_map(|(_, question)| question.maps.iter()))
            .map(|m| (m.framework.as_str(), m.control.as_str()))
            .collect();
        let all_questionnaires_bundled = self.questionnaires.values().all(Loaded::is_bundled);
        let mut diagnostics = Diagnostics::default();
        for loaded in self.catalogs.values() {
            let mut found = Vec::new();
            for (di, domain) in loaded.value.domains.iter().enumerate() {
                for (ci, control) in domain.controls.iter().enumerate() {
                    if mapped.contains(&(loaded.value.id.as_str(), control.id.as_str())) {
                        continue;
                    }
                    let message = format!(
                        "control {} is mapped by no question, so it can never be scored",
                        control.id
                    );
                    let d = if loaded.is_bundled() && all_questionnaires_bundled {
                        err(message)
                    } else {
                        warn(message)
                    };
                    found.push((format!("domains[{di}].controls[{ci}]"), d));
                }
            }
            diagnostics.extend(locate(found, loaded));
        }
        diagnostics
    }
}

fn validate_catalog(catalog: &Catalog) -> Vec<(String, Diagnostic)> {
    let mut found = Vec::new();
    if catalog.id.trim().is_empty() {
        found.push(("id".into(), err("empty framework id")));
    }
    if catalog.control_count() == 0 {
        found.push(("domains".into(), err("the catalog has no controls")));
    }
    let mut domain_ids = BTreeSet::new();
    let mut control_ids = BTreeSet::new();
    for (di, domain) in catalog.domains.iter().enumerate() {
        if !domain_ids.insert(domain.id.as_str()) {
            found.push((
                format!("domains[{di}].id"),
                err("duplicate domain id").found(&domain.id),
            ));
        }
        for (ci, control) in domain.controls.iter().enumerate() {
            let at = format!("domains[{di}].controls[{ci}]");
            if control.id.trim().is_empty() {
                found.push((format!("{at}.id"), err("empty control id")));
            } else if !control_ids.insert(control.id.as_str()) {
                found.push((format!("{at}.id"), err("duplicate control id").found(&control.id)));
            }
            if !positive(control.weight) {
                found.push((
                    format!("{at}.weight"),
                    err("weight must be greater than 0").found(control.weight),
                ));
            }
        }
    }
    let graph: Vec<(&str, String, &[String])> = catalog
        .domains
        .iter()
        .enumerate()
        .flat_map(|(di, d)| {
            d.controls.iter().enumerate().map(move |(ci, c)| {
                (
                    c.id.as_str(),
                    format!("domains[{di}].controls[{ci}]"),
                    c.depends_on.as_slice(),
                )
            })
        })
        .collect();
    found.extend(dependency_problems(&graph, "control"));
    found
}

/// Unknown ids and cycles in a `depends_on` graph of (id, json path, dependencies).
fn dependency_problems(graph: &[(&str, String, &[String])], what: &str) -> Vec<(String, Diagnostic)> {
    let index: BTreeMap<&str, usize> = graph.iter().enumerate().map(|(i, (id, _, _))| (*id, i)).collect();
    let mut found = Vec::new();
    for (id, path, deps) in graph {
        for (k, dep) in deps.iter().enumerate() {
            if dep == id {
                found.push((
                    format!("{path}.depends_on[{k}]"),
                    err(format!("a {what} cannot depend on itself")).found(dep),
                ));
            } else if !index.contains_key(dep.as_str()) {
                let mut d = err(format!("depends on an unknown {what}")).found(dep);
                if let Some(near) = nearest(dep, index.keys().copied()) {
                    d = d.hint(format!("did you mean {near}?"));
                }
                found.push((format!("{path}.depends_on[{k}]"), d));
            }
        }
    }
    // Depth-first search with three colours; each cycle is reported once, at the node that closes it.
    let mut state = vec![0u8; graph.len()];
    let mut stack = Vec::new();
    for start in 0..graph.len() {
        visit(start, graph, &index, &mut state, &mut stack, &mut found, what);
    }
    found
}

fn visit(
    node: usize,
    graph: &[(&str, String, &[String])],
    index: &BTreeMap<&str, usize>,
    state: &mut [u8],
    stack: &mut Vec<usize>,
    found: &mut Vec<(String, Diagnostic)>,
    what: &str,
) {
    if state[node] != 0 {
        return;
    }
    state[node] = 1;
    stack.push(node);
    for dep in graph[node].2 {
        let Some(&next) = index.get(dep.as_str()) else { continue };
        if next == node {
            continue;
        }
        if state[next] == 1 {
            let from = stack.iter().position(|&n| n == next).unwrap_or(0);
            let cycle: Vec<&str> = stack[from..]
                .iter()
                .chain(std::iter::once(&next))
                .map(|&n| graph[n].0)
                .collect();
            found.push((
                format!("{}.depends_on", graph[node].1),
                err(format!("{what} dependencies form a cycle")).found(cycle.join(" -> ")),
            ));
        } else {
            visit(next, graph, index, state, stack, found, what);
        }
    }
    stack.pop();
    state[node] = 2;
}

fn parse<T: DeserializeOwned>(
    origin: Origin,
    label: &str,
    text: Cow<'static, str>,
    diagnostics: &mut Diagnostics,
) -> Option<Loaded<T>> {
    match serde_json::from_str::<T>(&text) {
        Ok(value) => Some(Loaded {
            value,
            origin,
            label: label.to_string(),
            text,
        }),
        Err(e) => {
            diagnostics.push(crate::input::json_error(label, &e));
            None
        }
    }
}

fn locate<T>(found: Vec<(String, Diagnostic)>, loaded: &Loaded<T>) -> Diagnostics {
    let located = found
        .into_iter()
        .map(|(path, mut d)| {
            d.file.clone_from(&loaded.label);
            d.line = json_locate::line_of(&loaded.text, &path);
            d.at_path(path)
        })
        .collect();
    Diagnostics(located)
}

fn err(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error("", message)
}

fn warn(message: impl Into<String>) -> Diagnostic {
    Diagnostic::warning("", message)
}

fn positive(weight: f64) -> bool {
    weight.is_finite() && weight > 0.0
}

fn one_of<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let ids: Vec<&str> = ids.collect();
    if ids.is_empty() {
        "a known framework".into()
    } else {
        format!("one of {}", ids.join(", "))
    }
}

/// The closest known id, when one is close enough to be a likely typo.
pub fn nearest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    candidates
        .map(|c| (strsim::levenshtein(&wanted_lower, &c.to_lowercase()), c))
        .filter(|(distance, c)| *distance <= 2.max(c.chars().count() / 3))
        .min()
        .map(|(_, c)| c)
}
