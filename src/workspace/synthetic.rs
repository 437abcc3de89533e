//! Synthetic portfolios for benchmarks and tests: assessment folders with plausible, varied
//! answers to a questionnaire, the same bytes for the same seed on every machine.

use std::path::Path;

use crate::content::questionnaire::Questionnaire;
use crate::csv_out::CsvTable;
use crate::error::{Diagnostic, Error, Result};
use crate::workspace::responses::{Answer, Response, Responses};

pub const SECTORS: [&str; 6] = [
    "logistics",
    "financial services",
    "public sector",
    "health",
    "retail",
    "manufacturing",
];
pub const SIZES: [&str; 4] = ["under 250", "250-999", "1000-4999", "5000 and over"];
pub const REGIONS: [&str; 3] = ["EMEA", "Americas", "APAC"];
const FRAMEWORKS: [&str; 4] = ["cobit2019", "iso20000", "itil4", "leanit"];

/// A small, fast generator (SplitMix64): enough for plausible variety, identical everywhere.
pub struct Rng(u64);

impl Rng {
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An index below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        // The modulo bias over 2^64 is far below anything a benchmark could notice.
        usize::try_from(self.next_u64() % n as u64).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// What a synthetic response sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    /// As `init` writes it and an assessor fills it: every question with its text, six level
    /// descriptors and guidance, the answer and a comment (about 500 KB for the bundled
    /// questionnaire).
    Full,
    /// The question id, the answer and a comment only (about 15 KB).
    Answers,
}

/// Comments an assessor might leave, picked in turn.
const COMMENTS: [&str; 4] = [
    "Interview with the process owner; evidence seen: procedure and a sample of ten records.",
    "Described in the interview; no document shown yet.",
    "Team lead and two practitioners agree; the tool's reports for the last quarter were shown.",
    "",
];

/// One synthetic organisation: its `assessment.json` and `responses.csv`.
#[must_use]
pub fn organisation(questionnaire: &Questionnaire, number: usize, sheet: Sheet, rng: &mut Rng) -> (String, String) {
    let sector = rng.below(SECTORS.len());
    let size = rng.pick(&SIZES);
    let region = rng.pick(&REGIONS);
    // Days after 2024-01-01, within about three years, kept to the 28 days every month has.
    let day = rng.below(35 * 28);
    let date = format!(
        "{}-{:02}-{:02}",
        2024 + day / (12 * 28),
        day / 28 % 12 + 1,
        day % 28 + 1
    );
    // One framework left out now and then, as some clients scope an assessment.
    let skipped = if rng.unit() < 0.1 {
        Some(rng.below(FRAMEWORKS.len()))
    } else {
        None
    };
    let frameworks: Vec<String> = FRAMEWORKS
        .iter()
        .enumerate()
        .filter(|&(i, _)| Some(i) != skipped)
        .map(|(_, f)| (*f).to_string())
        .collect();
    let assessment = serde_json::json!({
        "organization": format!("Synthetic {number:06}"),
        "assessor": "Synthetic portfolio",
        "date": date,
        "frameworks": frameworks,
        "questionnaire": questionnaire.id,
        "profile": { "sector": SECTORS[sector], "size": size, "region": region },
    });
    let maturity = 0.6 + 3.2 * rng.unit() + 0.15 * sector as f64;
    let mut answers = Responses::default();
    let file: std::sync::Arc<str> = "responses.csv".into();
    for section in &questionnaire.sections {
        let section_lean = rng.unit() - 0.5;
        for question in &section.questions {
            let roll = rng.unit();
            let answer = if !question.maps_any(&frameworks) || roll < 0.03 {
                Answer::Unanswered
            } else if roll < 0.07 {
                Answer::NotApplicable
            } else {
                let level = maturity + section_lean + (rng.unit() - 0.5) * 2.0;
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "clamped to 0 to 5"
                )]
                Answer::Level(level.round().clamp(0.0, 5.0) as u8)
            };
            let comment = COMMENTS[rng.below(COMMENTS.len())];
            answers.by_question.insert(
                question.id.clone(),
                Response {
                    question_id: question.id.clone(),
                    answer,
                    comment: if answer == Answer::Unanswered {
                        String::new()
                    } else {
                        comment.to_string()
                    },
                    evidence: String::new(),
                    file: std::sync::Arc::clone(&file),
                    line: 0,
                    row: None,
                    sheet: None,
                    respondent: None,
                    asked_as: String::new(),
                },
            );
        }
    }
    let table = match sheet {
        Sheet::Full => super::response_sheet(questionnaire, &frameworks, Some(&answers)),
        Sheet::Answers => {
            let mut table = CsvTable::new(&["question_id", "answer", "comment"]);
            for (id, r) in &answers.by_question {
                let answer = match r.answer {
                    Answer::Level(l) => l.to_string(),
                    Answer::NotApplicable => "na".to_string(),
                    Answer::Unanswered => String::new(),
                };
                table.push(vec![id.clone(), answer, r.comment.clone()]);
            }
            table
        }
    };
    let responses = String::from_utf8(table.to_bytes()).unwrap_or_default();
    (serde_json::to_string_pretty(&assessment).unwrap_or_default(), responses)
}

/// Writes `count` synthetic assessments into `dir` (which must be new or empty), one folder each.
pub fn write(dir: &Path, questionnaire: &Questionnaire, count: usize, sheet: Sheet, seed: u64) -> Result<()> {
    let failed = |e: std::io::Error| {
        Error::single(
            Diagnostic::error(dir.display().to_string(), "cannot write the synthetic portfolio").found(e.to_string()),
        )
    };
    if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(Error::single(
            Diagnostic::error(dir.display().to_string(), "the folder is not empty")
                .hint("name a new folder for the synthetic portfolio"),
        ));
    }
    let mut rng = Rng::new(seed);
    for number in 1..=count {
        let (assessment, responses) = organisation(questionnaire, number, sheet, &mut rng);
        // Grouped in folders of a thousand, as a consultancy files them by year or client group.
        let folder = dir
            .join(format!("group-{:03}", number / 1000))
            .join(format!("org-{number:06}"));
        std::fs::create_dir_all(&folder).map_err(failed)?;
        std::fs::write(folder.join("assessment.json"), assessment).map_err(failed)?;
        std::fs::write(folder.join("responses.csv"), responses).map_err(failed)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_organisations_and_another_seed_others() {
        let (library, _) = crate::content::Library::load(None).unwrap();
        let q = library.questionnaire("itsm-core").unwrap();
        let make = |seed| organisation(q, 1, Sheet::Answers, &mut Rng::new(seed));
        assert_eq!(make(7), make(7));
        assert_ne!(make(7).1, make(8).1);
    }

    #[test]
    fn every_generated_assessment_loads_and_scores() {
        let (library, _) = crate::content::Library::load(None).unwrap();
        let q = library.questionnaire("itsm-core").unwrap();
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), q, 6, Sheet::Full, 3).unwrap();
        write(&dir.path().join("answers"), q, 6, Sheet::Answers, 3).unwrap();
        let (found, problems) = crate::workspace::portfolio::find(&[dir.path().to_path_buf()]);
        assert!(problems.is_empty());
        assert_eq!(found.len(), 12);
        let sheet = |folder: &Path| std::fs::read_to_string(folder.join("responses.csv")).unwrap();
        // `answers/` sorts first.
        assert!(!sheet(&found[0]).contains("level_3") && sheet(&found[6]).contains("level_3"));
        for folder in found {
            let (loaded, warnings) = crate::workspace::assessment::load(&folder, &library).unwrap();
            assert_eq!(warnings.warning_count(), 0, "{folder:?}");
            assert!(!loaded.assessment.profile.sector.is_empty());
            assert!(crate::workspace::assessment::parse_date(&loaded.assessment.date).is_some());
        }
    }

    #[test]
    fn a_folder_with_files_is_refused() {
        let (library, _) = crate::content::Library::load(None).unwrap();
        let q = library.questionnaire("itsm-core").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
        assert!(write(dir.path(), q, 1, Sheet::Answers, 1).is_err());
        assert_eq!(std::fs::read_to_string(dir.path().join("keep.txt")).unwrap(), "mine");
    }
}
