//! The main flows driven through a pseudo-terminal, as a person would type them, in each of
//! the three languages: passphrases at hidden prompts, a briefing written field by field,
//! the guided start, a wrong passphrase, and `amicus wipe`.

mod support;

use std::path::Path;
use std::process::Command;

use amicus_app::tr;
use amicus_app::{Catalog, Lang};
use rexpect::session::{PtySession, spawn_command};

const PASS: &str = "a long enough test passphrase";
const TIMEOUT_MS: u64 = 60_000;

fn amicus(lang: Lang, profile: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_amicus"));
    cmd.arg("--lang")
        .arg(lang.code())
        .arg("--profile")
        .arg(profile)
        .args(args);
    for var in ["AMICUS_PASSPHRASE", "AMICUS_PROFILE", "AMICUS_LANG"] {
        cmd.env_remove(var);
    }
    cmd.env("TERM", "dumb");
    cmd
}

/// rexpect reads the terminal byte by byte as Latin-1; compare UTF-8 text in the same view.
fn expect(p: &mut PtySession, text: &str) {
    let bytes_as_chars: String = text.bytes().map(char::from).collect();
    if let Err(e) = p.exp_string(&bytes_as_chars) {
        panic!("expected {text:?}: {e}");
    }
}

fn pty(cmd: Command) -> PtySession {
    spawn_command(cmd, Some(TIMEOUT_MS)).expect("spawn in a pseudo-terminal")
}

/// Runs a command without a terminal (for setup steps that are not under test).
fn scripted(lang: Lang, profile: &Path, args: &[&str]) -> String {
    let out = amicus(lang, profile, args)
        .env("AMICUS_PASSPHRASE", PASS)
        .output()
        .expect("amicus runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn init(lang: Lang, cat: &Catalog, profile: &Path, name: &str, relay: &str, pin: &str) -> String {
    let mut p = pty(amicus(
        lang,
        profile,
        &["init", "--name", name, "--relay", relay, "--pin", pin],
    ));
    expect(&mut p, cat.t("prompt-new-passphrase").trim_end());
    p.send_line(PASS).unwrap();
    expect(&mut p, cat.t("prompt-repeat-passphrase").trim_end());
    p.send_line(PASS).unwrap();
    expect(&mut p, &tr!(cat, "init-created", dir = profile.display()));
    expect(&mut p, &cat.t("init-card"));
    expect(&mut p, "amicus:");
    let rest = p.read_line().unwrap();
    p.exp_eof().unwrap();
    format!("amicus:{}", rest.trim())
}

fn unlock(p: &mut PtySession, cat: &Catalog) {
    expect(p, cat.t("prompt-passphrase").trim_end());
    p.send_line(PASS).unwrap();
}

fn flows_in(lang: Lang, relay: &str, pin: &str, dir: &Path) {
    let cat = Catalog::new(lang);
    let defender = dir.join(format!("{}-defender", lang.code()));
    let member = dir.join(format!("{}-member", lang.code()));

    // Guided start before anything exists.
    let mut p = pty(amicus(lang, &defender, &[]));
    expect(
        &mut p,
        &tr!(cat, "guide-no-profile", dir = defender.display()),
    );
    p.exp_eof().unwrap();

    let defender_card = init(lang, &cat, &defender, "Defender", relay, pin);
    let member_card = init(lang, &cat, &member, "Member", relay, pin);
    scripted(
        lang,
        &defender,
        &["contacts", "add", &member_card, "--name", "member"],
    );
    scripted(
        lang,
        &member,
        &["contacts", "add", &defender_card, "--name", "defender"],
    );

    // A briefing written at the prompts.
    let mut p = pty(amicus(lang, &defender, &["send", "--to", "member"]));
    unlock(&mut p, &cat);
    expect(&mut p, cat.t("prompt-subject").trim_end());
    p.send_line("Freedom of assembly").unwrap();
    expect(&mut p, &cat.t("prompt-body"));
    p.send_line("Peaceful protesters were dispersed.").unwrap();
    p.send_line("Twelve were arrested.").unwrap();
    p.send_line(".").unwrap();
    expect(&mut p, &tr!(cat, "send-delivered", name = "member"));
    p.exp_eof().unwrap();

    // The member's guided start shows the locked profile, then the state after unlocking.
    let mut p = pty(amicus(lang, &member, &["sync"]));
    unlock(&mut p, &cat);
    expect(&mut p, &tr!(cat, "sync-received", count = 1));
    p.exp_eof().unwrap();
    let mut p = pty(amicus(lang, &member, &[]));
    expect(&mut p, &tr!(cat, "guide-locked", dir = member.display()));
    unlock(&mut p, &cat);
    expect(
        &mut p,
        &tr!(
            cat,
            "guide-status",
            name = "Member",
            unread = 1,
            outbox = 0,
            contacts = 1
        ),
    );
    expect(&mut p, &cat.t("guide-next-unread"));
    p.exp_eof().unwrap();

    let inbox = scripted(lang, &member, &["inbox"]);
    let number = inbox
        .split_whitespace()
        .next()
        .expect("a message line")
        .to_string();
    let mut p = pty(amicus(lang, &member, &["read", &number]));
    unlock(&mut p, &cat);
    expect(
        &mut p,
        &tr!(cat, "read-subject", subject = "Freedom of assembly"),
    );
    expect(&mut p, "Peaceful protesters were dispersed.");
    expect(&mut p, "Twelve were arrested.");
    p.exp_eof().unwrap();

    // A wrong passphrase: a plain sentence in the user's language.
    let mut p = pty(amicus(lang, &member, &["inbox"]));
    expect(&mut p, cat.t("prompt-passphrase").trim_end());
    p.send_line("not the passphrase").unwrap();
    expect(&mut p, &cat.t("err-wrong-passphrase"));
    p.exp_eof().unwrap();

    // Wipe: one word, no passphrase; nothing is left.
    let mut p = pty(amicus(lang, &member, &["wipe"]));
    let word = cat.t("wipe-word");
    expect(&mut p, &word);
    p.send_line(&word.to_lowercase()).unwrap();
    expect(&mut p, &cat.t("wiped"));
    p.exp_eof().unwrap();
    assert!(!member.exists(), "{lang:?}: the profile directory is gone");
    let mut p = pty(amicus(lang, &member, &["inbox"]));
    expect(&mut p, &tr!(cat, "err-no-profile", dir = member.display()));
    p.exp_eof().unwrap();
}

#[test]
fn main_flows_in_english_french_and_spanish() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let relay = support::start_relay(&runtime, dir.path());
    let address = relay.addr.to_string();
    let pin = relay.pin.to_hex();
    for lang in Lang::ALL {
        flows_in(lang, &address, &pin, dir.path());
    }
    runtime.block_on(relay.shutdown());
}
