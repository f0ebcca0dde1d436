//! `cargo xtask corpus`: generates a crate for every spec of a corpus
//! (`../shared/specs` by default), checks them all with clippy in one
//! workspace (dependencies build once), and prints a table. Any spec that
//! fails to generate, fails to compile or warns makes the command fail.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use codegen::Settings;

use crate::Error;
use crate::cargo::CrateDiagnostics;
use crate::flags::{Command, Flag, Matches};
use crate::paths::workspace_root;
use crate::scratch::Scratch;
use crate::specs::{self, Spec, crate_dir, discover};

/// What happened to one spec.
#[derive(Default)]
struct Row {
    operations: usize,
    types: usize,
    gen_ms: f64,
    lines: usize,
    generated: bool,
    gen_error: Option<String>,
    warnings_at_generation: usize,
    compiled: Option<bool>,
    rustc_warnings: usize,
    /// Generated files that do not parse as Rust.
    unparsable_files: usize,
    first_problem: Option<String>,
}

pub const COMMAND: Command = Command {
    name: "corpus",
    about: "generate and clippy-check a crate for every spec
            in DIR (default ../shared/specs); prints a table",
    flags: &[
        specs::DIR_FLAG,
        Flag::value(
            "out",
            "DIR",
            "where the crates are written (default target/corpus)",
        ),
    ],
};

pub fn run(m: &Matches) -> Result<ExitCode, Error> {
    let dir = specs::dir(m);
    let out = m.path_or("out", workspace_root().join("target/corpus"));
    let specs = discover(&dir)?;
    if specs.is_empty() {
        return Err(format!("no specs found in {}", dir.display()).into());
    }
    let mut scratch = Scratch::create(&out.join("crates"), "cargo xtask corpus")?;
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    for spec in &specs {
        let dir = crate_dir(&spec.name);
        let settings = Settings {
            spec_display_path: Some(spec.path.display().to_string()),
            ..scratch.settings(&dir)
        };
        let start = Instant::now();
        let result = codegen::generate_from_path(&spec.path, &settings);
        let gen_ms = start.elapsed().as_secs_f64() * 1000.0;
        let mut row = Row {
            gen_ms,
            ..Row::default()
        };
        match result {
            Ok(g) => {
                row.generated = true;
                row.operations = g.stats.operations;
                row.types = g.stats.types;
                row.lines = g.stats.lines;
                row.warnings_at_generation = g.warnings.len();
                for (rel, text) in g.files.iter().filter(|(rel, _)| rel.ends_with(".rs")) {
                    if let Err(e) = codegen::verify::parses(text) {
                        row.unparsable_files += 1;
                        row.first_problem
                            .get_or_insert(format!("{rel} does not parse: {e}"));
                    }
                }
                scratch.write_crate(&dir, &g.files)?;
                scratch.add_member(&dir);
            }
            Err(diags) => {
                row.gen_error = diags.errors().next().map(|d| d.to_string());
            }
        }
        eprintln!(
            "generated {:<28} {:>8.1} ms{}",
            spec.name,
            gen_ms,
            if row.generated { "" } else { "  FAILED" }
        );
        rows.insert(dir, row);
    }

    attribute(scratch.clippy_libraries()?, &mut rows);

    let (table, failures) = table(&specs, &rows);
    println!("{table}");
    if failures == 0 {
        println!(
            "{} of {} specs generate and compile with 0 warnings",
            specs.len(),
            specs.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        for spec in &specs {
            let row = &rows[&crate_dir(&spec.name)];
            if let Some(p) = row.gen_error.as_ref().or(row.first_problem.as_ref()) {
                println!("\n{}:\n{p}", spec.name);
            }
        }
        println!("\n{failures} of {} specs failed", specs.len());
        Ok(ExitCode::FAILURE)
    }
}

fn attribute(diagnostics: BTreeMap<String, CrateDiagnostics>, rows: &mut BTreeMap<String, Row>) {
    for (pkg, d) in diagnostics {
        if let Some(row) = rows.get_mut(&pkg) {
            row.compiled = d.compiled;
            row.rustc_warnings = d.warnings;
            if let Some(p) = d.first_problem {
                row.first_problem.get_or_insert(p);
            }
        }
    }
    for row in rows.values_mut() {
        if row.generated && row.compiled.is_none() {
            row.compiled = Some(false);
        }
    }
}

fn table(specs: &[Spec], rows: &BTreeMap<String, Row>) -> (String, usize) {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| spec | operations | types | generation ms | lines | check | warnings |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---|---:|");
    let mut failures = 0;
    let mut totals = (0, 0, 0.0, 0);
    for spec in specs {
        let row = &rows[&crate_dir(&spec.name)];
        let check = match (row.generated, row.compiled) {
            (false, _) => "generation failed",
            (true, _) if row.unparsable_files > 0 => "unparsable output",
            (true, Some(true)) if row.rustc_warnings == 0 => "ok",
            (true, Some(true)) => "warnings",
            (true, _) => "FAILED",
        };
        if check != "ok" {
            failures += 1;
        }
        totals.0 += row.operations;
        totals.1 += row.types;
        totals.2 += row.gen_ms;
        totals.3 += row.lines;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.1} | {} | {} | {} |",
            spec.name, row.operations, row.types, row.gen_ms, row.lines, check, row.rustc_warnings
        );
    }
    let _ = writeln!(
        out,
        "| **total** | {} | {} | {:.1} | {} | {} of {} ok | |",
        totals.0,
        totals.1,
        totals.2,
        totals.3,
        specs.len() - failures,
        specs.len()
    );
    (out, failures)
}
