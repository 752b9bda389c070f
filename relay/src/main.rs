//! `amicus-relay`: run the relay, check its configuration, or print its pin.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use amicus_relay::{RelayConfig, config_file, keys::RelayKeys};
use clap::{Parser, Subcommand};

/// `println!` without its panic when standard output is closed (`amicus-relay pin | true`,
/// or a supervisor that dropped the relay's output): the line is lost, the relay goes on.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprintln!` without its panic when standard error is closed.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

#[derive(Parser)]
#[command(
    name = "amicus-relay",
    version,
    about = "Amicus relay: stores only ciphertext"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve clients. Creates keys and the store in the data directory on first start.
    Serve {
        /// Configuration file (TOML); see relay/amicus-relay.toml.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Data directory (overrides the file's data_dir).
        #[arg(long)]
        data: Option<PathBuf>,
        /// UDP address to listen on (overrides the file's listen).
        #[arg(long)]
        listen: Option<SocketAddr>,
    },
    /// Check a configuration file and print the settings it gives; exits 1 on a problem,
    /// naming the line at fault.
    CheckConfig {
        #[arg(long)]
        config: PathBuf,
    },
    /// Print the relay's pin (creating its keys if needed), to give to clients.
    Pin {
        #[arg(long)]
        data: PathBuf,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tell!("amicus-relay: {message}");
            ExitCode::FAILURE
        }
    }
}

fn load(
    config: Option<&Path>,
    data: Option<&Path>,
    listen: Option<SocketAddr>,
) -> Result<RelayConfig, String> {
    match config {
        Some(path) => {
            config_file::load(path, data, listen).map_err(|e| format!("{}: {e}", path.display()))
        }
        None => {
            let data = data.ok_or("give --data DIR or --config FILE")?;
            let config = RelayConfig::new(
                data,
                listen.unwrap_or_else(|| SocketAddr::from(([0, 0, 0, 0], 4433))),
            );
            Ok(config)
        }
    }
}

/// What an operator should see at start-up (and from check-config).
fn summary(config: &RelayConfig) -> String {
    let days = config.retention.as_secs() / 86_400;
    let metrics = config
        .metrics_listen
        .map(|m| format!("http://{m}/metrics and /health"))
        .unwrap_or_else(|| "off".into());
    format!(
        "Data directory: {}\n\
         Retention: {days} days (swept every {} s)\n\
         Limits: envelopes up to {} bytes; per mailbox {} envelopes / {} bytes; \
         {} connections, {} streams each; {} requests burst, {}/s per connection\n\
         Memory for client data: at most {} MiB (lower max_connections, connection_window_kb, \
         transfer_window_total_mb or total_buffer_mb to reduce it)\n\
         Metrics: {metrics}\n\
         TCP route: {}; host for clients: {}; onion service: {}\n\
         Sending tokens: {}; per {} h, {} for enrolled or roster mailboxes, {} for first \
         contacts; intake proof of work from {} bits, {} KiB",
        config.data_dir.display(),
        config.sweep_interval.as_secs(),
        config.max_envelope_len,
        config.mailbox_max_count,
        config.mailbox_max_bytes,
        config.max_connections,
        config.max_streams_per_connection,
        config.rate_burst,
        config.rate_per_sec,
        config.worst_case_client_bytes() / (1024 * 1024),
        config
            .tcp_listen
            .map_or_else(|| "off".to_string(), |a| a.to_string()),
        config.public_host.as_deref().unwrap_or("not set (HOST)"),
        config.onion_host.as_deref().unwrap_or("none"),
        if config.require_tokens {
            "required"
        } else {
            "NOT required (unpaid deliveries accepted: for tests only)"
        },
        config.token_period.as_secs() / 3600,
        config.tokens_per_period,
        config.first_contact_tokens_per_period,
        config.work_difficulty,
        config.work_memory_kib,
    )
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Pin { data } => {
            amicus_io::create_private_dir(&data).map_err(|e| e.to_string())?;
            let keys = RelayKeys::load_or_create(&data).map_err(|e| e.to_string())?;
            say!("{}", keys.pin);
            Ok(())
        }
        Command::CheckConfig { config } => {
            let relay = load(Some(&config), None, None)?;
            say!("{}: OK", config.display());
            say!("Listen: {}", relay.listen);
            say!("{}", summary(&relay));
            Ok(())
        }
        Command::Serve {
            config,
            data,
            listen,
        } => {
            let config = load(config.as_deref(), data.as_deref(), listen)?;
            let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            runtime.block_on(async move {
                let relay = amicus_relay::start(config.clone())
                    .await
                    .map_err(|e| e.to_string())?;
                say!("Amicus relay listening on {} (QUIC)", relay.addr);
                say!("Relay pin (give this to clients): {}", relay.pin);
                if let Some((addr, path)) = &relay.tcp {
                    say!("TCP route (TLS + HTTP/2) on {addr}, secret path {path}");
                }
                say!("Relay address for clients: \"{}\"", relay.address_for_clients);
                if config.public_host.is_none() {
                    say!("(replace HOST with the relay's host name, or set public_host)");
                }
                say!("{}", summary(&config));
                let service = relay.service().clone();
                let storage_failed = tokio::select! {
                    _ = wait_for_signal() => false,
                    _ = service.storage_failure() => true,
                };
                if storage_failed {
                    // sled does not recover from an I/O error in-process: stop (nothing
                    // failed was acknowledged) and let the supervisor restart the relay,
                    // which reopens the store once there is space again.
                    tell!(
                        "A durable write failed (disk full or failing); stopping so that the store is reopened on restart."
                    );
                }
                say!("Shutting down: finishing in-flight durable writes...");
                relay.shutdown().await;
                say!("Stopped.");
                if storage_failed {
                    return Err("storage failure".to_string());
                }
                Ok(())
            })
        }
    }
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
