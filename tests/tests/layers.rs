//! The layer rule (ARCHITECTURE.md, "Layers"), checked on the real dependency graph with
//! `cargo metadata`: each workspace crate's normal dependencies stay within what its layer
//! allows, and the crate every front end uses pulls in no relay and no terminal crate, even
//! transitively. Dev-dependencies are free: tests may start a relay.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

/// For each workspace crate, the Amicus crates it may depend on directly (normal or
/// build dependencies).
const ALLOWED: &[(&str, &[&str])] = &[
    ("amicus-protocol", &[]),
    ("amicus-io", &[]),
    ("amicus-core", &["amicus-protocol"]),
    (
        "amicus-client",
        &["amicus-protocol", "amicus-core", "amicus-io"],
    ),
    (
        "amicus-app",
        &["amicus-protocol", "amicus-core", "amicus-client"],
    ),
    (
        "amicus-web",
        &[
            "amicus-protocol",
            "amicus-core",
            "amicus-client",
            "amicus-app",
        ],
    ),
    (
        "amicus-cli",
        &[
            "amicus-protocol",
            "amicus-core",
            "amicus-client",
            "amicus-app",
            "amicus-web",
            "amicus-demo",
        ],
    ),
    (
        "amicus-demo",
        &[
            "amicus-protocol",
            "amicus-core",
            "amicus-client",
            "amicus-app",
            "amicus-relay",
        ],
    ),
    ("amicus-relay", &["amicus-protocol", "amicus-io"]),
    (
        "amicus-tests",
        &[
            "amicus-protocol",
            "amicus-core",
            "amicus-client",
            "amicus-relay",
        ],
    ),
    (
        "amicus-bench",
        &[
            "amicus-protocol",
            "amicus-io",
            "amicus-core",
            "amicus-client",
            "amicus-relay",
        ],
    ),
];

/// Crates a front end's shared layer (and the web app built on it alone) must never
/// contain, directly or not.
const NOT_IN_APP: &[&str] = &[
    "amicus-relay",
    "amicus-cli",
    "clap",
    "indicatif",
    "rpassword",
];

fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // The graph for this machine's platform only: every other platform's crates would have
    // to be downloaded, and the test must not need the network.
    let version = Command::new(&cargo)
        .arg("-vV")
        .output()
        .expect("cargo -vV runs");
    let version = String::from_utf8_lossy(&version.stdout);
    let host = version
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("cargo names its host platform");
    let out = Command::new(&cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON")
}

/// Package id -> package name.
fn package_names(meta: &Value) -> BTreeMap<&str, &str> {
    meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect()
}

/// Whether a dependency edge is a normal or build one (not dev-only).
fn shipped(dep_kinds: &Value) -> bool {
    dep_kinds
        .as_array()
        .is_some_and(|kinds| kinds.iter().any(|k| k["kind"].as_str() != Some("dev")))
}

#[test]
fn every_crate_depends_only_on_the_layers_below_it() {
    let meta = metadata();
    let names = package_names(&meta);
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut seen = BTreeSet::new();
    for node in meta["resolve"]["nodes"].as_array().unwrap() {
        let name = names[node["id"].as_str().unwrap()];
        if !name.starts_with("amicus-") {
            continue;
        }
        let Some(ok) = allowed.get(name) else {
            panic!("{name} is not placed in a layer: add it to ALLOWED and ARCHITECTURE.md");
        };
        seen.insert(name);
        for dep in node["deps"].as_array().unwrap() {
            let dep_name = names[dep["pkg"].as_str().unwrap()];
            if dep_name.starts_with("amicus-") && shipped(&dep["dep_kinds"]) {
                assert!(
                    ok.contains(&dep_name),
                    "{name} may not depend on {dep_name} (ARCHITECTURE.md, Layers)"
                );
            }
        }
    }
    assert_eq!(
        seen.len(),
        ALLOWED.len(),
        "every layer crate is in the workspace"
    );
}

#[test]
fn the_shared_front_end_layer_has_no_relay_and_no_terminal_crates() {
    let meta = metadata();
    let names = package_names(&meta);
    let nodes: BTreeMap<&str, &Value> = meta["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    for front in ["amicus-app", "amicus-web"] {
        let root = names
            .iter()
            .find(|(_, n)| **n == front)
            .map(|(id, _)| *id)
            .unwrap();
        // Everything it ships with: its normal and build dependencies, transitively.
        let mut reach = BTreeSet::from([root]);
        let mut todo = vec![root];
        while let Some(id) = todo.pop() {
            for dep in nodes[id]["deps"].as_array().unwrap() {
                let dep_id = dep["pkg"].as_str().unwrap();
                if shipped(&dep["dep_kinds"]) && reach.insert(dep_id) {
                    todo.push(dep_id);
                }
            }
        }
        let names_reached: BTreeSet<&str> = reach.iter().map(|id| names[id]).collect();
        // The check can see a positive: the engine is there.
        assert!(names_reached.contains("amicus-client"));
        for banned in NOT_IN_APP {
            assert!(!names_reached.contains(banned), "{front} pulls in {banned}");
        }
    }
}
