//! A seized or shared device: wipe, wipe after wrong passphrases, deletion of read briefings.

mod support;

use amicus_client::{ClientError, set_wipe_after, wipe};
use amicus_client::{Profile, now_ms};
use support::*;

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[tokio::test]
async fn a_wiped_profile_cannot_be_read_even_from_a_copy_with_the_passphrase() {
    let relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;
    defender
        .send("member", "CANARY-WIPE-SUBJECT", "CANARY-WIPE-BODY")
        .await;
    member.sync().await;
    member.profile = None;

    // A forensic copy of the store taken before the wipe.
    let image = tempfile::tempdir().unwrap();
    copy_dir(&member.path.join("store"), &image.path().join("store"));
    assert!(
        find_in_files(image.path(), b"CANARY-WIPE").is_empty(),
        "never in the clear"
    );

    wipe(&member.path).unwrap();
    assert!(!member.path.exists());

    // The copy alone is not a profile, and a new key file with the same passphrase does not
    // open it: the master key was destroyed with profile.key.
    assert!(matches!(
        Profile::open(image.path(), &passphrase()),
        Err(ClientError::NoProfile(_))
    ));
    amicus_client::internal::create_key_file(
        &image.path().join("profile.key"),
        &passphrase(),
        test_kdf(),
    )
    .unwrap();
    assert!(matches!(
        Profile::open(image.path(), &passphrase()),
        Err(ClientError::Corrupt(_))
    ));
}

#[tokio::test]
async fn wrong_passphrases_count_down_then_wipe() {
    let relay = TestRelay::start().await;
    let mut member = relay.profile("Member").await;
    member.profile = None;
    set_wipe_after(&member.path, 3).unwrap();
    let wrong = amicus_core::secret::Passphrase::new("wrong passphrase".into());
    assert!(matches!(
        Profile::open(&member.path, &wrong),
        Err(ClientError::WrongPassphraseLeft(2))
    ));
    // A successful unlock resets the count.
    member.reopen();
    member.profile = None;
    assert!(matches!(
        Profile::open(&member.path, &wrong),
        Err(ClientError::WrongPassphraseLeft(2))
    ));
    assert!(matches!(
        Profile::open(&member.path, &wrong),
        Err(ClientError::WrongPassphraseLeft(1))
    ));
    assert!(matches!(
        Profile::open(&member.path, &wrong),
        Err(ClientError::WipedAfterFailures)
    ));
    assert!(!member.path.exists());
    assert!(matches!(
        Profile::open(&member.path, &passphrase()),
        Err(ClientError::NoProfile(_))
    ));
}

#[tokio::test]
async fn read_briefings_are_deleted_after_the_chosen_days() {
    let relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;
    for subject in ["read", "unread"] {
        defender.send("member", subject, "x").await;
    }
    member.sync().await;
    let first = member.p().inbox().unwrap()[0].number;
    member.p().read_message(first).unwrap();

    member.p().set_delete_read_after_days(30).unwrap();
    // Read just now: kept under a 30-day setting.
    assert_eq!(member.p().delete_old_read().unwrap(), 0);
    // As if 30 days had passed: the read one goes, the unread one stays.
    assert_eq!(member.p().delete_read_before(now_ms() + 1).unwrap(), 1);
    let left = member.subjects();
    assert_eq!(left, ["unread"]);
    // The setting survives a restart.
    member.reopen();
    assert_eq!(member.p().delete_read_after_days(), 30);
}
