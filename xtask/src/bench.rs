//! `cargo xtask bench`: measures, in one run on this machine, generation
//! time against progenitor 0.15.1 (whole processes), our time per stage,
//! the `--check` gate, the compile cost of generated crates, request
//! preparation against hand-written code (criterion), and an instruction
//! profile (callgrind); then writes `BENCHMARKS.md` from those figures.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use codegen::{CrateLayout, Settings};

use crate::codegen::workspace_root;

/// Specs progenitor 0.15.1 turns into compiling crates; compared head to head.
const SHARED: &[(&str, &str)] = &[
    (
        "progenitor-buildomat",
        "progenitor-buildomat/buildomat.json",
    ),
    ("progenitor-nexus", "progenitor-nexus/nexus.json"),
    (
        "progenitor-param-collision",
        "progenitor-param-collision/param-collision.json",
    ),
    (
        "progenitor-propolis",
        "progenitor-propolis/propolis-server.json",
    ),
];

/// Large specs progenitor cannot handle; ours only (progenitor is tried once).
const LARGE: &[(&str, &str)] = &[
    ("github-progenitor", "github-progenitor/api.github.com.json"),
    ("elevenlabs-fastapi", "elevenlabs-fastapi/openapi.json"),
    ("vapi", "vapi/openapi.yaml"),
];

const PROGENITOR_VERSION: &str = "0.15.1";

struct Args {
    runs: usize,
    out: PathBuf,
    specs: PathBuf,
}

fn parse(args: &[String]) -> Result<Args, String> {
    use lexopt::prelude::*;
    let root = workspace_root();
    let mut a = Args {
        runs: 7,
        out: root.join("BENCHMARKS.md"),
        specs: root.join("../shared/specs"),
    };
    let mut p = lexopt::Parser::from_args(args.iter().map(String::as_str));
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("runs") => {
                a.runs = p
                    .value()
                    .map_err(|e| e.to_string())?
                    .parse()
                    .map_err(|e| format!("--runs: {e}"))?
            }
            Long("out") => a.out = p.value().map_err(|e| e.to_string())?.into(),
            Long("specs") => a.specs = p.value().map_err(|e| e.to_string())?.into(),
            other => return Err(other.unexpected().to_string()),
        }
    }
    if a.runs < 3 {
        return Err("--runs must be at least 3 for a median to mean anything".to_owned());
    }
    Ok(a)
}

/// Median, minimum and maximum of some durations.
#[derive(Debug, Clone, Copy)]
struct Stat {
    median: Duration,
    min: Duration,
    max: Duration,
}

fn stat(mut xs: Vec<Duration>) -> Stat {
    xs.sort();
    let median = if xs.len() % 2 == 1 {
        xs[xs.len() / 2]
    } else {
        (xs[xs.len() / 2 - 1] + xs[xs.len() / 2]) / 2
    };
    Stat {
        median,
        min: xs[0],
        max: xs[xs.len() - 1],
    }
}

fn ms(d: Duration) -> String {
    let v = d.as_secs_f64() * 1000.0;
    if v >= 100.0 {
        format!("{v:.0} ms")
    } else if v >= 10.0 {
        format!("{v:.1} ms")
    } else {
        format!("{v:.2} ms")
    }
}

fn show(s: Stat) -> String {
    format!("{} ({}–{})", ms(s.median), ms(s.min), ms(s.max))
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

fn run_cmd(cmd: &mut Command) -> Result<Duration, String> {
    let start = Instant::now();
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not run {cmd:?}: {e}"))?;
    let elapsed = start.elapsed();
    if !out.status.success() {
        return Err(format!(
            "{cmd:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .take(20)
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    Ok(elapsed)
}

/// One warm-up, then `runs` timed runs.
fn time_runs(runs: usize, mut make: impl FnMut() -> Command) -> Result<Stat, String> {
    run_cmd(&mut make())?;
    let mut xs = Vec::with_capacity(runs);
    for _ in 0..runs {
        xs.push(run_cmd(&mut make())?);
    }
    Ok(stat(xs))
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// `cargo-progenitor` at the pinned version, installed under target/ if missing.
fn progenitor(root: &Path) -> Result<PathBuf, String> {
    let tools = root.join("target/bench-tools");
    let bin = tools.join("bin/cargo-progenitor");
    // cargo install records what it installed under its --root.
    let installed = bin.exists()
        && std::fs::read_to_string(tools.join(".crates.toml"))
            .map(|t| t.contains(&format!("cargo-progenitor {PROGENITOR_VERSION}")))
            .unwrap_or(false);
    if !installed {
        eprintln!(
            "installing cargo-progenitor {PROGENITOR_VERSION} into {}",
            tools.display()
        );
        let status = Command::new(cargo())
            .args([
                "install",
                "cargo-progenitor",
                "--version",
                PROGENITOR_VERSION,
                "--locked",
                "--root",
            ])
            .arg(&tools)
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err("cargo install cargo-progenitor failed".to_owned());
        }
    }
    Ok(bin)
}

fn progenitor_cmd(bin: &Path, spec: &Path, out: &Path, name: &str) -> Command {
    let mut c = Command::new(bin);
    c.args(["progenitor", "-i"])
        .arg(spec)
        .arg("-o")
        .arg(out)
        .args(["-n", name, "-v", "0.1.0"]);
    c
}

fn ours_cmd(spec: &Path, out: &Path) -> Result<Command, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut c = Command::new(exe);
    c.args(["codegen", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(out);
    Ok(c)
}

fn lines_of(dir: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                n += std::fs::read_to_string(&p)
                    .map(|t| t.lines().count())
                    .unwrap_or(0);
            }
        }
    }
    n
}

pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let args = parse(args)?;
    let root = workspace_root();
    let work = root.join("target/bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let prog = progenitor(&root)?;
    let mut report = Report {
        machine: machine(&prog),
        ..Report::default()
    };

    // Generation, whole process.
    for (name, rel) in SHARED {
        let spec = args.specs.join(rel);
        eprintln!("generation: {name}");
        let ours = time_runs(args.runs, || {
            ours_cmd(&spec, &work.join(format!("gen/ours-{name}"))).expect("own executable")
        })?;
        let theirs = time_runs(args.runs, || {
            progenitor_cmd(
                &prog,
                &spec,
                &work.join(format!("gen/prog-{name}")),
                "bench",
            )
        })?;
        report.generation.push((name.to_string(), ours, theirs));
    }
    for (name, rel) in LARGE {
        let spec = args.specs.join(rel);
        eprintln!("generation: {name}");
        let ours = time_runs(args.runs, || {
            ours_cmd(&spec, &work.join(format!("gen/ours-{name}"))).expect("own executable")
        })?;
        let attempt = progenitor_cmd(
            &prog,
            &spec,
            &work.join(format!("gen/prog-{name}")),
            "bench",
        )
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
        let outcome = if attempt.status.success() {
            "generates".to_owned()
        } else {
            let text = String::from_utf8_lossy(&attempt.stderr);
            let lines: Vec<&str> = text.lines().collect();
            // A panic's message is on the line after "panicked at ...".
            let summary = match lines.iter().position(|l| l.contains("panicked at")) {
                Some(i) => format!("panics: {}", lines.get(i + 1).unwrap_or(&"").trim()),
                None => lines
                    .iter()
                    .find(|l| l.to_lowercase().contains("error"))
                    .map(|l| format!("fails: {}", l.trim()))
                    .unwrap_or_else(|| "fails".to_owned()),
            };
            summary
                .chars()
                .take(120)
                .collect::<String>()
                .replace('|', "\\|")
        };
        report.large.push((name.to_string(), ours, outcome));
    }

    // Stages, in-process.
    let mut stage_specs: Vec<(String, PathBuf)> =
        vec![("oneinbox".into(), root.join("openapi/oneinbox.yaml"))];
    for (name, rel) in SHARED.iter().chain(LARGE) {
        stage_specs.push((name.to_string(), args.specs.join(rel)));
    }
    for (name, spec) in &stage_specs {
        eprintln!("stages: {name}");
        report.stages.push((name.clone(), stages(spec, args.runs)?));
    }

    // The drift gate.
    eprintln!("codegen --check");
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    report.check = Some(time_runs(args.runs, || {
        let mut c = Command::new(&exe);
        c.args(["codegen", "--check"]).current_dir(&root);
        c
    })?);

    // Compile cost.
    report.compile = compile_cost(&root, &work, &prog, &args)?;

    // Request preparation.
    eprintln!("request overhead (criterion)");
    report.overhead = Some(request_overhead(&root)?);

    // Where the time goes.
    report.profile = profile(&args.specs.join("progenitor-nexus/nexus.json"), &work);

    let text = report.render(args.runs);
    std::fs::write(&args.out, &text).map_err(|e| e.to_string())?;
    println!("{text}");
    eprintln!("wrote {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

fn stages(spec: &Path, runs: usize) -> Result<[Stat; 6], String> {
    let settings = Settings {
        layout: CrateLayout::Standalone,
        runtime: crate::codegen::shared_runtime(),
        ..Settings::default()
    };
    let mut cols: [Vec<Duration>; 6] = Default::default();
    codegen::generate_from_path(spec, &settings).map_err(|d| d.to_string())?;
    for _ in 0..runs {
        let start = Instant::now();
        let g = codegen::generate_from_path(spec, &settings).map_err(|d| d.to_string())?;
        let total = start.elapsed();
        let t = g.stats.timings;
        for (i, d) in [t.load, t.normalize, t.lower, t.emit, t.render, total]
            .into_iter()
            .enumerate()
        {
            cols[i].push(d);
        }
    }
    let [a, b, c, d, e, f] = cols;
    Ok([stat(a), stat(b), stat(c), stat(d), stat(e), stat(f)])
}

struct CompileRow {
    spec: String,
    ours_lines: usize,
    ours: Stat,
    theirs_lines: usize,
    theirs: Stat,
}

/// `cargo check` of each generated crate after touching it, with its
/// dependencies already built, ours against progenitor's on the same spec.
fn compile_cost(
    root: &Path,
    work: &Path,
    prog: &Path,
    args: &Args,
) -> Result<Vec<CompileRow>, String> {
    let dir = work.join("compile");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut members = Vec::new();
    for (name, rel) in SHARED {
        let spec = args.specs.join(rel);
        let ours = format!("ours-{name}");
        let settings = Settings {
            crate_name: Some(ours.clone()),
            layout: CrateLayout::WorkspaceMember,
            runtime: crate::codegen::shared_runtime(),
            regenerate_command: "cargo xtask bench".to_owned(),
            ..Settings::default()
        };
        let g = codegen::generate_from_path(&spec, &settings).map_err(|d| d.to_string())?;
        for (rel, text) in &g.files {
            let p = dir.join(&ours).join(rel);
            std::fs::create_dir_all(p.parent().unwrap_or(&dir)).map_err(|e| e.to_string())?;
            std::fs::write(p, text).map_err(|e| e.to_string())?;
        }
        let theirs = format!("prog-{name}");
        run_cmd(&mut progenitor_cmd(
            prog,
            &spec,
            &dir.join(&theirs),
            &theirs,
        ))?;
        members.push(ours);
        members.push(theirs);
    }
    let mut toml = String::from("[workspace]\nresolver = \"2\"\nmembers = [\n");
    for m in &members {
        let _ = writeln!(toml, "    \"{m}\",");
    }
    toml.push_str("]\n");
    std::fs::write(dir.join("Cargo.toml"), toml).map_err(|e| e.to_string())?;
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    let target = dir.join("target");
    eprintln!("compile cost: building dependencies once");
    run_cmd(
        Command::new(cargo())
            .args(["check", "--workspace", "--quiet"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target),
    )?;
    let mut rows = Vec::new();
    for (name, _) in SHARED {
        eprintln!("compile cost: {name}");
        let one = |krate: &str| -> Result<Stat, String> {
            let lib = dir.join(krate).join("src/lib.rs");
            time_runs(args.runs.clamp(3, 5), || {
                // A fresh mtime makes cargo re-check this crate only.
                if let Ok(text) = std::fs::read(&lib) {
                    let _ = std::fs::write(&lib, text);
                }
                let mut c = Command::new(cargo());
                c.args(["check", "--quiet", "-p", krate])
                    .current_dir(&dir)
                    .env("CARGO_TARGET_DIR", &target);
                c
            })
        };
        let ours_name = format!("ours-{name}");
        let theirs_name = format!("prog-{name}");
        let ours = one(&ours_name)?;
        let theirs = one(&theirs_name)?;
        rows.push(CompileRow {
            spec: name.to_string(),
            ours_lines: lines_of(&dir.join(&ours_name).join("src")),
            ours,
            theirs_lines: lines_of(&dir.join(&theirs_name).join("src")),
            theirs,
        });
    }
    Ok(rows)
}

struct Overhead {
    ours_ns: f64,
    ours_ci: (f64, f64),
    theirs_ns: f64,
    theirs_ci: (f64, f64),
}

fn request_overhead(root: &Path) -> Result<Overhead, String> {
    run_cmd(
        Command::new(cargo())
            .args(["bench", "-p", "sdk-tests", "--bench", "request_overhead"])
            .current_dir(root),
    )?;
    let read = |name: &str| -> Result<(f64, (f64, f64)), String> {
        let path = root.join(format!(
            "target/criterion/request_overhead/{name}/new/estimates.json"
        ));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let m = &v["median"];
        let f = |x: &serde_json::Value| x.as_f64().unwrap_or(f64::NAN);
        Ok((
            f(&m["point_estimate"]),
            (
                f(&m["confidence_interval"]["lower_bound"]),
                f(&m["confidence_interval"]["upper_bound"]),
            ),
        ))
    };
    let (ours_ns, ours_ci) = read("generated_sdk")?;
    let (theirs_ns, theirs_ci) = read("hand_written")?;
    Ok(Overhead {
        ours_ns,
        ours_ci,
        theirs_ns,
        theirs_ci,
    })
}

/// Instruction counts by function (callgrind), if valgrind is installed.
fn profile(spec: &Path, work: &Path) -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let out = work.join("callgrind.out");
    eprintln!("profile: callgrind");
    let status = Command::new("valgrind")
        .args(["--tool=callgrind", "--quiet"])
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(&exe)
        .args(["codegen", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(work.join("gen/profiled"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    let annotated = Command::new("callgrind_annotate")
        .args(["--inclusive=no", "--threshold=100"])
        .arg(&out)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&annotated.stdout);
    let mut total = String::new();
    let mut rows = Vec::new();
    for line in text.lines() {
        let l = line.trim();
        if l.ends_with("PROGRAM TOTALS") {
            total = l.split_whitespace().next().unwrap_or("").to_owned();
        } else if l.contains('%') && l.contains(" (") && rows.len() < 12 {
            // "1,234 (12.3%)  file:function [binary]"
            let (count, rest) = l.split_once(" (")?;
            let (pct, func) = rest.split_once(')')?;
            let func = func.trim();
            let func = func.rsplit_once(" [").map(|(f, _)| f).unwrap_or(func);
            let func = func.rsplit_once(':').map(|(_, f)| f).unwrap_or(func);
            let func: String = func.chars().take(90).collect();
            rows.push(format!(
                "| {} | {pct} | `{}` |",
                count.trim(),
                func.replace('|', "\\|")
            ));
        }
    }
    if rows.is_empty() {
        return None;
    }
    Some(format!(
        "Instructions to generate the nexus crate (one process, `valgrind --tool=callgrind`): {total}.\n\n\
         | instructions | share | function (self cost) |\n|---:|---:|---|\n{}\n",
        rows.join("\n")
    ))
}

fn machine(prog: &Path) -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines().find(|l| l.starts_with("MemTotal")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<u64>().ok())
            })
        })
        .map(|kb| format!("{:.0} GiB", kb as f64 / 1024.0 / 1024.0))
        .unwrap_or_default();
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    // cargo-progenitor has no --version; the pinned install is the version.
    let prog_version = format!(
        "cargo-progenitor {PROGENITOR_VERSION} ({})",
        prog.strip_prefix(workspace_root())
            .unwrap_or(prog)
            .display()
    );
    let date = Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!("{date}; {cpu}, {cores} cores, {mem}; {rustc}; {prog_version}")
}

#[derive(Default)]
struct Report {
    machine: String,
    generation: Vec<(String, Stat, Stat)>,
    large: Vec<(String, Stat, String)>,
    stages: Vec<(String, [Stat; 6])>,
    check: Option<Stat>,
    compile: Vec<CompileRow>,
    overhead: Option<Overhead>,
    profile: Option<String>,
}

impl Report {
    fn render(&self, runs: usize) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# Benchmarks\n");
        let _ = writeln!(
            s,
            "Written by `cargo xtask bench`; do not edit by hand. Measured {}.\n",
            self.machine
        );
        let _ = writeln!(
            s,
            "Every figure is the median of {runs} runs (after one warm-up), with min–max. The machine is \
             shared and noisy, so the ratios, measured side by side in the same run, are what to compare.\n"
        );

        let gen_worst = self
            .generation
            .iter()
            .map(|(_, o, t)| ratio(o.median, t.median))
            .fold(0.0, f64::max);
        let check_worst = self
            .compile
            .iter()
            .map(|r| ratio(r.ours.median, r.theirs.median))
            .fold(0.0, f64::max);
        let yes = |b: bool| if b { "met" } else { "**not met**" };
        let _ = writeln!(s, "## Targets\n");
        let _ = writeln!(s, "| target | measured | |\n|---|---|---|");
        let _ = writeln!(
            s,
            "| generation ≤ 1/3 of progenitor's time on every spec both handle | worst ratio {gen_worst:.3} | {} |",
            yes(gen_worst <= 1.0 / 3.0)
        );
        let _ = writeln!(
            s,
            "| `cargo check` of the generated crate ≤ progenitor's | worst ratio {check_worst:.2} | {} |",
            yes(check_worst <= 1.0)
        );
        if let Some(o) = &self.overhead {
            let r = o.ours_ns / o.theirs_ns;
            let _ = writeln!(
                s,
                "| request preparation ≤ 1.05× hand-written | {r:.2}× | {} |",
                yes(r <= 1.05)
            );
        }
        if let Some(c) = self.check {
            let _ = writeln!(
                s,
                "| `cargo xtask codegen --check` on OneInbox < 1 s (built) | {} | {} |",
                ms(c.median),
                yes(c.median < Duration::from_secs(1))
            );
        }

        let _ = writeln!(s, "\n## Generation time, whole process\n");
        let _ = writeln!(
            s,
            "`xtask codegen --spec S --out D` against `cargo progenitor -i S -o D`, each writing a crate.\n"
        );
        let _ = writeln!(
            s,
            "| spec | ours | progenitor 0.15.1 | ours / progenitor |\n|---|---:|---:|---:|"
        );
        for (name, o, t) in &self.generation {
            let _ = writeln!(
                s,
                "| {name} | {} | {} | {:.3} |",
                show(*o),
                show(*t),
                ratio(o.median, t.median)
            );
        }
        let _ = writeln!(s, "\nLarge specs (progenitor tried once on each):\n");
        let _ = writeln!(s, "| spec | ours | progenitor 0.15.1 |\n|---|---:|---|");
        for (name, o, outcome) in &self.large {
            let _ = writeln!(s, "| {name} | {} | {outcome} |", show(*o));
        }

        let _ = writeln!(s, "\n## Our time by stage, in-process medians\n");
        let _ = writeln!(
            s,
            "| spec | load | normalize | lower | emit | render | total |\n|---|---:|---:|---:|---:|---:|---:|"
        );
        for (name, st) in &self.stages {
            let _ = writeln!(
                s,
                "| {name} | {} | {} | {} | {} | {} | {} |",
                ms(st[0].median),
                ms(st[1].median),
                ms(st[2].median),
                ms(st[3].median),
                ms(st[4].median),
                ms(st[5].median)
            );
        }
        if let Some(c) = self.check {
            let _ = writeln!(
                s,
                "\n`cargo xtask codegen --check` (whole process, every checked-in crate): {}.",
                show(c)
            );
        }

        let _ = writeln!(s, "\n## Compile cost of the generated crate\n");
        let _ = writeln!(
            s,
            "`cargo check -p CRATE` after touching its `src/lib.rs`, dependencies already built, both crates \
             in one workspace and target directory. Lines count every `.rs` file (ours include the runtime \
             the crate ships).\n"
        );
        let _ = writeln!(
            s,
            "| spec | ours: lines | ours: check | progenitor: lines | progenitor: check | check ratio |\n|---|---:|---:|---:|---:|---:|"
        );
        for r in &self.compile {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {:.2} |",
                r.spec,
                r.ours_lines,
                show(r.ours),
                r.theirs_lines,
                show(r.theirs),
                ratio(r.ours.median, r.theirs.median)
            );
        }

        if let Some(o) = &self.overhead {
            let _ = writeln!(s, "\n## Request preparation\n");
            let _ = writeln!(
                s,
                "criterion, `tests/benches/request_overhead.rs`: build an `update_phone_number` request (JSON body, \
                 headers, URL; no network) with the SDK, and with a hand-written serde struct and \
                 `reqwest::RequestBuilder` that produce the same request.\n"
            );
            let _ = writeln!(s, "| | median | 95% interval |\n|---|---:|---:|");
            let _ = writeln!(
                s,
                "| generated SDK | {:.0} ns | {:.0}–{:.0} ns |",
                o.ours_ns, o.ours_ci.0, o.ours_ci.1
            );
            let _ = writeln!(
                s,
                "| hand-written | {:.0} ns | {:.0}–{:.0} ns |",
                o.theirs_ns, o.theirs_ci.0, o.theirs_ci.1
            );
            let _ = writeln!(s, "| ratio | {:.2}× | |", o.ours_ns / o.theirs_ns);
        }

        if let Some(p) = &self.profile {
            let _ = writeln!(s, "\n## Instruction profile\n\n{p}");
        }
        s
    }
}
