//! The portfolio benchmark as text: aligned tables for the terminal (frameworks and domains),
//! Markdown (with every control), JSON, and CSV of every framework, domain and control.

use super::table::{Style, Table, styled};
use super::views::Format;
use crate::csv_out::CsvTable;
use crate::format::{json, number};
use crate::markdown;
use crate::report::benchmark::{Benchmark, Row};

#[must_use]
pub fn benchmark(b: &Benchmark, format: Format, colour: bool) -> String {
    match format {
        Format::Json => json(b),
        Format::Csv => String::from_utf8_lossy(&rows_csv(b).to_bytes()).into_owned(),
        Format::Markdown => markdown_view(b),
        Format::Table => table_view(b, colour),
    }
}

/// The column headers: the peers' figures, then the client's when one is compared.
fn headers(b: &Benchmark, first: &'static str) -> Vec<&'static str> {
    let mut h = vec![first, ">Peers", ">Q1", ">Median", ">Q3"];
    if b.client.is_some() {
        h.extend([">Client", ">Percentile", "Quarter"]);
    }
    h
}

/// The figures of a row after its name, as [`headers`] lists them.
fn cells(b: &Benchmark, r: &Row) -> Vec<String> {
    let figure = |v: Option<f64>| if r.withheld { "withheld".to_string() } else { number(v) };
    let mut cells = vec![r.peers.to_string(), figure(r.q1), figure(r.median), figure(r.q3)];
    if b.client.is_some() {
        cells.extend([number(r.client), r.percentile_text(), r.quarter.clone()]);
    }
    cells
}

fn table_view(b: &Benchmark, colour: bool) -> String {
    let mut out = format!("{}\n", b.heading);
    if !b.filter.is_empty() {
        out.push_str(&format!("Peers: {}\n", b.filter));
    }
    out.push('\n');
    for line in &b.summary {
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    let mut table = Table::new(&headers(b, "Framework / domain"));
    for f in &b.frameworks {
        let mut row = vec![styled(f.row.name.clone(), Style::Bold)];
        row.extend(cells(b, &f.row).into_iter().map(Into::into));
        table.row(row);
        for d in &f.domains {
            let mut row = vec![format!("  {}", d.row.name).into()];
            row.extend(cells(b, &d.row).into_iter().map(Into::into));
            table.row(row);
        }
    }
    out.push_str(&table.render(colour));
    out.push_str("\nEvery control: --format md or csv.\n");
    out
}

fn markdown_view(b: &Benchmark) -> String {
    let mut out = format!("# {}\n\n", markdown::text(&b.heading));
    for line in &b.summary {
        out.push_str(&markdown::text(line));
        out.push_str("\n\n");
    }
    let right: Vec<usize> = (1..=if b.client.is_some() { 6 } else { 4 }).collect();
    let row = |name: String, r: &Row| {
        let mut row = vec![name];
        row.extend(cells(b, r));
        row
    };
    let mut rows = Vec::new();
    for f in &b.frameworks {
        rows.push(row(format!("**{}**", markdown::cell(&f.row.name)), &f.row));
        for d in &f.domains {
            rows.push(row(markdown::cell(&d.row.name), &d.row));
        }
    }
    out.push_str("## Frameworks and domains\n\n");
    out.push_str(&markdown::table_of_escaped(
        &headers(b, "Framework / domain"),
        &rows,
        &right,
    ));
    for f in &b.frameworks {
        out.push_str(&format!("\n## {}: controls\n\n", markdown::text(&f.row.name)));
        let rows: Vec<Vec<String>> = f
            .domains
            .iter()
            .flat_map(|d| &d.controls)
            .map(|c| row(markdown::cell(&c.name), c))
            .collect();
        out.push_str(&markdown::table_of_escaped(&headers(b, "Control"), &rows, &right));
    }
    out.push_str("\n## Method\n\n");
    for line in &b.method {
        out.push_str(&format!("- {}\n", markdown::text(line)));
    }
    out
}

/// Every framework, domain and control, one row each, for a spreadsheet.
#[must_use]
pub fn rows_csv(b: &Benchmark) -> CsvTable {
    let mut table = CsvTable::new(&[
        "level",
        "framework",
        "domain",
        "id",
        "name",
        "peers",
        "q1",
        "median",
        "q3",
        "client",
        "percentile",
        "quarter",
    ]);
    let plain = |v: Option<f64>| v.map(|v| number(Some(v))).unwrap_or_default();
    let mut push = |level: &str, framework: &str, domain: &str, r: &Row| {
        table.push(vec![
            level.to_string(),
            framework.to_string(),
            domain.to_string(),
            r.id.clone(),
            r.name.clone(),
            r.peers.to_string(),
            plain(r.q1),
            plain(r.median),
            plain(r.q3),
            plain(r.client),
            plain(r.percentile),
            r.quarter.clone(),
        ]);
    };
    for f in &b.frameworks {
        push("framework", &f.row.id, "", &f.row);
        for d in &f.domains {
            push("domain", &f.row.id, &d.row.id, &d.row);
            for c in &d.controls {
                push("control", &f.row.id, &d.row.id, c);
            }
        }
    }
    table
}
