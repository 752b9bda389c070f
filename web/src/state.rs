//! What the local server remembers between requests: the one-time launch token, the
//! browser's session and CSRF token, the language, and the unlocked profile, which is
//! dropped (and its key zeroized) on `lock`, after a period without use, or at shutdown.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use amicus_app::{Catalog, Lang, Session};
use amicus_protocol::Clock;
use rand::RngCore as _;

/// The server's memory, shared by every request handler.
pub(crate) struct WebState {
    /// The profile folder this app works on.
    pub(crate) dir: PathBuf,
    /// `127.0.0.1:PORT`: the only Host accepted.
    pub(crate) host: String,
    /// Inactivity after which the profile is locked, in milliseconds.
    pub(crate) idle_lock_ms: u64,
    pub(crate) clock: Arc<dyn Clock>,
    /// The transfer in progress, for the page's progress bar.
    pub(crate) progress: crate::progress::WebProgress,
    inner: Mutex<Inner>,
}

struct Inner {
    /// Present until the launch link is opened once.
    launch: Option<String>,
    /// The browser session's cookie value, once launched.
    session: Option<String>,
    csrf: String,
    lang: Lang,
    /// The unlocked profile, if any.
    unlocked: Option<Session>,
    /// What the page last learnt of it (name, joined the Centre, Centre administrator),
    /// shown while the profile is busy with a long transfer.
    summary: Option<serde_json::Value>,
    last_use_ms: u64,
}

/// 32 random bytes as hex: launch tokens, session cookies, CSRF tokens.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    amicus_app::views::hex(&bytes)
}

impl WebState {
    pub(crate) fn new(
        dir: PathBuf,
        host: String,
        lang: Lang,
        idle_lock_ms: u64,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let now = clock.now_ms();
        WebState {
            dir,
            host,
            idle_lock_ms,
            clock,
            progress: Default::default(),
            inner: Mutex::new(Inner {
                launch: Some(random_token()),
                session: None,
                csrf: random_token(),
                lang,
                unlocked: None,
                summary: None,
                last_use_ms: now,
            }),
        }
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        // A handler that panicked while holding the lock leaves plain values behind: go on.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The launch token, before it is used.
    pub(crate) fn launch_token(&self) -> Option<String> {
        self.inner().launch.clone()
    }

    /// Exchanges the launch token for a new browser session (once): its cookie value.
    pub(crate) fn launch(&self, presented: &str) -> Option<String> {
        let mut inner = self.inner();
        let expected = inner.launch.as_deref()?;
        let ok = presented.len() == expected.len()
            && bool::from(subtle::ConstantTimeEq::ct_eq(
                presented.as_bytes(),
                expected.as_bytes(),
            ));
        if !ok {
            return None;
        }
        inner.launch = None;
        let session = random_token();
        inner.session = Some(session.clone());
        inner.csrf = random_token();
        Some(session)
    }

    /// The session cookie value and CSRF token the guard compares with.
    pub(crate) fn keys(&self) -> (Option<String>, String) {
        let inner = self.inner();
        (inner.session.clone(), inner.csrf.clone())
    }

    pub(crate) fn csrf(&self) -> String {
        self.inner().csrf.clone()
    }

    pub(crate) fn lang(&self) -> Lang {
        self.inner().lang
    }

    pub(crate) fn set_lang(&self, lang: Lang) {
        self.inner().lang = lang;
    }

    pub(crate) fn catalog(&self) -> Catalog {
        Catalog::new(self.lang())
    }

    /// Called for every request: locks the profile if it went unused too long, then counts
    /// this request as use.
    pub(crate) fn touch(&self) {
        self.lock_if_idle();
        self.inner().last_use_ms = self.clock.now_ms();
    }

    /// Locks if idle, without counting as use (the background check).
    pub(crate) fn lock_if_idle(&self) {
        let now = self.clock.now_ms();
        let mut inner = self.inner();
        if now.saturating_sub(inner.last_use_ms) >= self.idle_lock_ms {
            inner.unlocked = None;
        }
    }

    pub(crate) fn unlocked(&self) -> Option<Session> {
        self.inner().unlocked.clone()
    }

    pub(crate) fn set_unlocked(&self, session: Session) {
        let mut inner = self.inner();
        inner.unlocked = Some(session);
        inner.summary = None;
    }

    pub(crate) fn summary(&self) -> Option<serde_json::Value> {
        self.inner().summary.clone()
    }

    pub(crate) fn set_summary(&self, summary: serde_json::Value) {
        self.inner().summary = Some(summary);
    }

    /// Forgets the profile's key (other clones finish their request, then drop it too).
    pub(crate) fn lock(&self) {
        self.inner().unlocked = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use amicus_protocol::ManualClock;

    fn state(clock: &ManualClock) -> WebState {
        WebState::new(
            PathBuf::from("/nonexistent"),
            "127.0.0.1:1".into(),
            Lang::En,
            60_000,
            Arc::new(clock.clone()),
        )
    }

    #[test]
    fn the_launch_token_works_once() {
        let clock = ManualClock::starting_now();
        let s = state(&clock);
        let token = s.launch_token().unwrap();
        assert!(s.launch("wrong").is_none());
        let session = s.launch(&token).unwrap();
        assert_eq!(s.keys().0.as_deref(), Some(session.as_str()));
        assert!(s.launch(&token).is_none(), "a second use is refused");
        assert!(s.launch_token().is_none());
    }
}
