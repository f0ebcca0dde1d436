//! Documentation text that is inert in rustdoc. [`Docs`] can only be built
//! from the generator's own `&'static str` words or from spec text passed
//! through the sanitizer: code blocks are fenced as `text` (rustdoc never
//! runs spec text as a doctest), HTML-like `<tags>` and stray brackets are
//! escaped outside code spans, bare URLs become autolinks, and control or
//! bidirectional-override characters are made visible. Spec values quoted in
//! a sentence go into code spans through [`Line::code`].

use crate::naming::Ident;

/// Sanitized documentation: paragraphs of rustdoc Markdown that cannot
/// start a doctest or inject markup. May be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docs(String);

impl Docs {
    /// No documentation.
    pub fn none() -> Self {
        Docs(String::new())
    }

    /// Spec prose on one line (a title), sanitized.
    pub fn line(raw: &str) -> Self {
        Docs(line(raw))
    }

    /// Several pieces of spec prose, sanitized, as paragraphs; repeats and
    /// missing pieces are left out.
    pub fn join(parts: &[Option<&str>]) -> Self {
        Docs(join(parts))
    }

    /// The generator's own words.
    pub fn lit(text: &'static str) -> Self {
        Docs(text.to_owned())
    }

    /// A sentence built from the generator's words and quoted values.
    pub fn sentence() -> Line {
        Line(String::new())
    }

    /// True when there is nothing to print.
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first line of these docs as the text of one Markdown table
    /// cell: every `|` escaped (a backslash before it is dropped, so it
    /// cannot escape the escape), nothing when the line opens a code block.
    /// Code spans stay closed: the sanitizer balances each line's.
    #[must_use]
    pub fn cell(&self) -> Docs {
        let first = self.0.lines().next().unwrap_or_default().trim();
        if fence_marker(first).is_some() {
            return Docs::none();
        }
        let mut out = String::with_capacity(first.len() + 4);
        for c in first.chars() {
            if c == '|' {
                while out.ends_with('\\') {
                    out.pop();
                }
                out.push_str("\\|");
            } else {
                out.push(c);
            }
        }
        Docs(out)
    }

    /// These docs with their Markdown headings (outside code blocks)
    /// moved down so that the shallowest is at `level`: spec prose placed
    /// under a heading of the generator's own stays inside its section.
    #[must_use]
    pub fn headings_from(&self, level: usize) -> Docs {
        let heading = |line: &str| {
            let n = line.chars().take_while(|&c| c == '#').count();
            let rest = &line[n..];
            ((1..=6).contains(&n) && (rest.is_empty() || rest.starts_with(' '))).then_some(n)
        };
        let mut fence: Option<String> = None;
        let mut levels = Vec::new();
        for line in self.0.lines() {
            let t = line.trim_start();
            let marker = fence_marker(t);
            let level = match (&fence, marker) {
                (None, Some(m)) => {
                    fence = Some(m);
                    None
                }
                (None, None) => heading(line),
                (Some(open), Some(m)) => {
                    // Only a bare run at least as long closes the block.
                    if m.starts_with(open.as_str()) && t.trim_end() == m {
                        fence = None;
                    }
                    None
                }
                (Some(_), None) => None,
            };
            levels.push(level);
        }
        let Some(top) = levels.iter().flatten().min().copied() else {
            return self.clone();
        };
        let shift = level.saturating_sub(top);
        let mut out = String::with_capacity(self.0.len() + 16);
        for (i, line) in self.0.lines().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if let Some(Some(n)) = levels.get(i) {
                out.push_str(&"#".repeat((n + shift).min(6) - n));
            }
            out.push_str(line);
        }
        Docs(out)
    }

    /// These docs, then `next` on the next line (a list item).
    #[must_use]
    pub fn then_line(mut self, next: Docs) -> Docs {
        if next.is_empty() {
            return self;
        }
        if !self.is_empty() {
            self.0.push('\n');
        }
        self.0.push_str(&next.0);
        self
    }

    /// These docs, then `next` as a new paragraph.
    #[must_use]
    pub fn then(mut self, next: Docs) -> Docs {
        if next.is_empty() {
            return self;
        }
        if !self.is_empty() {
            self.0.push_str("\n\n");
        }
        self.0.push_str(&next.0);
        self
    }
}

/// One paragraph being assembled: literal words from the generator, spec
/// values in code spans, identifiers and numbers.
#[derive(Debug, Clone)]
#[must_use]
pub struct Line(String);

impl Line {
    /// The generator's own words.
    pub fn lit(mut self, text: &'static str) -> Self {
        self.0.push_str(text);
        self
    }

    /// A spec value in a code span (one line, no backtick can end it early).
    pub fn code(mut self, raw: &str) -> Self {
        self.0.push('`');
        self.0.push_str(&code(raw));
        self.0.push('`');
        self
    }

    /// Spec values in code spans, separated by `sep`.
    pub fn codes<'s>(mut self, raws: impl IntoIterator<Item = &'s str>, sep: &'static str) -> Self {
        for (i, raw) in raws.into_iter().enumerate() {
            if i > 0 {
                self.0.push_str(sep);
            }
            self = self.code(raw);
        }
        self
    }

    /// A generated identifier in a code span.
    pub fn ident(mut self, ident: &Ident) -> Self {
        self.0.push('`');
        self.0.push_str(ident.as_str());
        self.0.push('`');
        self
    }

    /// Already sanitized docs, inline.
    pub fn docs(mut self, docs: &Docs) -> Self {
        self.0.push_str(&docs.0);
        self
    }

    /// The finished paragraph.
    pub fn done(self) -> Docs {
        Docs(self.0)
    }
}

/// Turns spec prose into safe doc text.
fn sanitize(raw: &str) -> String {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    let mut prev_blank = true;
    for line in text.lines() {
        let line = visible(line);
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                out.push(marker.clone());
                fence = None;
            } else {
                out.push(line.clone());
            }
            prev_blank = false;
            continue;
        }
        if let Some(marker) = fence_marker(trimmed) {
            // Whatever language the spec named, rustdoc treats it as text.
            out.push(format!("{marker}text"));
            fence = Some(marker);
            prev_blank = false;
            continue;
        }
        if line.trim().is_empty() {
            out.push(String::new());
            prev_blank = true;
            continue;
        }
        // Four spaces of indent would make an (executable) indented code
        // block; cap indentation below that.
        let indent = line.len() - trimmed.len();
        let kept = if indent >= 4 && prev_blank {
            0
        } else {
            indent.min(3)
        };
        let mut escaped = " ".repeat(kept);
        escaped.push_str(&escape_inline(trimmed));
        out.push(escaped);
        prev_blank = false;
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    // Trim blank lines at both ends.
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    let start = out
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(out.len());
    out[start..].join("\n")
}

fn fence_marker(trimmed: &str) -> Option<String> {
    for ch in ['`', '~'] {
        let n = trimmed.chars().take_while(|&c| c == ch).count();
        if n >= 3 {
            return Some(std::iter::repeat_n(ch, n).collect());
        }
    }
    None
}

/// Replaces control and bidi-override characters with a visible escape.
fn visible(line: &str) -> String {
    line.chars()
        .map(|c| {
            if c == '\t' {
                "    ".to_owned()
            } else if c.is_control() || is_bidi(c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Escapes one line outside code spans.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' | ']' => {
                // Keep `[text](url)` links; escape other brackets so rustdoc
                // does not read them as intra-doc links.
                if c == ']' && chars.get(i + 1) == Some(&'(') && link_open_before(&chars, i) {
                    out.push(']');
                } else if c == '[' && closes_as_link(&chars, i) {
                    out.push('[');
                } else {
                    out.push('\\');
                    out.push(c);
                }
            }
            'h' if starts_url(&chars[i..]) && !preceded_by_link_syntax(&chars, i) => {
                let end = url_end(&chars, i);
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if in_code {
        // An unclosed code span would swallow the rest of the paragraph.
        out.push('`');
    }
    out
}

/// True for `[text](target)` whose target is a web or relative link; other
/// schemes (`javascript:`, `data:`) are shown as text, not linked.
fn closes_as_link(chars: &[char], open: usize) -> bool {
    let mut depth = 0;
    for j in open..chars.len() {
        match chars[j] {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    if chars.get(j + 1) != Some(&'(') {
                        return false;
                    }
                    let target: String = chars[j + 2..].iter().take_while(|c| **c != ')').collect();
                    return safe_link_target(&target);
                }
            }
            _ => {}
        }
    }
    false
}

fn safe_link_target(target: &str) -> bool {
    let t = target.trim().to_ascii_lowercase();
    match t.find(':') {
        // A scheme: only the web's.
        Some(i) if !t[..i].contains('/') => {
            t.starts_with("http://") || t.starts_with("https://") || t.starts_with("mailto:")
        }
        _ => true,
    }
}

/// True when the `]` at `close` ends a link whose `[` was kept.
fn link_open_before(chars: &[char], close: usize) -> bool {
    let mut depth = 0;
    for j in (0..close).rev() {
        match chars[j] {
            ']' => depth += 1,
            '[' if depth == 0 => return closes_as_link(chars, j),
            '[' => depth -= 1,
            _ => {}
        }
    }
    false
}

fn starts_url(rest: &[char]) -> bool {
    let s: String = rest.iter().take(8).collect();
    s.starts_with("http://") || s.starts_with("https://")
}

fn preceded_by_link_syntax(chars: &[char], i: usize) -> bool {
    i > 0 && matches!(chars[i - 1], '(' | '<' | '"' | '\'')
}

fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len()
        && !chars[end].is_whitespace()
        && !matches!(chars[end], '<' | '>' | '`' | '"')
    {
        end += 1;
    }
    // Trailing punctuation belongs to the sentence.
    while end > start
        && matches!(
            chars[end - 1],
            '.' | ',' | ';' | ':' | ')' | ']' | '!' | '?'
        )
    {
        end -= 1;
    }
    end
}

/// Text to put between backticks: one line, visible characters, no
/// backtick to end the span early.
pub(crate) fn code(raw: &str) -> String {
    if raw.is_empty() {
        return "\"\"".to_owned();
    }
    raw.chars()
        .map(|c| match c {
            '`' => "'".to_owned(),
            c if c.is_control() || is_bidi(c) => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// Prose on one line (a title), used inside sentences: newlines folded to
/// spaces, and neither code spans nor fences can start (backticks become
/// quotes, tildes are escaped), whatever comes before it on the line.
fn line(raw: &str) -> String {
    let folded = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('`', "'")
        .replace('~', "\\~");
    escape_inline(&visible(&folded))
}

/// Joins optional pieces of documentation into one paragraph list.
fn join(parts: &[Option<&str>]) -> String {
    let mut out: Vec<String> = Vec::new();
    for p in parts.iter().flatten() {
        let s = sanitize(p);
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_headings_nest_under_the_generators_own() {
        let d = Docs::join(&[Some(
            "Intro.\n\n# Concepts\n\ntext\n\n## Detail\n\n```sh\n# a comment\n```\n\n#hashtag",
        )]);
        assert_eq!(
            d.headings_from(3).as_str(),
            "Intro.\n\n### Concepts\n\ntext\n\n#### Detail\n\n```text\n# a comment\n```\n\n#hashtag"
        );
        // Already deep enough: unchanged; none at all: unchanged.
        assert_eq!(d.headings_from(1).as_str(), d.as_str());
        let plain = Docs::join(&[Some("No headings.")]);
        assert_eq!(plain.headings_from(3).as_str(), "No headings.");
    }

    #[test]
    fn fences_become_text() {
        assert_eq!(
            sanitize("Example:\n```rust\nstd::process::exit(1);\n```"),
            "Example:\n```text\nstd::process::exit(1);\n```"
        );
        // Unclosed fences are closed.
        assert_eq!(sanitize("```\nfn main() {}"), "```text\nfn main() {}\n```");
    }

    #[test]
    fn indented_code_is_not_a_doctest() {
        assert_eq!(sanitize("a\n\n    fn main() {}"), "a\n\nfn main() {}");
    }

    #[test]
    fn html_brackets_and_urls() {
        assert_eq!(
            sanitize("Bearer <api_key> see https://x.io/a."),
            "Bearer &lt;api_key&gt; see <https://x.io/a>."
        );
        assert_eq!(
            sanitize("[DEPRECATED] use [this](https://a.b)"),
            "\\[DEPRECATED\\] use [this](https://a.b)"
        );
        assert_eq!(sanitize("`<T>` stays"), "`<T>` stays");
        assert_eq!(sanitize("#[doc = \"x\"] */ //"), "#\\[doc = \"x\"\\] */ //");
    }

    #[test]
    fn only_web_links_stay_links() {
        assert_eq!(
            sanitize("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(sanitize("[x](https://a.b)"), "[x](https://a.b)");
        assert_eq!(sanitize("[x](#anchor) [y](/rel)"), "[x](#anchor) [y](/rel)");
    }

    #[test]
    fn code_spans_and_lines() {
        assert_eq!(code("a`b\n\u{202e}"), "a'b\\u{a}\\u{202e}");
        assert_eq!(code(""), "\"\"");
        assert_eq!(
            line("Title\n  with\u{202e} breaks"),
            "Title with\\u{202e} breaks"
        );
        // A title alone on a line cannot open a fence.
        assert_eq!(line("```\nx\n```"), "''' x '''");
        assert_eq!(line("~~~ x"), "\\~\\~\\~ x");
    }

    #[test]
    fn cells_escape_pipes_and_drop_code_blocks() {
        let cell = |raw: &str| Docs::join(&[Some(raw)]).cell().0;
        assert_eq!(cell("a | `b|c` \\| d\nsecond line"), "a \\| `b\\|c` \\| d");
        assert_eq!(cell("```\nfn main() {}\n```"), "");
        // An unclosed code span was closed by the sanitizer.
        assert_eq!(cell("open ` span | x"), "open ` span \\| x`");
        assert_eq!(Docs::line("A | B").cell().0, "A \\| B");
    }

    #[test]
    fn control_characters_are_visible() {
        assert_eq!(sanitize("a\u{202e}b\u{0}"), "a\\u{202e}b\\u{0}");
    }
}
