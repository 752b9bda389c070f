//! The command line's shape: every command, option and argument (clap), with help texts
//! taken from the catalogues. Parsing only: what each command does is elsewhere.

use std::path::PathBuf;

use amicus_app::forms::{BriefingForm, MandateForm};
use amicus_app::{Catalog, Result};
use amicus_client::ClientError;
use amicus_client::MandateOptions;
use amicus_client::now_ms;
use amicus_core::briefing::Briefing;
use clap::{Args, CommandFactory as _, Parser, Subcommand, ValueEnum};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OnOff {
    On,
    Off,
}

/// What the Committee files a briefing under (mapped onto [`BriefingForm`]).
#[derive(Args)]
pub(crate) struct BriefingFacts {
    #[arg(long)]
    state: Option<String>,
    #[arg(long)]
    session: Option<String>,
    #[arg(long)]
    stage: Option<String>,
    #[arg(long)]
    articles: Option<String>,
    #[arg(long)]
    language: Option<String>,
    #[arg(long)]
    confidentiality: Option<String>,
}

impl BriefingFacts {
    pub(crate) fn briefing(&self, title: String, body: String) -> Result<Briefing> {
        let form = BriefingForm {
            state: self.state.clone(),
            session: self.session.clone(),
            stage: self.stage.clone(),
            articles: self.articles.clone(),
            language: self.language.clone(),
            confidentiality: self.confidentiality.clone(),
        };
        Ok(form.validate(title, body)?)
    }
}

/// A presentation mandate given with a briefing sent to the Centre (mapped onto
/// [`MandateForm`]).
#[derive(Args)]
pub(crate) struct MandateArgs {
    #[arg(long)]
    mandate: bool,
    #[arg(long = "present-by", requires = "mandate")]
    pub(crate) present_by: Vec<String>,
    #[arg(long = "present-to", requires = "mandate")]
    pub(crate) present_to: Vec<String>,
    #[arg(long, requires = "mandate")]
    attribution: Option<String>,
    #[arg(long, requires = "mandate")]
    allow_attachments: bool,
    #[arg(long, requires = "mandate", default_value_t = 90)]
    mandate_days: u64,
}

impl MandateArgs {
    /// The options (names are filled in by the caller), or `None` without `--mandate`.
    pub(crate) fn options(&self) -> Result<Option<MandateOptions<'static>>> {
        if !self.mandate {
            return Ok(None);
        }
        if self.mandate_days == 0 {
            return Err(ClientError::BadMandateDays.into());
        }
        let form = MandateForm {
            attribution: self.attribution.clone(),
            allow_attachments: self.allow_attachments,
            days: self.mandate_days,
        };
        Ok(Some(form.options(now_ms())?))
    }
}

#[derive(Subcommand)]
pub(crate) enum CentreCommand {
    Init {
        #[arg(long)]
        intake_name: String,
    },
    Root,
}

#[derive(Subcommand)]
pub(crate) enum RosterCommand {
    Show,
    Add {
        card: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        term_end: Option<String>,
    },
    Remove {
        name: String,
    },
}

#[derive(Parser)]
#[command(name = "amicus", version)]
pub(crate) struct Cli {
    #[arg(long, global = true, env = "AMICUS_PROFILE")]
    pub(crate) profile: Option<PathBuf>,
    #[arg(long, global = true)]
    pub(crate) passphrase_file: Option<PathBuf>,
    #[arg(long, global = true)]
    pub(crate) verbose: bool,
    #[arg(long, global = true)]
    lang: Option<String>,
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
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
        /// Needed only to create a new profile; an existing one keeps its name.
        #[arg(long)]
        name: Option<String>,
    },
    Send(SendArgs),
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
        read_receipts: Option<OnOff>,
    },
    Wipe {
        #[arg(long)]
        now: bool,
    },
    /// Built only with the `demo` feature (the default): without it, no relay code.
    #[cfg(feature = "demo")]
    Demo,
}

/// `amicus send`: recipients, the briefing's text and facts, attachments, a mandate.
#[derive(Args)]
pub(crate) struct SendArgs {
    #[arg(long = "to", required = true)]
    pub(crate) to: Vec<String>,
    #[arg(long)]
    pub(crate) subject: Option<String>,
    #[arg(long, conflicts_with = "body_file")]
    pub(crate) body: Option<String>,
    #[arg(long)]
    pub(crate) body_file: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) facts: BriefingFacts,
    #[command(flatten)]
    pub(crate) mandate: MandateArgs,
    #[arg(long = "attach")]
    pub(crate) attach: Vec<PathBuf>,
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
pub(crate) fn localized_command(cat: &Catalog) -> clap::Command {
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
pub(crate) fn lang_flag() -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use amicus_app::Lang;

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
