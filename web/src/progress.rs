//! What a transfer is doing, for the page to show while a briefing with attachments is sent
//! or an attachment is fetched: which file, how much, how fast, how long is left, and when
//! it waits, why. The engine reports through [`TransferProgress`]; the page asks
//! `/api/transfer` while its request runs.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use amicus_app::views::size_text;
use amicus_app::{Catalog, wait_reason};
use amicus_client::{TransferProgress, WaitReason};
use serde_json::{Value, json};

#[derive(Default)]
struct Now {
    label: String,
    total: u64,
    done: u64,
    /// When this attempt began, and how much was already done then (the rate counts only
    /// what this attempt moved).
    since: Option<(Instant, u64)>,
    paused: Option<WaitReason>,
    active: bool,
}

/// The transfer in progress, if any.
#[derive(Default)]
pub(crate) struct WebProgress {
    now: Mutex<Now>,
}

impl WebProgress {
    fn with(&self, f: impl FnOnce(&mut Now)) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut now);
    }

    /// The transfer as the page shows it, in the catalogue's language.
    pub(crate) fn view(&self, cat: &Catalog) -> Value {
        let now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        if !now.active {
            return json!({ "active": false });
        }
        let (rate, left) = match now.since {
            Some((start, base)) => {
                let secs = start.elapsed().as_secs_f64().max(0.001);
                let rate = (now.done.saturating_sub(base)) as f64 / secs;
                let left = if rate >= 1.0 {
                    Some(Duration::from_secs_f64(
                        now.total.saturating_sub(now.done) as f64 / rate,
                    ))
                } else {
                    None
                };
                (rate as u64, left)
            }
            None => (0, None),
        };
        let mut text = cat.f(
            "web-transfer",
            &[
                ("name", now.label.clone()),
                ("done", size_text(now.done, cat)),
                ("total", size_text(now.total, cat)),
                ("rate", size_text(rate, cat)),
            ],
        );
        if let Some(left) = left {
            let minutes = left.as_secs().div_ceil(60).max(1);
            text.push(' ');
            text.push_str(&cat.f("web-transfer-left", &[("minutes", minutes.to_string())]));
        }
        let paused = now
            .paused
            .map(|why| cat.f("web-transfer-paused", &[("reason", wait_reason(why, cat))]));
        json!({
            "active": true,
            "done": now.done,
            "total": now.total,
            "text": text,
            "paused": paused,
        })
    }
}

impl TransferProgress for WebProgress {
    fn begin(&self, label: &str, total: u64, done: u64) {
        self.with(|now| {
            *now = Now {
                label: label.to_string(),
                total,
                done,
                since: Some((Instant::now(), done)),
                paused: None,
                active: true,
            }
        });
    }

    fn advance(&self, bytes: u64) {
        self.with(|now| now.done = now.done.saturating_add(bytes).min(now.total));
    }

    fn paused(&self, _retry_in: Duration, why: WaitReason) {
        self.with(|now| now.paused = Some(why));
    }

    fn resumed(&self, done: u64) {
        self.with(|now| {
            now.paused = None;
            now.done = done;
            now.since = Some((Instant::now(), done));
        });
    }

    fn finish(&self) {
        self.with(|now| now.active = false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use amicus_app::Lang;

    #[test]
    fn a_transfer_reads_as_progress_then_pause_then_done() {
        let cat = Catalog::new(Lang::En);
        let p = WebProgress::default();
        assert_eq!(p.view(&cat)["active"], false);
        p.begin("hearing.mp4", 4 << 20, 1 << 20);
        p.advance(1 << 20);
        let v = p.view(&cat);
        assert_eq!(v["done"], 2 << 20);
        let text = v["text"].as_str().unwrap();
        assert!(
            text.contains("hearing.mp4") && text.contains("2.0 MB") && text.contains("4.0 MB"),
            "{text}"
        );
        p.paused(Duration::from_secs(2), WaitReason::Unreachable);
        assert!(p.view(&cat)["paused"].is_string());
        p.resumed(2 << 20);
        assert!(p.view(&cat)["paused"].is_null());
        p.finish();
        assert_eq!(p.view(&cat)["active"], false);
    }
}
