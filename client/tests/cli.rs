//! The `amicus` binary driven as a person would, against a real relay on 127.0.0.1.

use std::path::Path;
use std::process::{Command, Output};

use amicus_relay::RelayConfig;

const PASSPHRASE: &str = "a long enough test passphrase";

fn amicus(profile: &Path, passphrase: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amicus"))
        .arg("--profile")
        .arg(profile)
        .args(args)
        .env("AMICUS_PASSPHRASE", passphrase)
        .env_remove("AMICUS_PROFILE")
        .output()
        .expect("amicus runs")
}

fn ok(output: Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    stdout
}

fn fails(output: Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !output.status.success(),
        "expected a failure, got: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Error {"), "no debug output: {stderr}");
    stderr
}

fn card_from(output: &str) -> String {
    output
        .lines()
        .find(|l| l.starts_with("amicus:"))
        .expect("a contact card line")
        .to_string()
}

fn safety_number(output: &str) -> String {
    output
        .lines()
        .find_map(|l| {
            l.split_once(": ")
                .filter(|(k, _)| k.starts_with("Safety number"))
        })
        .map(|(_, v)| v.trim().to_string())
        .expect("a safety number line")
}

#[test]
fn a_briefing_from_init_to_read() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let relay = runtime
        .block_on(amicus_relay::start(RelayConfig::new(
            dir.path().join("relay"),
            "127.0.0.1:0".parse().unwrap(),
        )))
        .unwrap();
    let address = relay.addr.to_string();
    let pin = relay.pin.to_hex();
    let defender = dir.path().join("defender");
    let member = dir.path().join("member");

    let out = ok(amicus(
        &defender,
        PASSPHRASE,
        &[
            "init", "--name", "Defender", "--relay", &address, "--pin", &pin,
        ],
    ));
    let defender_card = card_from(&out);
    let out = ok(amicus(
        &member,
        PASSPHRASE,
        &[
            "init", "--name", "Member", "--relay", &address, "--pin", &pin,
        ],
    ));
    let member_card = card_from(&out);
    assert_eq!(
        card_from(&ok(amicus(&member, PASSPHRASE, &["card"]))),
        member_card
    );

    // A second init on the same profile is refused and changes nothing.
    let err = fails(amicus(
        &member,
        PASSPHRASE,
        &[
            "init", "--name", "Again", "--relay", &address, "--pin", &pin,
        ],
    ));
    assert!(err.contains("already exists"), "{err}");

    let added = ok(amicus(
        &defender,
        PASSPHRASE,
        &["contacts", "add", &member_card, "--name", "member"],
    ));
    assert!(added.contains("Added member"), "{added}");
    ok(amicus(
        &member,
        PASSPHRASE,
        &["contacts", "add", &defender_card, "--name", "defender"],
    ));
    let seen_by_defender = safety_number(&ok(amicus(
        &defender,
        PASSPHRASE,
        &["contacts", "verify", "member"],
    )));
    let seen_by_member = safety_number(&ok(amicus(
        &member,
        PASSPHRASE,
        &["contacts", "verify", "defender"],
    )));
    assert_eq!(seen_by_defender, seen_by_member);
    assert_eq!(seen_by_defender.replace(' ', "").len(), 60);
    ok(amicus(
        &defender,
        PASSPHRASE,
        &["contacts", "verify", "member", "--confirm"],
    ));
    let list = ok(amicus(&defender, PASSPHRASE, &["contacts", "list"]));
    assert!(list.contains("member  (verified)"), "{list}");

    let body_file = dir.path().join("briefing.txt");
    std::fs::write(&body_file, "Journalists were detained at the border.\n").unwrap();
    let sent = ok(amicus(
        &defender,
        PASSPHRASE,
        &[
            "send",
            "--to",
            "member",
            "--subject",
            "Border detentions",
            "--body-file",
            body_file.to_str().unwrap(),
        ],
    ));
    assert!(sent.contains("Delivered to the relay for member"), "{sent}");
    assert!(ok(amicus(&defender, PASSPHRASE, &["outbox"])).contains("outbox is empty"));

    let synced = ok(amicus(&member, PASSPHRASE, &["sync"]));
    assert!(synced.contains("1 new briefing"), "{synced}");
    let inbox = ok(amicus(&member, PASSPHRASE, &["inbox"]));
    assert!(inbox.contains("from defender"), "{inbox}");
    assert!(inbox.contains("Border detentions"), "{inbox}");
    let number = inbox.split_whitespace().next().unwrap().to_string();
    let read = ok(amicus(&member, PASSPHRASE, &["read", &number]));
    assert!(
        read.contains("Journalists were detained at the border."),
        "{read}"
    );
    assert!(read.contains("From:    defender"), "{read}");

    // Mistakes get plain sentences, not error chains.
    let err = fails(amicus(&member, "not the passphrase", &["inbox"]));
    assert!(
        err.contains("The passphrase is not right. Nothing was changed"),
        "{err}"
    );
    let err = fails(amicus(
        &defender,
        PASSPHRASE,
        &["send", "--to", "nobody", "--subject", "s", "--body", "b"],
    ));
    assert!(
        err.contains("You have no contact called \"nobody\""),
        "{err}"
    );
    let err = fails(amicus(
        &defender,
        PASSPHRASE,
        &["contacts", "add", "amicus:garbage"],
    ));
    assert!(err.contains("not a valid contact card"), "{err}");
    let err = fails(amicus(&dir.path().join("nowhere"), PASSPHRASE, &["inbox"]));
    assert!(err.contains("There is no Amicus profile"), "{err}");
    let err = fails(amicus(&member, PASSPHRASE, &["read", "999999"]));
    assert!(err.contains("There is no message number 999999"), "{err}");

    runtime.block_on(relay.shutdown());
}

#[test]
fn the_demo_runs_with_no_setup() {
    let out = Command::new(env!("CARGO_BIN_EXE_amicus"))
        .arg("demo")
        .env_remove("AMICUS_PASSPHRASE")
        .env_remove("AMICUS_PROFILE")
        .output()
        .expect("amicus runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Result: the relay held only ciphertext and never learned who sent it."),
        "{stdout}"
    );
    assert!(!stdout.contains("FOUND"), "{stdout}");
}
