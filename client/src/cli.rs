//! The `amicus` command line. Passphrases never come from arguments (they would land in shell
//! history): they are read from a prompt, from `AMICUS_PASSPHRASE`, or from the file named by
//! `--passphrase-file`.

use std::io::{IsTerminal as _, Read as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use amicus_protocol::RelayPin;
use clap::{Parser, Subcommand};

use crate::error::{ClientError, Result};
use crate::explain::explain;
use crate::profile::{NewProfile, Profile};
use crate::secret::Passphrase;
use crate::vault::KdfParams;

#[derive(Parser)]
#[command(
    name = "amicus",
    version,
    about = "Send sealed briefings to the UN Human Rights Committee"
)]
struct Cli {
    /// Profile directory (default: $AMICUS_PROFILE, or ~/.amicus).
    #[arg(long, global = true, env = "AMICUS_PROFILE")]
    profile: Option<PathBuf>,
    /// Read the passphrase from this file instead of prompting.
    #[arg(long, global = true)]
    passphrase_file: Option<PathBuf>,
    /// Show technical detail with errors.
    #[arg(long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create your profile and register it with your relay.
    Init {
        /// Your name as contacts will first see it.
        #[arg(long)]
        name: String,
        /// The relay's address, host:port.
        #[arg(long)]
        relay: String,
        /// The relay's pin (64 hex characters), as given by whoever invited you.
        #[arg(long)]
        pin: String,
    },
    /// Show your contact card, to give to people who will write to you.
    Card,
    /// Manage contacts.
    #[command(subcommand)]
    Contacts(ContactsCommand),
    /// Send a briefing. The body comes from --body, --body-file, or standard input.
    Send {
        /// Contact to send to (repeat for several).
        #[arg(long = "to", required = true)]
        to: Vec<String>,
        #[arg(long)]
        subject: String,
        #[arg(long, conflicts_with = "body_file")]
        body: Option<String>,
        #[arg(long)]
        body_file: Option<PathBuf>,
    },
    /// Send what waits in the outbox and fetch new briefings.
    Sync,
    /// List received briefings.
    Inbox,
    /// Show one received briefing.
    Read { number: u64 },
    /// List briefings waiting to be sent.
    Outbox,
    /// List envelopes that could not be decrypted, with the reason.
    Quarantine,
    /// Run a complete demonstration on an embedded relay (no setup needed).
    Demo,
}

#[derive(Subcommand)]
enum ContactsCommand {
    /// Add a contact from their contact card.
    Add {
        card: String,
        /// Name to use instead of the one on the card.
        #[arg(long)]
        name: Option<String>,
    },
    /// Make a contact of the sender of a received briefing, to answer them.
    SaveSender {
        /// The message number shown by `amicus inbox`.
        message: u64,
        #[arg(long)]
        name: String,
    },
    /// List contacts.
    List,
    /// Show the safety number shared with a contact; with --confirm, mark it verified.
    Verify {
        name: String,
        /// You compared the numbers with the contact and they match.
        #[arg(long)]
        confirm: bool,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbose = cli.verbose;
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("Amicus could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", explain(&error));
            if verbose {
                eprintln!("(detail: {error})");
            }
            ExitCode::FAILURE
        }
    }
}

fn profile_dir(cli: &Cli) -> PathBuf {
    if let Some(dir) = &cli.profile {
        return dir.clone();
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| ".".into());
    home.join(".amicus")
}

fn read_passphrase(cli: &Cli, prompt: &str, confirm: bool) -> Result<Passphrase> {
    if let Some(file) = &cli.passphrase_file {
        let text = std::fs::read_to_string(file)
            .map_err(|e| ClientError::Input(format!("cannot read {}: {e}", file.display())))?;
        return Ok(Passphrase::new(
            text.trim_end_matches(['\n', '\r']).to_string(),
        ));
    }
    if let Ok(text) = std::env::var("AMICUS_PASSPHRASE") {
        return Ok(Passphrase::new(text));
    }
    if !std::io::stdin().is_terminal() {
        return Err(ClientError::Input(
            "no passphrase: run in a terminal, or set AMICUS_PASSPHRASE or --passphrase-file"
                .into(),
        ));
    }
    let first =
        rpassword::prompt_password(prompt).map_err(|e| ClientError::Input(e.to_string()))?;
    if confirm {
        let second = rpassword::prompt_password("Type it again: ")
            .map_err(|e| ClientError::Input(e.to_string()))?;
        if first != second {
            return Err(ClientError::Input(
                "the two passphrases differ; nothing was created".into(),
            ));
        }
    }
    Ok(Passphrase::new(first))
}

fn open(cli: &Cli) -> Result<Profile> {
    let dir = profile_dir(cli);
    if !Profile::exists(&dir) {
        return Err(ClientError::NoProfile(dir.display().to_string()));
    }
    let passphrase = read_passphrase(cli, "Passphrase: ", false)?;
    Profile::open(&dir, &passphrase)
}

fn format_time(ms: u64) -> String {
    // UTC, to the minute, without pulling in a date library.
    let secs = ms / 1000;
    let days = secs / 86_400;
    let (h, m) = ((secs % 86_400) / 3600, (secs % 3600) / 60);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{m:02} UTC")
}

async fn run(cli: Cli) -> Result<()> {
    let mut out = std::io::stdout();
    match &cli.command {
        Command::Demo => {
            let log = crate::demo::LogBuffer::default();
            let subscriber = tracing_subscriber::fmt()
                .with_writer({
                    let log = log.clone();
                    move || log.clone()
                })
                .with_ansi(false)
                .with_max_level(tracing::Level::DEBUG)
                .finish();
            let _guard = tracing::subscriber::set_default(subscriber);
            let report = crate::demo::run(&mut out, &log, KdfParams::default()).await?;
            if !report.leaks.is_empty() {
                return Err(ClientError::Input(
                    "the demo found leaks (listed above)".into(),
                ));
            }
            Ok(())
        }
        Command::Init { name, relay, pin } => {
            let dir = profile_dir(&cli);
            if Profile::exists(&dir) {
                return Err(ClientError::ProfileExists(dir.display().to_string()));
            }
            let relay_pin = RelayPin::from_hex(pin).map_err(|_| {
                ClientError::Input(
                    "the pin must be the 64 hexadecimal characters the relay printed".into(),
                )
            })?;
            let passphrase = read_passphrase(&cli, "Choose a passphrase: ", true)?;
            println!("Deriving your key and creating your profile (this takes a moment)...");
            let profile = Profile::create(
                &dir,
                &passphrase,
                NewProfile {
                    name,
                    relay_address: relay,
                    relay_pin,
                    kdf: KdfParams::default(),
                },
            )
            .await?;
            println!("Profile created in {}.", dir.display());
            if !profile.is_registered() {
                println!("It is not registered with the relay yet; run `amicus sync` when online.");
            }
            println!("Your contact card (give it to people who will write to you):");
            println!("{}", profile.contact_card().to_text());
            Ok(())
        }
        Command::Card => {
            let profile = open(&cli)?;
            println!("{}", profile.contact_card().to_text());
            Ok(())
        }
        Command::Contacts(ContactsCommand::Add { card, name }) => {
            let mut profile = open(&cli)?;
            let contact = profile.add_contact(card, name.as_deref())?;
            println!("Added {}.", contact.name);
            println!(
                "Safety number: {}",
                group_digits(&profile.safety_number(&contact)?)
            );
            println!(
                "Compare it with {} over another channel, then run `amicus contacts verify \"{}\" --confirm`.",
                contact.name, contact.name
            );
            Ok(())
        }
        Command::Contacts(ContactsCommand::SaveSender { message, name }) => {
            let mut profile = open(&cli)?;
            let contact = profile.save_sender(*message, name)?;
            println!("Saved the sender of message {message} as {}.", contact.name);
            println!(
                "Safety number: {}",
                group_digits(&profile.safety_number(&contact)?)
            );
            println!("Compare it with them before relying on who they are.");
            Ok(())
        }
        Command::Contacts(ContactsCommand::List) => {
            let profile = open(&cli)?;
            let contacts = profile.contacts()?;
            if contacts.is_empty() {
                println!("No contacts yet. Add one with `amicus contacts add <card>`.");
            }
            for c in contacts {
                let state = if c.pending_identity_key.is_some() {
                    "SAFETY NUMBER CHANGED: verify before sending"
                } else if c.verified {
                    "verified"
                } else {
                    "not verified"
                };
                println!("{}  ({state})", c.name);
            }
            Ok(())
        }
        Command::Contacts(ContactsCommand::Verify { name, confirm }) => {
            let mut profile = open(&cli)?;
            let contact = profile.contact(name)?;
            if contact.pending_identity_key.is_some() {
                println!("WARNING: {}'s safety number has CHANGED.", contact.name);
            }
            println!(
                "Safety number with {}: {}",
                contact.name,
                group_digits(&profile.safety_number(&contact)?)
            );
            if *confirm {
                profile.verify_contact(name)?;
                println!("Marked {} as verified.", contact.name);
            } else {
                println!(
                    "If it matches what {} sees, run this again with --confirm.",
                    contact.name
                );
            }
            Ok(())
        }
        Command::Send {
            to,
            subject,
            body,
            body_file,
        } => {
            let text = match (body, body_file) {
                (Some(b), _) => b.clone(),
                (None, Some(path)) => std::fs::read_to_string(path).map_err(|e| {
                    ClientError::Input(format!("cannot read {}: {e}", path.display()))
                })?,
                (None, None) => {
                    if std::io::stdin().is_terminal() {
                        eprintln!("Type the briefing, then press Ctrl-D on an empty line:");
                    }
                    let mut s = String::new();
                    std::io::stdin()
                        .read_to_string(&mut s)
                        .map_err(|e| ClientError::Input(e.to_string()))?;
                    s
                }
            };
            let mut profile = open(&cli)?;
            let names: Vec<&str> = to.iter().map(String::as_str).collect();
            eprint!("Encrypting and sending to {} recipient(s)... ", names.len());
            let _ = std::io::stderr().flush();
            let report = profile.send_briefing(&names, subject, &text).await?;
            eprintln!("done.");
            for name in &report.delivered {
                println!("Delivered to the relay for {name}.");
            }
            for (name, reason) in &report.waiting {
                println!(
                    "Kept in your outbox for {name} ({reason}); it will be retried by `amicus sync`."
                );
            }
            Ok(())
        }
        Command::Sync => {
            let mut profile = open(&cli)?;
            let report = profile.sync().await?;
            if report.delivered_from_outbox > 0 {
                println!(
                    "Sent {} briefing(s) from your outbox.",
                    report.delivered_from_outbox
                );
            }
            if report.still_in_outbox > 0 {
                println!(
                    "{} briefing(s) still wait in your outbox.",
                    report.still_in_outbox
                );
            }
            println!("{} new briefing(s).", report.received);
            if report.quarantined > 0 {
                println!(
                    "{} envelope(s) could not be read and were kept aside: see `amicus quarantine`.",
                    report.quarantined
                );
            }
            Ok(())
        }
        Command::Inbox => {
            let profile = open(&cli)?;
            let inbox = profile.inbox()?;
            if inbox.is_empty() {
                println!("No briefings. Fetch new ones with `amicus sync`.");
            }
            for m in inbox {
                println!(
                    "{:>4} {} {}  from {}  {}",
                    m.number,
                    if m.read { " " } else { "*" },
                    format_time(m.sent_at),
                    profile.sender_label(&m.from_mailbox),
                    m.subject
                );
            }
            Ok(())
        }
        Command::Read { number } => {
            let mut profile = open(&cli)?;
            let m = profile.read_message(*number)?;
            println!("From:    {}", profile.sender_label(&m.from_mailbox));
            if let Ok(Some(c)) = profile.contact_by_mailbox(&m.from_mailbox)
                && c.identity_key != m.from_identity_key
            {
                println!("WARNING: sent with a key that differs from the contact's safety number.");
            }
            println!("Sent:    {}", format_time(m.sent_at));
            println!("Subject: {}", m.subject);
            println!();
            println!("{}", m.body);
            Ok(())
        }
        Command::Outbox => {
            let profile = open(&cli)?;
            let outbox = profile.outbox()?;
            if outbox.is_empty() {
                println!("Your outbox is empty: everything was delivered to the relay.");
            }
            for e in outbox {
                let why = if e.last_error == 0 {
                    "not yet sent".to_string()
                } else {
                    amicus_protocol::ErrorCode::from_u16(e.last_error).to_string()
                };
                println!("{:>4}  to {}  {}  ({why})", e.number, e.to_name, e.subject);
            }
            Ok(())
        }
        Command::Quarantine => {
            let profile = open(&cli)?;
            let items = profile.quarantine()?;
            if items.is_empty() {
                println!("Nothing in quarantine.");
            }
            for q in items {
                println!("{:>4}  {} bytes  {}", q.number, q.payload.len(), q.reason);
            }
            Ok(())
        }
    }
}

fn group_digits(number: &str) -> String {
    number
        .as_bytes()
        .chunks(5)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_render() {
        assert_eq!(format_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_time(1_700_000_000_000), "2023-11-14 22:13 UTC");
    }

    #[test]
    fn digits_group_by_five() {
        assert_eq!(group_digits("1234567890"), "12345 67890");
    }
}
