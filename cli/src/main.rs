//! The `amicus` command: a thin terminal front end over `amicus-app`. Arguments in, calls
//! to the application layer, text out; every sentence comes from the catalogues
//! (`amicus_app::Catalog`). Passphrases never come from arguments (they would land in shell
//! history): they are read from a prompt, from `AMICUS_PASSPHRASE`, or from the file named by
//! `--passphrase-file`.
//!
//! One file per command family: [`profile`] (init, card, settings, wipe, the guide),
//! [`contacts`], [`send`] (send, outbox, sync), [`inbox`] (inbox, read, quarantine),
//! [`attach`] (progress bars, save), [`centre`] (roster, invitations, mandates,
//! presentations, questions); [`args`] is the command line's shape, [`unlock`] the prompts.

// First, so that `say!`, `tell!` and `prompt!` are in scope in every module below.
#[macro_use]
mod output;

mod agent;
mod args;
mod attach;
mod centre;
mod contacts;
mod inbox;
mod profile;
mod send;
mod unlock;
mod web;

use std::process::ExitCode;

use amicus_app::{Catalog, Lang, Result, explain, technical_detail, tr};
use clap::FromArgMatches as _;

use crate::args::{CentreCommand, Cli, Command, ContactsCommand, RosterCommand};
use crate::unlock::open;

fn main() -> ExitCode {
    let cat = Catalog::new(Lang::detect(args::lang_flag().as_deref()));
    let mut command = args::localized_command(&cat);
    let parsed = command
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => match args::localized_error(
            &e,
            &args::command_path(&command, &args::lossy_args()),
            &cat,
        ) {
            // Help and version: clap prints them (already in the user's language).
            None => e.exit(),
            Some(sentence) => {
                tell!("{sentence}");
                return ExitCode::from(2);
            }
        },
    };
    let verbose = cli.verbose;
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            tell!("{}", tr!(cat, "err-start", detail = e));
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli, &cat)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tell!("{}", explain(&error, &cat));
            if verbose {
                tell!("{}", tr!(cat, "detail", detail = technical_detail(&error)));
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli, cat: &Catalog) -> Result<()> {
    let Some(command) = &cli.command else {
        return profile::guide(&cli, cat);
    };
    match command {
        #[cfg(feature = "demo")]
        Command::Demo => demo(cat).await,
        Command::Enrol { code, name } => centre::enrol(&cli, code, name, cat).await,
        Command::Centre(CentreCommand::Init { intake_name }) => {
            centre::centre_init(&cli, intake_name, cat).await
        }
        Command::Centre(CentreCommand::Root) => centre::centre_root(&cli, cat).await,
        Command::Roster(RosterCommand::Show) => centre::roster_show(&cli, cat).await,
        Command::Roster(RosterCommand::Add {
            card,
            role,
            name,
            term_end,
        }) => centre::roster_add(&cli, card, role, name, term_end, cat).await,
        Command::Roster(RosterCommand::Remove { name }) => {
            centre::roster_remove(&cli, name, cat).await
        }
        Command::Invite { role, days } => centre::invite(&cli, role, days, cat).await,
        Command::Sent => centre::sent(&cli, cat).await,
        Command::Revoke { number } => centre::revoke(&cli, number, cat).await,
        Command::Mandates => centre::mandates(&cli, cat).await,
        Command::Present {
            number,
            to,
            with_attachments,
        } => centre::present(&cli, number, to, with_attachments, cat).await,
        Command::Ask { number, text } => centre::ask(&cli, number, text, cat).await,
        Command::Answer { number, text } => centre::answer(&cli, number, text, cat).await,
        Command::Init { name, relay, pin } => profile::init(&cli, name, relay, pin, cat).await,
        Command::Card => profile::card(&cli, cat),
        Command::Contacts(ContactsCommand::Add { card, name }) => {
            contacts::add(&cli, card, name, cat)
        }
        Command::Contacts(ContactsCommand::SaveSender { message, name }) => {
            contacts::save_sender(&cli, message, name, cat)
        }
        Command::Contacts(ContactsCommand::List) => contacts::list(&cli, cat),
        Command::Contacts(ContactsCommand::Verify { name, confirm }) => {
            contacts::verify(&cli, name, confirm, cat)
        }
        Command::Send(args) => send::send(&cli, args, cat).await,
        Command::Sync => send::sync(&cli, cat).await,
        Command::Inbox => inbox::list(&cli, cat),
        Command::Read { number } => inbox::read(&cli, number, cat).await,
        Command::Save {
            number,
            attachment,
            into,
        } => {
            let profile = open(&cli, cat)?;
            crate::attach::save(&profile, *number, *attachment, into, cat).await
        }
        Command::Outbox => send::outbox(&cli, cat),
        Command::Quarantine => inbox::quarantine(&cli, cat),
        Command::Settings {
            wipe_after,
            delete_read_after,
            read_receipts,
        } => profile::settings(&cli, wipe_after, delete_read_after, read_receipts, cat),
        Command::Wipe { now } => profile::wipe(&cli, now, cat),
        Command::Unlock { minutes } => profile::unlock(&cli, *minutes, cat),
        Command::Lock => profile::lock(&cli, cat),
        Command::App => crate::web::app(&cli, cat).await,
        Command::AgentServe { shell, minutes } => {
            let dir = crate::unlock::profile_dir(&cli);
            agent::serve(&dir, *shell, *minutes)
                .map_err(|e| amicus_app::AppError::UnlockFailed((&e).into()))
        }
    }
}

/// `amicus demo`: the embedded relay, narrated on standard output.
#[cfg(feature = "demo")]
async fn demo(cat: &Catalog) -> Result<()> {
    let report = amicus_demo::run_narrated(
        &mut std::io::stdout(),
        amicus_client::KdfParams::default(),
        cat,
    )
    .await?;
    if !report.leaks.is_empty() {
        return Err(amicus_app::AppError::DemoLeaks);
    }
    Ok(())
}
