//! What a front end shows after an action or for a waiting list, as data in the user's
//! language: the outbox's rows, a sync's counts, a safety number in groups. The CLI prints
//! them as lines; the web app puts them in elements.

use amicus_client::{Profile, SyncReport};

use crate::explain::refusal_reason;
use crate::i18n::Catalog;

/// One thing that waits to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    /// Its number in the outbox (drafts and sealed envelopes are numbered apart).
    pub number: u64,
    /// To whom, by name.
    pub to: String,
    /// Its title.
    pub subject: String,
    /// Why it waits and what happens next.
    pub why: String,
}

/// Everything that waits: drafts (written, attachments maybe still uploading), sends kept
/// because the relay did not answer (not yet encrypted), and sealed envelopes not yet
/// accepted by the relay.
pub fn outbox_rows(profile: &Profile, cat: &Catalog) -> amicus_client::Result<Vec<OutboxRow>> {
    let mut rows = Vec::new();
    for d in profile.drafts()? {
        rows.push(OutboxRow {
            number: d.number,
            to: d.recipients.join(", "),
            subject: d.briefing.title,
            why: cat.t("outbox-draft"),
        });
    }
    for p in profile.pending_sends()? {
        rows.push(OutboxRow {
            number: p.number,
            to: p.to.name,
            subject: p.label,
            why: cat.t("outbox-not-sealed"),
        });
    }
    for e in profile.outbox()? {
        let why = if e.last_error == 0 {
            cat.t("outbox-not-sent")
        } else {
            refusal_reason(amicus_protocol::ErrorCode::from_u16(e.last_error), cat)
        };
        rows.push(OutboxRow {
            number: e.number,
            to: e.to_name,
            subject: e.subject,
            why,
        });
    }
    Ok(rows)
}

/// A sync's outcome as sentences: how many arrived (always said), and every other count
/// that is not zero.
pub fn sync_lines(report: &SyncReport, cat: &Catalog) -> Vec<String> {
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
    let mut lines: Vec<String> = counts
        .into_iter()
        .filter(|(_, count, always)| *always || *count > 0)
        .map(|(key, count, _)| cat.f(key, &[("count", count.to_string())]))
        .collect();
    lines.extend(
        report
            .route
            .map(|kind| crate::explain::route_news(kind, cat)),
    );
    lines
}

/// A safety number in groups of five digits, as people read it aloud to each other.
pub fn group_digits(number: &str) -> String {
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
    fn digits_in_fives() {
        assert_eq!(group_digits("123456789012"), "12345 67890 12");
        assert_eq!(group_digits(""), "");
    }

    #[test]
    fn a_sync_always_says_what_arrived_and_only_other_counts_above_zero() {
        let cat = Catalog::new(crate::Lang::En);
        let report = SyncReport {
            received: 0,
            quarantined: 2,
            ..Default::default()
        };
        let lines = sync_lines(&report, &cat);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[1].contains('2'), "{lines:?}");
        let moved = SyncReport {
            route: Some(amicus_client::RouteKind::Https),
            ..Default::default()
        };
        let lines = sync_lines(&moved, &cat);
        assert_eq!(lines.last(), Some(&cat.t("route-https")), "{lines:?}");
    }
}
