//! `amicus-relay`: run the relay, or print its pin.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use amicus_relay::{RelayConfig, keys::RelayKeys};
use clap::{Parser, Subcommand};

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
    /// Serve clients. Creates keys and the store in DATA on first start.
    Serve {
        /// Directory for the store and the relay's keys.
        #[arg(long)]
        data: PathBuf,
        /// UDP address to listen on.
        #[arg(long, default_value = "0.0.0.0:4433")]
        listen: SocketAddr,
        /// Days an envelope nobody fetched is kept.
        #[arg(long, default_value_t = 30)]
        retention_days: u64,
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
            eprintln!("amicus-relay: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Pin { data } => {
            std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
            let keys = RelayKeys::load_or_create(&data).map_err(|e| e.to_string())?;
            println!("{}", keys.pin);
            Ok(())
        }
        Command::Serve {
            data,
            listen,
            retention_days,
        } => {
            let mut config = RelayConfig::new(data, listen);
            config.retention = Duration::from_secs(retention_days.saturating_mul(86_400));
            let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            runtime.block_on(async move {
                let relay = amicus_relay::start(config.clone())
                    .await
                    .map_err(|e| e.to_string())?;
                println!("Amicus relay listening on {}", relay.addr);
                println!("Data directory: {}", config.data_dir.display());
                println!("Relay pin (give this to clients): {}", relay.pin);
                wait_for_signal().await;
                println!("Shutting down: finishing in-flight writes...");
                relay.shutdown().await;
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
