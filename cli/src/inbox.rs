//! Reading: `inbox`, `read`, `quarantine`.

use amicus_app::views::{
    format_time, inbox_reference, inbox_subject, sender_label, with_reference,
};
use amicus_app::{Catalog, Result, tr};
use amicus_core::records::QuarantineReason;

use crate::args::Cli;
use crate::unlock::open;

pub(crate) fn list(cli: &Cli, cat: &Catalog) -> Result<()> {
    let profile = open(cli, cat)?;
    let inbox = profile.inbox()?;
    if inbox.is_empty() {
        say!("{}", cat.t("inbox-empty"));
    }
    for m in inbox {
        say!(
            "{}",
            tr!(
                cat,
                "inbox-line",
                number = format!("{:>4}", m.number),
                mark = if m.read_at == 0 { "*" } else { " " },
                time = format_time(m.sent_at),
                from = sender_label(&profile, &m.from_mailbox, cat),
                subject = with_reference(&inbox_subject(&m, cat), inbox_reference(&m), cat)
            )
        );
    }
    Ok(())
}

pub(crate) async fn read(cli: &Cli, number: &u64, cat: &Catalog) -> Result<()> {
    let mut profile = open(cli, cat)?;
    let m = profile.read_message(*number)?;
    let view = amicus_app::views::message_view(&profile, &m, cat);
    say!("{}", view.from);
    if let Some(warning) = view.key_warning {
        say!("{warning}");
    }
    say!("{}", view.sent);
    say!("{}", view.subject);
    for (indented, line) in view.details {
        if indented {
            say!("      {line}");
        } else {
            say!("{line}");
        }
    }
    if let Some(hint) = view.command_hint {
        say!("{hint}");
    }
    say!();
    say!("{}", m.body);
    crate::attach::print_attachments(&profile, &m, cat);
    // A read receipt (if allowed) goes now when the relay is reachable.
    let _ = profile.send_pending().await;
    Ok(())
}

pub(crate) fn quarantine(cli: &Cli, cat: &Catalog) -> Result<()> {
    let profile = open(cli, cat)?;
    let items = profile.quarantine()?;
    if items.is_empty() {
        say!("{}", cat.t("quarantine-empty"));
    }
    for q in items {
        let reason = cat.t(match q.reason {
            QuarantineReason::Undecryptable => "quarantine-undecryptable",
            QuarantineReason::BadSender => "quarantine-bad-sender",
            QuarantineReason::Unreadable => "quarantine-unreadable",
            QuarantineReason::Other => "quarantine-other",
            QuarantineReason::TooOld => "quarantine-too-old",
            QuarantineReason::TooNew => "quarantine-too-new",
            QuarantineReason::NotEnrolled => "quarantine-not-enrolled",
        });
        say!(
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
            say!("      {}", tr!(cat, "detail", detail = q.detail));
        }
    }
    Ok(())
}
