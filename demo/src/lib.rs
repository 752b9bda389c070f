//! `amicus demo`: a whole briefing on an embedded relay, with no setup. A defender and a
//! Committee member are created in a temporary directory, exchange contact cards, compare
//! safety numbers, and the defender sends a sealed briefing. Before the member fetches it,
//! the demo shows what the relay holds and searches every file of the relay (and its log)
//! for the briefing's text and for anything that identifies the sender.

use std::io::Write;
use std::sync::{Arc, Mutex};

use amicus_relay::RelayConfig;

mod blocked;
mod proxy;

use amicus_app::Catalog;
use amicus_app::tr;
use amicus_client::KdfParams;
use amicus_client::{ClientError, Result};
use amicus_client::{NewProfile, Profile};
use amicus_core::secret::Passphrase;

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

/// Runs the demo, narrating to `out`, with the relay's log (everything it traces, to debug
/// level) captured for the scan. This is `amicus demo`.
pub async fn run_narrated(
    out: &mut dyn Write,
    kdf: KdfParams,
    cat: &Catalog,
) -> Result<DemoReport> {
    let log = LogBuffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer({
            let log = log.clone();
            move || log.clone()
        })
        .with_ansi(false)
        .with_max_level(tracing::Level::DEBUG)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    run(out, &log, kdf, cat).await
}

/// Runs the demo, narrating to `out` in the catalogue's language. `log` is where the relay's
/// tracing output goes (the caller installs a subscriber writing to it), so the demo can
/// scan it.
pub async fn run(
    out: &mut dyn Write,
    log: &LogBuffer,
    kdf: KdfParams,
    cat: &Catalog,
) -> Result<DemoReport> {
    let mut say = |line: String| writeln!(out, "{line}").map_err(io);
    // Detail lines are indented under their step.
    let detail = |line: String| format!("   {line}");
    let work = tempfile::tempdir().map_err(io)?;
    let relay_dir = work.path().join("relay");
    let listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let mut config = RelayConfig::new(&relay_dir, listen);
    // The TCP route too, for the blocked-network part.
    config.tcp_listen = Some(listen);
    let relay = amicus_relay::start(config)
        .await
        .map_err(|e| ClientError::Storage(e.to_string()))?;
    let address = relay.addr.to_string();
    say(tr!(cat, "demo-relay", addr = address))?;
    say(detail(tr!(cat, "demo-pin", pin = relay.pin)))?;

    let pass = Passphrase::new("demo passphrase, not secret".into());
    let new = |name| NewProfile {
        name,
        relay_address: &address,
        relay_pin: relay.pin,
        kdf,
        invitation: None,
        proxy: None,
    };
    let mut defender =
        Profile::create(&work.path().join("defender"), &pass, new("Defender (demo)")).await?;
    let mut member = Profile::create(
        &work.path().join("member"),
        &pass,
        new("Committee member (demo)"),
    )
    .await?;
    say(cat.t("demo-profiles"))?;

    defender.add_contact(&member.contact_card().to_text(), Some("member"))?;
    member.add_contact(&defender.contact_card().to_text(), Some("defender"))?;
    let seen_by_defender = defender.safety_number(&defender.contact("member")?)?;
    let seen_by_member = member.safety_number(&member.contact("defender")?)?;
    say(cat.t("demo-cards"))?;
    say(detail(tr!(
        cat,
        "demo-defender-sees",
        number = seen_by_defender
    )))?;
    say(detail(tr!(
        cat,
        "demo-member-sees",
        number = seen_by_member
    )))?;
    say(detail(if seen_by_defender == seen_by_member {
        cat.t("demo-match")
    } else {
        cat.t("demo-mismatch")
    }))?;

    // Every language's demo text starts with the canary markers searched for below.
    let subject = cat.t("demo-briefing-subject");
    let body = cat.t("demo-briefing-body");
    // An attachment too: a "photo" whose bytes carry a canary, encrypted once and uploaded
    // in chunks to the relay's blob store before the briefing that points to it is sent.
    let photo = work.path().join("evidence-photo.jpg");
    let photo_bytes = b"CANARY-ATTACHMENT ".repeat(20_000);
    std::fs::write(&photo, &photo_bytes).map_err(io)?;
    let attachments = defender
        .upload_for(
            &["member"],
            std::slice::from_ref(&photo),
            &amicus_client::Quiet,
        )
        .await?;
    let briefing = amicus_core::briefing::Briefing {
        title: subject.clone(),
        body: body.clone(),
        attachments,
        ..Default::default()
    };
    let report = defender.send_structured(&["member"], briefing).await?;
    say(tr!(cat, "demo-sent", count = report.delivered.len()))?;
    say(detail(tr!(
        cat,
        "demo-attached",
        size = photo_bytes.len(),
        stored = amicus_core::attachment::sealed_len(photo_bytes.len() as u64)
    )))?;

    let (items, _) = relay
        .service()
        .mailboxes
        .pending(&member.mailbox(), 16)
        .map_err(|e| ClientError::Storage(e.to_string()))?;
    say(cat.t("demo-holds"))?;
    for item in &items {
        let preview: String = item
            .payload
            .iter()
            .take(24)
            .map(|b| format!("{b:02x}"))
            .collect();
        say(detail(tr!(
            cat,
            "demo-envelope",
            size = item.payload.len(),
            preview = preview
        )))?;
    }

    let sender_mailbox = defender.mailbox();
    let needles: Vec<(String, Vec<u8>)> = vec![
        (cat.t("demo-needle-subject"), b"CANARY-SUBJECT".to_vec()),
        (cat.t("demo-needle-body"), b"CANARY-BODY".to_vec()),
        (cat.t("demo-needle-name"), b"Defender (demo)".to_vec()),
        (
            cat.t("demo-needle-attachment"),
            b"CANARY-ATTACHMENT".to_vec(),
        ),
        (
            cat.t("demo-needle-file-name"),
            b"evidence-photo.jpg".to_vec(),
        ),
        (
            cat.t("demo-needle-key"),
            defender.identity_key().serialize().to_vec(),
        ),
        (cat.t("demo-needle-mailbox"), sender_mailbox.0.to_vec()),
        (
            cat.t("demo-needle-mailbox-hex"),
            sender_mailbox.to_hex().into_bytes(),
        ),
        (
            cat.t("demo-needle-sender-uuid"),
            sender_mailbox.sender_uuid().into_bytes(),
        ),
    ];
    let files = files_under(&relay_dir);
    let log_bytes = log.contents();
    say(tr!(
        cat,
        "demo-searched",
        files = files.len(),
        bytes = log_bytes.len()
    ))?;
    let mut leaks = Vec::new();
    for (label, hits) in scan(&relay_dir, log, &needles) {
        say(detail(if hits.is_empty() {
            tr!(cat, "demo-not-found", what = label)
        } else {
            tr!(cat, "demo-found", what = label, where = hits.join(", "))
        }))?;
        leaks.extend(hits.into_iter().map(|h| format!("{label}: {h}")));
    }

    let sync = member.sync().await?;
    let inbox = member.inbox()?;
    let message = inbox
        .last()
        .ok_or_else(|| ClientError::Storage("the demo briefing did not arrive".into()))?;
    say(tr!(cat, "demo-fetched", count = sync.received))?;
    let from = member
        .contact_by_mailbox(&message.from_mailbox)?
        .map(|c| c.name)
        .unwrap_or_default();
    say(detail(tr!(cat, "demo-from", from = from)))?;
    say(detail(tr!(cat, "demo-subject", subject = message.subject)))?;
    say(detail(tr!(cat, "demo-body", body = message.body)))?;
    let saved = member
        .save_attachments(
            message.number,
            None,
            &work.path().join("saved"),
            &amicus_client::Quiet,
        )
        .await?;
    let saved_bytes = match saved.first() {
        Some(path) => std::fs::read(path).map_err(io)?,
        None => Vec::new(),
    };
    say(detail(if saved_bytes == photo_bytes {
        tr!(cat, "demo-attachment-saved", size = saved_bytes.len())
    } else {
        cat.t("demo-attachment-differs")
    }))?;
    let stats = relay
        .service()
        .mailboxes
        .stats()
        .map_err(|e| ClientError::Storage(e.to_string()))?;
    say(tr!(
        cat,
        "demo-left",
        count = stats.queued_envelopes,
        blobs = relay.service().blobs.count()
    ))?;

    let demo_relay = crate::proxy::DemoRelay {
        address: &address,
        pin: relay.pin,
        dir: &relay_dir,
    };
    let proxy_leaks = crate::proxy::run(out, &demo_relay, work.path(), kdf, log, cat).await?;
    leaks.extend(proxy_leaks);
    if let Some((tcp, path)) = &relay.tcp {
        let blocked_leaks = crate::blocked::run(
            out,
            &demo_relay,
            (*tcp, path),
            &mut member,
            work.path(),
            kdf,
            log,
            cat,
        )
        .await?;
        leaks.extend(blocked_leaks);
    }
    let mut say = |line: String| writeln!(out, "{line}").map_err(io);
    say(if leaks.is_empty() {
        cat.t("demo-ok")
    } else {
        cat.t("demo-leaks")
    })?;

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

/// For each needle, the relay files (and "relay log") that contain it.
pub(crate) fn scan(
    dir: &std::path::Path,
    log: &LogBuffer,
    needles: &[(String, Vec<u8>)],
) -> Vec<(String, Vec<String>)> {
    let files = files_under(dir);
    let log_bytes = log.contents();
    needles
        .iter()
        .map(|(label, needle)| {
            let mut hits: Vec<String> = files
                .iter()
                .filter(|f| contains(&std::fs::read(f).unwrap_or_default(), needle))
                .map(|f| f.display().to_string())
                .collect();
            if contains(&log_bytes, needle) {
                hits.push("relay log".into());
            }
            (label.clone(), hits)
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every file under `dir`, recursively (for scans of what a relay stores).
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
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
