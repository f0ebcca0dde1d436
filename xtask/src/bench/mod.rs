//! `cargo xtask bench`: measures, in one run on this machine, generation
//! time against progenitor 0.15.1 (whole processes), our time per stage,
//! the `--check` gate, the compile cost of generated crates, request
//! preparation against hand-written code (criterion), and an instruction
//! profile (callgrind); then writes `BENCHMARKS.md` from those figures.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use codegen::{CrateLayout, Settings};

use crate::Error;
use crate::cargo::Cargo;
use crate::flags::{self, Flag, Matches};
use crate::paths::workspace_root;

mod ablate;
mod compile;
mod report;

use report::{Medians, Report};

/// Specs progenitor 0.15.1 turns into compiling crates; compared head to head.
pub(super) const SHARED: &[(&str, &str)] = &[
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

/// The three largest specs, which progenitor cannot handle (it is tried
/// once on each).
pub(super) const LARGE: &[(&str, &str)] = &[
    ("github-progenitor", "github-progenitor/api.github.com.json"),
    ("elevenlabs-fastapi", "elevenlabs-fastapi/openapi.json"),
    ("vapi", "vapi/openapi.yaml"),
];

const PROGENITOR_VERSION: &str = "0.15.1";

pub const COMMAND: flags::Command = flags::Command {
    name: "bench",
    about: "measure against progenitor 0.15.1 (and the generator
            at REV, built in a git worktree) and write
            BENCHMARKS.md (installs progenitor under target/)",
    flags: &[
        Flag::value(
            "runs",
            "N",
            "timed runs of each measurement, at least 3 (default 7)",
        ),
        Flag::value(
            "large-runs",
            "N",
            "runs of each large crate's first build (default 1)",
        ),
        Flag::value(
            "baseline",
            "REV",
            "also measure the generator at this git revision",
        ),
        Flag::value("out", "FILE", "the report (default BENCHMARKS.md)"),
        Flag::switch("compile-only", "only the compile cost"),
        Flag::switch("no-large", "without the largest specs"),
        Flag::switch("sse-only", "only SSE parsing throughput, printed"),
        Flag::value("specs", "DIR", "the corpus (default ../shared/specs)"),
    ],
};

struct Args {
    runs: usize,
    /// Runs of each large crate's first build (they take minutes).
    large_runs: usize,
    out: PathBuf,
    specs: PathBuf,
    /// A git revision whose generator is measured beside this one.
    baseline: Option<String>,
    /// Only the compile cost (a quicker loop while working on it).
    compile_only: bool,
    /// Leave out the largest specs' crates.
    no_large: bool,
    /// Only the SSE parsing throughput, printed (not written).
    sse_only: bool,
}

fn args(m: &Matches) -> Result<Args, flags::Error> {
    let root = workspace_root();
    let a = Args {
        runs: m.parsed("runs")?.unwrap_or(7),
        large_runs: m.parsed("large-runs")?.unwrap_or(1),
        out: m.path_or("out", root.join("BENCHMARKS.md")),
        specs: m.path_or("specs", crate::paths::shared_specs()),
        baseline: m.value("baseline").map(str::to_owned),
        compile_only: m.is_set("compile-only"),
        no_large: m.is_set("no-large"),
        sse_only: m.is_set("sse-only"),
    };
    if a.runs < 3 {
        return Err(m.bad("runs", "must be at least 3 for a median to mean anything"));
    }
    if a.large_runs < 1 {
        return Err(m.bad("large-runs", "must be at least 1"));
    }
    Ok(a)
}

/// Median, minimum and maximum of some durations.
#[derive(Debug, Clone, Copy)]
pub(super) struct Stat {
    pub(super) median: Duration,
    pub(super) min: Duration,
    pub(super) max: Duration,
}

pub(super) fn stat(mut xs: Vec<Duration>) -> Stat {
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

pub(super) fn ms(d: Duration) -> String {
    let v = d.as_secs_f64() * 1000.0;
    if v >= 100.0 {
        format!("{v:.0} ms")
    } else if v >= 10.0 {
        format!("{v:.1} ms")
    } else {
        format!("{v:.2} ms")
    }
}

pub(super) fn show(s: Stat) -> String {
    format!("{} ({}–{})", ms(s.median), ms(s.min), ms(s.max))
}

pub(super) fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

pub(super) fn run_cmd(cmd: &mut Command) -> Result<Duration, String> {
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
        let status = Cargo::new([
            "install",
            "cargo-progenitor",
            "--version",
            PROGENITOR_VERSION,
            "--locked",
            "--root",
        ])
        .args([&tools])
        .into_command()
        .status()
        .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err("cargo install cargo-progenitor failed".to_owned());
        }
    }
    Ok(bin)
}

pub(super) fn progenitor_cmd(bin: &Path, spec: &Path, out: &Path, name: &str) -> Command {
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

pub(super) fn lines_of(dir: &Path) -> usize {
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

pub fn run(m: &Matches) -> Result<ExitCode, Error> {
    let args = args(m)?;
    let root = workspace_root();
    if args.sse_only {
        let report = Report {
            sse: Some(sse_throughput(&root)?),
            ..Report::default()
        };
        print!("{}", report.sse_section());
        return Ok(ExitCode::SUCCESS);
    }
    let work = root.join("target/bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let prog = progenitor(&root)?;
    let mut report = Report {
        machine: machine(&prog),
        ..Report::default()
    };

    if !args.compile_only {
        generation(&args, &root, &work, &prog, &mut report)?;
    }

    // Compile cost.
    let baseline = match &args.baseline {
        Some(rev) => Some((rev.as_str(), compile::build_baseline(&work, rev)?)),
        None => None,
    };
    report.compile = compile::measure(&compile::Plan {
        work: &work,
        specs: &args.specs,
        progenitor: &prog,
        baseline: baseline.as_ref().map(|(rev, exe)| (*rev, exe.as_path())),
        runs: args.runs.clamp(3, 5),
        large_runs: args.large_runs,
        large: !args.no_large,
    })?;

    if !args.compile_only {
        eprintln!("request overhead (criterion)");
        report.overhead = Some(request_overhead(&root)?);
        eprintln!("response decoding (criterion)");
        report.decoding = Some(response_decoding(&root)?);
        eprintln!("SSE parsing throughput (criterion)");
        report.sse = Some(sse_throughput(&root)?);
        // Where the time goes.
        report.profile = profile(&args.specs.join("progenitor-nexus/nexus.json"), &work);
    }

    let text = report.render(args.runs);
    std::fs::write(&args.out, &text).map_err(|e| e.to_string())?;
    println!("{text}");
    eprintln!("wrote {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

/// Generation against progenitor (whole processes), our stages
/// (in-process), and the drift gate.
fn generation(
    args: &Args,
    root: &Path,
    work: &Path,
    prog: &Path,
    report: &mut Report,
) -> Result<(), String> {
    // Generation, whole process.
    for (name, rel) in SHARED {
        let spec = args.specs.join(rel);
        eprintln!("generation: {name}");
        let ours = time_runs(args.runs, || {
            ours_cmd(&spec, &work.join(format!("gen/ours-{name}"))).expect("own executable")
        })?;
        let theirs = time_runs(args.runs, || {
            progenitor_cmd(prog, &spec, &work.join(format!("gen/prog-{name}")), "bench")
        })?;
        report.generation.push((name.to_string(), ours, theirs));
    }
    for (name, rel) in LARGE {
        let spec = args.specs.join(rel);
        eprintln!("generation: {name}");
        let ours = time_runs(args.runs, || {
            ours_cmd(&spec, &work.join(format!("gen/ours-{name}"))).expect("own executable")
        })?;
        let attempt = progenitor_cmd(prog, &spec, &work.join(format!("gen/prog-{name}")), "bench")
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
        c.args(["codegen", "--check"]).current_dir(root);
        c
    })?);

    Ok(())
}

fn stages(spec: &Path, runs: usize) -> Result<[Stat; 6], String> {
    let settings = Settings {
        layout: CrateLayout::Standalone,
        runtime: crate::paths::shared_runtime(),
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

fn request_overhead(root: &Path) -> Result<Medians, String> {
    criterion_pair(root, "request_overhead", ["generated_sdk", "hand_written"])
}

fn response_decoding(root: &Path) -> Result<Medians, String> {
    criterion_pair(root, "response_decoding", ["generated_sdk", "serde_derive"])
}

/// Runs the criterion bench `group` of `sdk-tests` and reads the medians of
/// its two functions, ours first.
fn criterion_pair(root: &Path, group: &str, names: [&str; 2]) -> Result<Medians, String> {
    run_cmd(
        &mut Cargo::new(["bench", "-p", "sdk-tests", "--bench", group])
            .dir(root)
            .into_command(),
    )?;
    let read = |name: &str| -> Result<(f64, (f64, f64)), String> {
        let path = root.join(format!(
            "target/criterion/{group}/{name}/new/estimates.json"
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
    let (ours_ns, ours_ci) = read(names[0])?;
    let (theirs_ns, theirs_ci) = read(names[1])?;
    Ok(Medians {
        ours_ns,
        ours_ci,
        theirs_ns,
        theirs_ci,
    })
}

/// SSE parsing against reading the same bytes, in MB/s (criterion medians).
fn sse_throughput(root: &Path) -> Result<report::Sse, String> {
    run_cmd(
        &mut Cargo::new(["bench", "-p", "sdk-tests", "--bench", "sse_throughput"])
            .dir(root)
            .into_command(),
    )?;
    let mb_per_s = |name: &str| -> Result<f64, String> {
        let dir = root.join(format!("target/criterion/sse_throughput/{name}/new"));
        let read = |file: &str| -> Result<serde_json::Value, String> {
            let path = dir.join(file);
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            serde_json::from_str(&text).map_err(|e| e.to_string())
        };
        let ns = read("estimates.json")?["median"]["point_estimate"]
            .as_f64()
            .unwrap_or(f64::NAN);
        let bytes = read("benchmark.json")?["throughput"]["Bytes"]
            .as_f64()
            .unwrap_or(f64::NAN);
        Ok(bytes / ns * 1e3)
    };
    Ok(report::Sse {
        parse: mb_per_s("parse")?,
        read: mb_per_s("read_only")?,
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
