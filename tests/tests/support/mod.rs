//! Shared harness: a real relay on 127.0.0.1 port 0 with a temporary store, and real
//! client profiles in temporary directories.
#![allow(dead_code)]

pub(crate) mod hostile;
pub(crate) mod socks;
pub(crate) mod stock_tls;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use amicus_client::KdfParams;
use amicus_client::{NewProfile, Profile};
use amicus_core::secret::Passphrase;
use amicus_relay::{RelayConfig, RunningRelay};
use tempfile::TempDir;

/// Captures every tracing event (at every level) of the current thread into a buffer, for
/// scanning what the relay logs. Keep the guard alive while capturing.
pub(crate) fn capture_logs() -> (amicus_demo::LogBuffer, tracing::subscriber::DefaultGuard) {
    let log = amicus_demo::LogBuffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer({
            let log = log.clone();
            move || log.clone()
        })
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    (log, guard)
}

pub(crate) const PASSPHRASE: &str = "correct horse battery staple";

/// Cheaper Argon2id parameters so the suite stays fast; the real defaults are exercised by
/// the CLI tests and the vault's own tests.
pub(crate) fn test_kdf() -> KdfParams {
    KdfParams {
        memory_kib: 1024,
        iterations: 1,
        lanes: 1,
    }
}

pub(crate) fn passphrase() -> Passphrase {
    Passphrase::new(PASSPHRASE.to_string())
}

pub(crate) struct TestRelay {
    pub dir: TempDir,
    pub relay: Option<RunningRelay>,
    pub config: RelayConfig,
}

impl TestRelay {
    pub(crate) async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub(crate) async fn start_with(tune: impl FnOnce(&mut RelayConfig)) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut config = RelayConfig::new(dir.path().join("relay"), "127.0.0.1:0".parse().unwrap());
        tune(&mut config);
        let relay = amicus_relay::start(config.clone())
            .await
            .expect("relay starts");
        // Restarts reuse the port the first start got.
        config.listen = relay.addr;
        TestRelay {
            dir,
            relay: Some(relay),
            config,
        }
    }

    pub(crate) fn relay(&self) -> &RunningRelay {
        self.relay.as_ref().expect("relay running")
    }

    /// How many envelopes wait on the relay.
    pub(crate) fn queued(&self) -> usize {
        self.relay()
            .service()
            .mailboxes
            .stats()
            .expect("stats")
            .queued_envelopes
    }

    pub(crate) fn address(&self) -> String {
        self.config.listen.to_string()
    }

    pub(crate) fn data_dir(&self) -> &Path {
        &self.config.data_dir
    }

    pub(crate) async fn stop(&mut self) {
        if let Some(relay) = self.relay.take() {
            relay.shutdown().await;
        }
    }

    /// Stops the relay and starts it again on the same address and data directory.
    pub(crate) async fn restart(&mut self) {
        self.stop().await;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match amicus_relay::start(self.config.clone()).await {
                Ok(relay) => {
                    self.relay = Some(relay);
                    return;
                }
                Err(e) if Instant::now() < deadline => {
                    // The store's file lock or the UDP port may take a moment to be released.
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("relay did not restart: {e}"),
            }
        }
    }

    /// `n` sending tokens, obtained as any client obtains them (a fresh profile's wallet), for
    /// tests that speak the wire directly. A first contact's allowance is small: a test
    /// wanting more raises `first_contact_tokens_per_period`.
    pub(crate) async fn tokens(&self, n: usize) -> Vec<amicus_protocol::tokens::SpendToken> {
        let payer = self.profile("Payer").await;
        let tokens = amicus_client::internal::spend_tokens(payer.profile.as_ref().unwrap(), n)
            .await
            .expect("tokens");
        assert_eq!(tokens.len(), n, "the relay gave fewer tokens than asked");
        tokens
    }

    /// `items`, each paid by a fresh token.
    pub(crate) async fn paid(
        &self,
        items: Vec<amicus_protocol::DeliverItem>,
    ) -> amicus_protocol::Request {
        let tokens = self.tokens(items.len()).await;
        amicus_protocol::Request::DeliverPaid {
            items: tokens
                .into_iter()
                .zip(items)
                .map(|(token, item)| amicus_protocol::PaidItem { token, item })
                .collect(),
        }
    }

    /// A defender and a member, each the other's contact ("defender", "member").
    pub(crate) async fn pair(&self) -> (TestProfile, TestProfile) {
        self.pair_at(&self.address()).await
    }

    /// As [`Self::pair`], both reaching the relay at `address`.
    pub(crate) async fn pair_at(&self, address: &str) -> (TestProfile, TestProfile) {
        let mut defender = self.profile_at("Defender", address).await;
        let mut member = self.profile_at("Member", address).await;
        introduce(&mut defender, "defender", &mut member, "member");
        (defender, member)
    }

    pub(crate) async fn profile(&self, name: &str) -> TestProfile {
        self.profile_at(name, &self.address()).await
    }

    /// A profile that reaches the relay at `address` (routes of its own choosing).
    pub(crate) async fn profile_at(&self, name: &str, address: &str) -> TestProfile {
        self.profile_via(name, address, None).await
    }

    /// A profile that reaches the relay at `address` through `proxy`, from its creation on.
    pub(crate) async fn profile_via(
        &self,
        name: &str,
        address: &str,
        proxy: Option<amicus_client::Proxy>,
    ) -> TestProfile {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("profile");
        let profile = Profile::create(
            &path,
            &passphrase(),
            NewProfile {
                name,
                relay_address: address,
                relay_pin: self.relay().pin,
                kdf: test_kdf(),
                invitation: None,
                proxy,
            },
        )
        .await
        .expect("profile created");
        assert!(profile.is_registered());
        TestProfile {
            _dir: dir,
            path,
            profile: Some(profile),
        }
    }
}

pub(crate) struct TestProfile {
    _dir: TempDir,
    pub path: PathBuf,
    pub profile: Option<Profile>,
}

impl TestProfile {
    pub(crate) fn p(&mut self) -> &mut Profile {
        self.profile.as_mut().expect("profile open")
    }

    /// Sends a briefing to one contact; the send must not fail.
    pub(crate) async fn send(
        &mut self,
        to: &str,
        subject: &str,
        body: &str,
    ) -> amicus_client::SendReport {
        self.p()
            .send_briefing(&[to], subject, body)
            .await
            .expect("send_briefing")
    }

    /// Syncs; the sync must not fail.
    pub(crate) async fn sync(&mut self) -> amicus_client::SyncReport {
        self.p().sync().await.expect("sync")
    }

    /// The subjects in the inbox, in arrival order.
    pub(crate) fn subjects(&mut self) -> Vec<String> {
        let inbox = self.p().inbox().expect("inbox");
        inbox.into_iter().map(|m| m.subject).collect()
    }

    pub(crate) fn card(&mut self) -> String {
        self.p().contact_card().to_text()
    }

    /// Closes and reopens the profile from disk (as a restarted client process would).
    pub(crate) fn reopen(&mut self) {
        self.profile = None;
        self.profile = Some(Profile::open(&self.path, &passphrase()).expect("reopen"));
    }
}

/// Makes `a` and `b` contacts of each other under the names "a" and "b".
pub(crate) fn introduce(a: &mut TestProfile, a_name: &str, b: &mut TestProfile, b_name: &str) {
    let card_a = a.card();
    let card_b = b.card();
    a.p().add_contact(&card_b, Some(b_name)).expect("add b");
    b.p().add_contact(&card_a, Some(a_name)).expect("add a");
}

pub(crate) use amicus_demo::files_under;

/// Whether `needle` occurs in any file under `dir`; returns the files where it does.
pub(crate) fn find_in_files(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    assert!(
        needle.len() >= 8,
        "needles must be long enough to be meaningful"
    );
    files_under(dir)
        .into_iter()
        .filter(|f| {
            std::fs::read(f)
                .map(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
                .unwrap_or(false)
        })
        .collect()
}

impl TestRelay {
    /// Enrols a new profile from an invitation; returns the error if enrolment is refused.
    pub(crate) async fn enrol(
        &self,
        name: &str,
        invitation: &amicus_protocol::Invitation,
    ) -> Result<TestProfile, amicus_client::ClientError> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("profile");
        let profile = Profile::create(
            &path,
            &passphrase(),
            NewProfile {
                name,
                relay_address: &invitation.relay_address,
                relay_pin: invitation.relay_pin,
                kdf: test_kdf(),
                invitation: Some(invitation),
                proxy: None,
            },
        )
        .await?;
        Ok(TestProfile {
            _dir: dir,
            path,
            profile: Some(profile),
        })
    }
}

/// The Centre's world on one relay: an administrator (the intake, holding the root key),
/// a staff member and two Committee members on the roster, and an enrolled defender. Every
/// profile has synced the newest roster.
pub(crate) struct Centre {
    pub admin: TestProfile,
    pub staff: TestProfile,
    pub member_a: TestProfile,
    pub member_b: TestProfile,
    pub defender: TestProfile,
}

pub(crate) async fn centre(relay: &TestRelay) -> Centre {
    use amicus_protocol::{InvitedRole, Role};
    let mut admin = relay.profile("Centre intake").await;
    admin
        .p()
        .centre_init("Centre intake")
        .await
        .expect("centre init");
    let mut enrol = async |name: &str, role: InvitedRole| {
        let invitation = admin.p().invite(role, 7).await.expect("invite");
        relay.enrol(name, &invitation).await.expect("enrol")
    };
    let mut staff = enrol("Staff S", InvitedRole::Staff).await;
    let mut member_a = enrol("Member A", InvitedRole::Member).await;
    let mut member_b = enrol("Member B", InvitedRole::Member).await;
    let mut defender = enrol("Defender D", InvitedRole::Defender).await;
    for (p, role) in [
        (&mut staff, Role::Staff),
        (&mut member_a, Role::Member),
        (&mut member_b, Role::Member),
    ] {
        let card = p.card();
        admin
            .p()
            .roster_add(&card, role, None, 0)
            .await
            .expect("roster add");
    }
    for p in [&mut staff, &mut member_a, &mut member_b, &mut defender] {
        let report = p.sync().await;
        assert_eq!(report.roster_refused, None);
    }
    Centre {
        admin,
        staff,
        member_a,
        member_b,
        defender,
    }
}

/// Polls `check` until it holds or `timeout` passes.
pub(crate) async fn eventually(timeout: Duration, mut check: impl AsyncFnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if check().await {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

impl TestProfile {
    /// Uploads a `len`-byte attachment for `to` and sends it in a briefing titled `title`;
    /// the relay must accept it. Returns the attachment's bytes.
    pub(crate) async fn send_with_attachment(
        &mut self,
        to: &str,
        title: &str,
        len: u32,
    ) -> Vec<u8> {
        use amicus_client::internal::transfer::Quiet;
        let files = tempfile::tempdir().expect("tempdir");
        let video = files.path().join("hearing.mp4");
        let content: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        std::fs::write(&video, &content).expect("write");
        let pointers = self
            .p()
            .upload_for(&[to], std::slice::from_ref(&video), &Quiet)
            .await
            .expect("upload");
        let briefing = amicus_core::briefing::Briefing {
            title: title.into(),
            body: "With an attachment.".into(),
            attachments: pointers,
            ..Default::default()
        };
        let report = self
            .p()
            .send_structured(&[to], briefing)
            .await
            .expect("send");
        assert_eq!(report.delivered.len(), 1);
        content
    }

    /// Saves the attachment of the briefing titled `title` (already in the inbox) and
    /// checks it is `content`.
    pub(crate) async fn saves_attachment(&mut self, title: &str, content: &[u8]) {
        use amicus_client::internal::transfer::Quiet;
        let message = self
            .p()
            .inbox()
            .expect("inbox")
            .into_iter()
            .find(|m| m.subject == title)
            .expect("the briefing arrived");
        let out = tempfile::tempdir().expect("tempdir");
        let saved = self
            .p()
            .save_attachments(message.number, None, out.path(), &Quiet)
            .await
            .expect("save");
        assert_eq!(std::fs::read(&saved[0]).expect("read"), content);
    }
}
