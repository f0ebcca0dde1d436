//! Variants of our generated crates, for measurement only: code cut out
//! (they compile but lose what it does) or written the way another design
//! would, so a figure says what one part of the crate costs.

/// A change made to our generated code before it is compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ablation {
    /// No `PartialEq` derives.
    NoPartialEq,
    /// Both directions by serde's derive instead of the wire tables: each
    /// table becomes `#[derive(Serialize, Deserialize)]` with per-field
    /// attributes and `#[serde(flatten)]` for unlisted properties (what
    /// progenitor writes, and this generator before the tables).
    SerdeDerive,
}

impl Ablation {
    pub(crate) const ALL: [Ablation; 2] = [Ablation::NoPartialEq, Ablation::SerdeDerive];

    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Ablation::NoPartialEq => "abl-noeq",
            Ablation::SerdeDerive => "abl-derive",
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Ablation::NoPartialEq => "without `PartialEq` derives",
            Ablation::SerdeDerive => "serde's derive instead of wire tables",
        }
    }

    pub(crate) fn apply(self, source: &str) -> String {
        match self {
            Ablation::NoPartialEq => source
                .lines()
                .map(|l| {
                    let mut l = l.to_owned();
                    if l.trim_start().starts_with("#[derive(") {
                        l = l.replace("PartialEq, ", "").replace(", PartialEq", "");
                    }
                    l + "\n"
                })
                .collect(),
            Ablation::SerdeDerive => serde_derive(source),
        }
    }
}

/// One table: the struct's rows (`kind`, field, property) and its map of
/// unlisted properties.
struct Table {
    rows: Vec<(String, String, String)>,
    unlisted: Option<String>,
}

/// The wire tables of `source` turned into serde's derive and attributes.
fn serde_derive(source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut tables = std::collections::HashMap::new();
    let mut keep = vec![true; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if lines[i] != "runtime::wire_struct! {" {
            i += 1;
            continue;
        }
        if i > 0 && lines[i - 1].starts_with("#[cfg(") {
            keep[i - 1] = false;
        }
        let name = lines[i + 1].trim().trim_end_matches(" {").to_owned();
        let mut table = Table {
            rows: Vec::new(),
            unlisted: None,
        };
        let mut j = i + 2;
        while j < lines.len() && lines[j] != "}" {
            let row = lines[j].trim().trim_end_matches(',');
            if let Some(extra) = row.strip_prefix("..") {
                table.unlisted = Some(extra.to_owned());
            } else if let Some((head, wire)) = row.split_once(" = ")
                && let Some((kind, rest)) = head.split_once(' ')
                && let Some((field, _)) = rest.split_once(':')
            {
                table
                    .rows
                    .push((kind.to_owned(), field.to_owned(), wire.to_owned()));
            }
            j += 1;
        }
        keep[i..=j.min(lines.len() - 1)].fill(false);
        tables.insert(name, table);
        i = j + 1;
    }
    let mut out = String::with_capacity(source.len() * 2);
    let mut current: Option<&Table> = None;
    for (n, line) in lines.iter().enumerate() {
        if !keep[n] {
            continue;
        }
        if let Some(name) = line
            .strip_prefix("pub struct ")
            .and_then(|r| r.strip_suffix(" {"))
        {
            current = tables.get(name);
        } else if *line == "}" {
            current = None;
        }
        let derives = tables.keys().any(|name| struct_follows(&lines[n..], name))
            && line.starts_with("#[derive(");
        if derives {
            out.push_str(&line.replace(")]", ", serde::Serialize, serde::Deserialize)]"));
            out.push('\n');
            continue;
        }
        if let Some(t) = current {
            out.push_str(&field_attribute(t, line));
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Whether `pub struct name {` follows within a struct's attributes.
fn struct_follows(lines: &[&str], name: &str) -> bool {
    let header = format!("pub struct {name} {{");
    lines
        .iter()
        .skip(1)
        .take_while(|l| l.starts_with("#[") || l.starts_with("pub struct"))
        .any(|l| *l == header)
}

/// The serde attribute of the field declared on `line`, if it is one of
/// table `t`'s.
fn field_attribute(t: &Table, line: &str) -> String {
    let Some(decl) = line.strip_prefix("    pub ") else {
        return String::new();
    };
    let Some((field, _)) = decl.split_once(':') else {
        return String::new();
    };
    if t.unlisted.as_deref() == Some(field) {
        return "    #[serde(flatten)]\n".to_owned();
    }
    let Some((kind, _, wire)) = t.rows.iter().find(|(_, f, _)| f == field) else {
        return String::new();
    };
    let extra = match kind.as_str() {
        "optional" | "json" => ", default, skip_serializing_if = \"Option::is_none\"",
        "tristate" => ", default, skip_serializing_if = \"crate::Tristate::is_absent\"",
        "nullable" => ", default",
        _ => "",
    };
    format!("    #[serde(rename = {wire}{extra})]\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_becomes_serde_derive_and_attributes() {
        let src = "#[derive(Debug, Clone)]\n#[non_exhaustive]\npub struct P {\n    pub id: String,\n    pub r#type: Option<String>,\n    pub fallback: crate::Tristate<u32>,\n    pub additional_properties: std::collections::BTreeMap<String, serde_json::Value>,\n}\n\n#[cfg(feature = \"a\")]\nruntime::wire_struct! {\n    P {\n        required id: String = \"id\",\n        optional r#type: String = \"type\",\n        tristate fallback: u32 = \"fallback\",\n        ..additional_properties\n    }\n}\n";
        let out = Ablation::SerdeDerive.apply(src);
        assert_eq!(
            out,
            "#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]\n#[non_exhaustive]\npub struct P {\n    #[serde(rename = \"id\")]\n    pub id: String,\n    #[serde(rename = \"type\", default, skip_serializing_if = \"Option::is_none\")]\n    pub r#type: Option<String>,\n    #[serde(rename = \"fallback\", default, skip_serializing_if = \"crate::Tristate::is_absent\")]\n    pub fallback: crate::Tristate<u32>,\n    #[serde(flatten)]\n    pub additional_properties: std::collections::BTreeMap<String, serde_json::Value>,\n}\n\n"
        );
    }
}
