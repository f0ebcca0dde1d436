//! Method names inside a namespace: the flat name without the words its
//! group already says (`update_phone_number` in `Phone Numbers` is
//! `update`), and namespace names.

use super::{Ident, Scope, snake_ident};

/// The type names `client.rs` uses unqualified (its imports and its own
/// items): a namespace handle, declared in a module that sees them by a
/// glob import, must not take one, or it would shadow it there.
pub const CLIENT_RS_NAMES: &[&str] = &[
    "ApiConfig",
    "Call",
    "Client",
    "ClientBuilder",
    "Credentials",
    "Error",
    "ErrorBody",
    "FromCore",
    "OperationRequest",
    "RawResponse",
    "RetrySafety",
    "Security",
];

/// One operation to place in a namespace.
#[derive(Debug, Clone)]
pub struct Placed<'s> {
    /// Its flat (client-wide) method name.
    pub flat: &'s str,
    /// The titles of its namespace path, outermost first.
    pub path: &'s [String],
}

/// The method names of one namespace's operations, in order, given the
/// names its child namespaces' accessors already take.
///
/// Each name is the flat name with the words of each title of its path
/// dropped ([`strip_group`]). Names that would then coincide keep their
/// flat names, all of them, so that no name depends on which operation
/// comes first; what still collides (with an accessor, say) is numbered
/// by the scope.
pub fn namespace_methods(ops: &[Placed<'_>], accessors: &[&str]) -> Vec<Ident> {
    let stripped: Vec<String> = ops.iter().map(|o| strip_group(o.flat, o.path)).collect();
    let mut counts = std::collections::HashMap::<&str, usize>::new();
    for s in &stripped {
        *counts.entry(s.as_str()).or_default() += 1;
    }
    let mut scope = Scope::snake()
        .with_fallback("call")
        .reserving(accessors)
        .reserving(["clone", "fmt", "new"]);
    ops.iter()
        .zip(&stripped)
        .map(|(o, s)| {
            let name = if counts[s.as_str()] > 1 { o.flat } else { s };
            scope.claim_with_suffix(name, "_op")
        })
        .collect()
}

/// `flat` without the words of each group title in `path` (innermost
/// first), each dropped where it first appears as a run of whole words,
/// singular and plural alike; when the whole title does not appear, its
/// longest trailing run that ends the name. The flat name when nothing would be left, or
/// when what is left starts with a digit.
pub fn strip_group(flat: &str, path: &[String]) -> String {
    let mut words: Vec<&str> = flat.split('_').filter(|w| !w.is_empty()).collect();
    for title in path.iter().rev() {
        let spelled = snake_ident(title, "group");
        let group: Vec<&str> = spelled.split('_').filter(|w| !w.is_empty()).collect();
        // The whole title anywhere, else its last words ending the name
        // (`Issue Watchers` in `remove_watcher`, not in `watcher_count`),
        // the longest run that does.
        for k in (1..=group.len()).rev() {
            let run = &group[group.len() - k..];
            if run.len() > words.len() {
                continue;
            }
            let found = if k == group.len() {
                find_run(&words, run)
            } else {
                let at = words.len() - run.len();
                find_run(&words[at..], run).map(|_| at)
            };
            if let Some(at) = found {
                // A name that is all group words keeps them.
                if run.len() < words.len() {
                    words.drain(at..at + run.len());
                }
                break;
            }
        }
    }
    let joined = words.join("_");
    if joined.is_empty() || joined.starts_with(|c: char| c.is_ascii_digit()) {
        flat.to_owned()
    } else {
        joined
    }
}

/// Where `run` first appears in `words`, singular and plural alike.
fn find_run(words: &[&str], run: &[&str]) -> Option<usize> {
    (0..=words.len() - run.len()).find(|&i| {
        words[i..i + run.len()]
            .iter()
            .zip(run)
            .all(|(w, g)| singular(w) == singular(g))
    })
}

/// A word's singular by the regular English rules, enough to match
/// `numbers` with `number`, `policies` with `policy`, `addresses` with
/// `address`.
fn singular(word: &str) -> String {
    let w = word.trim_start_matches("r#");
    if let Some(stem) = w.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for plural in ["sses", "xes", "ches", "shes", "uses"] {
        if w.ends_with(plural) {
            return w[..w.len() - 2].to_owned();
        }
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w.to_owned();
    }
    w.strip_suffix('s').unwrap_or(w).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn group_words_are_dropped_singular_or_plural() {
        let pn = path(&["Phone Numbers"]);
        assert_eq!(strip_group("update_phone_number", &pn), "update");
        assert_eq!(strip_group("list_phone_numbers", &pn), "list");
        assert_eq!(
            strip_group("update_phone_number_stream", &pn),
            "update_stream"
        );
        assert_eq!(
            strip_group("issues_list_for_repo", &path(&["issues"])),
            "list_for_repo"
        );
        assert_eq!(strip_group("get_policy", &path(&["policies"])), "get");
        assert_eq!(strip_group("list_boxes", &path(&["box"])), "list");
        assert_eq!(strip_group("get_address", &path(&["addresses"])), "get");
        assert_eq!(strip_group("statuses_list", &path(&["status"])), "list");
        // Nothing left, or nothing said: the flat name.
        assert_eq!(strip_group("phone_numbers", &pn), "phone_numbers");
        assert_eq!(strip_group("get_status", &pn), "get_status");
        // The title's last words, when not all of it appears.
        let watchers = path(&["Issue Watchers"]);
        assert_eq!(strip_group("remove_watcher", &watchers), "remove");
        let props = path(&["Issue comment properties"]);
        assert_eq!(strip_group("delete_comment_property", &props), "delete");
        let links = path(&["Issue links"]);
        assert_eq!(strip_group("link_issues", &links), "link_issues");
        // Nested: each level's words go.
        let nested = path(&["projects", "members"]);
        assert_eq!(strip_group("projects_members_list", &nested), "list");
        assert_eq!(strip_group("add_project_member", &nested), "add");
        // A digit cannot start a name.
        assert_eq!(strip_group("v1_users", &path(&["v1"])), "users");
        assert_eq!(strip_group("mfa_2fa", &path(&["mfa"])), "mfa_2fa");
    }

    #[test]
    fn coinciding_names_keep_their_flat_names() {
        let a = path(&["users"]);
        let ops = [
            Placed {
                flat: "list_users",
                path: &a,
            },
            Placed {
                flat: "users_list",
                path: &a,
            },
            Placed {
                flat: "get_user",
                path: &a,
            },
            Placed {
                flat: "user_members",
                path: &a,
            },
        ];
        let names: Vec<String> = namespace_methods(&ops, &["members"])
            .iter()
            .map(|i| i.as_str().to_owned())
            .collect();
        assert_eq!(names, ["list_users", "users_list", "get", "members_op"]);
    }
}
