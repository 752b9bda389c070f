//! A session: one unlocked profile that every part of a front end can share. A web server's
//! request handlers, a mobile binding's callbacks and a terminal's commands all hold a clone
//! and take the profile in turn; every operation returns a `Send` future, so it can run on
//! any task (`tokio::spawn`, UniFFI).

use std::path::Path;
use std::sync::Arc;

use amicus_client::SyncObserver;
use amicus_client::{Profile, SyncReport};
use amicus_core::secret::Passphrase;
use tokio::sync::{Mutex, MutexGuard};

use crate::error::Result;
use crate::i18n::Catalog;
use crate::views::{InboxRow, inbox_rows};

/// A `Send + Sync` handle over one open profile. Cheap to clone; clones share the profile.
#[derive(Clone)]
pub struct Session {
    profile: Arc<Mutex<Profile>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Nothing about the profile: a session's Debug output may reach a log.
        f.write_str("Session")
    }
}

impl Session {
    /// A session over a profile the caller already opened.
    pub fn new(profile: Profile) -> Self {
        Session {
            profile: Arc::new(Mutex::new(profile)),
        }
    }

    /// Unlocks the profile in `dir`. The key derivation (Argon2id, by design slow and
    /// memory-hard) runs on a blocking thread, so the caller's runtime keeps serving.
    pub async fn open(dir: &Path, passphrase: Passphrase) -> Result<Self> {
        let dir = dir.to_path_buf();
        let opened = tokio::task::spawn_blocking(move || Profile::open(&dir, &passphrase))
            .await
            .map_err(|_| {
                amicus_client::ClientError::Storage("the unlock task stopped".to_string())
            })??;
        Ok(Self::new(opened))
    }

    /// The profile, for as long as the guard is held; other holders wait meanwhile.
    pub async fn profile(&self) -> MutexGuard<'_, Profile> {
        self.profile.lock().await
    }

    /// The profile if no one else holds it now (a page asking where it stands need not wait
    /// for a long upload to finish).
    pub fn try_profile(&self) -> Option<MutexGuard<'_, Profile>> {
        self.profile.try_lock().ok()
    }

    /// Sends what waits and fetches what arrived, telling `observer` as it goes.
    pub async fn sync(&self, observer: &mut dyn SyncObserver) -> Result<SyncReport> {
        Ok(self.profile().await.sync_observed(observer).await?)
    }

    /// The inbox as rows, newest last, in the catalogue's language.
    pub async fn inbox(&self, cat: &Catalog) -> Result<Vec<InboxRow>> {
        let profile = self.profile().await;
        Ok(inbox_rows(&profile, cat)?)
    }
}

/// Compile-time proof that every front end can run the session's operations on any task.
#[allow(dead_code)]
fn futures_are_send(session: &Session, observer: &'static mut dyn SyncObserver) {
    fn send<T: Send>(_: T) {}
    let cat: &'static Catalog = Box::leak(Box::new(Catalog::new(crate::i18n::Lang::En)));
    send(session.sync(observer));
    send(session.inbox(cat));
    send(Session::open(
        Path::new("."),
        Passphrase::new(String::new()),
    ));
    fn sync_and_send<T: Send + Sync>() {}
    sync_and_send::<Session>();
}
