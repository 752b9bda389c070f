//! Attachments through the `amicus` binary: the process is SIGKILLed mid-upload and
//! mid-download, and the same command run again continues from what the other side holds
//! durably (it says so), and the saved file is the sent one, byte for byte.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use amicus_client::KdfParams;
use amicus_client::{NewProfile, Profile};
use amicus_core::secret::Passphrase;
use rand::{RngCore as _, SeedableRng as _};

const PASSPHRASE: &str = "a long enough test passphrase";
const FILE_LEN: usize = 24 * 1024 * 1024;

fn command(profile: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_amicus"));
    c.arg("--profile")
        .arg(profile)
        .args(args)
        .env("AMICUS_PASSPHRASE", PASSPHRASE)
        .env("AMICUS_LANG", "en")
        .stdin(Stdio::null());
    c
}

fn run(profile: &Path, args: &[&str]) -> Output {
    let out = command(profile, args).output().expect("amicus runs");
    assert!(
        out.status.success(),
        "{args:?}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Total length of the files under `dir` whose name ends with `suffix`.
fn bytes_in(dir: &Path, suffix: &str) -> u64 {
    amicus_demo::files_under(dir)
        .iter()
        .filter(|f| f.to_string_lossy().ends_with(suffix))
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

/// Starts `amicus` and SIGKILLs it once `progress()` passes `at` bytes. Returns whether it
/// was killed (rather than finishing first).
fn kill_when(mut child: Child, progress: impl Fn() -> u64, at: u64) -> bool {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().expect("wait").is_some() {
            return false;
        }
        if progress() >= at {
            child.kill().expect("kill");
            child.wait().expect("reaped");
            return true;
        }
        assert!(Instant::now() < deadline, "no progress");
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn profiles(
    runtime: &tokio::runtime::Runtime,
    dir: &Path,
    address: &str,
    pin: amicus_protocol::RelayPin,
) -> (PathBuf, PathBuf) {
    let pass = Passphrase::new(PASSPHRASE.into());
    let new = |name| NewProfile {
        name,
        relay_address: address,
        relay_pin: pin,
        kdf: KdfParams {
            memory_kib: 1024,
            iterations: 1,
            lanes: 1,
        },
        invitation: None,
        proxy: None,
    };
    let (d, m) = (dir.join("defender"), dir.join("member"));
    let mut defender = runtime
        .block_on(Profile::create(&d, &pass, new("Defender")))
        .unwrap();
    let mut member = runtime
        .block_on(Profile::create(&m, &pass, new("Member")))
        .unwrap();
    defender
        .add_contact(&member.contact_card().to_text(), Some("member"))
        .unwrap();
    member
        .add_contact(&defender.contact_card().to_text(), Some("defender"))
        .unwrap();
    (d, m)
}

#[test]
fn killed_transfers_resume_through_the_binary() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let relay = support::start_relay(&runtime, dir.path());
    let (defender, member) = profiles(&runtime, dir.path(), &relay.addr.to_string(), relay.pin);
    let mut video = vec![0u8; FILE_LEN];
    rand::rngs::StdRng::seed_from_u64(11).fill_bytes(&mut video);
    let video_path = dir.path().join("hearing.mp4");
    std::fs::write(&video_path, &video).unwrap();
    let sealed = amicus_core::attachment::sealed_len(FILE_LEN as u64);
    let send = [
        "send",
        "--to",
        "member",
        "--subject",
        "Hearing footage",
        "--body",
        "The full hearing.",
        "--attach",
        video_path.to_str().unwrap(),
    ];

    // Killed mid-upload: the relay holds part of the blob.
    let relay_blobs = dir.path().join("relay").join("attachments");
    let child = command(&defender, &send)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let killed = kill_when(child, || bytes_in(&relay_blobs, ".blob"), sealed / 4);
    assert!(killed, "the upload finished before the kill");
    assert!(bytes_in(&relay_blobs, ".blob") < sealed);

    // The same command again continues the upload, then sends the briefing.
    let out = run(&defender, &send);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Resuming from"), "{stderr}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Delivered to the relay for member"),
        "{out:?}"
    );
    assert_eq!(bytes_in(&relay_blobs, ".blob"), sealed);

    let synced = run(&member, &["sync"]);
    assert!(String::from_utf8_lossy(&synced.stdout).contains("1 new briefing"));
    // Running the command again continued the draft the kill left: nothing else waits,
    // and no second copy is ever sent.
    let outbox = run(&defender, &["outbox"]);
    assert!(
        String::from_utf8_lossy(&outbox.stdout).contains("outbox is empty"),
        "{outbox:?}"
    );
    run(&defender, &["sync"]);
    let again = run(&member, &["sync"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 new briefing"));
    let inbox = String::from_utf8_lossy(&run(&member, &["inbox"]).stdout).into_owned();
    let number = inbox.split_whitespace().next().unwrap().to_string();
    let read = String::from_utf8_lossy(&run(&member, &["read", &number]).stdout).into_owned();
    assert!(read.contains("attachment 1: hearing.mp4"), "{read}");
    assert!(read.contains(&format!("amicus save {number}")), "{read}");

    // Killed mid-download: the member's device holds part of it.
    let out_dir = dir.path().join("saved");
    let save = ["save", &number, "--into", out_dir.to_str().unwrap()];
    let member_files = member.join("attachments");
    let child = command(&member, &save)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let killed = kill_when(child, || bytes_in(&member_files, ".part"), sealed / 4);
    assert!(killed, "the download finished before the kill");
    assert!(!out_dir.join("hearing.mp4").exists());

    let out = run(&member, &save);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Resuming from"), "{stderr}");
    let saved = out_dir.join("hearing.mp4");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Saved"),
        "{out:?}"
    );
    assert!(
        std::fs::read(&saved).unwrap() == video,
        "the saved file differs"
    );
    // Held by its only reader: the relay deleted it.
    assert_eq!(bytes_in(&relay_blobs, ".blob"), 0);
    // No plaintext in the member's profile: only the sealed copy.
    let probe = &video[10_000_000..10_000_064];
    for f in amicus_demo::files_under(&member) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(!bytes.windows(64).any(|w| w == probe), "plaintext in {f:?}");
    }
    runtime.block_on(relay.shutdown());
}

/// Ctrl-C in the middle of an upload: the command says the briefing is kept, `outbox`
/// lists it, and `sync` finishes it (the upload resumes, the member gets it once).
#[test]
fn ctrl_c_during_an_upload_keeps_the_briefing_for_sync() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let relay = support::start_relay(&runtime, dir.path());
    let (defender, member) = profiles(&runtime, dir.path(), &relay.addr.to_string(), relay.pin);
    let mut video = vec![0u8; FILE_LEN];
    rand::rngs::StdRng::seed_from_u64(12).fill_bytes(&mut video);
    let video_path = dir.path().join("testimony.mp4");
    std::fs::write(&video_path, &video).unwrap();
    let sealed = amicus_core::attachment::sealed_len(FILE_LEN as u64);
    let relay_blobs = dir.path().join("relay").join("attachments");
    let mut child = command(
        &defender,
        &[
            "send",
            "--to",
            "member",
            "--subject",
            "Testimony",
            "--body",
            "Recorded yesterday.",
            "--attach",
            video_path.to_str().unwrap(),
        ],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while bytes_in(&relay_blobs, ".blob") < sealed / 4 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the upload finished first"
        );
        assert!(Instant::now() < deadline, "no progress");
        std::thread::sleep(Duration::from_millis(2));
    }
    // Ctrl-C, as a person presses it.
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Your briefing is kept on this device"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let outbox = String::from_utf8_lossy(&run(&defender, &["outbox"]).stdout).into_owned();
    assert!(
        outbox.contains("Testimony") && outbox.contains("kept on this device"),
        "{outbox}"
    );

    run(&defender, &["sync"]);
    assert_eq!(bytes_in(&relay_blobs, ".blob"), sealed);
    let outbox = String::from_utf8_lossy(&run(&defender, &["outbox"]).stdout).into_owned();
    assert!(outbox.contains("outbox is empty"), "{outbox}");
    let synced = run(&member, &["sync"]);
    assert!(String::from_utf8_lossy(&synced.stdout).contains("1 new briefing"));
    runtime.block_on(relay.shutdown());
}

/// A relay with no room left for the file (issue 15, item 7), in French: the command says
/// the relay is full and that the briefing is kept, `outbox` lists it, and once the relay has
/// room again `sync` sends it, once, with its attachment.
#[test]
fn a_full_relay_keeps_the_briefing_until_it_has_room() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let small = |c: &mut amicus_relay::RelayConfig| {
        c.max_blob_bytes = 4 * 1024 * 1024;
        c.blob_store_max_bytes = 1024 * 1024;
    };
    let relay = support::start_relay_with(&runtime, dir.path(), "127.0.0.1:0", small);
    let address = relay.addr.to_string();
    let (defender, member) = profiles(&runtime, dir.path(), &address, relay.pin);
    let file = dir.path().join("rapport.pdf");
    std::fs::write(&file, vec![7u8; 2 * 1024 * 1024]).unwrap();
    let fr = |profile: &Path, args: &[&str]| {
        let mut c = command(profile, args);
        c.env("AMICUS_LANG", "fr");
        c.output().expect("amicus runs")
    };
    let out = fr(
        &defender,
        &[
            "send",
            "--to",
            "member",
            "--subject",
            "Rapport",
            "--body",
            "Le rapport complet.",
            "--attach",
            file.to_str().unwrap(),
        ],
    );
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("pas de place"), "{said}");
    assert!(said.contains("est gardé sur cet appareil"), "{said}");
    assert!(
        !said.contains("Connection") && !said.contains("panicked"),
        "{said}"
    );
    let outbox = String::from_utf8_lossy(&fr(&defender, &["outbox"]).stdout).into_owned();
    assert!(outbox.contains("Rapport"), "{outbox}");

    // The operator makes room: the same store, a larger allowance.
    runtime.block_on(relay.shutdown());
    let relay = support::start_relay_with(&runtime, dir.path(), &address, |c| {
        c.max_blob_bytes = 4 * 1024 * 1024;
    });
    let out = fr(&defender, &["sync"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let outbox = String::from_utf8_lossy(&fr(&defender, &["outbox"]).stdout).into_owned();
    assert!(!outbox.contains("Rapport"), "{outbox}");
    let synced = fr(&member, &["sync"]);
    let said = String::from_utf8_lossy(&synced.stdout).into_owned();
    assert!(said.contains("1 nouveau briefing"), "{said}");
    runtime.block_on(relay.shutdown());
}
