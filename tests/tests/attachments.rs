//! Attachments through a real relay: multi-chunk upload and download, links cut mid-upload
//! and mid-download then resumed, a client restarted mid-transfer, tampering on the relay's
//! disk (flipped bit, swapped chunks, truncation), wrong key, quotas and declared sizes, and
//! deletion once every recipient holds the file.

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use amicus_client::ClientError;
use amicus_client::internal::RelayLink;
use amicus_client::internal::transfer::{self, Quiet, Source, TransferProgress, Upload};
use amicus_core::attachment::{AttachmentKey, AttachmentPointer, SEALED_CHUNK_LEN, sealed_len};
use amicus_core::briefing::Briefing;
use amicus_protocol::{BlobId, ErrorCode, Request, Response, frame};
use rand::{RngCore as _, SeedableRng as _};
use support::{TestProfile, TestRelay, eventually};

/// A file of `len` pseudo-random bytes (incompressible, like video).
fn evidence(dir: &Path, name: &str, len: usize, seed: u64) -> PathBuf {
    let mut bytes = vec![0u8; len];
    rand::rngs::StdRng::seed_from_u64(seed).fill_bytes(&mut bytes);
    let path = dir.join(name);
    std::fs::write(&path, &bytes).unwrap();
    path
}

fn same_file(a: &Path, b: &Path) -> bool {
    std::fs::read(a).unwrap() == std::fs::read(b).unwrap()
}

/// Counts bytes moved over the network (and, apart, bytes decrypted into place), and can
/// cut the QUIC connection after a threshold.
#[derive(Default)]
struct Meter {
    moved: AtomicU64,
    opened: AtomicU64,
    opening: std::sync::atomic::AtomicBool,
    cut_after: AtomicU64,
    connection: std::sync::Mutex<Option<quinn::Connection>>,
}

impl Meter {
    fn cutting(connection: &quinn::Connection, after: u64) -> Self {
        let m = Meter::default();
        m.cut_after.store(after, Ordering::SeqCst);
        *m.connection.lock().unwrap() = Some(connection.clone());
        m
    }

    fn moved(&self) -> u64 {
        self.moved.load(Ordering::SeqCst)
    }

    fn opened(&self) -> u64 {
        self.opened.load(Ordering::SeqCst)
    }
}

impl TransferProgress for Meter {
    fn opening(&self, _label: &str, _total: u64) {
        self.opening.store(true, Ordering::SeqCst);
    }

    fn advance(&self, bytes: u64) {
        if self.opening.load(Ordering::SeqCst) {
            self.opened.fetch_add(bytes, Ordering::SeqCst);
            return;
        }
        let moved = self.moved.fetch_add(bytes, Ordering::SeqCst) + bytes;
        let after = self.cut_after.load(Ordering::SeqCst);
        if after > 0
            && moved >= after
            && let Some(c) = self.connection.lock().unwrap().take()
        {
            c.close(0u32.into(), b"link cut");
        }
    }
}

async fn link(relay: &TestRelay) -> RelayLink {
    RelayLink::connect(&relay.address(), relay.relay().pin)
        .await
        .unwrap()
}

fn blob_files(relay: &TestRelay) -> Vec<PathBuf> {
    amicus_demo::files_under(&relay.data_dir().join("attachments"))
}

/// The defender sends `files` to `to` with a briefing titled `title`.
async fn send_with(defender: &mut TestProfile, to: &[&str], title: &str, files: &[PathBuf]) {
    let pointers = defender.p().upload_for(to, files, &Quiet).await.unwrap();
    let briefing = Briefing {
        title: title.into(),
        body: "Footage of the hearing.".into(),
        attachments: pointers,
        ..Default::default()
    };
    let report = defender.p().send_structured(to, briefing).await.unwrap();
    assert_eq!(report.delivered.len(), to.len());
}

fn number_of(p: &mut TestProfile, title: &str) -> u64 {
    p.p()
        .inbox()
        .unwrap()
        .into_iter()
        .find(|m| m.subject == title)
        .expect("message arrived")
        .number
}

#[tokio::test]
async fn multi_chunk_files_arrive_intact_and_the_relay_deletes_them_after_every_reader() {
    let relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;
    let mut second = relay.profile("Second").await;
    support::introduce(&mut defender, "defender", &mut second, "second");
    let files = tempfile::tempdir().unwrap();
    let video = evidence(files.path(), "hearing.mp4", 3 * 1024 * 1024 + 12_345, 1);
    let photo = evidence(files.path(), "photo.jpg", 1000, 2);
    send_with(
        &mut defender,
        &["member", "second"],
        "Hearing",
        &[video.clone(), photo.clone()],
    )
    .await;
    // One upload serves both readers: two blobs, not four.
    assert_eq!(relay.relay().service().blobs.count(), 2);
    let on_relay: u64 = blob_files(&relay)
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    assert_eq!(
        on_relay,
        sealed_len(3 * 1024 * 1024 + 12_345) + sealed_len(1000)
    );

    member.sync().await;
    let n = number_of(&mut member, "Hearing");
    let out = tempfile::tempdir().unwrap();
    let saved = member
        .p()
        .save_attachments(n, None, out.path(), &Quiet)
        .await
        .unwrap();
    assert_eq!(saved.len(), 2);
    assert!(same_file(&saved[0], &video));
    assert!(same_file(&saved[1], &photo));
    assert_eq!(saved[0].file_name().unwrap(), "hearing.mp4");
    // The second reader has not fetched: the blobs stay.
    assert_eq!(relay.relay().service().blobs.count(), 2);

    second.sync().await;
    let n = number_of(&mut second, "Hearing");
    let out2 = tempfile::tempdir().unwrap();
    second
        .p()
        .save_attachments(n, Some(1), out2.path(), &Quiet)
        .await
        .unwrap();
    assert!(same_file(&out2.path().join("hearing.mp4"), &video));
    // The video's last reader released it; the photo waits for its second reader.
    assert_eq!(relay.relay().service().blobs.count(), 1);
    assert_eq!(blob_files(&relay).len(), 1);
    // Saving again works from this device's sealed copy, without the relay.
    let again = second
        .p()
        .save_attachments(n, Some(1), out2.path(), &Quiet)
        .await
        .unwrap();
    assert_eq!(again[0].file_name().unwrap(), "hearing (2).mp4");
    assert!(same_file(&again[0], &video));
    // The relay never held a plaintext byte of either file.
    let video_bytes = std::fs::read(&video).unwrap();
    for f in amicus_demo::files_under(relay.data_dir()) {
        let stored = std::fs::read(&f).unwrap();
        assert!(
            !stored
                .windows(64)
                .any(|w| w == &video_bytes[1_000_000..1_000_064]),
            "plaintext in {f:?}"
        );
    }
}

/// Creates a blob for one reader and returns it with its upload capability.
async fn new_blob(
    relay: &TestRelay,
    link: &RelayLink,
    total: u64,
    reader: [u8; 32],
) -> (BlobId, [u8; 32]) {
    let mut token = [0u8; 32];
    rand::rng().fill_bytes(&mut token);
    let reader_hash = sha2_of(&reader);
    let payment = relay
        .tokens(amicus_protocol::tokens::blob_cost(total))
        .await;
    let (blob, _) = transfer::create_blob(link, total, &token, vec![reader_hash], payment)
        .await
        .unwrap();
    (blob, token)
}

fn sha2_of(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).into()
}

#[tokio::test]
async fn a_cut_upload_and_a_cut_download_resume_from_what_the_other_side_holds() {
    let relay = TestRelay::start().await;
    let files = tempfile::tempdir().unwrap();
    let len = 6 * 1024 * 1024;
    let path = evidence(files.path(), "video.mp4", len, 3);
    let key = AttachmentKey::generate();
    let source = Source::Plain {
        path: path.clone(),
        len: len as u64,
        key: key.clone(),
    };
    let total = source.sealed_len();
    let reader = [9u8; 32];

    // Upload, cut a third of the way.
    let first = link(&relay).await;
    let (blob, token) = new_blob(&relay, &first, total, reader).await;
    let mut upload = Upload::new(blob, token);
    let meter = Meter::cutting(first.connection().expect("a QUIC link"), total / 3);
    let cut = upload.attempt(&first, &source, &meter).await;
    assert!(
        matches!(cut, Err(ClientError::Unreachable { .. })),
        "{cut:?}"
    );
    // The relay keeps what arrived; it holds part, durably.
    let second = link(&relay).await;
    let held = upload.relay_holds(&second).await.unwrap();
    assert!(held > 0 && held < total, "relay holds {held} of {total}");
    let meter = Meter::default();
    let digest = upload.attempt(&second, &source, &meter).await.unwrap();
    assert_eq!(
        meter.moved(),
        total - held,
        "only the missing bytes were sent"
    );
    let pointer = AttachmentPointer {
        blob,
        access: [0; 32],
        key: key.clone(),
        size: len as u64,
        digest,
        file_name: "video.mp4".into(),
        media_type: String::new(),
    };

    // Download, cut half way; the partial file is kept and the next attempt continues.
    let part = files.path().join("video.part");
    let third = link(&relay).await;
    let meter = Meter::cutting(third.connection().expect("a QUIC link"), total / 2);
    let cut = transfer::download_attempt(&third, blob, reader, total, &part, &meter).await;
    assert!(cut.is_err());
    let have = std::fs::metadata(&part).unwrap().len();
    assert!(have > 0 && have < total, "holds {have} of {total}");
    let fourth = link(&relay).await;
    let meter = Meter::default();
    transfer::download_attempt(&fourth, blob, reader, total, &part, &meter)
        .await
        .unwrap();
    assert_eq!(meter.moved(), total - have);
    assert_eq!(transfer::digest_of(&part).unwrap(), pointer.digest);
    let out = files.path().join("out.mp4");
    let opening = Meter::default();
    transfer::open_sealed(&part, &key, len as u64, &out, &opening).unwrap();
    assert!(same_file(&out, &path));
    // Decrypting into place reports its progress too (padding is not counted twice).
    assert!(opening.opened() >= len as u64, "{}", opening.opened());
}

#[tokio::test]
async fn a_client_restarted_mid_upload_and_mid_download_continues() {
    let relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;
    let files = tempfile::tempdir().unwrap();
    let len = 8 * 1024 * 1024;
    let video = evidence(files.path(), "night.mp4", len, 4);
    let total = sealed_len(len as u64);

    // The upload task is dropped part way, as a killed process would be.
    let mut profile = defender.profile.take().unwrap();
    let path = video.clone();
    let moved = Arc::new(Meter::default());
    let meter = moved.clone();
    let task = tokio::spawn(async move {
        let _ = profile
            .upload_for(&["member"], &[path], meter.as_ref())
            .await;
    });
    let started = eventually(Duration::from_secs(30), async || {
        moved.moved() > total / 3 || task.is_finished()
    })
    .await;
    assert!(started);
    task.abort();
    let _ = task.await;
    let written: u64 = blob_files(&relay)
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    assert!(written < total, "the upload finished before the cut");
    defender.reopen();
    let meter = Meter::default();
    let pointers = defender
        .p()
        .upload_for(&["member"], std::slice::from_ref(&video), &meter)
        .await
        .unwrap();
    assert!(
        meter.moved() < total,
        "resumed, not from zero ({} of {total})",
        meter.moved()
    );
    let briefing = Briefing {
        title: "Night raid".into(),
        attachments: pointers,
        ..Default::default()
    };
    defender
        .p()
        .send_structured(&["member"], briefing)
        .await
        .unwrap();
    // The upload record went with the briefing: the same file again is a new upload.
    assert_eq!(defender.p().pending_uploads().unwrap(), 0);

    member.sync().await;
    let n = number_of(&mut member, "Night raid");
    let pointer = member.p().attachments_of(n).unwrap().remove(0);
    let profile = member.profile.take().unwrap();
    let moved = Arc::new(Meter::default());
    let meter = moved.clone();
    let p = pointer.clone();
    let task = tokio::spawn(async move {
        let _ = profile.fetch_attachment(&p, meter.as_ref()).await;
    });
    let started = eventually(Duration::from_secs(30), async || {
        moved.moved() > total / 3 || task.is_finished()
    })
    .await;
    assert!(started);
    task.abort();
    let _ = task.await;
    member.reopen();
    let out = tempfile::tempdir().unwrap();
    let meter = Meter::default();
    let saved = member
        .p()
        .save_attachments(n, None, out.path(), &meter)
        .await
        .unwrap();
    assert!(meter.moved() < total, "download resumed, not from zero");
    assert!(meter.opened() >= len as u64, "decrypting showed progress");
    assert!(same_file(&saved[0], &video));
    assert_eq!(relay.relay().service().blobs.count(), 0);
}

/// Sends one 3-chunk file and returns the relay's blob file and the member's message.
async fn sent_blob(relay: &TestRelay) -> (TestProfile, u64, PathBuf, PathBuf) {
    let (mut defender, mut member) = relay.pair().await;
    let before = blob_files(relay);
    let files = tempfile::tempdir().unwrap();
    let file = evidence(files.path(), "doc.pdf", 3 * 64 * 1024, 5);
    send_with(
        &mut defender,
        &["member"],
        "Doc",
        std::slice::from_ref(&file),
    )
    .await;
    member.sync().await;
    let n = number_of(&mut member, "Doc");
    let new: Vec<PathBuf> = blob_files(relay)
        .into_iter()
        .filter(|f| !before.contains(f))
        .collect();
    assert_eq!(new.len(), 1, "{new:?}");
    let blob = new[0].clone();
    let keep = std::env::temp_dir().join(format!("amicus-doc-{}", rand::random::<u64>()));
    std::fs::copy(&file, &keep).unwrap();
    (member, n, blob, keep)
}

#[tokio::test]
async fn tampering_on_the_relay_is_detected_and_nothing_is_saved_or_released() {
    let relay = TestRelay::start().await;
    // A flipped bit.
    let (mut member, n, blob, original) = sent_blob(&relay).await;
    let mut bytes = std::fs::read(&blob).unwrap();
    bytes[70_000] ^= 0x01;
    std::fs::write(&blob, &bytes).unwrap();
    let out = tempfile::tempdir().unwrap();
    let err = member
        .p()
        .save_attachments(n, None, out.path(), &Quiet)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::AttachmentDamaged(_)), "{err:?}");
    assert!(support::files_under(out.path()).is_empty());
    // Not released: the relay's copy stays for a retry once repaired.
    assert!(blob.exists());
    // Repaired, it downloads and opens.
    bytes[70_000] ^= 0x01;
    std::fs::write(&blob, &bytes).unwrap();
    let saved = member
        .p()
        .save_attachments(n, None, out.path(), &Quiet)
        .await
        .unwrap();
    assert!(same_file(&saved[0], &original));
    assert!(!blob.exists(), "released blob deleted");
    let _ = std::fs::remove_file(original);

    // Two chunks swapped.
    let (mut member, n, blob, original) = sent_blob(&relay).await;
    let bytes = std::fs::read(&blob).unwrap();
    let c = SEALED_CHUNK_LEN;
    let swapped = [&bytes[c..2 * c], &bytes[..c], &bytes[2 * c..]].concat();
    std::fs::write(&blob, &swapped).unwrap();
    let err = member
        .p()
        .save_attachments(n, None, out.path(), &Quiet)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::AttachmentDamaged(_)), "{err:?}");
    let _ = std::fs::remove_file(original);

    // Truncated on the relay's disk: a clear refusal, not a short file.
    let (mut member, n, blob, original) = sent_blob(&relay).await;
    let bytes = std::fs::read(&blob).unwrap();
    std::fs::write(&blob, &bytes[..2 * c]).unwrap();
    let err = member
        .p()
        .save_attachments(n, None, out.path(), &Quiet)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::Relay(ErrorCode::Internal)),
        "{err:?}"
    );
    let _ = std::fs::remove_file(original);
}

#[tokio::test]
async fn a_dropped_chunk_a_truncation_a_swap_and_a_wrong_key_fail_to_open_locally() {
    let dir = tempfile::tempdir().unwrap();
    let len = 3 * 64 * 1024 + 500;
    let path = evidence(dir.path(), "f.bin", len, 6);
    let key = AttachmentKey::generate();
    let source = Source::Plain {
        path: path.clone(),
        len: len as u64,
        key: key.clone(),
    };
    // Seal through a real relay and download the ciphertext.
    let relay = TestRelay::start().await;
    let l = link(&relay).await;
    let (blob, token) = new_blob(&relay, &l, source.sealed_len(), [1; 32]).await;
    let mut up = Upload::new(blob, token);
    up.attempt(&l, &source, &Quiet).await.unwrap();
    let sealed = dir.path().join("f.sealed");
    transfer::download_attempt(&l, blob, [1; 32], source.sealed_len(), &sealed, &Quiet)
        .await
        .unwrap();
    let bytes = std::fs::read(&sealed).unwrap();
    let c = SEALED_CHUNK_LEN;
    let out = dir.path().join("out");
    let try_open = |name: &str, data: &[u8], key: &AttachmentKey| {
        let p = dir.path().join(name);
        std::fs::write(&p, data).unwrap();
        transfer::open_sealed(&p, key, len as u64, &out, &Quiet)
    };
    let dropped = [&bytes[..c], &bytes[2 * c..]].concat();
    let truncated = &bytes[..bytes.len() - 100];
    let swapped = [&bytes[c..2 * c], &bytes[..c], &bytes[2 * c..]].concat();
    assert!(try_open("dropped", &dropped, &key).is_err());
    assert!(try_open("truncated", truncated, &key).is_err());
    assert!(matches!(
        try_open("swapped", &swapped, &key),
        Err(ClientError::AttachmentDamaged(_))
    ));
    assert!(matches!(
        try_open("wrong-key", &bytes, &AttachmentKey::generate()),
        Err(ClientError::AttachmentDamaged(_))
    ));
    // Nothing half-opened is left behind.
    assert!(!out.exists());
    try_open("intact", &bytes, &key).unwrap();
    assert!(same_file(&out, &path));
}

#[tokio::test]
async fn quotas_declared_sizes_and_capabilities_are_enforced() {
    let relay = TestRelay::start_with(|c| {
        c.max_blob_bytes = 1024 * 1024;
        c.blob_store_max_bytes = 3 * 1024 * 1024;
    })
    .await;
    let (mut defender, _member) = relay.pair().await;
    let files = tempfile::tempdir().unwrap();
    // Above the relay's maximum: refused before any byte is sent.
    let big = evidence(files.path(), "big.mp4", 2 * 1024 * 1024, 7);
    let err = defender
        .p()
        .upload_for(&["member"], &[big], &Quiet)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::Relay(ErrorCode::BlobTooLarge)),
        "{err:?}"
    );
    // Refused up front: no upload is left on record.
    assert_eq!(defender.p().pending_uploads().unwrap(), 0);
    // The store fills up: the fourth 900 KB file finds no room.
    for i in 0..3 {
        let f = evidence(files.path(), &format!("f{i}"), 900_000, 10 + i);
        defender
            .p()
            .upload_for(&["member"], &[f], &Quiet)
            .await
            .unwrap();
    }
    let f = evidence(files.path(), "f3", 900_000, 20);
    let err = defender
        .p()
        .upload_for(&["member"], &[f], &Quiet)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::Relay(ErrorCode::BlobStoreFull)),
        "{err:?}"
    );

    // Past the declared size: refused, and the relay keeps no more than declared (on a
    // relay with room left).
    let relay2 = TestRelay::start().await;
    let l2 = link(&relay2).await;
    let (blob, token) = new_blob(&relay2, &l2, 1000, [1; 32]).await;
    let (mut send, mut recv) = l2.open_stream().await.unwrap();
    let head = Request::UploadBlob {
        blob,
        upload_token: token,
        offset: 0,
    };
    send.write_all(&frame::encode(&head.encode()))
        .await
        .unwrap();
    let _ = send.write_all(&[7u8; 2000]).await;
    send.finish();
    let answer = l2.read_response(&mut recv).await.unwrap();
    assert_eq!(answer, Response::error(ErrorCode::BlobSizeExceeded));
    let held = Upload::new(blob, token).relay_holds(&l2).await.unwrap();
    assert!(held <= 1000);

    // Wrong upload capability, wrong reader, unfinished blob.
    let wrong = l2
        .call(&Request::BlobStatus {
            blob,
            upload_token: [0; 32],
        })
        .await
        .unwrap();
    assert_eq!(wrong, Response::error(ErrorCode::BlobUnknown));
    let part = files.path().join("p");
    let err = transfer::download_attempt(&l2, blob, [1; 32], 1000, &part, &Quiet)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::Relay(ErrorCode::BlobIncomplete)),
        "{err:?}"
    );
    let err = transfer::download_attempt(&l2, blob, [2; 32], 1000, &part, &Quiet)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::Relay(ErrorCode::BlobUnknown)),
        "{err:?}"
    );
    // An upload from an offset the relay does not hold.
    let far = l2
        .raw_exchange(&frame::encode(
            &Request::UploadBlob {
                blob,
                upload_token: token,
                offset: 999,
            }
            .encode(),
        ))
        .await
        .unwrap();
    assert_eq!(far, Response::error(ErrorCode::BlobOffset));
}

#[tokio::test]
async fn the_centre_presents_attachments_under_the_mandate_or_withholds_them() {
    use amicus_client::MandateOptions;
    use amicus_core::mandate::Attribution;
    let relay = TestRelay::start().await;
    let mut w = support::centre(&relay).await;
    let files = tempfile::tempdir().unwrap();
    let video = evidence(files.path(), "raid.mp4", 2 * 1024 * 1024 + 77, 30);
    let pointers = w
        .defender
        .p()
        .upload_for(&["Staff S"], std::slice::from_ref(&video), &Quiet)
        .await
        .unwrap();
    let briefing = Briefing {
        title: "Raid".into(),
        body: "Footage of the raid.".into(),
        attachments: pointers,
        ..Default::default()
    };
    w.defender
        .p()
        .submit_for_presentation(
            &["Staff S"],
            briefing,
            MandateOptions {
                staff: &["Staff S"],
                members: &["Member A", "Member B"],
                session: "CCPR 145".into(),
                attribution: Attribution::Pseudonym("Witness K".into()),
                allow_attachments: true,
                expires_at: amicus_client::now_ms() + 86_400_000,
            },
        )
        .await
        .unwrap();
    w.staff.sync().await;
    let n = number_of(&mut w.staff, "Raid");
    // With attachments: the member gets the very file, from a blob only the member can read.
    w.staff.p().present(n, "Member A", true).await.unwrap();
    w.member_a.sync().await;
    let m = number_of(&mut w.member_a, "Raid");
    let out = tempfile::tempdir().unwrap();
    let saved = w
        .member_a
        .p()
        .save_attachments(m, None, out.path(), &Quiet)
        .await
        .unwrap();
    assert!(same_file(&saved[0], &video));
    // Without: Member B sees the description only.
    w.staff.p().present(n, "Member B", false).await.unwrap();
    w.member_b.sync().await;
    let m = number_of(&mut w.member_b, "Raid");
    let described = w.member_b.p().attachments_of(m).unwrap();
    assert_eq!(described[0].file_name, "raid.mp4");
    assert!(described[0].is_withheld());
    let err = w
        .member_b
        .p()
        .save_attachments(m, None, out.path(), &Quiet)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::AttachmentWithheld(_)), "{err:?}");
    // Every blob was released by its only reader: nothing left on the relay, and its files
    // never held the file's name.
    assert_eq!(relay.relay().service().blobs.count(), 0);
    assert!(support::find_in_files(relay.data_dir(), b"raid.mp4").is_empty());
}

/// A file handed over as bytes (a browser's picker) is sealed as it arrives: the profile
/// never holds its plaintext, a draft sends it from the sealed copy, the member saves the
/// same bytes, and the sealed copy is gone once sent. A file that arrives short, or is
/// abandoned, leaves nothing.
#[tokio::test]
async fn a_file_given_as_bytes_is_sealed_as_it_arrives_and_sent_from_the_sealed_copy() {
    let relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;
    let mut bytes = b"canary-staged-41d7 ".repeat(9000);
    rand::rngs::StdRng::seed_from_u64(9).fill_bytes(&mut bytes[100_000..]);
    let staged = {
        let mut writer = defender
            .p()
            .stage_attachment("../../évidence.pdf", bytes.len() as u64)
            .unwrap();
        for piece in bytes.chunks(10_000) {
            writer.write(piece).unwrap();
        }
        writer.finish(defender.p()).unwrap()
    };
    assert_eq!(staged.name, "évidence.pdf", "a name, never a path");
    let outgoing = defender.path.join("outgoing");
    let held: Vec<PathBuf> = std::fs::read_dir(&outgoing)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(held.len(), 1);
    assert_eq!(
        std::fs::metadata(&held[0]).unwrap().len(),
        sealed_len(bytes.len() as u64)
    );
    let canary = b"canary-staged-41d7";
    for f in amicus_demo::files_under(&defender.path) {
        let content = std::fs::read(&f).unwrap();
        assert!(!content.windows(canary.len()).any(|w| w == canary), "{f:?}");
    }

    let briefing = Briefing {
        title: "From the browser".into(),
        body: "See the file.".into(),
        ..Default::default()
    };
    let n = defender
        .p()
        .keep_draft_with(
            &["member"],
            briefing,
            &[],
            std::slice::from_ref(&staged.id),
            None,
        )
        .unwrap();
    defender.p().send_draft(n, &Quiet).await.unwrap();
    assert!(
        std::fs::read_dir(&outgoing).unwrap().next().is_none(),
        "the sealed copy went"
    );
    assert!(defender.p().staged_attachment(&staged.id).is_err());

    member.sync().await;
    let n = number_of(&mut member, "From the browser");
    let out = tempfile::tempdir().unwrap();
    let saved = member
        .p()
        .save_attachments(n, None, out.path(), &Quiet)
        .await
        .unwrap();
    assert_eq!(saved[0].file_name().unwrap(), "évidence.pdf");
    assert_eq!(std::fs::read(&saved[0]).unwrap(), bytes);

    // Short, too long, or abandoned: refused, and nothing is left.
    let mut short = defender.p().stage_attachment("a.txt", 10).unwrap();
    short.write(b"12345").unwrap();
    assert!(matches!(
        short.finish(defender.p()),
        Err(ClientError::IncompleteFile(_))
    ));
    let mut long = defender.p().stage_attachment("b.txt", 3).unwrap();
    assert!(matches!(
        long.write(b"12345"),
        Err(ClientError::IncompleteFile(_))
    ));
    drop(long);
    let abandoned = defender.p().stage_attachment("c.txt", 3).unwrap();
    drop(abandoned);
    assert!(std::fs::read_dir(&outgoing).unwrap().next().is_none());
}
