//! The `amicus` binary driven as a person would, against a real relay on 127.0.0.1.

mod support;

use std::path::Path;
use std::process::{Command, Output};

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
    let relay = support::start_relay(&runtime, dir.path());
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

fn line_with<'a>(output: &'a str, needle: &str) -> &'a str {
    output
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{output}"))
}

/// The number at the start of the line containing `needle`.
fn number_of(output: &str, needle: &str) -> String {
    line_with(output, needle)
        .split_whitespace()
        .next()
        .unwrap()
        .trim_end_matches('*')
        .to_string()
}

#[test]
fn the_centres_flows_through_the_binary() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let relay = support::start_relay(&runtime, dir.path());
    let (address, pin) = (relay.addr.to_string(), relay.pin.to_hex());
    let [admin, staff, member, defender] =
        ["admin", "staff", "member", "defender"].map(|n| dir.path().join(n));
    let run = |who: &Path, args: &[&str]| amicus(who, PASSPHRASE, args);

    // The Centre: a profile, its root key, invitations; enrolment in one step each.
    ok(run(
        &admin,
        &[
            "init",
            "--name",
            "Centre intake",
            "--relay",
            &address,
            "--pin",
            &pin,
        ],
    ));
    let out = ok(run(
        &admin,
        &["centre", "init", "--intake-name", "Centre intake"],
    ));
    assert!(out.contains("root key"), "{out}");
    let invite = |role: &str| {
        let out = ok(run(&admin, &["invite", "--role", role]));
        line_with(&out, "amicus-invite:").trim().to_string()
    };
    // Member A started with `amicus init`, as the README's first path says, before the
    // Centre invited them: the same profile joins (in French), no new name or passphrase.
    ok(run(
        &member,
        &[
            "init", "--name", "Member A", "--relay", &address, "--pin", &pin,
        ],
    ));
    for (who, name, role) in [
        (&staff, "Staff S", "staff"),
        (&member, "Member A", "member"),
    ] {
        let code = invite(role);
        let out = if role == "member" {
            let out = ok(run(who, &["--lang", "fr", "enrol", &code]));
            assert!(out.contains("inscrit auprès du Centre"), "{out}");
            out
        } else {
            ok(run(who, &["enrol", &code, "--name", name]))
        };
        let card = card_from(&out);
        ok(run(
            &admin,
            &[
                "roster",
                "add",
                &card,
                "--role",
                role,
                "--term-end",
                "2030-12-31",
            ],
        ));
    }
    let code = invite("defender");
    ok(run(&defender, &["enrol", &code, "--name", "Defender D"]));
    let err = fails(run(
        &dir.path().join("again"),
        &["enrol", &code, "--name", "X"],
    ));
    assert!(err.contains("already used"), "{err}");
    for who in [&staff, &member, &defender] {
        ok(run(who, &["sync"]));
    }
    let out = ok(run(&member, &["roster", "show"]));
    assert!(out.contains("Staff S: Centre staff"), "{out}");
    assert!(out.contains("2030-12-31"), "{out}");
    // A person is one roster entry: another profile under Member A's name is refused, in
    // the administrator's language, and the roster is unchanged.
    let other = dir.path().join("other");
    let other_card = card_from(&ok(run(
        &other,
        &[
            "init", "--name", "Member A", "--relay", &address, "--pin", &pin,
        ],
    )));
    let err = fails(run(
        &admin,
        &[
            "--lang",
            "es",
            "roster",
            "add",
            &other_card,
            "--role",
            "member",
        ],
    ));
    assert!(err.contains("ya figura en la lista"), "{err}");

    // The defender sends a structured briefing with a mandate for Member A.
    ok(run(
        &defender,
        &[
            "send",
            "--to",
            "Staff S",
            "--subject",
            "Reprisals",
            "--body",
            "Two lawyers.",
            "--state",
            "Freedonia",
            "--stage",
            "loipr",
            "--articles",
            "9, 14",
            "--mandate",
            "--present-to",
            "Member A",
            "--attribution",
            "pseudonym:Witness K",
        ],
    ));
    ok(run(&staff, &["sync"]));
    let inbox = ok(run(&staff, &["inbox"]));
    let number = number_of(&inbox, "(mandate) Reprisals");
    let out = ok(run(&staff, &["read", &number]));
    assert!(out.contains("State party: Freedonia"), "{out}");
    assert!(out.contains("to Member A"), "{out}");
    let err = fails(run(
        &staff,
        &["present", &number, "--to", "Member A", "--with-attachments"],
    ));
    assert!(
        err.contains("does not allow sharing the attachments"),
        "{err}"
    );
    ok(run(&staff, &["present", &number, "--to", "Member A"]));

    // A proxy: refused in plain words when named by a host name; kept by `settings`;
    // with one set (here nothing listens), nothing connects around it; `off` removes it.
    let err = fails(run(
        &member,
        &["settings", "--proxy", "tor.example.org:9050"],
    ));
    assert!(err.contains("by its IP address"), "{err}");
    let shown = ok(run(&member, &["settings", "--proxy", "127.0.0.1:9"]));
    assert!(shown.contains("Proxy: socks5h://127.0.0.1:9."), "{shown}");
    let err = fails(run(&member, &["sync"]));
    assert!(err.contains("has no HTTPS route"), "{err}");
    let shown = ok(run(&member, &["settings", "--proxy", "off"]));
    assert!(
        shown.contains("Proxy: none (direct connection)."),
        "{shown}"
    );
    // For one run only: the setting stays as it is.
    fails(run(&member, &["--proxy", "127.0.0.1:9", "sync"]));
    assert!(ok(run(&member, &["settings"])).contains("Proxy: none"));

    // The member reads it, with read receipts on, and asks a question.
    ok(run(&member, &["settings", "--read-receipts", "on"]));
    ok(run(&member, &["sync"]));
    let inbox = ok(run(&member, &["--lang", "fr", "inbox"]));
    // The member's own numbering starts at 1, and the briefing's reference is the one the
    // defender and the staff member see.
    assert!(
        inbox.lines().any(|l| l.trim_start().starts_with("1 ")),
        "{inbox}"
    );
    let reference = inbox
        .split("(réf. ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("a reference")
        .to_string();
    assert_eq!(reference.len(), 9, "{reference}");
    let staff_inbox = ok(run(&staff, &["inbox"]));
    assert!(
        staff_inbox.contains(&format!("(ref. {reference})")),
        "{staff_inbox}"
    );
    let defender_sent = ok(run(&defender, &["sent"]));
    assert!(
        defender_sent.contains(&format!("(ref. {reference})")),
        "{defender_sent}"
    );
    let inbox = ok(run(&member, &["inbox"]));
    let presented = number_of(&inbox, "(presented) Reprisals");
    let out = ok(run(&member, &["read", &presented]));
    assert!(
        out.contains("Presented by the Centre (Staff S) on behalf of \"Witness K\""),
        "{out}"
    );
    assert!(!out.contains("Defender D"), "{out}");
    ok(run(
        &member,
        &["ask", &presented, "--text", "Were they charged?"],
    ));

    // The Centre forwards; the defender sees receipts and the question, and answers.
    ok(run(&staff, &["sync"]));
    ok(run(&defender, &["sync"]));
    let sent = ok(run(&defender, &["sent"]));
    assert!(sent.contains("Received by the Centre"), "{sent}");
    assert!(sent.contains("Presented to Member A"), "{sent}");
    assert!(sent.contains("Read by Member A"), "{sent}");
    let inbox = ok(run(&defender, &["inbox"]));
    let question = number_of(&inbox, "(question) Were they charged?");
    let out = ok(run(&defender, &["read", &question]));
    assert!(out.contains("A question from Member A"), "{out}");
    ok(run(&defender, &["answer", &question, "--text", "Not yet."]));
    ok(run(&staff, &["sync"]));
    ok(run(&member, &["sync"]));
    let inbox = ok(run(&member, &["inbox"]));
    assert!(inbox.contains("(answer) Not yet."), "{inbox}");

    // The defender revokes: the member's copy is marked withdrawn.
    let sent_number = number_of(&sent, "Reprisals");
    ok(run(&defender, &["revoke", &sent_number]));
    ok(run(&staff, &["sync"]));
    ok(run(&member, &["sync"]));
    let inbox = ok(run(&member, &["inbox"]));
    assert!(inbox.contains("(withdrawn) Reprisals"), "{inbox}");
    runtime.block_on(relay.shutdown());
}

/// A briefing written to someone new while the relay does not answer is kept on the
/// device (the outbox says so, in the user's language) and sent by the next sync.
#[test]
fn nothing_typed_is_lost_when_the_relay_does_not_answer() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut relay = Some(support::start_relay(&runtime, dir.path()));
    let (address, pin) = relay
        .as_ref()
        .map(|r| (r.addr.to_string(), r.pin.to_hex()))
        .unwrap();
    for (lang, kept_word) in [
        ("fr", "gardé sur cet appareil"),
        ("es", "guardado en este dispositivo"),
    ] {
        let defender = dir.path().join(format!("defender-{lang}"));
        let member = dir.path().join(format!("member-{lang}"));
        let init = |p: &Path, name: &str| {
            card_from(&ok(amicus(
                p,
                PASSPHRASE,
                &["init", "--name", name, "--relay", &address, "--pin", &pin],
            )))
        };
        let (defender_card, member_card) = (init(&defender, "Defender"), init(&member, "Member"));
        ok(amicus(
            &defender,
            PASSPHRASE,
            &["contacts", "add", &member_card, "--name", "member"],
        ));
        ok(amicus(
            &member,
            PASSPHRASE,
            &["contacts", "add", &defender_card, "--name", "defender"],
        ));
        // The relay goes away (as on a censored or cut network).
        if let Some(running) = relay.take() {
            runtime.block_on(running.shutdown());
        }
        let sent = ok(amicus(
            &defender,
            PASSPHRASE,
            &[
                "--lang",
                lang,
                "send",
                "--to",
                "member",
                "--subject",
                "Gardé",
                "--body",
                "Texte tapé hors ligne.",
            ],
        ));
        assert!(sent.contains("member"), "{sent}");
        let outbox = ok(amicus(&defender, PASSPHRASE, &["--lang", lang, "outbox"]));
        assert!(
            outbox.contains("Gardé") && outbox.contains(kept_word),
            "{outbox}"
        );
        relay = Some(support::restart_relay(&runtime, dir.path(), &address));
        ok(amicus(&defender, PASSPHRASE, &["--lang", lang, "sync"]));
        let outbox = ok(amicus(&defender, PASSPHRASE, &["--lang", lang, "outbox"]));
        assert!(!outbox.contains("Gardé"), "{outbox}");
        ok(amicus(&member, PASSPHRASE, &["sync"]));
        let inbox = ok(amicus(&member, PASSPHRASE, &["inbox"]));
        assert!(inbox.contains("Gardé"), "{inbox}");
    }
}

/// `amicus … | head -1`: when the reader of its output goes away, the command ends quietly
/// instead of panicking, and its work is done.
#[test]
fn a_closed_output_pipe_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // The guide (no profile yet) and the localised help both write to standard output.
    for args in [&["--lang", "fr"][..], &["--lang", "es", "--help"][..]] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_amicus"))
            .arg("--profile")
            .arg(dir.path().join("none"))
            .args(args)
            .env("AMICUS_PASSPHRASE", PASSPHRASE)
            .stdout(std::process::Stdio::from(writer))
            .stderr(std::process::Stdio::piped())
            .output()
            .expect("amicus runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

/// Refused command lines and the system's file errors reach the user in their language:
/// no clap "error:", no "Usage:", no "os error".
#[test]
fn argument_and_file_errors_speak_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p");
    let pin = "ab".repeat(32);
    for (lang, usage_word, missing_file, technical) in [
        (
            "fr",
            "amicus send --help",
            "n'existe pas",
            "Détail technique",
        ),
        ("es", "amicus send --help", "no existe", "Detalle técnico"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_amicus"))
            .args(["--lang", lang, "send", "--to"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(usage_word), "{stderr}");
        assert!(
            !stderr.contains("error:") && !stderr.contains("Usage:"),
            "{stderr}"
        );
        let out = Command::new(env!("CARGO_BIN_EXE_amicus"))
            .arg("--profile")
            .arg(&profile)
            .args(["--lang", lang, "--verbose", "--passphrase-file"])
            .arg(dir.path().join("no-such-file"))
            .args([
                "init",
                "--name",
                "N",
                "--relay",
                "127.0.0.1:9",
                "--pin",
                &pin,
            ])
            .env_remove("AMICUS_PASSPHRASE")
            .output()
            .unwrap();
        let stderr = fails(out);
        assert!(stderr.contains(missing_file), "{stderr}");
        // --verbose adds codes for whoever helps, introduced in the user's language.
        assert!(stderr.contains(technical), "{stderr}");
        assert!(stderr.contains("NotFound"), "{stderr}");
        assert!(!stderr.contains("os error"), "{stderr}");
        assert!(!profile.exists(), "nothing was created");
    }
}

/// A profile made with `amicus init` on `relay`, in `dir/p`.
fn initialised(dir: &Path, relay: &amicus_relay::RunningRelay) -> std::path::PathBuf {
    let profile = dir.join("p");
    let (address, pin) = (relay.addr.to_string(), relay.pin.to_hex());
    ok(amicus(
        &profile,
        PASSPHRASE,
        &[
            "init", "--name", "Defender", "--relay", &address, "--pin", &pin,
        ],
    ));
    profile
}

/// `amicus unlock`: the passphrase is asked once; the commands of this terminal need none
/// until `amicus lock` (or the time is up, or the terminal closes).
#[test]
fn unlock_once_then_lock() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let relay = support::start_relay(&runtime, dir.path());
    let profile = initialised(dir.path(), &relay);
    let without_passphrase = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_amicus"))
            .arg("--profile")
            .arg(&profile)
            .args(args)
            .env_remove("AMICUS_PASSPHRASE")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    // Locked: a command cannot open the profile without a passphrase.
    fails(without_passphrase(&["--lang", "fr", "card"]));
    let unlocked = ok(amicus(
        &profile,
        PASSPHRASE,
        &["--lang", "fr", "unlock", "--minutes", "5"],
    ));
    assert!(unlocked.contains("5 minutes"), "{unlocked}");
    let card = ok(without_passphrase(&["card"]));
    assert!(card.starts_with("amicus:"), "{card}");
    // The key is nowhere on disk but in the agent's memory: only a socket in the profile.
    let sockets: Vec<_> = std::fs::read_dir(&profile)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".sock"))
        .collect();
    assert_eq!(sockets.len(), 1);
    let locked = ok(without_passphrase(&["--lang", "es", "lock"]));
    assert!(locked.contains("Bloqueado"), "{locked}");
    fails(without_passphrase(&["card"]));
    // The agent is gone with its socket.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while sockets[0].path().exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the agent did not stop"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The agent of an unlocked terminal ends with the terminal's shell (logout, closed window).
#[test]
fn an_unlocked_terminal_forgets_the_key_when_its_shell_ends() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let relay = support::start_relay(&runtime, dir.path());
    let profile = initialised(dir.path(), &relay);
    // A shell that unlocks, then waits (as an open terminal would).
    let mut shell = Command::new("sh")
        .arg("-c")
        .arg("\"$0\" --profile \"$1\" unlock --minutes 5 >/dev/null && exec sleep 60")
        .arg(env!("CARGO_BIN_EXE_amicus"))
        .arg(&profile)
        .env("AMICUS_PASSPHRASE", PASSPHRASE)
        .spawn()
        .unwrap();
    let socket = profile.join(format!("agent-{}.sock", shell.id()));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !socket.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the agent did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The terminal closes.
    shell.kill().unwrap();
    shell.wait().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while socket.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the agent outlived its shell"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// `amicus app`, as the README gives it: it says in the user's language where the page is
/// (when no browser can be opened by itself), the link works once and hands the browser an
/// HttpOnly session cookie, and Ctrl-C stops it cleanly.
#[test]
fn amicus_app_gives_a_one_time_link_and_stops_on_ctrl_c() {
    use std::io::{BufRead as _, Read as _, Write as _};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let no_opener = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_amicus"))
        .arg("--profile")
        .arg(dir.path().join("p"))
        .args(["--lang", "fr", "app"])
        // No `xdg-open` on this PATH: the link must be printed for the person.
        .env("PATH", no_opener.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let mut said = String::new();
    let url = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("no link printed: {said}"));
        said.push_str(&line);
        said.push('\n');
        if let Some(at) = line.find("http://127.0.0.1:") {
            break line[at..].trim().to_string();
        }
    };
    assert!(said.contains("navigateur"), "{said}");
    let (host, path) = url
        .trim_start_matches("http://")
        .split_once('/')
        .map(|(h, p)| (h.to_string(), format!("/{p}")))
        .unwrap();
    let get = |path: &str| {
        let mut stream = std::net::TcpStream::connect(&host).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    let first = get(&path);
    assert!(first.starts_with("HTTP/1.1 303"), "{first}");
    let lower = first.to_ascii_lowercase();
    assert!(lower.contains("set-cookie: amicus_session="), "{first}");
    assert!(
        lower.contains("httponly") && lower.contains("samesite=strict"),
        "{first}"
    );
    assert!(
        get(&path).starts_with("HTTP/1.1 403"),
        "the link works once"
    );

    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "amicus app did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
