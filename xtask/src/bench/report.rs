//! `BENCHMARKS.md` from the figures of one `cargo xtask bench` run.

use std::fmt::Write as _;
use std::time::Duration;

use super::compile::{Ablation, Compile, Generator, Mode, Row};
use super::{Stat, ms, ratio, show};

/// Two criterion benchmarks of one group, ours and the comparison:
/// medians in nanoseconds, with their 95% intervals.
pub(super) struct Medians {
    pub(super) ours_ns: f64,
    pub(super) ours_ci: (f64, f64),
    pub(super) theirs_ns: f64,
    pub(super) theirs_ci: (f64, f64),
}

/// SSE parsing throughput, MB/s.
pub(super) struct Sse {
    pub(super) parse: f64,
    pub(super) read: f64,
}

/// Every figure of a run.
#[derive(Default)]
pub(super) struct Report {
    pub(super) machine: String,
    pub(super) generation: Vec<(String, Stat, Stat)>,
    pub(super) large: Vec<(String, Stat, String)>,
    pub(super) stages: Vec<(String, [Stat; 6])>,
    pub(super) check: Option<Stat>,
    pub(super) compile: Compile,
    pub(super) overhead: Option<Medians>,
    pub(super) decoding: Option<Medians>,
    pub(super) sse: Option<Sse>,
    pub(super) profile: Option<String>,
}

impl Report {
    pub(super) fn render(&self, runs: usize) -> String {
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

        self.targets(&mut s);

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

        self.compile_sections(&mut s);

        if let Some(o) = &self.overhead {
            medians_section(
                &mut s,
                "Request preparation",
                "criterion, `tests/benches/request_overhead.rs`: build an `update_phone_number` request (JSON body, \
                 headers, URL; no network) with the SDK, and with a hand-written serde struct and \
                 `reqwest::RequestBuilder` that produce the same request.",
                ["generated SDK", "hand-written"],
                o,
            );
        }
        if let Some(d) = &self.decoding {
            medians_section(
                &mut s,
                "Response decoding",
                "criterion, `tests/benches/response_decoding.rs`: read a page of 50 phone numbers (each with one \
                 property the spec does not list) into the SDK's types, whose `Deserialize` is a \
                 `runtime::wire_struct!` table per struct, and into mirror structs with serde's derive and \
                 `#[serde(flatten)]` for the unlisted properties, which is what the generator emitted before.",
                ["generated SDK", "serde derive"],
                d,
            );
        }

        s.push_str(&self.sse_section());

        if let Some(p) = &self.profile {
            let _ = writeln!(s, "\n## Instruction profile\n\n{p}");
        }
        s
    }

    /// The SSE parsing line (empty when it was not measured).
    pub(super) fn sse_section(&self) -> String {
        let Some(sse) = &self.sse else {
            return String::new();
        };
        format!(
            "\n## Server-sent events\n\ncriterion, `tests/benches/sse_throughput.rs`: a 10 MB stream of \
             chat-completion events in 16 KiB pieces. SSE parse throughput: {:.0} MB/s, against {:.0} MB/s \
             reading the same bytes with no parsing ({:.2}× the time).\n",
            sse.parse,
            sse.read,
            sse.read / sse.parse
        )
    }
}

/// A section comparing two criterion medians.
fn medians_section(s: &mut String, title: &str, blurb: &str, labels: [&str; 2], m: &Medians) {
    let _ = writeln!(s, "\n## {title}\n\n{blurb}\n");
    let _ = writeln!(s, "| | median | 95% interval |\n|---|---:|---:|");
    let rows = [
        (labels[0], m.ours_ns, m.ours_ci),
        (labels[1], m.theirs_ns, m.theirs_ci),
    ];
    for (label, ns, ci) in rows {
        let _ = writeln!(s, "| {label} | {ns:.0} ns | {:.0}–{:.0} ns |", ci.0, ci.1);
    }
    let _ = writeln!(s, "| ratio | {:.2}× | |", m.ours_ns / m.theirs_ns);
}

fn yes(b: bool) -> &'static str {
    if b { "met" } else { "**not met**" }
}

/// The worst `ours / other` ratio over `rows` in `mode`.
fn worst(rows: &[Row], mode: Mode, other: Generator) -> Option<f64> {
    rows.iter()
        .filter_map(|r| {
            let ours = r.cell(Generator::Ours)?.time(mode)?;
            let theirs = r.cell(other)?.time(mode)?;
            Some(ratio(ours.median, theirs.median))
        })
        .reduce(f64::max)
}

impl Report {
    fn targets(&self, s: &mut String) {
        let gen_worst = self
            .generation
            .iter()
            .map(|(_, o, t)| ratio(o.median, t.median))
            .reduce(f64::max);
        let _ = writeln!(s, "## Targets\n");
        let _ = writeln!(s, "| target | measured | |\n|---|---|---|");
        if let Some(gen_worst) = gen_worst {
            let _ = writeln!(
                s,
                "| generation ≤ 1/3 of progenitor's time on every spec both handle | worst ratio {gen_worst:.3} | {} |",
                yes(gen_worst <= 1.0 / 3.0)
            );
        }
        self.compile_targets(s);
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
    }

    fn compile_targets(&self, s: &mut String) {
        let c = &self.compile;
        for mode in [Mode::CheckIncremental, Mode::Check] {
            if let Some(w) = worst(&c.shared, mode, Generator::Progenitor) {
                let _ = writeln!(
                    s,
                    "| `cargo {}` ≤ 1.0× progenitor's on every spec both handle | worst ratio {w:.2} | {} |",
                    mode.label(),
                    yes(w <= 1.0)
                );
            }
        }
        if let Some(rev) = &c.baseline {
            for mode in Mode::CLEAN {
                if let Some(w) = worst(&c.large, mode, Generator::Baseline) {
                    let _ = writeln!(
                        s,
                        "| `cargo {}` of the three largest specs' crates ≤ 0.5× the generator at `{rev}` | worst ratio {w:.2} | {} |",
                        mode.label(),
                        yes(w <= 0.5)
                    );
                }
            }
        }
        if let Some(r) = self.group_ratio(Mode::Build) {
            let g = c.group.as_ref().map_or("", |g| g.feature.as_str());
            let _ = writeln!(
                s,
                "| `cargo build` of the GitHub SDK with only `{g}` ≤ 0.25× all groups | {r:.2} | {} |",
                yes(r <= 0.25)
            );
        }
    }

    fn group_ratio(&self, mode: Mode) -> Option<f64> {
        let g = self.compile.group.as_ref()?;
        let all = self
            .compile
            .large
            .iter()
            .find(|r| r.spec == g.spec)?
            .cell(Generator::Ours)?
            .time(mode)?;
        let one = g.one.iter().find(|(m, _)| *m == mode)?.1;
        Some(ratio(one.median, all.median))
    }

    fn compile_sections(&self, s: &mut String) {
        let c = &self.compile;
        let base = c.baseline.as_deref().map(|rev| format!("baseline `{rev}`"));
        let _ = writeln!(s, "\n## Compile cost of the generated crate\n");
        let _ = writeln!(
            s,
            "Each crate is compiled after touching its `src/lib.rs`, its dependencies already built, every \
             crate in one workspace and target directory; the generators' crates take turns within each run. \
             *check, incremental* is an edit-and-check loop; *check* and *build* (`CARGO_INCREMENTAL=0`) are \
             what a first build, CI, or a crate used from a registry or git costs. Our crates depend on the \
             runtime crate (like progenitor's on `progenitor-client`), built once among the dependencies. \
             Medians of {} runs after one warm-up.\n",
            c.runs
        );
        let _ = writeln!(s, "Lines of Rust in each generated crate:\n");
        let mut header = String::from("| spec | ours | progenitor |");
        let mut rule = String::from("|---|---:|---:|");
        if let Some(b) = &base {
            let _ = write!(header, " {b} |");
            rule.push_str("---:|");
        }
        let _ = writeln!(s, "{header}\n{rule}");
        for r in &c.shared {
            let lines = |g| r.cell(g).map_or(String::from("–"), |c| c.lines.to_string());
            let mut line = format!(
                "| {} | {} | {} |",
                r.spec,
                lines(Generator::Ours),
                lines(Generator::Progenitor)
            );
            if base.is_some() {
                let _ = write!(line, " {} |", lines(Generator::Baseline));
            }
            let _ = writeln!(s, "{line}");
        }
        for mode in Mode::ALL {
            let _ = writeln!(s, "\n### cargo {}\n", mode.label());
            compare_table(s, &c.shared, mode, base.as_deref(), true);
        }
        self.large_sections(s, base.as_deref());
        self.ablation_section(s);
    }

    fn ablation_section(&self, s: &mut String) {
        let rows = &self.compile.ablations;
        if rows.is_empty() {
            return;
        }
        let _ = writeln!(s, "\n## Ablations: what parts of our crates cost\n");
        let _ = writeln!(
            s,
            "`cargo check` (not incremental) of our crate and of copies with code cut out of it, which still \
             compile but lose what the code does; the share is the time saved against the whole crate.\n"
        );
        let mut header = String::from("| spec | ours |");
        let mut rule = String::from("|---|---:|");
        for a in Ablation::ALL {
            let _ = write!(header, " {} | share |", a.label());
            rule.push_str("---:|---:|");
        }
        let _ = writeln!(s, "{header}\n{rule}");
        for r in rows {
            let Some(ours) = r.cell(Generator::Ours).and_then(|c| c.time(Mode::Check)) else {
                continue;
            };
            let mut line = format!("| {} | {} |", r.spec, show(ours));
            for a in Ablation::ALL {
                match r
                    .cell(Generator::Ablated(a))
                    .and_then(|c| c.time(Mode::Check))
                {
                    Some(t) => {
                        let saved = 1.0 - ratio(t.median, ours.median);
                        let _ = write!(line, " {} | {:.0}% |", show(t), saved * 100.0);
                    }
                    None => line.push_str(" – | – |"),
                }
            }
            let _ = writeln!(s, "{line}");
        }
    }

    fn large_sections(&self, s: &mut String, base: Option<&str>) {
        let c = &self.compile;
        if c.large.is_empty() {
            return;
        }
        let _ = writeln!(s, "\n## Compile cost of the three largest specs' crates\n");
        let _ = writeln!(
            s,
            "Not incremental, dependencies already built; {} run(s) each, the first being the crate's \
             first build. Lines: {}.\n",
            c.large_runs,
            c.large
                .iter()
                .map(|r| {
                    let of = |g| r.cell(g).map_or(String::from("–"), |c| c.lines.to_string());
                    match base {
                        Some(_) => format!(
                            "{} {} (baseline {})",
                            r.spec,
                            of(Generator::Ours),
                            of(Generator::Baseline)
                        ),
                        None => format!("{} {}", r.spec, of(Generator::Ours)),
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
        for mode in Mode::CLEAN {
            let _ = writeln!(s, "\n### cargo {}\n", mode.label());
            compare_table(s, &c.large, mode, base, false);
        }
        if let Some(g) = &c.group {
            let _ = writeln!(s, "\n## One API group\n");
            let _ = writeln!(
                s,
                "The {} crate with `--no-default-features --features {}` against all groups (the default), \
                 not incremental.\n",
                g.spec, g.feature
            );
            let _ = writeln!(
                s,
                "| | all groups | only `{}` | ratio |\n|---|---:|---:|---:|",
                g.feature
            );
            for mode in Mode::CLEAN {
                let all = c
                    .large
                    .iter()
                    .find(|r| r.spec == g.spec)
                    .and_then(|r| r.cell(Generator::Ours))
                    .and_then(|c| c.time(mode));
                let one = g.one.iter().find(|(m, _)| *m == mode).map(|(_, s)| *s);
                if let (Some(all), Some(one)) = (all, one) {
                    let _ = writeln!(
                        s,
                        "| cargo {} | {} | {} | {:.2} |",
                        mode.label(),
                        show(all),
                        show(one),
                        ratio(one.median, all.median)
                    );
                }
            }
        }
    }
}

/// One row per spec: ours, then progenitor's and the baseline's with the
/// ratio of ours to each.
fn compare_table(s: &mut String, rows: &[Row], mode: Mode, base: Option<&str>, prog: bool) {
    let mut header = String::from("| spec | ours |");
    let mut rule = String::from("|---|---:|");
    if prog {
        header.push_str(" progenitor | ours / progenitor |");
        rule.push_str("---:|---:|");
    }
    if let Some(b) = base {
        let _ = write!(header, " {b} | ours / baseline |");
        rule.push_str("---:|---:|");
    }
    let _ = writeln!(s, "{header}\n{rule}");
    for r in rows {
        let Some(ours) = r.cell(Generator::Ours).and_then(|c| c.time(mode)) else {
            continue;
        };
        let mut line = format!("| {} | {} |", r.spec, show(ours));
        let mut others = Vec::new();
        if prog {
            others.push(Generator::Progenitor);
        }
        if base.is_some() {
            others.push(Generator::Baseline);
        }
        for g in others {
            match r.cell(g).and_then(|c| c.time(mode)) {
                Some(t) => {
                    let _ = write!(line, " {} | {:.2} |", show(t), ratio(ours.median, t.median));
                }
                None => line.push_str(" – | – |"),
            }
        }
        let _ = writeln!(s, "{line}");
    }
}
