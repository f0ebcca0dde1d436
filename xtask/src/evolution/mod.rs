//! `cargo xtask evolution`: the spec-mutation suite. Each case is a
//! directory holding `old.yaml` and `new.yaml` (or `.json`), and optionally
//! `expect.toml` (the class the change must get) and `user.rs` (code a user
//! wrote against the old SDK). For each case both crates are generated, and
//! the class of the change report is compared with two references:
//! cargo-semver-checks, with its lints for additions turned on, and the
//! user crate, which must build against the old crate and fail against the
//! new one exactly when the report says "breaking".

mod references;
mod witness;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::surface::{self, Class};
use codegen::{ClientLayout, ClientSettings, Settings};

use crate::Error;
use crate::flags::{Command, Flag, Matches};
use crate::paths::workspace_root;
use crate::scratch::Scratch;
use references::{Semver, UserBuild};

pub const COMMAND: Command = Command {
    name: "evolution",
    about: "the spec-mutation suite: for each old/new pair,
            compare the change report's class with
            cargo-semver-checks and a user crate's build",
    flags: &[
        Flag::switch("ci", "only the cases expect.toml marks `ci = true`"),
        Flag::repeated("only", "CASE", "only this case"),
        Flag::value(
            "cases",
            "DIR",
            "the cases, DIR/<case>/{old,new}.yaml (default tests/fixtures/evolution)",
        ),
        Flag::switch("no-semver-checks", "without cargo-semver-checks"),
        Flag::switch("verbose", "print each change report").short('v'),
    ],
};

struct Args {
    cases: PathBuf,
    ci_only: bool,
    only: Vec<String>,
    semver_checks: bool,
    verbose: bool,
}

fn args(m: &Matches) -> Args {
    Args {
        cases: m.path_or("cases", workspace_root().join("tests/fixtures/evolution")),
        ci_only: m.is_set("ci"),
        only: m.values("only").into_iter().map(str::to_owned).collect(),
        semver_checks: !m.is_set("no-semver-checks"),
        verbose: m.is_set("verbose"),
    }
}

/// One spec change.
struct Case {
    name: String,
    old: PathBuf,
    new: PathBuf,
    /// The class `expect.toml` states (`Some(None)`: no change at all).
    expected: Option<Option<Class>>,
    ci: bool,
    user: Option<PathBuf>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    class: String,
    #[serde(default)]
    ci: bool,
}

fn spec_in(dir: &Path, stem: &str) -> Option<PathBuf> {
    ["yaml", "yml", "json"]
        .iter()
        .map(|ext| dir.join(format!("{stem}.{ext}")))
        .find(|p| p.exists())
}

fn parse_class(text: &str) -> Result<Option<Class>, String> {
    match text {
        "breaking" => Ok(Some(Class::Breaking)),
        "additive" => Ok(Some(Class::Additive)),
        "docs-only" => Ok(Some(Class::DocsOnly)),
        "none" => Ok(None),
        other => Err(format!(
            "class `{other}`: one of breaking, additive, docs-only, none"
        )),
    }
}

fn discover(dir: &Path) -> Result<Vec<Case>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut dirs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut cases = Vec::new();
    for d in dirs {
        let (Some(old), Some(new)) = (spec_in(&d, "old"), spec_in(&d, "new")) else {
            continue;
        };
        let name = d
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let expect_path = d.join("expect.toml");
        let (expected, ci) = if expect_path.exists() {
            let text = std::fs::read_to_string(&expect_path).map_err(|e| e.to_string())?;
            let e: Expect =
                toml::from_str(&text).map_err(|e| format!("{}: {e}", expect_path.display()))?;
            (Some(parse_class(&e.class)?), e.ci)
        } else {
            (None, false)
        };
        let user = Some(d.join("user.rs")).filter(|p| p.exists());
        cases.push(Case {
            name,
            old,
            new,
            expected,
            ci,
            user,
        });
    }
    Ok(cases)
}

/// What the references made of one case, and whether they agree.
struct Outcome {
    ours: Option<Class>,
    semver: Option<Semver>,
    user: Option<UserBuild>,
    witnessed: Witnessed,
    problems: Vec<String>,
}

/// What the witnesses showed: how many items of the old surface were used,
/// and how many of the reported breaks a witness confirmed.
#[derive(Default)]
struct Witnessed {
    items: usize,
    breaks: usize,
    confirmed: usize,
}

pub fn run(m: &Matches) -> Result<ExitCode, Error> {
    let args = args(m);
    let mut cases = discover(&args.cases)?;
    cases.retain(|c| {
        (!args.ci_only || c.ci) && (args.only.is_empty() || args.only.contains(&c.name))
    });
    if cases.is_empty() {
        return Err(format!("no cases selected in {}", args.cases.display()).into());
    }
    if args.semver_checks {
        references::semver_checks_version()?;
    }
    let work = workspace_root().join("target/evolution");
    let mut rows = Vec::new();
    for case in &cases {
        eprintln!("== {}", case.name);
        // Both sides are one package in two versions: crates of their own,
        // sharing the suite's target directory.
        let scratch = Scratch::create(
            &work.join("cases").join(&case.name),
            "cargo xtask evolution",
        )?
        .standalone()
        .target_dir(work.join("target"));
        rows.push((case, judge(case, &scratch, &args)?));
    }
    let failures = rows.iter().filter(|(_, o)| !o.problems.is_empty()).count();
    println!("{}", table(&rows));
    for (case, o) in &rows {
        for p in &o.problems {
            println!("{}: {p}", case.name);
        }
    }
    println!(
        "\n{} of {} cases agree with their references",
        rows.len() - failures,
        rows.len()
    );
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Generates both crates of a case, classifies the change, and asks the
/// references.
fn judge(case: &Case, scratch: &Scratch, args: &Args) -> Result<Outcome, String> {
    let old = generate(scratch, "old", &case.old)?;
    let new = generate(scratch, "new", &case.new)?;
    let report = surface::diff(&old, &new);
    if args.verbose {
        eprint!("{report}");
    }
    let ours = report.class();
    let mut o = Outcome {
        ours,
        semver: None,
        user: None,
        witnessed: Witnessed::default(),
        problems: Vec::new(),
    };
    let broken: BTreeSet<&str> = report
        .changes
        .iter()
        .filter(|c| c.class == Class::Breaking)
        .map(|c| c.item.as_str())
        .collect();
    o.witnessed = witness_check(&old, &broken, scratch, &mut o.problems)?;
    if let Some(expected) = case.expected
        && expected != ours
    {
        o.problems.push(format!(
            "expect.toml says {}, the report says {}",
            class_name(expected),
            class_name(ours)
        ));
    }
    if args.semver_checks {
        let s = references::semver_checks(scratch, "old", "new")?;
        check_semver(&s, ours, &mut o.problems);
        o.semver = Some(s);
    }
    if let Some(user) = &case.user {
        let u = references::user_build(user, scratch)?;
        check_user(&u, ours, &mut o.problems);
        o.user = Some(u);
    }
    Ok(o)
}

/// Builds the witnesses of the old surface: all of them against the old
/// crate; those of the items the report keeps compatible together against
/// the new crate (they must build); each one of a reported break alone
/// against the new crate (it must fail).
fn witness_check(
    old: &surface::Surface,
    broken: &BTreeSet<&str>,
    scratch: &Scratch,
    problems: &mut Vec<String>,
) -> Result<Witnessed, String> {
    let all = witness::witnesses(old);
    let client = witness::client_imports(old);
    let refs: Vec<&witness::Witness> = all.iter().collect();
    let (source, starts) = witness::source(&refs, &client);
    if let Some(errors) = references::build_against(scratch, "witness-old", "old", &source)? {
        let keys = witness::failing(&refs, &starts, &errors);
        problems.push(format!(
            "the surface does not describe the old crate: {} do not build:\n{errors}",
            keys.join(", ")
        ));
        return Ok(Witnessed::default());
    }
    let (kept, breaks): (Vec<&witness::Witness>, Vec<&witness::Witness>) =
        all.iter().partition(|w| !broken.contains(w.key.as_str()));
    let (source, starts) = witness::source(&kept, &client);
    if let Some(errors) = references::build_against(scratch, "witness-kept", "new", &source)? {
        let keys = witness::failing(&kept, &starts, &errors);
        problems.push(format!(
            "items the report keeps compatible no longer build: {}\n{errors}",
            keys.join(", ")
        ));
    }
    let mut confirmed = 0;
    for (i, w) in breaks.iter().enumerate() {
        let (source, _) = witness::source(&[w], &client);
        let krate = format!("witness-break-{i}");
        if references::build_against(scratch, &krate, "new", &source)?.is_some() {
            confirmed += 1;
        } else {
            problems.push(format!(
                "the report calls `{}` breaking, yet it is used the same way against the new crate",
                w.key
            ));
        }
    }
    Ok(Witnessed {
        items: all.len(),
        breaks: breaks.len(),
        confirmed,
    })
}

/// cargo-semver-checks must agree wherever it sees a break, and an addition
/// it sees must be in the report.
fn check_semver(s: &Semver, ours: Option<Class>, problems: &mut Vec<String>) {
    use references::Bump;
    match s.bump {
        Bump::Major if ours != Some(Class::Breaking) => problems.push(format!(
            "cargo-semver-checks requires a major version ({}), the report says {}",
            s.lints.join(", "),
            class_name(ours)
        )),
        Bump::Minor if ours < Some(Class::Additive) => problems.push(format!(
            "cargo-semver-checks sees additions ({}), the report says {}",
            s.lints.join(", "),
            class_name(ours)
        )),
        _ => {}
    }
}

/// The user crate builds against the old crate, and against the new one
/// exactly when the change is not breaking.
fn check_user(u: &UserBuild, ours: Option<Class>, problems: &mut Vec<String>) {
    if let Some(e) = &u.old_error {
        problems.push(format!(
            "user.rs does not build against the old crate:\n{e}"
        ));
        return;
    }
    let breaking = ours == Some(Class::Breaking);
    match (&u.new_error, breaking) {
        (None, true) => problems
            .push("the report says breaking, yet user.rs builds against the new crate".to_owned()),
        (Some(e), false) => problems.push(format!(
            "the report says {}, yet user.rs no longer builds:\n{e}",
            class_name(ours)
        )),
        _ => {}
    }
}

fn class_name(c: Option<Class>) -> String {
    c.map_or_else(|| "no change".to_owned(), |c| c.to_string())
}

/// Generates the crate of one spec into the directory `side` under a
/// fixed name and version (both sides must match for cargo-semver-checks),
/// and returns its surface.
fn generate(scratch: &Scratch, side: &str, spec: &Path) -> Result<surface::Surface, String> {
    let settings = Settings {
        crate_version: Some("1.0.0".to_owned()),
        spec_display_path: Some(spec.display().to_string()),
        // The cases pin what spec changes do to users' code; they keep
        // the flat layout so that code stays the same across them.
        client: ClientSettings {
            layout: ClientLayout::Flat,
            deprecated_forwarders: true,
        },
        ..scratch.settings("evolution-sdk")
    };
    let mut g = codegen::generate_from_path(spec, &settings)
        .map_err(|d| format!("{}:\n{d}", spec.display()))?;
    if let Some(manifest) = g.files.get_mut("Cargo.toml") {
        manifest.push_str(references::ADDITION_LINTS);
    }
    scratch.write_crate(side, &g.files)?;
    Ok(g.surface)
}

fn table(rows: &[(&Case, Outcome)]) -> String {
    let mut out = String::from(
        "| case | report | expected | cargo-semver-checks | user crate (old / new) | witnesses: items, breaks confirmed | agrees |\n|---|---|---|---|---|---|---|\n",
    );
    for (case, o) in rows {
        let expected = case.expected.map_or_else(|| "-".to_owned(), class_name);
        let semver = o
            .semver
            .as_ref()
            .map_or_else(|| "not run".to_owned(), Semver::summary);
        let user = o
            .user
            .as_ref()
            .map_or_else(|| "-".to_owned(), UserBuild::summary);
        let agrees = if o.problems.is_empty() {
            "yes"
        } else {
            "**no**"
        };
        let w = &o.witnessed;
        let _ = writeln!(
            out,
            "| {} | {} | {expected} | {semver} | {user} | {}, {}/{} | {agrees} |",
            case.name,
            class_name(o.ours),
            w.items,
            w.confirmed,
            w.breaks
        );
    }
    out
}
