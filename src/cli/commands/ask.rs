use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use super::Session;
use crate::cli::Status;
use crate::content::questionnaire::Question;
use crate::output::{keep_copy, write_atomic};
use crate::text::one_line;
use crate::workspace::edit::Editor;
use crate::workspace::responses::{ANSWER_RULE, Answer};

/// Where answers come from: the terminal through dialoguer, or plain lines (a file piped in).
enum Input {
    Terminal,
    Lines(std::io::StdinLock<'static>),
}

impl Input {
    fn new() -> Self {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            Input::Terminal
        } else {
            Input::Lines(stdin.lock())
        }
    }

    /// The reply to `prompt`, `current` when left empty; None when input ends or is refused.
    fn ask(&mut self, prompt: &str, current: &str) -> Option<String> {
        match self {
            Input::Terminal => dialoguer::Input::<String>::new()
                .with_prompt(prompt)
                .with_initial_text(current)
                .allow_empty(true)
                .interact_text()
                .ok(),
            Input::Lines(lines) => {
                let mut line = String::new();
                match lines.read_line(&mut line) {
                    Ok(0) | Err(_) => None,
                    Ok(_) => {
                        let reply = line.trim_end_matches(['\n', '\r']);
                        Some(if reply.is_empty() {
                            current.to_string()
                        } else {
                            reply.to_string()
                        })
                    }
                }
            }
        }
    }
}

/// One question at a time, saved after each answer.
pub fn run(session: &Session, dir: &Path, section: Option<&str>, unanswered: bool) -> crate::Result<Status> {
    let (loaded, _) = session.assessment(dir)?;
    if let Some(id) = section {
        if !loaded.questionnaire.sections.iter().any(|s| s.id == id) {
            let ids: Vec<&str> = loaded.questionnaire.sections.iter().map(|s| s.id.as_str()).collect();
            return Err(crate::Error::Usage(format!(
                "unknown section {} (expected one of {})",
                one_line(id),
                ids.join(", ")
            )));
        }
    }
    let scope = &loaded.assessment.frameworks;
    let questions: Vec<(&str, &Question)> = loaded
        .questionnaire
        .questions()
        .filter(|(s, q)| q.maps_any(scope) && section.is_none_or(|id| s.id == id))
        .filter(|(_, q)| !unanswered || loaded.responses.answer(&q.id) == Answer::Unanswered)
        .map(|(s, q)| (s.name.as_str(), q))
        .collect();
    let printer = session.printer;
    if questions.is_empty() {
        printer.line(format_args!("no question to ask"))?;
        return Ok(Status::Success);
    }
    let mut editor = Editor::open(&loaded)?;
    let protected = session.inputs_but_first_response_file(&loaded);
    let mut input = Input::new();
    let mut backup = None;
    let mut saved = 0;
    let out = &mut std::io::stdout();
    for (n, (section_name, question)) in questions.iter().enumerate() {
        let given = loaded.responses.get(&question.id);
        show(out, n + 1, questions.len(), section_name, question, &loaded);
        let current = given.map_or_else(String::new, |r| match r.answer {
            Answer::Level(l) => l.to_string(),
            Answer::NotApplicable => "na".into(),
            Answer::Unanswered => String::new(),
        });
        let answer = loop {
            let Some(reply) = input.ask("Level (0-5, na; empty keeps it; q stops)", &current) else {
                return finish(session, &editor, saved, backup.as_deref());
            };
            if reply.trim().eq_ignore_ascii_case("q") {
                return finish(session, &editor, saved, backup.as_deref());
            }
            match Answer::parse(&reply) {
                Ok(answer) => break answer,
                Err(why) => printer.note(format!("{why} (expected {ANSWER_RULE})")),
            }
        };
        if answer == Answer::Unanswered {
            continue;
        }
        let comment = input.ask("Comment (who said what)", given.map_or("", |r| r.comment.as_str()));
        let evidence = input.ask("Evidence seen", given.map_or("", |r| r.evidence.as_str()));
        let (Some(comment), Some(evidence)) = (comment, evidence) else {
            return finish(session, &editor, saved, backup.as_deref());
        };
        editor.set(question, answer, &comment, &evidence);
        if backup.is_none() {
            backup = Some(keep_copy(&editor.path)?);
        }
        write_atomic(&editor.path, &editor.bytes()?, true, &protected)?;
        saved += 1;
    }
    finish(session, &editor, saved, backup.as_deref())
}

fn show(
    out: &mut impl Write,
    n: usize,
    of: usize,
    section: &str,
    q: &Question,
    loaded: &crate::workspace::assessment::Loaded,
) {
    let _ = writeln!(
        out,
        "\n[{n}/{of}] {} {} ({})",
        q.id,
        one_line(&q.title),
        one_line(section)
    );
    let _ = writeln!(out, "{}", one_line(&q.text));
    if !q.guidance.is_empty() {
        let _ = writeln!(out, "  Guidance: {}", one_line(&q.guidance));
    }
    for (level, text) in q.levels.iter().enumerate() {
        let name = loaded.questionnaire.level_name(u8::try_from(level).unwrap_or(0));
        let _ = writeln!(out, "  {level} {name}: {}", one_line(text));
    }
    let _ = out.flush();
}

fn finish(session: &Session, editor: &Editor, saved: usize, backup: Option<&Path>) -> crate::Result<Status> {
    let file = editor.path.display();
    match backup {
        Some(backup) => session.printer.line(format_args!(
            "\nsaved {saved} answer{} to {file} (the previous file is kept as {})",
            crate::text::plural(saved),
            backup.display()
        ))?,
        None => session
            .printer
            .line(format_args!("\nno answer changed; {file} is as it was"))?,
    }
    Ok(Status::Success)
}
