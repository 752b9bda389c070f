//! Views: what a front end shows, as data in the user's language. Each function returns
//! text (a line, or the lines of a block) and prints nothing: the CLI prints the lines, a
//! web page puts them in elements.

use amicus_client::Profile;
use amicus_core::briefing::{Briefing, ReviewStage};
use amicus_core::content::{Content, Receipt, ReceiptKind};
use amicus_core::mandate::{Attribution, MandateTerms};
use amicus_core::records::InboxMessage;
use amicus_protocol::{MailboxId, Role};

use crate::i18n::Catalog;
use crate::tr;

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A time in milliseconds since the epoch as `YYYY-MM-DD HH:MM UTC`.
pub fn format_time(ms: u64) -> String {
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

/// A roster role's name.
pub fn role_name(role: Role, cat: &Catalog) -> String {
    cat.t(match role {
        Role::Member => "role-member",
        Role::Staff => "role-staff",
        Role::Intake => "role-intake",
    })
}

/// Who sent a message: the contact's name, or a short mark for an unknown sender.
pub fn sender_label(profile: &Profile, mailbox: &MailboxId, cat: &Catalog) -> String {
    match profile.contact_by_mailbox(mailbox) {
        Ok(Some(c)) => c.name,
        _ => tr!(cat, "unknown-sender", id = &mailbox.to_hex()[..12]),
    }
}

/// One receipt as a sentence: what happened, to whom, when.
pub fn receipt_line(r: &Receipt, cat: &Catalog) -> String {
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

/// The shared reference of the briefing a message carries (a briefing, a submission, a
/// presentation), the same in the defender's, the Centre's and the member's lists.
pub fn inbox_reference(m: &InboxMessage) -> Option<String> {
    match Content::decode(&m.content) {
        Ok(Content::Briefing(b)) | Ok(Content::Submission { briefing: b, .. }) => {
            Some(b.reference())
        }
        Ok(Content::Presentation(p)) => Some(p.briefing.reference()),
        _ => None,
    }
}

/// `text` followed by a briefing's reference, if it has one.
pub fn with_reference(text: &str, reference: Option<String>, cat: &Catalog) -> String {
    match reference {
        Some(reference) => tr!(cat, "with-reference", text = text, reference = reference),
        None => text.to_string(),
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

/// How a presented briefing is attributed.
pub fn attribution_text(a: &Attribution, cat: &Catalog) -> String {
    match a {
        Attribution::Anonymous => cat.t("attribution-anonymous"),
        Attribution::Pseudonym(n) => tr!(cat, "attribution-pseudonym", name = n),
        Attribution::Organisation(n) => tr!(cat, "attribution-organisation", name = n),
        Attribution::Named(n) => n.clone(),
    }
}

fn names_of(profile: &Profile, list: &[MailboxId], any: &str, cat: &Catalog) -> String {
    if list.is_empty() {
        return cat.t(any);
    }
    list.iter()
        .map(|m| sender_label(profile, m, cat))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A mandate's terms: who may present, to whom, how attributed, until when.
pub fn terms_lines(
    profile: &Profile,
    t: &MandateTerms,
    revoked_at: u64,
    cat: &Catalog,
) -> Vec<String> {
    let staff = names_of(profile, &t.staff, "mandate-any-staff", cat);
    let members = names_of(profile, &t.members, "mandate-any-member", cat);
    let mut lines = vec![tr!(
        cat,
        "mandate-terms",
        staff = staff,
        members = members,
        attribution = attribution_text(&t.attribution, cat),
        expires = format_time(t.expires_at)
    )];
    lines.push(cat.t(if t.allow_attachments {
        "mandate-attachments-yes"
    } else {
        "mandate-attachments-no"
    }));
    if revoked_at != 0 {
        lines.push(tr!(
            cat,
            "mandate-revoked-at",
            time = format_time(revoked_at)
        ));
    }
    lines
}

/// A briefing's facts (State party, session, stage, articles, language, confidentiality).
pub fn facts_lines(b: &Briefing, cat: &Catalog) -> Vec<String> {
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
            // With their titles, so that a reader need not look them up.
            b.articles
                .iter()
                .map(|n| match crate::iccpr::ARTICLES.contains(n) {
                    true => format!("{n} ({})", crate::iccpr::article_title(*n, cat)),
                    false => n.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("facts-language", b.language.clone()),
    ];
    let mut lines: Vec<String> = facts
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| cat.f(key, &[("value", value)]))
        .collect();
    lines.push(cat.t(&format!("confidentiality-{}", b.confidentiality.code())));
    lines
}

/// What reading a message shows besides sender, time and subject. Lines that belong to a
/// mandate's terms are indented by the front end; they come marked `true`.
pub fn details_lines(profile: &Profile, m: &InboxMessage, cat: &Catalog) -> Vec<(bool, String)> {
    let plain = |lines: Vec<String>| lines.into_iter().map(|l| (false, l));
    let mut out = Vec::new();
    match Content::decode(&m.content) {
        Ok(Content::Briefing(b)) => out.extend(plain(facts_lines(&b, cat))),
        Ok(Content::Submission { briefing, mandate }) => {
            out.extend(plain(facts_lines(&briefing, cat)));
            out.push((false, cat.t("read-with-mandate")));
            let revoked = profile
                .mandate_of(m.number)
                .map(|r| r.revoked_at)
                .unwrap_or(0);
            out.extend(
                terms_lines(profile, &mandate.terms, revoked, cat)
                    .into_iter()
                    .map(|l| (true, l)),
            );
        }
        Ok(Content::Presentation(p)) => {
            out.push((
                false,
                tr!(
                    cat,
                    "read-presented",
                    staff = p.staff_name,
                    attribution = attribution_text(&p.terms.attribution, cat)
                ),
            ));
            out.extend(plain(facts_lines(&p.briefing, cat)));
            out.push((
                false,
                tr!(
                    cat,
                    "read-briefing-hash",
                    hash = hex(&p.terms.briefing_hash)
                ),
            ));
            if !p.terms.session.is_empty() {
                out.push((false, tr!(cat, "facts-session", value = p.terms.session)));
            }
            out.push((
                false,
                tr!(
                    cat,
                    "read-mandate-expires",
                    time = format_time(p.terms.expires_at)
                ),
            ));
            if m.withdrawn_at != 0 {
                out.push((
                    false,
                    tr!(cat, "read-withdrawn", time = format_time(m.withdrawn_at)),
                ));
            }
        }
        Ok(Content::Question(q)) => {
            out.push((false, tr!(cat, "read-question", member = q.asked_by)));
        }
        Ok(Content::Answer(_)) => out.push((false, cat.t("read-answer"))),
        _ => {}
    }
    out
}

/// The head of a message as it is read: who sent it (with a loud warning if the key it
/// came with is not the one the contact had), when, and its subject with its reference;
/// then the details lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageView {
    /// "From: …"
    pub from: String,
    /// Set when the sender's safety number changed since the contact was saved.
    pub key_warning: Option<String>,
    /// "Sent: …"
    pub sent: String,
    /// "Subject: …", with the shared reference.
    pub subject: String,
    /// Facts, mandate terms (marked `true`, shown indented), presentation notes.
    pub details: Vec<(bool, String)>,
    /// For a terminal: the command that answers it (ask about a presentation, answer a
    /// question). A page shows a form instead.
    pub command_hint: Option<String>,
}

/// [`MessageView`] of `m`.
pub fn message_view(profile: &Profile, m: &InboxMessage, cat: &Catalog) -> MessageView {
    let from = sender_label(profile, &m.from_mailbox, cat);
    let key_warning = match profile.contact_by_mailbox(&m.from_mailbox) {
        Ok(Some(c)) if c.identity_key != m.from_identity_key => Some(cat.t("read-key-warning")),
        _ => None,
    };
    MessageView {
        from: tr!(cat, "read-from", from = from),
        key_warning,
        sent: tr!(cat, "read-sent", time = format_time(m.sent_at)),
        subject: tr!(
            cat,
            "read-subject",
            subject = with_reference(&m.subject, inbox_reference(m), cat)
        ),
        details: details_lines(profile, m, cat),
        command_hint: match Content::decode(&m.content) {
            Ok(Content::Presentation(_)) => Some(tr!(cat, "read-ask-hint", number = m.number)),
            Ok(Content::Question(_)) => Some(tr!(cat, "read-answer-hint", number = m.number)),
            _ => None,
        },
    }
}

/// The catalogue key for how far a contact's key can be trusted: changed (verify before
/// sending), verified in person, vouched for by the Centre's roster, or not verified.
pub fn contact_state_key(c: &amicus_core::records::Contact) -> &'static str {
    if c.pending_identity_key.is_some() {
        "contact-state-changed"
    } else if c.verified {
        "contact-state-verified"
    } else if c.role.is_some() {
        "contact-state-roster"
    } else {
        "contact-state-unverified"
    }
}

/// A file size as people read it, in the catalogue's units ("1,5 Mo" in French).
pub fn size_text(bytes: u64, cat: &Catalog) -> String {
    const UNITS: [(&str, u64); 3] = [
        ("size-gb", 1 << 30),
        ("size-mb", 1 << 20),
        ("size-kb", 1 << 10),
    ];
    let (key, value) = UNITS
        .iter()
        .find(|(_, unit)| bytes >= *unit)
        .map(|(key, unit)| (*key, format!("{:.1}", bytes as f64 / *unit as f64)))
        .unwrap_or(("size-bytes", bytes.to_string()));
    let value = match cat.lang() {
        crate::Lang::En => value,
        _ => value.replace('.', ","),
    };
    // Passed as text ("1,5"), so that Fluent does not reformat it.
    cat.f(key, &[("value", value)])
}

/// One line of the inbox, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxRow {
    /// The message's number in this profile.
    pub number: u64,
    /// Who sent it: a contact's name, or a short mark for an unknown sender.
    pub from: String,
    /// When it arrived, as text.
    pub received: String,
    /// The subject, marked by kind (presented, mandate, question, answer).
    pub subject: String,
    /// The briefing's shared reference (see [`amicus_core::briefing::reference`]).
    pub reference: Option<String>,
    /// Whether it was read.
    pub read: bool,
}

/// The inbox as rows, in the catalogue's language.
pub fn inbox_rows(profile: &Profile, cat: &Catalog) -> amicus_client::Result<Vec<InboxRow>> {
    Ok(profile
        .inbox()?
        .iter()
        .map(|m| InboxRow {
            number: m.number,
            from: sender_label(profile, &m.from_mailbox, cat),
            received: format_time(m.received_at),
            subject: inbox_subject(m, cat),
            reference: inbox_reference(m),
            read: m.read_at != 0,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        let en = Catalog::new(crate::Lang::En);
        let fr = Catalog::new(crate::Lang::Fr);
        assert_eq!(size_text(900, &en), "900 bytes");
        assert_eq!(size_text(3 * 1024 * 1024 / 2, &en), "1.5 MB");
        assert_eq!(size_text(3 * 1024 * 1024 / 2, &fr), "1,5 Mo");
    }

    #[test]
    fn dates_render() {
        assert_eq!(format_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_time(1_700_000_000_000), "2023-11-14 22:13 UTC");
    }
}
