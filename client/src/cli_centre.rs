//! The commands of the Centre's flows: enrolment, the Centre's root and roster, invitations,
//! briefings with mandates, presentation, receipts, revocation, questions and answers.
//! Like the rest of the CLI, every sentence comes from the catalogues.

use amicus_protocol::{Invitation, InvitedRole, Role};
use clap::{Args, Subcommand, ValueEnum};

use crate::briefing::{Briefing, Confidentiality, ReviewStage};
use crate::cli::{Cli, format_time, open, profile_dir, read_passphrase, working};
use crate::content::{Content, Receipt, ReceiptKind};
use crate::error::{ClientError, Result};
use crate::explain::{roster_refusal, wait_reason};
use crate::i18n::Catalog;
use crate::mandate::{Attribution, MandateTerms};
use crate::profile::{NewProfile, Profile};
use crate::proxy::MandateOptions;
use crate::receive::SyncReport;
use crate::records::InboxMessage;
use crate::send::SendReport;
use crate::tr;
use crate::vault::KdfParams;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

/// What the Committee files a briefing under.
#[derive(Args)]
pub struct BriefingFacts {
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
    pub fn briefing(&self, title: String, body: String, cat: &Catalog) -> Result<Briefing> {
        let bad = |key: &str| ClientError::Input(cat.t(key));
        Ok(Briefing {
            title,
            body,
            state_party: self.state.clone().unwrap_or_default(),
            session: self.session.clone().unwrap_or_default(),
            stage: match &self.stage {
                None => ReviewStage::Unspecified,
                Some(s) => ReviewStage::from_code(s).ok_or_else(|| bad("err-bad-stage"))?,
            },
            articles: match &self.articles {
                None => Vec::new(),
                Some(a) => Briefing::parse_articles(a).ok_or_else(|| bad("err-bad-articles"))?,
            },
            language: match self.language.as_deref().map(str::trim) {
                None | Some("") => String::new(),
                Some(l @ ("en" | "fr" | "es")) => l.to_string(),
                Some(_) => return Err(bad("err-bad-language")),
            },
            confidentiality: match &self.confidentiality {
                None => Confidentiality::Confidential,
                Some(c) => {
                    Confidentiality::from_code(c).ok_or_else(|| bad("err-bad-confidentiality"))?
                }
            },
            ..Default::default()
        })
    }
}

/// A presentation mandate given with a briefing sent to the Centre.
#[derive(Args)]
pub struct MandateArgs {
    #[arg(long)]
    mandate: bool,
    #[arg(long = "present-by", requires = "mandate")]
    pub present_by: Vec<String>,
    #[arg(long = "present-to", requires = "mandate")]
    pub present_to: Vec<String>,
    #[arg(long, requires = "mandate")]
    attribution: Option<String>,
    #[arg(long, requires = "mandate")]
    allow_attachments: bool,
    #[arg(long, requires = "mandate", default_value_t = 90)]
    mandate_days: u64,
}

impl MandateArgs {
    /// The options (names are filled in by the caller), or `None` without `--mandate`.
    pub fn options(&self, cat: &Catalog) -> Result<Option<MandateOptions<'static>>> {
        if !self.mandate {
            return Ok(None);
        }
        if self.mandate_days == 0 {
            return Err(ClientError::BadMandateDays);
        }
        let attribution = match &self.attribution {
            None => Attribution::Anonymous,
            Some(a) => Attribution::parse(a)
                .ok_or_else(|| ClientError::Input(cat.t("err-bad-attribution")))?,
        };
        Ok(Some(MandateOptions {
            staff: &[],
            members: &[],
            session: String::new(),
            attribution,
            allow_attachments: self.allow_attachments,
            expires_at: crate::profile::now_ms()
                .saturating_add(self.mandate_days.saturating_mul(86_400_000)),
        }))
    }
}

#[derive(Subcommand)]
pub enum CentreCommand {
    Init {
        #[arg(long)]
        intake_name: String,
    },
    Root,
}

#[derive(Subcommand)]
pub enum RosterCommand {
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// "2027-12-31" to milliseconds since the epoch (end of that day, UTC).
fn parse_date(text: &str) -> Option<u64> {
    let mut parts = text.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1970..=9999).contains(&y) {
        return None;
    }
    // Days-from-civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from((days + 1) * 86_400_000 - 1).ok()
}

fn role_name(role: Role, cat: &Catalog) -> String {
    cat.t(match role {
        Role::Member => "role-member",
        Role::Staff => "role-staff",
        Role::Intake => "role-intake",
    })
}

fn print_report(report: &SendReport, cat: &Catalog) {
    for name in &report.delivered {
        println!("{}", tr!(cat, "send-delivered", name = name));
    }
    for (name, reason) in &report.waiting {
        let reason = wait_reason(*reason, cat);
        println!("{}", tr!(cat, "send-waiting", name = name, reason = reason));
    }
}

pub(crate) async fn centre_init(cli: &Cli, intake_name: &str, cat: &Catalog) -> Result<()> {
    let mut profile = open(cli, cat)?;
    let root = profile.centre_init(intake_name).await?;
    println!("{}", cat.t("centre-created"));
    println!("{}", hex(&root));
    println!("{}", cat.t("centre-config-hint"));
    Ok(())
}

pub(crate) async fn centre_root(cli: &Cli, cat: &Catalog) -> Result<()> {
    let profile = open(cli, cat)?;
    let root = profile.centre_root().ok_or(ClientError::NoCentre)?;
    println!("{}", hex(root));
    Ok(())
}

pub(crate) async fn roster_show(cli: &Cli, cat: &Catalog) -> Result<()> {
    let mut profile = open(cli, cat)?;
    let link = profile.anonymous_link().await?;
    let update = profile.update_roster(&link).await;
    link.close().await;
    let update = update?;
    warn_key_changes(&update.key_changes, cat);
    println!("{}", tr!(cat, "roster-version", version = update.version));
    for e in profile.roster_entries()? {
        let term = if e.term_end == 0 {
            String::new()
        } else {
            tr!(cat, "roster-term", date = format_time(e.term_end))
        };
        println!(
            "{}",
            tr!(
                cat,
                "roster-line",
                name = e.name,
                role = role_name(e.role, cat),
                term = term
            )
        );
    }
    Ok(())
}

pub(crate) async fn roster_add(
    cli: &Cli,
    card: &str,
    role: &str,
    name: &Option<String>,
    term_end: &Option<String>,
    cat: &Catalog,
) -> Result<()> {
    let role = match role.trim().to_ascii_lowercase().as_str() {
        "member" => Role::Member,
        "staff" => Role::Staff,
        _ => return Err(ClientError::Input(cat.t("err-bad-roster-role"))),
    };
    let term_end = match term_end {
        None => 0,
        Some(d) => parse_date(d).ok_or_else(|| ClientError::Input(cat.t("err-bad-date")))?,
    };
    let mut profile = open(cli, cat)?;
    let version = profile
        .roster_add(card, role, name.as_deref(), term_end)
        .await?;
    println!("{}", tr!(cat, "roster-published", version = version));
    Ok(())
}

pub(crate) async fn roster_remove(cli: &Cli, name: &str, cat: &Catalog) -> Result<()> {
    let mut profile = open(cli, cat)?;
    let version = profile.roster_remove(name).await?;
    println!("{}", tr!(cat, "roster-published", version = version));
    Ok(())
}

pub(crate) async fn invite(cli: &Cli, role: &str, days: &u64, cat: &Catalog) -> Result<()> {
    let role = match role.trim().to_ascii_lowercase().as_str() {
        "defender" => InvitedRole::Defender,
        "member" => InvitedRole::Member,
        "staff" => InvitedRole::Staff,
        _ => return Err(ClientError::Input(cat.t("err-bad-invite-role"))),
    };
    let mut profile = open(cli, cat)?;
    let invitation = profile.invite(role, *days).await?;
    println!("{}", tr!(cat, "invite-created", days = days));
    println!("{}", invitation.to_text());
    Ok(())
}

pub(crate) async fn sent(cli: &Cli, cat: &Catalog) -> Result<()> {
    let profile = open(cli, cat)?;
    let sent = profile.sent()?;
    if sent.is_empty() {
        println!("{}", cat.t("sent-empty"));
    }
    for s in sent {
        let to: Vec<&str> = s.recipients.iter().map(|r| r.name.as_str()).collect();
        println!(
            "{}",
            tr!(
                cat,
                "sent-line",
                number = format!("{:>4}", s.number),
                time = format_time(s.sent_at),
                title = s.title,
                to = to.join(", ")
            )
        );
        if s.mandate_id.is_some() {
            let key = if s.revoked_at == 0 {
                "sent-mandate-active"
            } else {
                "sent-mandate-revoked"
            };
            println!("      {}", cat.t(key));
        }
        for r in &s.receipts {
            println!("      {}", receipt_line(r, cat));
        }
    }
    Ok(())
}

pub(crate) async fn revoke(cli: &Cli, number: &u64, cat: &Catalog) -> Result<()> {
    let mut profile = open(cli, cat)?;
    let report = profile.revoke(*number).await?;
    println!("{}", cat.t("revoke-sent"));
    print_report(&report, cat);
    Ok(())
}

pub(crate) async fn mandates(cli: &Cli, cat: &Catalog) -> Result<()> {
    let profile = open(cli, cat)?;
    let mandates = profile.mandates()?;
    if mandates.is_empty() {
        println!("{}", cat.t("mandates-empty"));
    }
    for m in mandates {
        let title = profile
            .message(m.inbox_number)
            .map(|msg| msg.subject)
            .unwrap_or_default();
        println!(
            "{}",
            tr!(
                cat,
                "mandate-line",
                number = format!("{:>4}", m.inbox_number),
                title = title
            )
        );
        print_terms(&profile, &m.mandate.terms, m.revoked_at, cat);
        for p in &m.presentations {
            println!(
                "      {}",
                tr!(
                    cat,
                    "mandate-presented",
                    member = p.member.name,
                    time = format_time(p.at)
                )
            );
        }
    }
    Ok(())
}

pub(crate) async fn present(
    cli: &Cli,
    number: &u64,
    to: &str,
    with_attachments: &bool,
    cat: &Catalog,
) -> Result<()> {
    let mut profile = open(cli, cat)?;
    let spinner = working(tr!(cat, "send-progress", count = 1));
    let progress = crate::cli_attach::CliProgress::new(cat, "attach-uploading");
    let report = profile
        .present_with(*number, to, *with_attachments, &progress)
        .await;
    spinner.finish_and_clear();
    print_report(&report?, cat);
    Ok(())
}

pub(crate) async fn ask(cli: &Cli, number: &u64, text: &str, cat: &Catalog) -> Result<()> {
    let mut profile = open(cli, cat)?;
    print_report(&profile.ask(*number, text).await?, cat);
    Ok(())
}

pub(crate) async fn answer(cli: &Cli, number: &u64, text: &str, cat: &Catalog) -> Result<()> {
    let mut profile = open(cli, cat)?;
    print_report(&profile.answer(*number, text).await?, cat);
    Ok(())
}

pub(crate) async fn enrol(cli: &Cli, code: &str, name: &str, cat: &Catalog) -> Result<()> {
    let invitation = Invitation::from_text(code).map_err(ClientError::BadInvitation)?;
    let dir = profile_dir(cli);
    if Profile::exists(&dir) {
        return Err(ClientError::ProfileExists(dir.display().to_string()));
    }
    let passphrase = read_passphrase(cli, cat, "prompt-new-passphrase", true)?;
    let spinner = working(cat.t("init-deriving"));
    let profile = Profile::create(
        &dir,
        &passphrase,
        NewProfile {
            name,
            relay_address: &invitation.relay_address,
            relay_pin: invitation.relay_pin,
            kdf: KdfParams::default(),
            invitation: Some(&invitation),
        },
    )
    .await;
    spinner.finish_and_clear();
    let profile = profile?;
    println!("{}", tr!(cat, "enrol-done", dir = dir.display()));
    let centre: Vec<String> = profile
        .contacts()?
        .into_iter()
        .filter(|c| c.role.is_some_and(Role::is_centre))
        .map(|c| c.name)
        .collect();
    if !centre.is_empty() {
        println!("{}", tr!(cat, "enrol-centre", names = centre.join(", ")));
    }
    if invitation.role != InvitedRole::Defender {
        println!("{}", cat.t("enrol-send-card"));
        println!("{}", profile.contact_card().to_text());
    }
    Ok(())
}

/// One receipt as a sentence: what happened, to whom, when.
pub(crate) fn receipt_line(r: &Receipt, cat: &Catalog) -> String {
    let key = match r.kind {
        ReceiptKind::Received => "receipt-received",
        ReceiptKind::Presented => "receipt-presented",
        ReceiptKind::Read => "receipt-read",
        ReceiptKind::Withdrawn => "receipt-withdrawn",
    };
    cat.f(
        key,
        &[("member", r.member.clone()), ("time", format_time(r.at))],
    )
}

fn warn_key_changes(names: &[String], cat: &Catalog) {
    for name in names {
        eprintln!("{}", tr!(cat, "roster-key-changed", name = name));
    }
}

/// After a sync: a roster that changed a key, or one that was refused, is said loudly.
pub fn print_roster_warnings(report: &SyncReport, cat: &Catalog) {
    warn_key_changes(&report.roster_key_changes, cat);
    if let Some(why) = &report.roster_refused {
        eprintln!(
            "{}",
            tr!(cat, "roster-refused", reason = roster_refusal(why, cat))
        );
    }
}

/// The inbox line's subject, marked by kind.
pub fn inbox_subject(m: &InboxMessage, cat: &Catalog) -> String {
    let mark = match Content::decode(&m.content) {
        Ok(Content::Presentation(_)) if m.withdrawn_at != 0 => "mark-withdrawn",
        Ok(Content::Presentation(_)) => "mark-presented",
        Ok(Content::Submission { .. }) => "mark-mandate",
        Ok(Content::Question(_)) => "mark-question",
        Ok(Content::Answer(_)) => "mark-answer",
        _ => return m.subject.clone(),
    };
    format!("{} {}", cat.t(mark), m.subject)
}

fn attribution_text(a: &Attribution, cat: &Catalog) -> String {
    match a {
        Attribution::Anonymous => cat.t("attribution-anonymous"),
        Attribution::Pseudonym(n) => tr!(cat, "attribution-pseudonym", name = n),
        Attribution::Organisation(n) => tr!(cat, "attribution-organisation", name = n),
        Attribution::Named(n) => n.clone(),
    }
}

fn names_of(
    profile: &Profile,
    list: &[amicus_protocol::MailboxId],
    any: &str,
    cat: &Catalog,
) -> String {
    if list.is_empty() {
        return cat.t(any);
    }
    list.iter()
        .map(|m| crate::cli::sender_label(profile, m, cat))
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_terms(profile: &Profile, t: &MandateTerms, revoked_at: u64, cat: &Catalog) {
    let staff = names_of(profile, &t.staff, "mandate-any-staff", cat);
    let members = names_of(profile, &t.members, "mandate-any-member", cat);
    println!(
        "      {}",
        tr!(
            cat,
            "mandate-terms",
            staff = staff,
            members = members,
            attribution = attribution_text(&t.attribution, cat),
            expires = format_time(t.expires_at)
        )
    );
    let attachments = if t.allow_attachments {
        "mandate-attachments-yes"
    } else {
        "mandate-attachments-no"
    };
    println!("      {}", cat.t(attachments));
    if revoked_at != 0 {
        println!(
            "      {}",
            tr!(cat, "mandate-revoked-at", time = format_time(revoked_at))
        );
    }
}

fn print_facts(b: &Briefing, cat: &Catalog) {
    let facts = [
        ("facts-state", b.state_party.clone()),
        ("facts-session", b.session.clone()),
        (
            "facts-stage",
            match b.stage {
                ReviewStage::Unspecified => String::new(),
                s => cat.t(&format!("stage-{}", s.code())),
            },
        ),
        (
            "facts-articles",
            b.articles
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("facts-language", b.language.clone()),
    ];
    for (key, value) in facts {
        if !value.is_empty() {
            println!("{}", cat.f(key, &[("value", value)]));
        }
    }
    println!(
        "{}",
        cat.t(&format!("confidentiality-{}", b.confidentiality.code()))
    );
}

/// What `amicus read` shows besides sender, time and subject.
pub fn print_details(profile: &Profile, m: &InboxMessage, cat: &Catalog) {
    match Content::decode(&m.content) {
        Ok(Content::Briefing(b)) => print_facts(&b, cat),
        Ok(Content::Submission { briefing, mandate }) => {
            print_facts(&briefing, cat);
            println!("{}", cat.t("read-with-mandate"));
            let revoked = profile
                .mandate_of(m.number)
                .map(|r| r.revoked_at)
                .unwrap_or(0);
            print_terms(profile, &mandate.terms, revoked, cat);
        }
        Ok(Content::Presentation(p)) => {
            println!(
                "{}",
                tr!(
                    cat,
                    "read-presented",
                    staff = p.staff_name,
                    attribution = attribution_text(&p.terms.attribution, cat)
                )
            );
            print_facts(&p.briefing, cat);
            println!(
                "{}",
                tr!(
                    cat,
                    "read-briefing-hash",
                    hash = hex(&p.terms.briefing_hash)
                )
            );
            if !p.terms.session.is_empty() {
                println!("{}", tr!(cat, "facts-session", value = p.terms.session));
            }
            println!(
                "{}",
                tr!(
                    cat,
                    "read-mandate-expires",
                    time = format_time(p.terms.expires_at)
                )
            );
            if m.withdrawn_at != 0 {
                println!(
                    "{}",
                    tr!(cat, "read-withdrawn", time = format_time(m.withdrawn_at))
                );
            }
            println!("{}", tr!(cat, "read-ask-hint", number = m.number));
        }
        Ok(Content::Question(q)) => {
            println!("{}", tr!(cat, "read-question", member = q.asked_by));
            println!("{}", tr!(cat, "read-answer-hint", number = m.number));
        }
        Ok(Content::Answer(_)) => println!("{}", cat.t("read-answer")),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_to_the_end_of_the_day() {
        assert_eq!(parse_date("1970-01-01"), Some(86_400_000 - 1));
        assert_eq!(
            format_time(parse_date("2027-12-31").unwrap()),
            "2027-12-31 23:59 UTC"
        );
        assert_eq!(parse_date("2027-13-01"), None);
        assert_eq!(parse_date("soon"), None);
    }
}
