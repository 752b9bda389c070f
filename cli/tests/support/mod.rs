//! Shared by the client's binary-level tests: an embedded relay to talk to.
#![allow(dead_code)]

use std::path::Path;

use amicus_relay::{RelayConfig, RunningRelay};

/// A relay on 127.0.0.1 (any free port) with its store under `dir/relay`.
pub(crate) fn start_relay(runtime: &tokio::runtime::Runtime, dir: &Path) -> RunningRelay {
    runtime
        .block_on(amicus_relay::start(RelayConfig::new(
            dir.join("relay"),
            "127.0.0.1:0".parse().unwrap(),
        )))
        .expect("relay starts")
}

/// The relay of `start_relay` started again on its store and address.
pub(crate) fn restart_relay(
    runtime: &tokio::runtime::Runtime,
    dir: &Path,
    address: &str,
) -> RunningRelay {
    runtime
        .block_on(amicus_relay::start(RelayConfig::new(
            dir.join("relay"),
            address.parse().unwrap(),
        )))
        .expect("relay restarts")
}

/// [`start_relay`] with `configure` applied to its configuration first.
pub(crate) fn start_relay_with(
    runtime: &tokio::runtime::Runtime,
    dir: &Path,
    address: &str,
    configure: impl FnOnce(&mut RelayConfig),
) -> RunningRelay {
    let mut config = RelayConfig::new(dir.join("relay"), address.parse().unwrap());
    configure(&mut config);
    runtime
        .block_on(amicus_relay::start(config))
        .expect("relay starts")
}
