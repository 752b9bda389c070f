//! The command line's shape: every command, option and argument (clap), with help texts
//! taken from the catalogues. Parsing only: what each command does is elsewhere.

use std::path::PathBuf;

use amicus_app::forms::{BriefingForm, MandateForm};
use amicus_app::tr;
use amicus_app::{Catalog, Result};
use amicus_client::now_ms;
use amicus_core::briefing::Briefing;
use amicus_core::draft::DraftMandate;
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
    /// The mandate as the draft keeps it, or `None` without `--mandate`.
    pub(crate) fn draft(&self) -> Result<Option<DraftMandate>> {
        if !self.mandate {
            return Ok(None);
        }
        let form = MandateForm {
            attribution: self.attribution.clone(),
            allow_attachments: self.allow_attachments,
            days: self.mandate_days,
        };
        let draft = form.draft(self.present_by.clone(), self.present_to.clone(), now_ms())?;
        Ok(Some(draft))
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
    #[arg(long, global = true, env = "AMICUS_PROXY")]
    proxy: Option<String>,
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

/// What `--proxy` asks for.
#[derive(Clone, Copy)]
pub(crate) enum ProxyFlag {
    /// `--proxy off`: straight to the relay (this run; with `settings`, from now on).
    Off,
    /// Through this SOCKS5 proxy.
    Via(amicus_client::Proxy),
}

impl ProxyFlag {
    /// The proxy, or `None` for `off`.
    pub(crate) fn proxy(self) -> Option<amicus_client::Proxy> {
        match self {
            ProxyFlag::Off => None,
            ProxyFlag::Via(proxy) => Some(proxy),
        }
    }
}

impl Cli {
    /// `--proxy` (or `AMICUS_PROXY`), read; `None` when not given.
    pub(crate) fn proxy(&self) -> Result<Option<ProxyFlag>> {
        let Some(text) = self.proxy.as_deref() else {
            return Ok(None);
        };
        if text.trim().eq_ignore_ascii_case("off") {
            return Ok(Some(ProxyFlag::Off));
        }
        amicus_client::Proxy::parse(text)
            .map(|proxy| Some(ProxyFlag::Via(proxy)))
            .map_err(|problem| amicus_client::ClientError::BadProxy(problem).into())
    }
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
    /// Keeps this terminal unlocked for a while (see `agent`).
    Unlock {
        #[arg(long, default_value_t = 15)]
        minutes: u64,
    },
    /// Forgets the key in every terminal now.
    Lock,
    /// Opens Amicus in the browser (the local app).
    App,
    /// The unlock agent itself, started by `unlock`.
    #[command(hide = true)]
    AgentServe {
        #[arg(long)]
        shell: u32,
        #[arg(long)]
        minutes: u64,
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
        // clap's own "Usage:" heading is English only: the template names it from the
        // catalogue instead.
        let template = format!(
            "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            cat.t("help-usage")
        );
        let mut cmd = cmd
            .about(cat.t(&about_key))
            .help_template(template)
            .subcommand_help_heading(cat.t("help-commands"));
        let ids: Vec<String> = cmd
            .get_arguments()
            .map(|a| a.get_id().to_string())
            .filter(|id| id != "help" && id != "version")
            .collect();
        for id in ids {
            let help = cat.t(&arg_key(path, &id));
            // clap's "[default: …]" is English; the catalogue's text says the default.
            let has_default = cmd
                .get_arguments()
                .any(|a| a.get_id() == id.as_str() && !a.get_default_values().is_empty());
            let heading = cat.t("help-options");
            cmd = cmd.mut_arg(id.as_str(), |a| {
                a.help(help)
                    .help_heading(heading)
                    .hide_default_value(has_default)
            });
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
    let mut args = lossy_args().into_iter();
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

/// The command line as text (`std::env::args` would panic on a name that is not UTF-8;
/// clap itself reads the raw arguments).
pub(crate) fn lossy_args() -> Vec<String> {
    std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

/// The command a command line names, as far as it names one: `amicus roster add` for
/// `amicus --lang fr roster add …` (so that a refusal can point to that command's help).
pub(crate) fn command_path(root: &clap::Command, args: &[String]) -> String {
    let mut path = vec!["amicus".to_string()];
    let mut at = root;
    for arg in args.iter().skip(1) {
        if let Some(sub) = at.find_subcommand(arg) {
            path.push(arg.clone());
            at = sub;
        }
    }
    path.join(" ")
}

/// A command line clap refused, as a sentence in the user's language with the usage of the
/// command concerned (clap's own messages are English only). `None` for what clap shows by
/// itself: help and version.
pub(crate) fn localized_error(error: &clap::Error, command: &str, cat: &Catalog) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let sentence = match error.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::InvalidValue | ErrorKind::ValueValidation if value.is_empty() => {
            tr!(cat, "clap-empty-value", arg = arg)
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            tr!(cat, "clap-invalid-value", arg = arg, value = value)
        }
        ErrorKind::UnknownArgument => tr!(cat, "clap-unknown-argument", arg = arg),
        ErrorKind::InvalidSubcommand => {
            let value = context(ContextKind::InvalidSubcommand);
            tr!(cat, "clap-unknown-command", value = value)
        }
        ErrorKind::MissingRequiredArgument => tr!(cat, "clap-missing", arg = arg),
        ErrorKind::ArgumentConflict => {
            let other = context(ContextKind::PriorArg);
            tr!(cat, "clap-conflict", arg = arg, other = other)
        }
        _ => cat.t("clap-other"),
    };
    Some(format!(
        "{sentence}\n{}",
        tr!(cat, "clap-more", command = command)
    ))
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

    #[test]
    fn refused_command_lines_are_explained_in_every_language() {
        let bad: [&[&str]; 6] = [
            &["amicus", "sned"],
            &["amicus", "send", "--to"],
            &["amicus", "send"],
            &["amicus", "invite", "--role", "member", "--days", "abc"],
            &[
                "amicus",
                "send",
                "--to",
                "a",
                "--body",
                "x",
                "--body-file",
                "y",
            ],
            &["amicus", "--frob"],
        ];
        for lang in Lang::ALL {
            let cat = Catalog::new(lang);
            let english = Catalog::new(Lang::En);
            for line in bad {
                let mut cmd = localized_command(&cat);
                let error = cmd.try_get_matches_from_mut(line).unwrap_err();
                let args: Vec<String> = line.iter().map(|a| a.to_string()).collect();
                let text = localized_error(&error, &command_path(&cmd, &args), &cat)
                    .unwrap_or_else(|| panic!("{line:?} is explained"));
                assert!(!text.contains("error:") && !text.contains('['), "{text}");
                if lang != Lang::En {
                    assert_ne!(text, localized_error(&error, "amicus", &english).unwrap());
                }
            }
            // Help is clap's own, already localised.
            let mut cmd = localized_command(&cat);
            let help = cmd
                .try_get_matches_from_mut(["amicus", "--help"])
                .unwrap_err();
            assert!(localized_error(&help, "amicus", &cat).is_none());
            let usage = cmd.render_help().to_string();
            assert!(usage.contains(&cat.t("help-usage")), "{usage}");
            assert!(!usage.contains("[default:"), "{usage}");
        }
    }
}
