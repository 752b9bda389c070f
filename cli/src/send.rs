//! Sending: `send` (a briefing, with facts, attachments and a mandate), `outbox`, `sync`.

use std::io::{IsTerminal as _, Read as _};

use amicus_app::reports::{outbox_rows, sync_lines};
use amicus_app::{AppError, Catalog, InputError, Result, tr, wait_reason};

use crate::args::{Cli, SendArgs};
use crate::centre;
use crate::unlock::{open, prompt_line, read_typed_body, terminal, working};

pub(crate) async fn sync(cli: &Cli, cat: &Catalog) -> Result<()> {
    let mut profile = open(cli, cat)?;
    let spinner = working(cat.t("sync-progress"));
    let report = profile.sync().await;
    spinner.finish_and_clear();
    let report = report?;
    for line in sync_lines(&report, cat) {
        say!("{line}");
    }
    centre::print_roster_warnings(&report, cat);
    Ok(())
}

pub(crate) fn outbox(cli: &Cli, cat: &Catalog) -> Result<()> {
    let profile = open(cli, cat)?;
    let rows = outbox_rows(&profile, cat)?;
    if rows.is_empty() {
        say!("{}", cat.t("outbox-empty"));
    }
    for row in rows {
        say!(
            "{}",
            tr!(
                cat,
                "outbox-line",
                number = format!("{:>4}", row.number),
                name = row.to,
                subject = row.subject,
                why = row.why
            )
        );
    }
    Ok(())
}

pub(crate) async fn send(cli: &Cli, args: &SendArgs, cat: &Catalog) -> Result<()> {
    let SendArgs {
        to,
        subject,
        body,
        body_file,
        facts,
        mandate,
        attach,
    } = args;
    // Unlock first, so a wrong passphrase does not waste the user's typing.
    let mut profile = open(cli, cat)?;
    let interactive = std::io::stdin().is_terminal();
    let subject = match subject {
        Some(s) => s.clone(),
        None if interactive => prompt_line(&cat.t("prompt-subject"))?,
        None => String::new(),
    };
    let text = match (body, body_file) {
        (Some(b), _) => b.clone(),
        (None, Some(path)) => {
            std::fs::read_to_string(path).map_err(|e| InputError::CannotRead {
                path: path.display().to_string(),
                problem: e.into(),
            })?
        }
        (None, None) if interactive => read_typed_body(cat)?,
        (None, None) => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).map_err(terminal)?;
            s
        }
    };
    let names: Vec<&str> = to.iter().map(String::as_str).collect();
    let briefing = facts.briefing(subject, text)?;
    // Kept before anything slow or fallible: from here on nothing typed can be lost.
    let number = profile.keep_draft(&names, briefing, attach, mandate.draft()?)?;
    let progress = crate::attach::CliProgress::new(cat, "attach-uploading");
    let spinner = attach
        .is_empty()
        .then(|| working(tr!(cat, "send-progress", count = names.len())));
    let report = tokio::select! {
        report = profile.send_draft(number, &progress) => report,
        _ = tokio::signal::ctrl_c() => {
            if let Some(spinner) = spinner {
                spinner.finish_and_clear();
            }
            return Err(AppError::Interrupted);
        }
    };
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    // The draft is still kept (send_draft removes it only with the send): say so.
    let report = report.map_err(AppError::KeptAsDraft)?;
    for name in &report.delivered {
        say!("{}", tr!(cat, "send-delivered", name = name));
    }
    for (name, reason) in &report.waiting {
        let reason = wait_reason(*reason, cat);
        say!("{}", tr!(cat, "send-waiting", name = name, reason = reason));
    }
    say_route_news(&mut profile, cat);
    Ok(())
}

/// Says how the relay is now reached, if that changed since the user was last told.
pub(crate) fn say_route_news(profile: &mut amicus_client::Profile, cat: &Catalog) {
    if let Some(kind) = profile.take_route_news() {
        say!("{}", amicus_app::route_news(kind, cat));
    }
}
