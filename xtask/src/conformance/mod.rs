//! `cargo xtask conformance`: decodes the examples that specs carry through
//! the generated types. For every spec of a corpus (`../shared/specs` by
//! default) it generates the crate with a small decoder program beside it,
//! builds them all in one workspace, and for each example reports: valid per
//! its own schema (a JSON Schema validator), decoded, and written back equal
//! (exactly, and modulo the differences the README documents). It fails if
//! an example that is valid per its schema does not decode.

mod compare;
mod validate;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{ExitCode, Stdio};

use codegen::{Example, Settings};
use serde_json::Value;

use crate::Error;
use crate::flags::{Command, Flag, Matches};
use crate::paths::workspace_root;
use crate::scratch::Scratch;
use crate::specs::{self, discover, slug};
use validate::{Validator, Verdict};

/// One example and what became of it.
struct Case {
    example: Example,
    verdict: Verdict,
    /// `None` until decoded; `Err((serde path, message))` if it failed.
    decoded: Option<Result<Value, (String, String)>>,
}

/// One spec's examples.
struct SpecRun {
    name: String,
    crate_dir: String,
    cases: Vec<Case>,
    /// Distinct Rust types, in the order of their decoder arms.
    types: Vec<String>,
    generation_error: Option<String>,
}

pub const COMMAND: Command = Command {
    name: "conformance",
    about: "decode every example the specs in DIR carry through
            the generated types; fails if a schema-valid one
            does not decode or is written back differently",
    flags: &[
        specs::DIR_FLAG,
        Flag::value(
            "out",
            "DIR",
            "where the crates are written (default target/conformance)",
        ),
    ],
};

pub fn run(m: &Matches) -> Result<ExitCode, Error> {
    let specs = discover(&specs::dir(m))?;
    let out = m.path_or("out", workspace_root().join("target/conformance"));
    let mut scratch = Scratch::create(&out.join("crates"), "cargo xtask conformance")?;
    let mut runs = Vec::new();
    for spec in &specs {
        let run = prepare(&spec.name, &spec.path, &mut scratch)?;
        eprintln!(
            "{:<28} {:>5} examples, {:>4} types",
            run.name,
            run.cases.len(),
            run.types.len()
        );
        runs.push(run);
    }
    // Only the decoders (and the libraries they link): `--all-targets`
    // would also build each library's test harness, a second compilation
    // of every crate that conformance never runs.
    eprintln!("building the decoders (cargo build --workspace --examples)...");
    let built = scratch.build(&["build", "--workspace", "--examples"])?;
    for run in &mut runs {
        if scratch.members().contains(&run.crate_dir) {
            match built.get(&run.crate_dir) {
                Some(d) if d.compiled == Some(true) => decode_all(run, &scratch)?,
                Some(d) => run.generation_error = d.first_problem.clone(),
                None => run.generation_error = Some("the decoder was not built".into()),
            }
        }
    }
    Ok(report(&runs))
}

/// Generates one spec's crate and decoder (a member of the workspace when
/// the spec has examples of a type), and checks its examples against
/// their schemas.
fn prepare(name: &str, path: &Path, scratch: &mut Scratch) -> Result<SpecRun, String> {
    let crate_dir = format!("conf-{}", slug(name));
    let settings = Settings {
        spec_display_path: Some(path.display().to_string()),
        ..scratch.settings(&crate_dir)
    };
    let mut run = SpecRun {
        name: name.to_owned(),
        crate_dir: crate_dir.clone(),
        cases: Vec::new(),
        types: Vec::new(),
        generation_error: None,
    };
    let (generated, examples) = match codegen::generate_with_examples(path, &settings) {
        Ok(g) => g,
        Err(d) => {
            run.generation_error = d.errors().next().map(|e| e.to_string());
            return Ok(run);
        }
    };
    let validator = Validator::new(&examples.document);
    // One validator per schema, for all of its examples.
    let mut by_schema: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, e) in examples.examples.iter().enumerate() {
        by_schema
            .entry(e.schema_pointer.as_str())
            .or_default()
            .push(i);
    }
    let mut verdicts = vec![Verdict::Valid; examples.examples.len()];
    for (schema, idx) in &by_schema {
        let values: Vec<&Value> = idx.iter().map(|&i| &examples.examples[i].value).collect();
        for (i, v) in idx.iter().zip(validator.check(schema, &values)) {
            verdicts[*i] = v;
        }
    }
    for (example, verdict) in examples.examples.iter().cloned().zip(verdicts) {
        if let Some(t) = &example.rust_type
            && !run.types.contains(t)
        {
            run.types.push(t.clone());
        }
        run.cases.push(Case {
            example,
            verdict,
            decoded: None,
        });
    }
    if run.types.is_empty() {
        return Ok(run);
    }
    scratch.write_crate(&crate_dir, &generated.files)?;
    write_decoder(&scratch.dir().join(&crate_dir), &crate_dir, &run)?;
    scratch.add_member(&crate_dir);
    Ok(run)
}

/// The decoder program (`examples/conf_<crate>.rs`) and its input file.
fn write_decoder(dir: &Path, crate_dir: &str, run: &SpecRun) -> Result<(), String> {
    let lib = crate_dir.replace('-', "_");
    let mut arms = String::new();
    for (i, t) in run.types.iter().enumerate() {
        let t = t.replace("crate ::", &format!("{lib} ::"));
        let _ = writeln!(arms, "            \"{i}\" => check::<{t}>(json),");
    }
    let program = format!(
        r#"//! Written by `cargo xtask conformance`: decodes each example with the
//! type of its schema and writes it back.
fn check<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> serde_json::Value {{
    let mut de = serde_json::Deserializer::from_str(json);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {{
        // Written as the wire bytes (an f32 prints as itself), read back.
        Ok(v) => match serde_json::to_string(&v).and_then(|s| serde_json::from_str::<serde_json::Value>(&s)) {{
            Ok(back) => serde_json::json!({{"ok": true, "back": back}}),
            Err(e) => serde_json::json!({{"ok": false, "path": "", "error": format!("writing it back failed: {{e}}")}}),
        }},
        Err(e) => serde_json::json!({{"ok": false, "path": e.path().to_string(), "error": e.inner().to_string()}}),
    }}
}}

fn main() {{
    let path = std::env::args().nth(1).expect("the cases file");
    let text = std::fs::read_to_string(path).expect("readable cases");
    for line in text.lines() {{
        let (ty, json) = line.split_once('\t').expect("a case");
        let result = match ty {{
{arms}            _ => serde_json::json!({{"ok": false, "path": "", "error": "no such type"}}),
        }};
        println!("{{result}}");
    }}
}}
"#
    );
    let examples = dir.join("examples");
    std::fs::create_dir_all(&examples).map_err(|e| e.to_string())?;
    std::fs::write(examples.join(format!("conf_{lib}.rs")), program).map_err(|e| e.to_string())?;
    let manifest = dir.join("Cargo.toml");
    let mut toml = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    if !toml.contains("serde_path_to_error") {
        toml.push_str("\n[dev-dependencies]\nserde_path_to_error = \"0.1\"\n");
        std::fs::write(&manifest, toml).map_err(|e| e.to_string())?;
    }
    let mut cases = String::new();
    for c in &run.cases {
        if let Some(t) = &c.example.rust_type
            && let Some(i) = run.types.iter().position(|x| x == t)
        {
            let _ = writeln!(cases, "{i}\t{}", c.example.value);
        }
    }
    std::fs::write(dir.join("cases.tsv"), cases).map_err(|e| e.to_string())
}

/// Runs the decoder over the spec's examples.
fn decode_all(run: &mut SpecRun, scratch: &Scratch) -> Result<(), String> {
    let lib = run.crate_dir.replace('-', "_");
    // The program the workspace build made (`--examples`), run as it
    // is: `cargo run -p` would resolve the runtime's features for this
    // crate alone (no `webhooks` unless its spec has some) and so build the
    // runtime and the crate once more.
    let program = scratch
        .target()
        .join("debug")
        .join("examples")
        .join(format!("conf_{lib}{}", std::env::consts::EXE_SUFFIX));
    let output = std::process::Command::new(&program)
        .arg(scratch.dir().join(&run.crate_dir).join("cases.tsv"))
        .current_dir(scratch.dir())
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not run the decoder {}: {e}", program.display()))?;
    let mut lines = String::from_utf8_lossy(&output.stdout).into_owned();
    lines.push('\n');
    let mut results = lines.lines().filter(|l| !l.trim().is_empty());
    for case in run
        .cases
        .iter_mut()
        .filter(|c| c.example.rust_type.is_some())
    {
        let Some(line) = results.next() else {
            case.decoded = Some(Err((String::new(), "the decoder stopped early".into())));
            continue;
        };
        let r: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        case.decoded = Some(if r["ok"] == true {
            Ok(r["back"].clone())
        } else {
            Err((
                r["path"].as_str().unwrap_or("").to_owned(),
                r["error"].as_str().unwrap_or("").to_owned(),
            ))
        });
    }
    Ok(())
}

/// Counts of one spec's examples, in table order.
#[derive(Default, Clone, Copy)]
struct Row {
    examples: usize,
    untyped: usize,
    valid: usize,
    decoded: usize,
    valid_decoded: usize,
    equal: usize,
    equal_modulo: usize,
}

impl Row {
    fn add(&mut self, o: Row) {
        self.examples += o.examples;
        self.untyped += o.untyped;
        self.valid += o.valid;
        self.decoded += o.decoded;
        self.valid_decoded += o.valid_decoded;
        self.equal += o.equal;
        self.equal_modulo += o.equal_modulo;
    }

    fn cells(&self) -> String {
        format!(
            "{} | {} | {} | {} | {} | {} | {}",
            self.examples,
            self.untyped,
            self.valid,
            self.decoded,
            self.valid_decoded,
            self.equal,
            self.equal_modulo
        )
    }
}

/// One spec's counts, with its failures and its valid examples that have
/// no type of their own.
fn tally(run: &SpecRun, failures: &mut Vec<String>, untyped: &mut Vec<String>) -> Row {
    let mut row = Row::default();
    for c in &run.cases {
        let valid = c.verdict == Verdict::Valid;
        row.examples += 1;
        row.valid += usize::from(valid);
        if c.example.rust_type.is_none() {
            row.untyped += 1;
            if valid {
                untyped.push(format!("{}: {}", run.name, c.example.schema_pointer));
            }
        }
        match &c.decoded {
            Some(Ok(back)) => {
                let modulo = compare::equal_modulo_documented(&c.example.value, back);
                row.decoded += 1;
                row.valid_decoded += usize::from(valid);
                row.equal += usize::from(*back == c.example.value);
                row.equal_modulo += usize::from(modulo);
                if valid && !modulo {
                    failures.push(format!(
                        "{}: {} is written back differently: {}",
                        run.name,
                        c.example.pointer,
                        excerpt(&compare::first_difference(
                            &compare::normalized(&c.example.value),
                            &compare::normalized(back)
                        ))
                    ));
                }
            }
            Some(Err((path, message))) if valid => failures.push(format!(
                "{}: {} (valid per its schema) does not decode at `{path}`: {message}",
                run.name, c.example.pointer
            )),
            _ => {}
        }
    }
    if let Some(e) = &run.generation_error {
        failures.push(format!("{}: {e}", run.name));
    }
    row
}

/// Prints the table and the failures; fails if a schema-valid example did
/// not decode or came back otherwise than documented.
fn report(runs: &[SpecRun]) -> ExitCode {
    println!(
        "| spec | examples | not a type of their own | valid per schema | decoded | valid, decoded | written back equal | equal modulo documented |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut total = Row::default();
    let mut failures = Vec::new();
    let mut untyped = Vec::new();
    for run in runs {
        let row = tally(run, &mut failures, &mut untyped);
        total.add(row);
        let note = if run.generation_error.is_some() {
            " (not built)"
        } else {
            ""
        };
        println!("| {}{note} | {} |", run.name, row.cells());
    }
    println!("| **total** | {} |", total.cells());
    if !untyped.is_empty() {
        // Response headers, parts of an `allOf` merged into a struct.
        println!(
            "\n{} schema-valid examples illustrate schemas that are not a type of their own, e.g.:",
            untyped.len()
        );
        for u in untyped.iter().take(5) {
            println!("  {u}");
        }
    }
    for f in &failures {
        println!("\n{f}");
    }
    if failures.is_empty() {
        println!(
            "\nevery one of the {} schema-valid examples with a type decodes and is written back as the README documents",
            total.valid - untyped.len()
        );
        ExitCode::SUCCESS
    } else {
        println!("\n{} problem(s)", failures.len());
        ExitCode::FAILURE
    }
}

fn excerpt(s: &str) -> String {
    if s.chars().count() > 300 {
        format!("{}…", s.chars().take(300).collect::<String>())
    } else {
        s.to_owned()
    }
}
