//! A second front end in fifty lines: open a profile, sync, list the inbox, through
//! `amicus-app` alone (no CLI code, no argument parser, no terminal crate).
//!
//! ```sh
//! AMICUS_PASSPHRASE=... cargo run -p amicus-app --example inbox -- ~/.amicus
//! ```

use std::path::PathBuf;

use amicus_app::{AppError, Catalog, InputError, Lang, Session, explain, tr};
use amicus_client::SyncObserver;
use amicus_core::secret::Passphrase;

/// Says each new message as the sync stores it.
struct Ticker<'a>(&'a Catalog, usize);

impl SyncObserver for Ticker<'_> {
    fn envelope_stored(&mut self) {
        self.1 += 1;
        eprintln!("{}", tr!(self.0, "sync-received", count = self.1));
    }
}

async fn run(cat: &Catalog) -> Result<(), AppError> {
    let dir = match std::env::args_os().nth(1) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".amicus"),
    };
    let passphrase = std::env::var("AMICUS_PASSPHRASE").map_err(|_| InputError::NoPassphrase)?;
    let session = Session::open(&dir, Passphrase::new(passphrase)).await?;
    session.sync(&mut Ticker(cat, 0)).await?;
    for row in session.inbox(cat).await? {
        let mark = if row.read { ' ' } else { '*' };
        println!(
            "{mark}{:>4}  {}  {}  {}",
            row.number, row.received, row.from, row.subject
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cat = Catalog::new(Lang::detect(None));
    match run(&cat).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", explain(&e, &cat));
            std::process::ExitCode::FAILURE
        }
    }
}
