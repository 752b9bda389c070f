//! The commands of the Centre's flows: enrolment, the Centre's root and roster, invitations,
//! briefings with mandates, presentation, receipts, revocation, questions and answers.
//! Like the rest of the CLI, every sentence comes from the catalogues.

use amicus_app::forms::{parse_date, parse_invite_role, parse_roster_role};
use amicus_app::views::{format_time, hex, receipt_line, role_name, terms_lines, with_reference};
use amicus_app::{Catalog, InputError, Result, roster_refusal, tr, wait_reason};
use amicus_client::ClientError;
use amicus_client::KdfParams;
use amicus_client::SendReport;
use amicus_client::SyncReport;
use amicus_client::{NewProfile, Profile};
use amicus_core::briefing::reference;
use amicus_protocol::{Invitation, InvitedRole, Role};

use crate::args::Cli;
use crate::unlock::{open, profile_dir, working};

fn print_report(report: &SendReport, cat: &Catalog) {
    for name in &report.delivered {
        say!("{}", tr!(cat, "send-delivered", name = name));
    }
    for (name, reason) in &report.waiting {
        let reason = wait_reason(*reason, cat);
        say!("{}", tr!(cat, "send-waiting", name = name, reason = reason));
    }
}

pub(crate) async fn centre_init(cli: &Cli, intake_name: &str, cat: &Catalog) -> Result<()> {
    let mut profile = open(cli, cat)?;
    let root = profile.centre_init(intake_name).await?;
    say!("{}", cat.t("centre-created"));
    say!("{}", hex(&root));
    say!("{}", cat.t("centre-config-hint"));
    Ok(())
}

pub(crate) async fn centre_root(cli: &Cli, cat: &Catalog) -> Result<()> {
    let profile = open(cli, cat)?;
    let root = profile.centre_root().ok_or(ClientError::NoCentre)?;
    say!("{}", hex(root));
    Ok(())
}

pub(crate) async fn roster_show(cli: &Cli, cat: &Catalog) -> Result<()> {
    let mut profile = open(cli, cat)?;
    let update = profile.refresh_roster().await?;
    warn_key_changes(&update.key_changes, cat);
    say!("{}", tr!(cat, "roster-version", version = update.version));
    for e in profile.roster_entries()? {
        let term = if e.term_end == 0 {
            String::new()
        } else {
            tr!(cat, "roster-term", date = format_time(e.term_end))
        };
        say!(
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
    let role = parse_roster_role(role)?;
    let term_end = match term_end {
        None => 0,
        Some(d) => parse_date(d)?,
    };
    let mut profile = open(cli, cat)?;
    let version = profile
        .roster_add(card, role, name.as_deref(), term_end)
        .await?;
    say!("{}", tr!(cat, "roster-published", version = version));
    Ok(())
}

pub(crate) async fn roster_remove(cli: &Cli, name: &str, cat: &Catalog) -> Result<()> {
    let mut profile = open(cli, cat)?;
    let version = profile.roster_remove(name).await?;
    say!("{}", tr!(cat, "roster-published", version = version));
    Ok(())
}

pub(crate) async fn invite(cli: &Cli, role: &str, days: &u64, cat: &Catalog) -> Result<()> {
    let role = parse_invite_role(role)?;
    let mut profile = open(cli, cat)?;
    let invitation = profile.invite(role, *days).await?;
    say!("{}", tr!(cat, "invite-created", days = days));
    say!("{}", invitation.to_text());
    Ok(())
}

pub(crate) async fn sent(cli: &Cli, cat: &Catalog) -> Result<()> {
    let profile = open(cli, cat)?;
    let sent = profile.sent()?;
    if sent.is_empty() {
        say!("{}", cat.t("sent-empty"));
    }
    for s in sent {
        let to: Vec<&str> = s.recipients.iter().map(|r| r.name.as_str()).collect();
        say!(
            "{}",
            tr!(
                cat,
                "sent-line",
                number = format!("{:>4}", s.number),
                time = format_time(s.sent_at),
                title = with_reference(&s.title, Some(reference(&s.message_id)), cat),
                to = to.join(", ")
            )
        );
        if s.mandate_id.is_some() {
            let key = if s.revoked_at == 0 {
                "sent-mandate-active"
            } else {
                "sent-mandate-revoked"
            };
            say!("      {}", cat.t(key));
        }
        for r in &s.receipts {
            say!("      {}", receipt_line(r, cat));
        }
    }
    Ok(())
}

pub(crate) async fn revoke(cli: &Cli, number: &u64, cat: &Catalog) -> Result<()> {
    let mut profile = open(cli, cat)?;
    let report = profile.revoke(*number).await?;
    say!("{}", cat.t("revoke-sent"));
    print_report(&report, cat);
    Ok(())
}

pub(crate) async fn mandates(cli: &Cli, cat: &Catalog) -> Result<()> {
    let profile = open(cli, cat)?;
    let mandates = profile.mandates()?;
    if mandates.is_empty() {
        say!("{}", cat.t("mandates-empty"));
    }
    for m in mandates {
        let title = profile
            .message(m.inbox_number)
            .map(|msg| msg.subject)
            .unwrap_or_default();
        say!(
            "{}",
            tr!(
                cat,
                "mandate-line",
                number = format!("{:>4}", m.inbox_number),
                title = with_reference(&title, Some(reference(&m.message_id)), cat)
            )
        );
        for line in terms_lines(&profile, &m.mandate.terms, m.revoked_at, cat) {
            say!("      {line}");
        }
        for p in &m.presentations {
            say!(
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
    let progress = crate::attach::CliProgress::new(cat, "attach-uploading");
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

pub(crate) async fn enrol(
    cli: &Cli,
    code: &str,
    name: &Option<String>,
    cat: &Catalog,
) -> Result<()> {
    let invitation = Invitation::from_text(code).map_err(ClientError::BadInvitation)?;
    let dir = profile_dir(cli);
    if Profile::exists(&dir) {
        // The same person, the same identity and contacts: the profile joins the Centre.
        let mut profile = open(cli, cat)?;
        let spinner = working(cat.t("enrol-joining"));
        let joined = profile.accept_invitation(&invitation).await;
        spinner.finish_and_clear();
        let update = joined?;
        warn_key_changes(&update.key_changes, cat);
        say!("{}", tr!(cat, "enrol-joined", dir = dir.display()));
        return after_enrolment(&profile, &invitation, cat);
    }
    let name = name.as_deref().ok_or(InputError::MissingName)?;
    let mut profile = crate::unlock::create(
        cli,
        cat,
        &dir,
        NewProfile {
            name,
            relay_address: &invitation.relay_address,
            relay_pin: invitation.relay_pin,
            kdf: KdfParams::default(),
            invitation: Some(&invitation),
            proxy: cli.proxy()?.and_then(crate::args::ProxyFlag::proxy),
        },
    )
    .await?;
    say!("{}", tr!(cat, "enrol-done", dir = dir.display()));
    crate::send::say_route_news(&mut profile, cat);
    after_enrolment(&profile, &invitation, cat)
}

/// Whom to write to at the Centre, and for members and staff the card to give it.
fn after_enrolment(profile: &Profile, invitation: &Invitation, cat: &Catalog) -> Result<()> {
    let centre: Vec<String> = profile
        .contacts()?
        .into_iter()
        .filter(|c| c.role.is_some_and(Role::is_centre))
        .map(|c| c.name)
        .collect();
    if !centre.is_empty() {
        say!("{}", tr!(cat, "enrol-centre", names = centre.join(", ")));
    }
    if invitation.role != InvitedRole::Defender {
        say!("{}", cat.t("enrol-send-card"));
        say!("{}", profile.contact_card().to_text());
    }
    Ok(())
}

fn warn_key_changes(names: &[String], cat: &Catalog) {
    for name in names {
        tell!("{}", tr!(cat, "roster-key-changed", name = name));
    }
}

/// After a sync: a roster that changed a key, or one that was refused, is said loudly.
pub(crate) fn print_roster_warnings(report: &SyncReport, cat: &Catalog) {
    warn_key_changes(&report.roster_key_changes, cat);
    if let Some(why) = &report.roster_refused {
        tell!(
            "{}",
            tr!(cat, "roster-refused", reason = roster_refusal(why, cat))
        );
    }
}
