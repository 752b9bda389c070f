//! Attachments on the command line: progress bars with rate and time left, a plain message
//! when a transfer pauses and resumes, `amicus save`, and attachment lines under a message.

use std::path::Path;
use std::time::Duration;

use indicatif::{HumanBytes, ProgressBar, ProgressStyle};

use amicus_app::Catalog;
use amicus_app::Result;
use amicus_app::tr;
use amicus_client::Profile;
use amicus_client::{TransferProgress, WaitReason};
use amicus_core::records::InboxMessage;
use amicus_protocol::ErrorCode;

/// A progress bar on stderr (hidden when stderr is not a terminal; pauses are still told).
pub(crate) struct CliProgress<'a> {
    bar: ProgressBar,
    cat: &'a Catalog,
    key: &'static str,
    total: std::sync::atomic::AtomicU64,
}

impl<'a> CliProgress<'a> {
    /// `key` is the catalogue message that names the transfer ("attach-uploading", ...).
    pub(crate) fn new(cat: &'a Catalog, key: &'static str) -> Self {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{msg}\n{wide_bar} {bytes}/{total_bytes} {binary_bytes_per_sec} {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        CliProgress {
            bar,
            cat,
            key,
            total: 0.into(),
        }
    }

    fn text(&self, key: &str, args: &[(&str, String)]) -> String {
        self.cat.f(key, args)
    }

    fn say(&self, line: String) {
        if self.bar.is_hidden() {
            tell!("{line}");
        } else {
            self.bar.println(line);
        }
    }
}

impl TransferProgress for CliProgress<'_> {
    fn begin(&self, label: &str, total: u64, done: u64) {
        self.total
            .store(total, std::sync::atomic::Ordering::Relaxed);
        self.bar.reset();
        self.bar.set_length(total);
        self.bar.set_position(done);
        self.bar
            .set_message(self.text(self.key, &[("name", label.to_string())]));
    }

    fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
    }

    fn opening(&self, label: &str, total: u64) {
        self.bar.reset();
        self.bar.set_length(total);
        self.bar
            .set_message(self.text("attach-opening", &[("name", label.to_string())]));
    }

    fn paused(&self, retry_in: Duration, why: WaitReason) {
        // Say what is happening: a lost connection, a relay out of room, a busy relay.
        let key = match why {
            WaitReason::Refused(ErrorCode::StorageUnavailable) => "transfer-paused-full",
            WaitReason::Refused(_) => "transfer-paused-busy",
            WaitReason::Unreachable => "transfer-paused",
        };
        self.say(self.text(key, &[("secs", retry_in.as_secs().to_string())]));
    }

    fn resumed(&self, done: u64) {
        self.bar.set_position(done);
        if done > 0 {
            let total = self.total.load(std::sync::atomic::Ordering::Relaxed);
            self.say(self.text(
                "transfer-resumed",
                &[
                    ("done", HumanBytes(done).to_string()),
                    ("total", HumanBytes(total).to_string()),
                ],
            ));
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// `amicus save N [--attachment I] [--to DIR]`.
pub(crate) async fn save(
    profile: &Profile,
    number: u64,
    index: Option<usize>,
    to: &Path,
    cat: &Catalog,
) -> Result<()> {
    let progress = CliProgress::new(cat, "attach-downloading");
    for path in profile
        .save_attachments(number, index, to, &progress)
        .await?
    {
        say!("{}", tr!(cat, "attach-saved", path = path.display()));
    }
    Ok(())
}

/// One line per attachment under a message, and how to save them.
pub(crate) fn print_attachments(profile: &Profile, m: &InboxMessage, cat: &Catalog) {
    let Ok(attachments) = profile.attachments_of(m.number) else {
        return;
    };
    for (i, a) in attachments.iter().enumerate() {
        let kept = if profile.holds_attachment(a) {
            cat.t("attach-kept")
        } else {
            String::new()
        };
        say!(
            "{}",
            tr!(
                cat,
                "attach-line",
                index = i + 1,
                name = a.safe_file_name(),
                size = HumanBytes(a.size).to_string(),
                kept = kept
            )
        );
    }
    if !attachments.is_empty() {
        say!("{}", tr!(cat, "attach-hint", number = m.number));
    }
}
