//! The `amicus` command line. Every sentence comes from the message catalogues
//! ([`crate::i18n`]). Passphrases never come from arguments (they would land in shell
//! history): they are read from a prompt, from `AMICUS_PASSPHRASE`, or from the file named by
//! `--passphrase-file`.

use std::io::{BufRead as _, IsTerminal as _, Read as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use amicus_protocol::RelayPin;
use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};

use crate::cli_centre::{self as centre, CentreCommand, RosterCommand};
use crate::error::{ClientError, Result};
use crate::explain::{explain, refusal_reason, wait_reason};
use crate::i18n::{Catalog, Lang};
use crate::profile::{NewProfile, Profile};
use crate::records::QuarantineReason;
use crate::secret::Passphrase;
use crate::tr;
use crate::vault::KdfParams;

#[derive(Parser)]
#[command(name = "amicus", version)]
pub(crate) struct Cli {
    #[arg(long, global = true, env = "AMICUS_PROFILE")]
    profile: Option<PathBuf>,
    #[arg(long, global = true)]
    passphrase_file: Option<PathBuf>,
    #[arg(long, global = true)]
    verbose: bool,
    #[arg(long, global = true)]
    lang: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

// `Send` carries the briefing's facts and mandate options; the enum is parsed once per run,
// so its size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub(crate) enum Command {
    Init {
        #[arg(long)]
        name: String,
        #[arg(long)]
        relay: String,
        #[arg(long)]
        pin: String,
    },
    Card,
    #[command(subcommand)]
    Contacts(ContactsCommand),
    Enrol {
        code: String,
        #[arg(long)]
        name: String,
    },
    Send {
        #[arg(long = "to", required = true)]
        to: Vec<String>,
        #[arg(long)]
        subject: Option<String>,
        #[arg(long, conflicts_with = "body_file")]
        body: Option<String>,
        #[arg(long)]
        body_file: Option<PathBuf>,
        #[command(flatten)]
        facts: crate::cli_centre::BriefingFacts,
        #[command(flatten)]
        mandate: crate::cli_centre::MandateArgs,
        #[arg(long = "attach")]
        attach: Vec<PathBuf>,
    },
    Sent,
    Revoke {
        number: u64,
    },
    Mandates,
    Present {
        number: u64,
        #[arg(long = "to", required = true)]
        to: String,
        #[arg(long)]
        with_attachments: bool,
    },
    Ask {
        number: u64,
        #[arg(long)]
        text: String,
    },
    Answer {
        number: u64,
        #[arg(long)]
        text: String,
    },
    #[command(subcommand)]
    Centre(CentreCommand),
    #[command(subcommand)]
    Roster(RosterCommand),
    Invite {
        #[arg(long)]
        role: String,
        #[arg(long, default_value_t = 7)]
        days: u64,
    },
    Sync,
    Inbox,
    Read {
        number: u64,
    },
    Save {
        number: u64,
        #[arg(long)]
        attachment: Option<usize>,
        #[arg(long, default_value = ".")]
        into: PathBuf,
    },
    Outbox,
    Quarantine,
    Settings {
        #[arg(long)]
        wipe_after: Option<u32>,
        #[arg(long)]
        delete_read_after: Option<u32>,
        #[arg(long)]
        read_receipts: Option<crate::cli_centre::OnOff>,
    },
    Wipe {
        #[arg(long)]
        now: bool,
    },
    Demo,
}

#[derive(Subcommand)]
pub(crate) enum ContactsCommand {
    Add {
        card: String,
        #[arg(long)]
        name: Option<String>,
    },
    SaveSender {
        message: u64,
        #[arg(long)]
        name: String,
    },
    List,
    Verify {
        name: String,
        #[arg(long)]
        confirm: bool,
    },
}

/// Help texts from the catalogue: `help-<command path>` for commands, `arg-...` for options.
fn localized_command(cat: &Catalog) -> clap::Command {
    fn arg_key(path: &str, id: &str) -> String {
        match (path, id) {
            ("init", "name") => "arg-init-name".into(),
            ("init", "relay") => "arg-init-relay".into(),
            ("init", "pin") => "arg-init-pin".into(),
            ("contacts-add", "name") => "arg-add-name".into(),
            ("enrol", "name") => "arg-init-name".into(),
            ("roster-add", "name") => "arg-roster-name".into(),
            ("roster-remove", "name") => "arg-roster-remove-name".into(),
            ("present", "to") => "arg-present-member".into(),
            ("present", "number") => "arg-submission".into(),
            ("revoke", "number") => "arg-sent-number".into(),
            ("ask", "text") => "arg-question".into(),
            ("answer", "text") => "arg-answer".into(),
            (_, "name") => "arg-contact-name".into(),
            (_, "number" | "message") => "arg-message".into(),
            (_, "delete_read_after") => "arg-delete-read-after".into(),
            (_, other) => format!("arg-{}", other.replace('_', "-")),
        }
    }
    fn localize(cmd: clap::Command, path: &str, cat: &Catalog) -> clap::Command {
        let about_key = if path.is_empty() {
            "help-about".to_string()
        } else {
            format!("help-{path}")
        };
        let mut cmd = cmd
            .about(cat.t(&about_key))
            .subcommand_help_heading(cat.t("help-commands"));
        let ids: Vec<String> = cmd
            .get_arguments()
            .map(|a| a.get_id().to_string())
            .filter(|id| id != "help" && id != "version")
            .collect();
        for id in ids {
            let help = cat.t(&arg_key(path, &id));
            let heading = cat.t("help-options");
            cmd = cmd.mut_arg(id.as_str(), |a| a.help(help).help_heading(heading));
        }
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        for name in names {
            let sub_path = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}-{name}")
            };
            cmd = cmd.mut_subcommand(name.as_str(), |s| localize(s, &sub_path, cat));
        }
        cmd
    }
    // clap's own help and version flags and `help` subcommand would stay in English:
    // replace them with localized ones.
    fn own_help(cmd: clap::Command, cat: &Catalog) -> clap::Command {
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        let mut cmd = cmd
            .disable_help_flag(true)
            .disable_help_subcommand(true)
            .arg(
                clap::Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(clap::ArgAction::Help)
                    .help(cat.t("arg-help"))
                    .help_heading(cat.t("help-options")),
            );
        for name in names {
            cmd = cmd.mut_subcommand(name.as_str(), |s| own_help(s, cat));
        }
        cmd
    }
    let cmd = localize(Cli::command(), "", cat);
    own_help(cmd, cat).disable_version_flag(true).arg(
        clap::Arg::new("version")
            .short('V')
            .long("version")
            .action(clap::ArgAction::Version)
            .help(cat.t("arg-version"))
            .help_heading(cat.t("help-options")),
    )
}

/// `--lang` is needed before parsing (help is localized), so it is picked out by hand.
fn lang_flag() -> Option<String> {
    let mut args = std::env::args();
    while let Some(arg) = args.next() {
        if arg == "--lang" {
            return args.next();
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Some(value.to_string());
        }
    }
    None
}

pub fn main() -> ExitCode {
    let cat = Catalog::new(Lang::detect(lang_flag().as_deref()));
    let matches = localized_command(&cat).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let verbose = cli.verbose;
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{}", tr!(cat, "err-start", detail = e));
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli, &cat)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", explain(&error, &cat));
            if verbose {
                eprintln!("{}", tr!(cat, "detail", detail = error));
            }
            ExitCode::FAILURE
        }
    }
}

pub(crate) fn profile_dir(cli: &Cli) -> PathBuf {
    if let Some(dir) = &cli.profile {
        return dir.clone();
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| ".".into());
    home.join(".amicus")
}

/// A passphrase from the file, the environment, or (in a terminal) a prompt; `None` if
/// none can be had.
fn passphrase_source(
    cli: &Cli,
    cat: &Catalog,
    prompt: &str,
    confirm: bool,
) -> Result<Option<Passphrase>> {
    if let Some(file) = &cli.passphrase_file {
        let text = std::fs::read_to_string(file).map_err(|e| {
            ClientError::Input(tr!(
                cat,
                "err-cannot-read",
                path = file.display(),
                detail = e
            ))
        })?;
        return Ok(Some(Passphrase::new(
            text.trim_end_matches(['\n', '\r']).to_string(),
        )));
    }
    if let Ok(text) = std::env::var("AMICUS_PASSPHRASE") {
        return Ok(Some(Passphrase::new(text)));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let first =
        rpassword::prompt_password(cat.t(prompt)).map_err(|e| ClientError::Input(e.to_string()))?;
    if confirm {
        let second = rpassword::prompt_password(cat.t("prompt-repeat-passphrase"))
            .map_err(|e| ClientError::Input(e.to_string()))?;
        if first != second {
            return Err(ClientError::Input(cat.t("err-passphrases-differ")));
        }
    }
    Ok(Some(Passphrase::new(first)))
}

pub(crate) fn read_passphrase(
    cli: &Cli,
    cat: &Catalog,
    prompt: &str,
    confirm: bool,
) -> Result<Passphrase> {
    passphrase_source(cli, cat, prompt, confirm)?
        .ok_or_else(|| ClientError::Input(cat.t("err-no-passphrase")))
}

pub(crate) fn open(cli: &Cli, cat: &Catalog) -> Result<Profile> {
    let dir = profile_dir(cli);
    if !Profile::exists(&dir) {
        return Err(ClientError::NoProfile(dir.display().to_string()));
    }
    let passphrase = read_passphrase(cli, cat, "prompt-passphrase", false)?;
    Profile::open(&dir, &passphrase)
}

pub(crate) fn format_time(ms: u64) -> String {
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

pub(crate) fn sender_label(
    profile: &Profile,
    mailbox: &amicus_protocol::MailboxId,
    cat: &Catalog,
) -> String {
    match profile.contact_by_mailbox(mailbox) {
        Ok(Some(c)) => c.name,
        _ => tr!(cat, "unknown-sender", id = &mailbox.to_hex()[..12]),
    }
}

/// `amicus` with no command: where the user stands and what to do next.
fn guide(cli: &Cli, cat: &Catalog) -> Result<()> {
    let dir = profile_dir(cli);
    if !Profile::exists(&dir) {
        println!("{}", tr!(cat, "guide-no-profile", dir = dir.display()));
        println!("{}", cat.t("guide-no-profile-next"));
        println!("  {}", cat.t("guide-no-profile-example"));
        return Ok(());
    }
    println!("{}", tr!(cat, "guide-locked", dir = dir.display()));
    let Some(passphrase) = passphrase_source(cli, cat, "prompt-passphrase", false)? else {
        println!("{}", cat.t("guide-locked-next"));
        return Ok(());
    };
    let profile = Profile::open(&dir, &passphrase)?;
    let unread = profile.inbox()?.iter().filter(|m| m.read_at == 0).count();
    println!(
        "{}",
        tr!(
            cat,
            "guide-status",
            name = profile.name(),
            unread = unread,
            outbox = profile.outbox()?.len(),
            contacts = profile.contacts()?.len()
        )
    );
    if unread > 0 {
        println!("{}", cat.t("guide-next-unread"));
    }
    println!("{}", cat.t("guide-next-sync"));
    println!("{}", cat.t("guide-next-send"));
    Ok(())
}

/// Reads a briefing's text typed at the terminal: until a line with only "." or end of input.
fn read_typed_body(cat: &Catalog) -> Result<String> {
    eprintln!("{}", cat.t("prompt-body"));
    let mut body = String::new();
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|e| ClientError::Input(e.to_string()))?;
        if line.trim() == "." {
            break;
        }
        body.push_str(&line);
        body.push('\n');
    }
    Ok(body)
}

/// A spinner on standard error while a long operation runs (hidden when not a terminal).
pub(crate) fn working(message: String) -> indicatif::ProgressBar {
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_message(message);
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    spinner
}

fn prompt_line(prompt: &str) -> Result<String> {
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| ClientError::Input(e.to_string()))?;
    Ok(line.trim().to_string())
}

async fn run(cli: Cli, cat: &Catalog) -> Result<()> {
    let Some(command) = &cli.command else {
        return guide(&cli, cat);
    };
    match command {
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
            let mut out = std::io::stdout();
            let report = crate::demo::run(&mut out, &log, KdfParams::default(), cat).await?;
            if !report.leaks.is_empty() {
                return Err(ClientError::Input(cat.t("err-demo-leaks")));
            }
            Ok(())
        }
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
        Command::Init { name, relay, pin } => {
            let dir = profile_dir(&cli);
            if Profile::exists(&dir) {
                return Err(ClientError::ProfileExists(dir.display().to_string()));
            }
            let relay_pin =
                RelayPin::from_hex(pin).map_err(|_| ClientError::Input(cat.t("err-bad-pin")))?;
            let passphrase = read_passphrase(&cli, cat, "prompt-new-passphrase", true)?;
            let spinner = working(cat.t("init-deriving"));
            let profile = Profile::create(
                &dir,
                &passphrase,
                NewProfile {
                    name,
                    relay_address: relay,
                    relay_pin,
                    kdf: KdfParams::default(),
                    invitation: None,
                },
            )
            .await;
            spinner.finish_and_clear();
            let profile = profile?;
            println!("{}", tr!(cat, "init-created", dir = dir.display()));
            if !profile.is_registered() {
                println!("{}", cat.t("init-not-registered"));
            }
            println!("{}", cat.t("init-card"));
            println!("{}", profile.contact_card().to_text());
            Ok(())
        }
        Command::Card => {
            let profile = open(&cli, cat)?;
            println!("{}", profile.contact_card().to_text());
            Ok(())
        }
        Command::Contacts(ContactsCommand::Add { card, name }) => {
            let mut profile = open(&cli, cat)?;
            let contact = profile.add_contact(card, name.as_deref())?;
            println!("{}", tr!(cat, "contact-added", name = contact.name));
            let number = group_digits(&profile.safety_number(&contact)?);
            println!("{}", tr!(cat, "safety-number", number = number));
            println!("{}", tr!(cat, "contact-compare", name = contact.name));
            Ok(())
        }
        Command::Contacts(ContactsCommand::SaveSender { message, name }) => {
            let mut profile = open(&cli, cat)?;
            let contact = profile.save_sender(*message, name)?;
            println!(
                "{}",
                tr!(
                    cat,
                    "contact-saved-sender",
                    number = message,
                    name = contact.name
                )
            );
            let number = group_digits(&profile.safety_number(&contact)?);
            println!("{}", tr!(cat, "safety-number", number = number));
            println!("{}", cat.t("contact-compare-sender"));
            Ok(())
        }
        Command::Contacts(ContactsCommand::List) => {
            let profile = open(&cli, cat)?;
            let contacts = profile.contacts()?;
            if contacts.is_empty() {
                println!("{}", cat.t("contact-none"));
            }
            for c in contacts {
                let state = if c.pending_identity_key.is_some() {
                    cat.t("contact-state-changed")
                } else if c.verified {
                    cat.t("contact-state-verified")
                } else {
                    cat.t("contact-state-unverified")
                };
                println!("{}", tr!(cat, "contact-line", name = c.name, state = state));
            }
            Ok(())
        }
        Command::Contacts(ContactsCommand::Verify { name, confirm }) => {
            let mut profile = open(&cli, cat)?;
            let contact = profile.contact(name)?;
            if contact.pending_identity_key.is_some() {
                println!(
                    "{}",
                    tr!(cat, "contact-changed-warning", name = contact.name)
                );
            }
            let number = group_digits(&profile.safety_number(&contact)?);
            println!(
                "{}",
                tr!(
                    cat,
                    "safety-number-with",
                    name = contact.name,
                    number = number
                )
            );
            if *confirm {
                profile.verify_contact(name)?;
                println!("{}", tr!(cat, "contact-verified", name = contact.name));
            } else {
                println!("{}", tr!(cat, "contact-confirm-hint", name = contact.name));
            }
            Ok(())
        }
        Command::Send {
            to,
            subject,
            body,
            body_file,
            facts,
            mandate,
            attach,
        } => {
            // Unlock first, so a wrong passphrase does not waste the user's typing.
            let mut profile = open(&cli, cat)?;
            let interactive = std::io::stdin().is_terminal();
            let subject = match subject {
                Some(s) => s.clone(),
                None if interactive => prompt_line(&cat.t("prompt-subject"))?,
                None => String::new(),
            };
            let text = match (body, body_file) {
                (Some(b), _) => b.clone(),
                (None, Some(path)) => std::fs::read_to_string(path).map_err(|e| {
                    ClientError::Input(tr!(
                        cat,
                        "err-cannot-read",
                        path = path.display(),
                        detail = e
                    ))
                })?,
                (None, None) if interactive => read_typed_body(cat)?,
                (None, None) => {
                    let mut s = String::new();
                    std::io::stdin()
                        .read_to_string(&mut s)
                        .map_err(|e| ClientError::Input(e.to_string()))?;
                    s
                }
            };
            let names: Vec<&str> = to.iter().map(String::as_str).collect();
            let mut briefing = facts.briefing(subject, text, cat)?;
            let options = mandate.options(cat)?;
            // Uploaded first, once for all recipients; a rerun after a cut continues them.
            briefing.attachments =
                crate::cli_attach::upload(&mut profile, &names, attach, cat).await?;
            let spinner = working(tr!(cat, "send-progress", count = names.len()));
            let report = match options {
                Some(options) => {
                    let staff: Vec<&str> = mandate.present_by.iter().map(String::as_str).collect();
                    let members: Vec<&str> =
                        mandate.present_to.iter().map(String::as_str).collect();
                    let options = crate::proxy::MandateOptions {
                        staff: &staff,
                        members: &members,
                        ..options
                    };
                    profile
                        .submit_for_presentation(&names, briefing, options)
                        .await
                }
                None => profile.send_structured(&names, briefing).await,
            };
            spinner.finish_and_clear();
            let report = report?;
            for name in &report.delivered {
                println!("{}", tr!(cat, "send-delivered", name = name));
            }
            for (name, reason) in &report.waiting {
                let reason = wait_reason(*reason, cat);
                println!("{}", tr!(cat, "send-waiting", name = name, reason = reason));
            }
            Ok(())
        }
        Command::Sync => {
            let mut profile = open(&cli, cat)?;
            let spinner = working(cat.t("sync-progress"));
            let report = profile.sync().await;
            spinner.finish_and_clear();
            let report = report?;
            // One line per count: "received" always, the others when there is something.
            let counts = [
                ("sync-sent", report.delivered_from_outbox, false),
                ("sync-waiting", report.still_in_outbox, false),
                ("sync-received", report.received, true),
                ("sync-quarantined", report.quarantined, false),
                ("sync-auto-deleted", report.auto_deleted, false),
                ("sync-updates", report.updates, false),
                ("sync-sent-on-behalf", report.sent_on_behalf, false),
                ("sync-pending-on-behalf", report.pending_on_behalf, false),
            ];
            for (key, count, always) in counts {
                if always || count > 0 {
                    println!("{}", cat.f(key, &[("count", count.to_string())]));
                }
            }
            centre::print_roster_warnings(&report, cat);
            Ok(())
        }
        Command::Inbox => {
            let profile = open(&cli, cat)?;
            let inbox = profile.inbox()?;
            if inbox.is_empty() {
                println!("{}", cat.t("inbox-empty"));
            }
            for m in inbox {
                println!(
                    "{}",
                    tr!(
                        cat,
                        "inbox-line",
                        number = format!("{:>4}", m.number),
                        mark = if m.read_at == 0 { "*" } else { " " },
                        time = format_time(m.sent_at),
                        from = sender_label(&profile, &m.from_mailbox, cat),
                        subject = crate::cli_centre::inbox_subject(&m, cat)
                    )
                );
            }
            Ok(())
        }
        Command::Read { number } => {
            let mut profile = open(&cli, cat)?;
            let m = profile.read_message(*number)?;
            let from = sender_label(&profile, &m.from_mailbox, cat);
            println!("{}", tr!(cat, "read-from", from = from));
            if let Ok(Some(c)) = profile.contact_by_mailbox(&m.from_mailbox)
                && c.identity_key != m.from_identity_key
            {
                println!("{}", cat.t("read-key-warning"));
            }
            println!("{}", tr!(cat, "read-sent", time = format_time(m.sent_at)));
            println!("{}", tr!(cat, "read-subject", subject = m.subject));
            crate::cli_centre::print_details(&profile, &m, cat);
            println!();
            println!("{}", m.body);
            crate::cli_attach::print_attachments(&profile, &m, cat);
            // A read receipt (if allowed) goes now when the relay is reachable.
            let _ = profile.send_pending().await;
            Ok(())
        }
        Command::Save {
            number,
            attachment,
            into,
        } => {
            let profile = open(&cli, cat)?;
            crate::cli_attach::save(&profile, *number, *attachment, into, cat).await
        }
        Command::Outbox => {
            let profile = open(&cli, cat)?;
            let outbox = profile.outbox()?;
            if outbox.is_empty() {
                println!("{}", cat.t("outbox-empty"));
            }
            for e in outbox {
                let why = if e.last_error == 0 {
                    cat.t("outbox-not-sent")
                } else {
                    refusal_reason(amicus_protocol::ErrorCode::from_u16(e.last_error), cat)
                };
                println!(
                    "{}",
                    tr!(
                        cat,
                        "outbox-line",
                        number = format!("{:>4}", e.number),
                        name = e.to_name,
                        subject = e.subject,
                        why = why
                    )
                );
            }
            Ok(())
        }
        Command::Quarantine => {
            let profile = open(&cli, cat)?;
            let items = profile.quarantine()?;
            if items.is_empty() {
                println!("{}", cat.t("quarantine-empty"));
            }
            for q in items {
                let reason = cat.t(match q.reason {
                    QuarantineReason::Undecryptable => "quarantine-undecryptable",
                    QuarantineReason::BadSender => "quarantine-bad-sender",
                    QuarantineReason::Unreadable => "quarantine-unreadable",
                    QuarantineReason::Other => "quarantine-other",
                });
                println!(
                    "{}",
                    tr!(
                        cat,
                        "quarantine-line",
                        number = format!("{:>4}", q.number),
                        size = q.payload.len(),
                        reason = reason
                    )
                );
                if cli.verbose {
                    println!("      {}", tr!(cat, "detail", detail = q.detail));
                }
            }
            Ok(())
        }
        Command::Settings {
            wipe_after,
            delete_read_after,
            read_receipts,
        } => {
            let dir = profile_dir(&cli);
            let mut profile = open(&cli, cat)?;
            if let Some(n) = wipe_after {
                crate::wipe::set_wipe_after(&dir, *n)?;
            }
            if let Some(days) = delete_read_after {
                profile.set_delete_read_after_days(*days)?;
                profile.delete_old_read()?;
            }
            if let Some(on) = read_receipts {
                profile.set_read_receipts(*on == crate::cli_centre::OnOff::On)?;
            }
            if wipe_after.is_some() || delete_read_after.is_some() || read_receipts.is_some() {
                println!("{}", cat.t("settings-saved"));
            }
            let wipe = match crate::wipe::wipe_after(&dir) {
                0 => cat.t("settings-off"),
                n => tr!(cat, "settings-attempts", count = n),
            };
            let days = match profile.delete_read_after_days() {
                0 => cat.t("settings-off"),
                n => tr!(cat, "settings-days", count = n),
            };
            println!("{}", tr!(cat, "settings-shown", wipe = wipe, days = days));
            let receipts = if profile.read_receipts() {
                cat.t("settings-on")
            } else {
                cat.t("settings-off")
            };
            println!("{}", tr!(cat, "settings-receipts", state = receipts));
            Ok(())
        }
        Command::Wipe { now } => {
            let dir = profile_dir(&cli);
            if !Profile::exists(&dir) {
                return Err(ClientError::NoProfile(dir.display().to_string()));
            }
            if !now {
                let word = cat.t("wipe-word");
                let typed =
                    prompt_line(&tr!(cat, "prompt-wipe", dir = dir.display(), word = word))?;
                if !typed.eq_ignore_ascii_case(&word) {
                    return Err(ClientError::NotConfirmed);
                }
            }
            crate::wipe::wipe(&dir)?;
            println!("{}", cat.t("wiped"));
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

    #[test]
    fn every_command_and_option_has_localized_help() {
        for lang in Lang::ALL {
            let cat = Catalog::new(lang);
            let cmd = localized_command(&cat);
            fn check(cmd: &clap::Command, lang: Lang) {
                let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
                assert!(
                    !about.is_empty() && !about.starts_with('['),
                    "{lang:?} {}",
                    cmd.get_name()
                );
                for arg in cmd.get_arguments() {
                    if arg.get_id() == "help" || arg.get_id() == "version" {
                        continue;
                    }
                    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                    assert!(
                        !help.is_empty() && !help.starts_with('['),
                        "{lang:?} {} --{}: {help}",
                        cmd.get_name(),
                        arg.get_id()
                    );
                }
                for sub in cmd.get_subcommands() {
                    check(sub, lang);
                }
            }
            check(&cmd, lang);
        }
    }
}
