//! Shared by the client's binary-level tests: an embedded relay to talk to.
#![allow(dead_code)]

use std::path::Path;

use amicus_relay::{RelayConfig, RunningRelay};

/// A relay on 127.0.0.1 (any free port) with its store under `dir/relay`.
pub(crate) fn start_relay(runtime: &tokio::runtime::Runtime, dir: &Path) -> RunningRelay {
    start_relay_with(runtime, dir, "127.0.0.1:0", |_| {})
}

/// The relay these tests run: defaults, except that a first contact (the tests' profiles
/// have no invitation) may obtain more sending tokens than a week's small allowance, as
/// kill cycles send hundreds of briefings from one profile.
fn config(dir: &Path, address: &str) -> RelayConfig {
    let mut config = RelayConfig::new(dir.join("relay"), address.parse().unwrap());
    config.first_contact_tokens_per_period = 100_000;
    config
}

/// The relay of `start_relay` started again on its store and address.
pub(crate) fn restart_relay(
    runtime: &tokio::runtime::Runtime,
    dir: &Path,
    address: &str,
) -> RunningRelay {
    runtime
        .block_on(amicus_relay::start(config(dir, address)))
        .expect("relay restarts")
}

/// [`start_relay`] with `configure` applied to its configuration first.
pub(crate) fn start_relay_with(
    runtime: &tokio::runtime::Runtime,
    dir: &Path,
    address: &str,
    configure: impl FnOnce(&mut RelayConfig),
) -> RunningRelay {
    let mut config = config(dir, address);
    configure(&mut config);
    runtime
        .block_on(amicus_relay::start(config))
        .expect("relay starts")
}
