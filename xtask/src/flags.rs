//! Command-line flags, declared: each command lists its [`Flag`]s in a
//! [`Command`], [`parse`] reads the arguments against that list, and every
//! mistake is an [`Error`] naming the flag, shown with the usage the same
//! list prints.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// One flag a command accepts: `--name`, `--name VALUE` or
/// `--name=VALUE`, and maybe `-c`.
#[derive(Debug, Clone, Copy)]
pub struct Flag {
    /// Without the dashes.
    pub name: &'static str,
    pub short: Option<char>,
    /// What the value is called in the usage; `None` for a switch.
    pub value: Option<&'static str>,
    /// Whether it may be given more than once, each value kept. (A flag
    /// that does not repeat takes its last value, as if overridden.)
    pub repeats: bool,
    pub help: &'static str,
}

impl Flag {
    /// `--name`, on or off.
    pub const fn switch(name: &'static str, help: &'static str) -> Flag {
        Flag {
            name,
            short: None,
            value: None,
            repeats: false,
            help,
        }
    }

    /// `--name VALUE`.
    pub const fn value(name: &'static str, value: &'static str, help: &'static str) -> Flag {
        Flag {
            value: Some(value),
            ..Flag::switch(name, help)
        }
    }

    /// `--name VALUE`, any number of times.
    pub const fn repeated(name: &'static str, value: &'static str, help: &'static str) -> Flag {
        Flag {
            repeats: true,
            ..Flag::value(name, value, help)
        }
    }

    /// Also spelled `-c`.
    pub const fn short(self, c: char) -> Flag {
        Flag {
            short: Some(c),
            ..self
        }
    }

    /// `[--name VALUE]...` and the like.
    fn synopsis(&self) -> String {
        let long = match self.short {
            Some(c) => format!("-{c}|--{}", self.name),
            None => format!("--{}", self.name),
        };
        let value = self.value.map(|v| format!(" {v}")).unwrap_or_default();
        let more = if self.repeats { "..." } else { "" };
        format!("[{long}{value}]{more}")
    }
}

/// A command and its flags.
#[derive(Debug)]
pub struct Command {
    /// As typed after `cargo xtask`.
    pub name: &'static str,
    /// What it does, wrapped to fit beside the usage.
    pub about: &'static str,
    pub flags: &'static [Flag],
}

impl Command {
    /// `NAME [--flag VALUE] ...`, wrapped before 80 columns.
    pub fn synopsis(&self, indent: usize) -> String {
        let mut out = self.name.to_owned();
        let mut width = indent + out.len();
        let margin = indent + self.name.len() + 1;
        for flag in self.flags {
            let s = flag.synopsis();
            if width + 1 + s.len() > 80 {
                out.push('\n');
                out.push_str(&" ".repeat(margin - 1));
                width = margin - 1;
            }
            out.push(' ');
            out.push_str(&s);
            width += 1 + s.len();
        }
        out
    }

    /// The usage of this command alone: synopsis, what it does, each flag.
    pub fn usage(&self) -> String {
        let mut out = format!("usage: cargo xtask {}\n\n", self.synopsis(19));
        for line in self.about.lines() {
            out.push_str(&format!("  {}\n", line.trim()));
        }
        let spelled: Vec<String> = self
            .flags
            .iter()
            .map(|f| {
                let short = f.short.map(|c| format!("-{c}, ")).unwrap_or_default();
                let value = f.value.map(|v| format!(" {v}")).unwrap_or_default();
                format!("{short}--{}{value}", f.name)
            })
            .collect();
        let width = spelled.iter().map(String::len).max().unwrap_or(0);
        if !self.flags.is_empty() {
            out.push_str("\nflags:\n");
        }
        for (f, s) in self.flags.iter().zip(&spelled) {
            out.push_str(&format!("  {s:width$}  {}\n", f.help));
        }
        out
    }

    fn long(&self, name: &str) -> Option<&'static Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    fn short(&self, c: char) -> Option<&'static Flag> {
        self.flags.iter().find(|f| f.short == Some(c))
    }
}

/// What is wrong with a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A flag the command does not declare, as given.
    Unknown(String),
    /// A flag that takes a value came last.
    MissingValue {
        flag: &'static str,
        value: &'static str,
    },
    /// `--switch=VALUE`.
    UnexpectedValue(&'static str),
    /// A value the flag does not accept.
    BadValue {
        flag: &'static str,
        value: String,
        reason: String,
    },
    /// An argument that is not a flag (no command takes any).
    Positional(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unknown(flag) => write!(f, "unknown flag `{flag}`"),
            Error::MissingValue { flag, value } => write!(f, "`--{flag}` needs a value ({value})"),
            Error::UnexpectedValue(flag) => write!(f, "`--{flag}` takes no value"),
            Error::BadValue {
                flag,
                value,
                reason,
            } => write!(f, "`--{flag} {value}`: {reason}"),
            Error::Positional(arg) => write!(f, "unexpected argument `{arg}`"),
        }
    }
}

impl std::error::Error for Error {}

/// The flags given, in order.
#[derive(Debug)]
pub struct Matches {
    command: &'static Command,
    given: Vec<(&'static str, Option<String>)>,
    help: bool,
}

/// Reads `args` (what follows the command's name) against its flags.
/// `--help` and `-h` ask for the usage instead.
pub fn parse(command: &'static Command, args: &[String]) -> Result<Matches, Error> {
    let mut m = Matches {
        command,
        given: Vec::new(),
        help: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--" {
            // The end of the flags; nothing may follow.
            return match args.next() {
                Some(extra) => Err(Error::Positional(extra.clone())),
                None => Ok(m),
            };
        }
        let (flag, inline) = if let Some(long) = arg.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((name, v)) => (name, Some(v)),
                None => (long, None),
            };
            if name == "help" && inline.is_none() {
                m.help = true;
                continue;
            }
            let flag = command
                .long(name)
                .ok_or_else(|| Error::Unknown(format!("--{name}")))?;
            (flag, inline)
        } else if arg.len() > 1 && arg.starts_with('-') {
            let mut chars = arg[1..].chars();
            let c = chars.next().filter(|_| chars.next().is_none());
            if c == Some('h') {
                m.help = true;
                continue;
            }
            let flag = c
                .and_then(|c| command.short(c))
                .ok_or_else(|| Error::Unknown(arg.clone()))?;
            (flag, None)
        } else {
            return Err(Error::Positional(arg.clone()));
        };
        let value = match (flag.value, inline) {
            (None, None) => None,
            (None, Some(_)) => return Err(Error::UnexpectedValue(flag.name)),
            (Some(_), Some(v)) => Some(v.to_owned()),
            // The next argument, whatever it looks like: `--out -x` is a
            // directory named `-x`.
            (Some(value), None) => Some(args.next().cloned().ok_or(Error::MissingValue {
                flag: flag.name,
                value,
            })?),
        };
        m.given.push((flag.name, value));
    }
    Ok(m)
}

impl Matches {
    /// Whether `--help` (or `-h`) was given.
    pub fn help(&self) -> bool {
        self.help
    }

    /// Whether the switch `name` was given.
    pub fn is_set(&self, name: &str) -> bool {
        self.declared(name);
        self.given.iter().any(|(n, _)| *n == name)
    }

    /// The last value of `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values(name).last().copied()
    }

    /// Every value of `name`, in order.
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.declared(name);
        self.given
            .iter()
            .filter(|(n, _)| *n == name)
            .filter_map(|(_, v)| v.as_deref())
            .collect()
    }

    /// The last value of `name` as a path, or `default`.
    pub fn path_or(&self, name: &str, default: PathBuf) -> PathBuf {
        self.value(name).map_or(default, PathBuf::from)
    }

    /// The last value of `name` parsed as a `T`, if given.
    pub fn parsed<T>(&self, name: &str) -> Result<Option<T>, Error>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        self.value(name)
            .map(|v| v.parse().map_err(|e: T::Err| self.bad(name, e.to_string())))
            .transpose()
    }

    /// The error for the value `name` was given, which is wrong because
    /// of `reason`.
    pub fn bad(&self, name: &str, reason: impl Into<String>) -> Error {
        let flag = self.declared(name);
        Error::BadValue {
            flag: flag.name,
            value: self.value(name).unwrap_or_default().to_owned(),
            reason: reason.into(),
        }
    }

    /// The declaration of `name`; asking for a flag the command does not
    /// declare is a bug in the command.
    fn declared(&self, name: &str) -> &'static Flag {
        self.command
            .long(name)
            .unwrap_or_else(|| panic!("`{}` declares no --{name}", self.command.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST: Command = Command {
        name: "test",
        about: "a command for the tests",
        flags: &[
            Flag::value("out", "DIR", "where to write"),
            Flag::repeated("only", "NAME", "just these"),
            Flag::value("count", "N", "how many"),
            Flag::switch("verbose", "say more").short('v'),
        ],
    };

    fn parse(args: &[&str]) -> Result<Matches, Error> {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        super::parse(&TEST, &args)
    }

    #[test]
    fn reads_values_switches_and_both_spellings_of_a_value() {
        let m = parse(&["--out", "a", "-v", "--count=3"]).expect("parses");
        assert_eq!(m.value("out"), Some("a"));
        assert!(m.is_set("verbose"));
        assert_eq!(m.parsed::<u64>("count"), Ok(Some(3)));
        assert_eq!(m.value("only"), None);
        assert!(!m.help());
        // A value is the next argument, whatever it looks like.
        assert_eq!(
            parse(&["--out", "-v"]).expect("parses").value("out"),
            Some("-v")
        );
    }

    #[test]
    fn keeps_every_value_of_a_repeated_flag_and_the_last_of_another() {
        let m = parse(&["--only", "a", "--out", "x", "--only", "b", "--out", "y"]).expect("parses");
        assert_eq!(m.values("only"), ["a", "b"]);
        assert_eq!(m.value("out"), Some("y"));
    }

    #[test]
    fn names_the_flag_in_every_error() {
        let err = |args: &[&str]| parse(args).expect_err("fails").to_string();
        assert_eq!(err(&["--bogus"]), "unknown flag `--bogus`");
        assert_eq!(err(&["--bogus=1"]), "unknown flag `--bogus`");
        assert_eq!(err(&["-x"]), "unknown flag `-x`");
        assert_eq!(err(&["-vv"]), "unknown flag `-vv`");
        assert_eq!(err(&["--out"]), "`--out` needs a value (DIR)");
        assert_eq!(err(&["--verbose=yes"]), "`--verbose` takes no value");
        assert_eq!(err(&["stray"]), "unexpected argument `stray`");
        assert_eq!(err(&["--", "stray"]), "unexpected argument `stray`");
        let m = parse(&["--count", "many"]).expect("parses");
        assert_eq!(
            m.parsed::<u64>("count").expect_err("fails").to_string(),
            "`--count many`: invalid digit found in string"
        );
        assert_eq!(
            m.bad("count", "must be small"),
            Error::BadValue {
                flag: "count",
                value: "many".to_owned(),
                reason: "must be small".to_owned()
            }
        );
    }

    #[test]
    fn help_is_asked_for_not_an_error() {
        assert!(parse(&["--help"]).expect("parses").help());
        assert!(parse(&["-v", "-h"]).expect("parses").help());
    }

    #[test]
    fn the_usage_lists_every_flag() {
        let usage = TEST.usage();
        assert!(usage.starts_with(
            "usage: cargo xtask test [--out DIR] [--only NAME]... [--count N] [-v|--verbose]\n"
        ));
        assert!(usage.contains("\n  -v, --verbose  say more\n"), "{usage}");
        assert!(usage.contains("\n  --only NAME    just these\n"), "{usage}");
    }

    #[test]
    #[should_panic(expected = "declares no --nope")]
    fn asking_for_an_undeclared_flag_is_a_bug() {
        let _ = parse(&[]).expect("parses").is_set("nope");
    }
}
