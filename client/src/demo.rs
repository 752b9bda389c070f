//! `amicus demo`: a whole briefing on an embedded relay, with no setup. A defender and a
//! Committee member are created in a temporary directory, exchange contact cards, compare
//! safety numbers, and the defender sends a sealed briefing. Before the member fetches it,
//! the demo shows what the relay holds and searches every file of the relay (and its log)
//! for the briefing's text and for anything that identifies the sender.

use std::io::Write;
use std::sync::{Arc, Mutex};

use amicus_relay::RelayConfig;

use crate::error::{ClientError, Result};
use crate::profile::{NewProfile, Profile};
use crate::secret::Passphrase;
use crate::vault::KdfParams;

/// What the demo proved, for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReport {
    pub received_subject: String,
    pub received_body: String,
    pub relay_files_scanned: usize,
    pub log_bytes_scanned: usize,
    /// Canary or sender identifier found in a relay file or the log: must be empty.
    pub leaks: Vec<String>,
}

/// A log sink the demo can read back.
#[derive(Clone, Default)]
pub struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl LogBuffer {
    pub fn contents(&self) -> Vec<u8> {
        self.0.lock().map(|b| b.clone()).unwrap_or_default()
    }
}

impl Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn io(e: std::io::Error) -> ClientError {
    ClientError::Storage(e.to_string())
}

/// Runs the demo, narrating to `out`. `log` is where the relay's tracing output goes (the
/// caller installs a subscriber writing to it), so the demo can scan it.
pub async fn run(out: &mut dyn Write, log: &LogBuffer, kdf: KdfParams) -> Result<DemoReport> {
    let work = tempfile::tempdir().map_err(io)?;
    let relay_dir = work.path().join("relay");
    let config = RelayConfig::new(
        &relay_dir,
        "127.0.0.1:0"
            .parse()
            .map_err(|_| ClientError::Input("bad demo address".into()))?,
    );
    let relay = amicus_relay::start(config)
        .await
        .map_err(|e| ClientError::Storage(e.to_string()))?;
    let address = relay.addr.to_string();
    writeln!(out, "1. Started an embedded relay on {address}").map_err(io)?;
    writeln!(out, "   relay pin: {}", relay.pin).map_err(io)?;

    let pass = Passphrase::new("demo passphrase, not secret".into());
    let new = |name| NewProfile {
        name,
        relay_address: &address,
        relay_pin: relay.pin,
        kdf,
    };
    let mut defender =
        Profile::create(&work.path().join("defender"), &pass, new("Defender (demo)")).await?;
    let mut member = Profile::create(
        &work.path().join("member"),
        &pass,
        new("Committee member (demo)"),
    )
    .await?;
    writeln!(
        out,
        "2. Created two profiles, each with its own libsignal identity and encrypted store"
    )
    .map_err(io)?;

    defender.add_contact(&member.contact_card().to_text(), Some("member"))?;
    member.add_contact(&defender.contact_card().to_text(), Some("defender"))?;
    let seen_by_defender = defender.safety_number(&defender.contact("member")?)?;
    let seen_by_member = member.safety_number(&member.contact("defender")?)?;
    writeln!(out, "3. Exchanged contact cards. Safety numbers:").map_err(io)?;
    writeln!(out, "   defender sees {seen_by_defender}").map_err(io)?;
    writeln!(out, "   member sees   {seen_by_member}").map_err(io)?;
    writeln!(
        out,
        "   {}",
        if seen_by_defender == seen_by_member {
            "they match: no one is in the middle"
        } else {
            "THEY DO NOT MATCH"
        }
    )
    .map_err(io)?;

    let subject = "CANARY-SUBJECT: arbitrary detention of lawyers";
    let body = "CANARY-BODY: On 3 March, three lawyers representing protesters were detained \
                without charge (ICCPR articles 9 and 14).";
    let report = defender.send_briefing(&["member"], subject, body).await?;
    writeln!(
        out,
        "4. The defender sent a sealed briefing; the relay acknowledged it durably ({} delivered)",
        report.delivered.len()
    )
    .map_err(io)?;

    let (items, _) = relay
        .service()
        .store
        .pending(&member.mailbox(), 16)
        .map_err(|e| ClientError::Storage(e.to_string()))?;
    writeln!(out, "5. What the relay holds for the member's mailbox:").map_err(io)?;
    for item in &items {
        let preview: String = item
            .payload
            .iter()
            .take(24)
            .map(|b| format!("{b:02x}"))
            .collect();
        writeln!(
            out,
            "   envelope of {} bytes (padded), starting {preview}...",
            item.payload.len()
        )
        .map_err(io)?;
    }

    let sender_mailbox = defender.mailbox();
    let sender_key = defender.identity_key().serialize().to_vec();
    let needles: Vec<(String, Vec<u8>)> = vec![
        ("the briefing subject".into(), b"CANARY-SUBJECT".to_vec()),
        ("the briefing body".into(), b"CANARY-BODY".to_vec()),
        ("the sender's name".into(), b"Defender (demo)".to_vec()),
        ("the sender's identity key".into(), sender_key.clone()),
        ("the sender's mailbox id".into(), sender_mailbox.0.to_vec()),
        (
            "the sender's mailbox id (hex)".into(),
            sender_mailbox.to_hex().into_bytes(),
        ),
    ];
    let mut leaks = Vec::new();
    let files = files_under(&relay_dir);
    let log_bytes = log.contents();
    writeln!(
        out,
        "6. Searched {} relay files and {} bytes of relay log for:",
        files.len(),
        log_bytes.len()
    )
    .map_err(io)?;
    for (label, needle) in &needles {
        let mut hits: Vec<String> = files
            .iter()
            .filter(|f| contains(&std::fs::read(f).unwrap_or_default(), needle))
            .map(|f| f.display().to_string())
            .collect();
        if contains(&log_bytes, needle) {
            hits.push("relay log".into());
        }
        let verdict = if hits.is_empty() {
            "not found".to_string()
        } else {
            format!("FOUND in {}", hits.join(", "))
        };
        writeln!(out, "   {label}: {verdict}").map_err(io)?;
        leaks.extend(hits.into_iter().map(|h| format!("{label} in {h}")));
    }

    let sync = member.sync().await?;
    let inbox = member.inbox()?;
    let message = inbox
        .last()
        .ok_or_else(|| ClientError::Input("the briefing did not arrive".into()))?;
    writeln!(
        out,
        "7. The member fetched {} briefing, stored it, then let the relay delete it:",
        sync.received
    )
    .map_err(io)?;
    writeln!(
        out,
        "   from:    {}",
        member.sender_label(&message.from_mailbox)
    )
    .map_err(io)?;
    writeln!(out, "   subject: {}", message.subject).map_err(io)?;
    writeln!(out, "   body:    {}", message.body).map_err(io)?;
    let stats = relay
        .service()
        .store
        .stats()
        .map_err(|e| ClientError::Storage(e.to_string()))?;
    writeln!(
        out,
        "8. Envelopes left on the relay: {}",
        stats.queued_envelopes
    )
    .map_err(io)?;
    writeln!(
        out,
        "{}",
        if leaks.is_empty() {
            "Result: the relay held only ciphertext and never learned who sent it."
        } else {
            "Result: LEAKS FOUND (see above)."
        }
    )
    .map_err(io)?;

    let report = DemoReport {
        received_subject: message.subject.clone(),
        received_body: message.body.clone(),
        relay_files_scanned: files.len(),
        log_bytes_scanned: log_bytes.len(),
        leaks,
    };
    drop(defender);
    drop(member);
    relay.shutdown().await;
    Ok(report)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(files_under(&path));
            } else {
                out.push(path);
            }
        }
    }
    out
}
