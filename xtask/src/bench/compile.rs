//! Compile cost of generated crates, as users wait for it: `cargo check`
//! after an edit (incremental), and `cargo check` and `cargo build` as a
//! first build or a registry dependency compiles them (not incremental),
//! dependencies already built. Ours, progenitor's and a baseline
//! generator's crates share one workspace and target directory and are
//! measured alternately, run by run, so the machine's drift hits all alike.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::{LARGE, SHARED, Stat, lines_of, progenitor_cmd, run_cmd, stat};
use crate::cargo::Cargo;
use crate::paths::workspace_root;
use crate::scratch::Scratch;

/// How a crate is compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// `cargo check` after an edit, incremental (an edit-compile loop).
    CheckIncremental,
    /// `cargo check`, not incremental (a first build, CI, a registry crate).
    Check,
    /// `cargo build`, not incremental.
    Build,
}

impl Mode {
    pub(super) const ALL: [Mode; 3] = [Mode::CheckIncremental, Mode::Check, Mode::Build];
    /// What the large specs are measured in: what a first build costs.
    pub(super) const CLEAN: [Mode; 2] = [Mode::Check, Mode::Build];

    pub(super) fn label(self) -> &'static str {
        match self {
            Mode::CheckIncremental => "check, incremental",
            Mode::Check => "check",
            Mode::Build => "build",
        }
    }

    /// The cargo command, and whether it is incremental.
    fn command(self) -> (&'static str, bool) {
        match self {
            Mode::CheckIncremental => ("check", true),
            Mode::Check => ("check", false),
            Mode::Build => ("build", false),
        }
    }
}

/// Who generated a crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Generator {
    Ours,
    Progenitor,
    Baseline,
    /// Ours, with some of its code taken out to see what that code costs.
    Ablated(Ablation),
}

impl Generator {
    fn prefix(self) -> &'static str {
        match self {
            Generator::Ours => "ours",
            Generator::Progenitor => "prog",
            Generator::Baseline => "base",
            Generator::Ablated(a) => a.prefix(),
        }
    }
}

pub(super) use super::ablate::Ablation;

/// Specs whose crates are measured with each [`Ablation`].
const ABLATED: &[(&str, &str)] = &[
    ("progenitor-nexus", "progenitor-nexus/nexus.json"),
    ("prefect-fastapi", "prefect-fastapi/schema.json"),
];

/// One generated crate's figures.
pub(super) struct Cell {
    pub(super) generator: Generator,
    pub(super) lines: usize,
    pub(super) times: Vec<(Mode, Stat)>,
}

impl Cell {
    pub(super) fn time(&self, mode: Mode) -> Option<Stat> {
        self.times.iter().find(|(m, _)| *m == mode).map(|(_, s)| *s)
    }
}

/// One spec: a cell per generator.
pub(super) struct Row {
    pub(super) spec: String,
    pub(super) cells: Vec<Cell>,
}

impl Row {
    pub(super) fn cell(&self, g: Generator) -> Option<&Cell> {
        self.cells.iter().find(|c| c.generator == g)
    }
}

/// The GitHub crate with one group's feature against all of them.
pub(super) struct GroupRow {
    pub(super) spec: String,
    pub(super) feature: String,
    pub(super) one: Vec<(Mode, Stat)>,
}

/// Everything this module measures.
#[derive(Default)]
pub(super) struct Compile {
    pub(super) shared: Vec<Row>,
    pub(super) large: Vec<Row>,
    pub(super) group: Option<GroupRow>,
    /// `cargo check` (not incremental) of ours and each ablation.
    pub(super) ablations: Vec<Row>,
    pub(super) baseline: Option<String>,
    pub(super) runs: usize,
    pub(super) large_runs: usize,
}

/// What to measure with.
pub(super) struct Plan<'a> {
    pub(super) work: &'a Path,
    pub(super) specs: &'a Path,
    pub(super) progenitor: &'a Path,
    /// The baseline's revision and its built `xtask`.
    pub(super) baseline: Option<(&'a str, &'a Path)>,
    pub(super) runs: usize,
    pub(super) large_runs: usize,
    /// Whether the largest specs are measured.
    pub(super) large: bool,
}

/// The spec and group of the one-group figure.
const GROUP_SPEC: &str = "github-progenitor";
const GROUP_FEATURE: &str = "issues";

pub(super) fn measure(plan: &Plan<'_>) -> Result<Compile, String> {
    let dir = plan.work.join("compile");
    // A target directory of its own: figures are not disturbed by what
    // other commands left in the shared one.
    let mut scratch = Scratch::create(&dir, "cargo xtask bench")?.target_dir(dir.join("target"));
    let mut gens = vec![Generator::Ours, Generator::Progenitor];
    if plan.baseline.is_some() {
        gens.push(Generator::Baseline);
    }
    for (name, rel) in SHARED {
        for &g in &gens {
            generate(plan, &mut scratch, g, name, &plan.specs.join(rel))?;
        }
    }
    let large_gens: Vec<Generator> = gens
        .iter()
        .copied()
        .filter(|g| *g != Generator::Progenitor)
        .collect();
    let large: &[(&str, &str)] = if plan.large { LARGE } else { &[] };
    for (name, rel) in large {
        for &g in &large_gens {
            generate(plan, &mut scratch, g, name, &plan.specs.join(rel))?;
        }
    }
    let mut ablated = vec![Generator::Ours];
    ablated.extend(Ablation::ALL.map(Generator::Ablated));
    for (name, rel) in ABLATED {
        for &g in &ablated {
            let krate = format!("{}-{name}", g.prefix());
            if !scratch.members().contains(&krate) {
                generate(plan, &mut scratch, g, name, &plan.specs.join(rel))?;
            }
        }
    }
    scratch.write_workspace()?;
    let timer = Timer { scratch };
    let mut out = Compile {
        baseline: plan.baseline.map(|(rev, _)| rev.to_owned()),
        runs: plan.runs,
        large_runs: plan.large_runs,
        ..Compile::default()
    };
    for (name, _) in SHARED {
        eprintln!("compile cost: {name}");
        out.shared.push(alternate(
            &dir,
            name,
            &gens,
            &Mode::ALL,
            plan.runs,
            true,
            &timer,
        )?);
    }
    for (name, _) in large {
        eprintln!("compile cost: {name} (large)");
        out.large.push(alternate(
            &dir,
            name,
            &large_gens,
            &Mode::CLEAN,
            plan.large_runs,
            false,
            &timer,
        )?);
    }
    for (name, _) in ABLATED {
        eprintln!("compile cost: {name} (ablations)");
        out.ablations.push(alternate(
            &dir,
            name,
            &ablated,
            &[Mode::Check],
            plan.runs,
            true,
            &timer,
        )?);
    }
    if plan.large {
        out.group = Some(one_group(plan, &timer)?);
    }
    Ok(out)
}

/// Compiles one crate of the workspace at a time.
struct Timer {
    scratch: Scratch,
}

impl Timer {
    fn time(&self, krate: &str, mode: Mode, extra: &[&str]) -> Result<Duration, String> {
        // A fresh mtime makes cargo recompile this crate only.
        let lib = self.scratch.dir().join(krate).join("src/lib.rs");
        if let Ok(text) = std::fs::read(&lib) {
            let _ = std::fs::write(&lib, text);
        }
        let (command, incremental) = mode.command();
        run_cmd(
            &mut self
                .scratch
                .cargo([command, "--quiet", "-p", krate])
                .args(extra)
                .dir(self.scratch.dir())
                .incremental(incremental)
                .into_command(),
        )
    }
}

/// The GitHub crate built with one group's feature.
fn one_group(plan: &Plan<'_>, timer: &Timer) -> Result<GroupRow, String> {
    eprintln!("compile cost: {GROUP_SPEC} with only `{GROUP_FEATURE}`");
    let krate = format!("ours-{GROUP_SPEC}");
    let mut one = Vec::new();
    for mode in Mode::CLEAN {
        let mut xs = Vec::new();
        for _ in 0..plan.large_runs {
            xs.push(timer.time(
                &krate,
                mode,
                &["--no-default-features", "--features", GROUP_FEATURE],
            )?);
        }
        one.push((mode, stat(xs)));
    }
    Ok(GroupRow {
        spec: GROUP_SPEC.to_owned(),
        feature: GROUP_FEATURE.to_owned(),
        one,
    })
}

/// Times every generator's crate of `spec` in every mode, alternating
/// generators within each run. With `warm_up`, one untimed round first;
/// without, the first run is each crate's first build.
fn alternate(
    dir: &Path,
    spec: &str,
    gens: &[Generator],
    modes: &[Mode],
    runs: usize,
    warm_up: bool,
    timer: &Timer,
) -> Result<Row, String> {
    let krate = |g: Generator| format!("{}-{spec}", g.prefix());
    let mut samples: Vec<Vec<Vec<Duration>>> = vec![vec![Vec::new(); modes.len()]; gens.len()];
    for round in 0..runs + usize::from(warm_up) {
        for (m, &mode) in modes.iter().enumerate() {
            for (g, &gen_) in gens.iter().enumerate() {
                let d = timer.time(&krate(gen_), mode, &[])?;
                if !(warm_up && round == 0) {
                    samples[g][m].push(d);
                }
            }
        }
    }
    let cells = gens
        .iter()
        .zip(samples)
        .map(|(&g, by_mode)| Cell {
            generator: g,
            lines: lines_of(&dir.join(krate(g)).join("src")),
            times: modes
                .iter()
                .copied()
                .zip(by_mode.into_iter().map(stat))
                .collect(),
        })
        .collect();
    Ok(Row {
        spec: spec.to_owned(),
        cells,
    })
}

/// Writes one generator's crate for `spec` into the workspace, as a member.
fn generate(
    plan: &Plan<'_>,
    scratch: &mut Scratch,
    g: Generator,
    name: &str,
    spec: &Path,
) -> Result<(), String> {
    let krate = format!("{}-{name}", g.prefix());
    let out = scratch.dir().join(&krate);
    match g {
        Generator::Ours | Generator::Ablated(_) => {
            let mut generated = codegen::generate_from_path(spec, &scratch.settings(&krate))
                .map_err(|d| d.to_string())?;
            if let Generator::Ablated(a) = g {
                for (_, text) in generated
                    .files
                    .iter_mut()
                    .filter(|(rel, _)| rel.ends_with(".rs"))
                {
                    *text = a.apply(text);
                }
            }
            scratch.write_crate(&krate, &generated.files)?;
        }
        Generator::Progenitor => {
            run_cmd(&mut progenitor_cmd(plan.progenitor, spec, &out, &krate))?;
        }
        Generator::Baseline => {
            let Some((_, exe)) = plan.baseline else {
                return Err("no baseline generator".to_owned());
            };
            run_cmd(
                Command::new(exe)
                    .args(["codegen", "--spec"])
                    .arg(spec)
                    .arg("--out")
                    .arg(&out)
                    .args(["--crate-name", &krate]),
            )?;
            // Its crate is standalone; here it is a member of the workspace.
            let manifest = out.join("Cargo.toml");
            let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
            let member: String = text
                .lines()
                .filter(|l| l.trim() != "[workspace]")
                .map(|l| format!("{l}\n"))
                .collect();
            std::fs::write(&manifest, member).map_err(|e| e.to_string())?;
        }
    }
    scratch.add_member(&krate);
    Ok(())
}

/// Builds the generator at `rev` in a git worktree under `work`; the path
/// of its `xtask`.
pub(super) fn build_baseline(work: &Path, rev: &str) -> Result<PathBuf, String> {
    let root = workspace_root();
    let tree = work.join("baseline-src");
    let _ = Command::new("git")
        .args(["worktree", "remove", "--force"])
        .arg(&tree)
        .current_dir(&root)
        .output();
    let _ = std::fs::remove_dir_all(&tree);
    let _ = Command::new("git")
        .args(["worktree", "prune"])
        .current_dir(&root)
        .output();
    run_cmd(
        Command::new("git")
            .args(["worktree", "add", "--detach"])
            .arg(&tree)
            .arg(rev)
            .current_dir(&root),
    )?;
    let target = root.join("target/bench-baseline");
    eprintln!("building the generator at {rev}");
    run_cmd(
        &mut Cargo::new(["build", "--release", "--quiet", "-p", "xtask"])
            .dir(&tree)
            .target(&target)
            .into_command(),
    )?;
    Ok(target.join("release/xtask"))
}
