//! The local app in a real headless Chromium, driven over WebDriver (chromedriver) from
//! Rust, against a real relay on 127.0.0.1, the three roles each in their own browser and
//! language: the Centre (English) signs a member onto its roster and invites her and a
//! defender; the member (Spanish, then English after switching) made her profile and joins;
//! the defender (French) enrols from an invitation file and sends a briefing with a mandate;
//! the Centre presents it within the mandate; the member reads it and asks a question; the
//! defender sees the receipts as a timeline, saves settings and cancels a quick wipe.
//! Locking, the idle lock and the local server's defences are checked with the real browser
//! and with raw requests. Then the relay's files and the browsers' own folders are searched
//! for the briefing's words.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); the paths can
//! be set with `AMICUS_CHROMIUM` and `AMICUS_CHROMEDRIVER`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use amicus_app::{Catalog, Lang};
use amicus_protocol::ManualClock;
use amicus_web::{RunningWeb, WebConfig};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const PASSPHRASE: &str = "a long enough test passphrase";
const TITLE: &str = "Detentions at Lake Prison, March";
const BODY: &str = "Seventeen journalists held without charge since 3 March: canary-7c1f0e.";
const ATTACHMENT_CANARY: &str = "canary-attachment-5e2b91 ";
const DEADLINE: Duration = Duration::from_secs(60);

/// A chromedriver on a free loopback port, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn program(var: &str, default: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| default.to_string())
}

fn start_driver() -> Driver {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let path = program("AMICUS_CHROMEDRIVER", "/usr/bin/chromedriver");
    let child = Command::new(&path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("{path} did not start ({e}): install chromium-driver (.ci/run does)")
        });
    let driver = Driver { child, port };
    let until = Instant::now() + DEADLINE;
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < until, "chromedriver did not listen");
        std::thread::sleep(Duration::from_millis(20));
    }
    driver
}

/// A headless Chromium with its own empty profile folder.
async fn browser(driver: &Driver, data_dir: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": program("AMICUS_CHROMIUM", "/usr/bin/chromium"),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--window-size=1000,1100",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                format!("--user-data-dir={}", data_dir.display()),
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a browser session")
}

/// Waits until `css` names a displayed element whose text contains `text`.
async fn wait_text(c: &Client, css: &str, text: &str) {
    let until = Instant::now() + DEADLINE;
    let mut seen = String::new();
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await
            && e.is_displayed().await.unwrap_or(false)
        {
            seen = e.text().await.unwrap_or_default();
            if seen.contains(text) {
                return;
            }
        }
        let error = match c.find(Locator::Css("#error")).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        assert!(
            Instant::now() < until,
            "{css} never showed {text:?}; it showed {seen:?}; the page's error: {error:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until `css` names a displayed element and returns it.
async fn wait_shown(c: &Client, css: &str) -> fantoccini::elements::Element {
    let until = Instant::now() + DEADLINE;
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await
            && e.is_displayed().await.unwrap_or(false)
        {
            return e;
        }
        assert!(Instant::now() < until, "{css} never appeared");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn fill(c: &Client, css: &str, text: &str) {
    let field = wait_shown(c, css).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn click(c: &Client, css: &str) {
    wait_shown(c, css).await.click().await.unwrap();
}

/// axe-core (the accessibility checker), fetched once from the npm registry into the
/// target folder unless `AMICUS_AXE` names a copy of `axe.min.js`.
fn axe_source() -> String {
    if let Ok(path) = std::env::var("AMICUS_AXE") {
        return std::fs::read_to_string(&path).expect("AMICUS_AXE names axe.min.js");
    }
    let prefix = Path::new(env!("CARGO_TARGET_TMPDIR")).join("axe");
    let script = prefix.join("node_modules/axe-core/axe.min.js");
    if !script.exists() {
        let status = Command::new("npm")
            .args(["install", "--no-save", "--silent", "--prefix"])
            .arg(&prefix)
            .arg("axe-core@4.14.1")
            .status()
            .expect("npm runs (it installs axe-core for the accessibility check)");
        assert!(status.success(), "npm could not install axe-core");
    }
    std::fs::read_to_string(&script).unwrap()
}

/// No serious or critical accessibility violation on the page as it is (WCAG 2 A and AA
/// rules, by axe-core).
async fn assert_accessible(c: &Client, screen: &str) {
    c.execute(&format!("{}\nreturn true;", axe_source()), vec![])
        .await
        .unwrap();
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }).then((r) => done(
               r.violations
                 .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                 .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(found, json!([]), "accessibility violations on the {screen}");
}

/// A screenshot for the README, when `AMICUS_SCREENSHOTS` names a folder.
async fn screenshot(c: &Client, name: &str) {
    if let Ok(dir) = std::env::var("AMICUS_SCREENSHOTS") {
        c.execute("window.scrollTo(0, 0); return true;", vec![])
            .await
            .unwrap();
        let png = c.screenshot().await.unwrap();
        std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }
}

/// Creates a profile through the start page, in the page's language.
async fn create_profile(c: &Client, name: &str, relay: &amicus_relay::RunningRelay) {
    fill(c, "#create-form input[name=name]", name).await;
    fill(c, "#create-form input[name=relay]", &relay.addr.to_string()).await;
    fill(c, "#create-form input[name=pin]", &relay.pin.to_hex()).await;
    fill(c, "#create-form input[name=passphrase]", PASSPHRASE).await;
    fill(c, "#create-form input[name=confirm]", PASSPHRASE).await;
    click(c, "#create-form button").await;
}

/// The card shown on the contacts tab.
async fn my_card(c: &Client) -> String {
    let until = Instant::now() + DEADLINE;
    loop {
        let card = wait_shown(c, "#my-card")
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default();
        if !card.is_empty() {
            return card;
        }
        assert!(Instant::now() < until, "no card shown");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn add_contact(c: &Client, card: &str, name: &str) {
    click(c, "nav [data-tab=contacts]").await;
    paste(c, "#add-form textarea[name=card]", card).await;
    fill(c, "#add-form input[name=name]", name).await;
    click(c, "#add-form button").await;
    wait_text(c, "#contact-list", name).await;
}

/// One raw HTTP/1.1 exchange with the app, with exactly the headers given.
async fn raw(web: &RunningWeb, request: String) -> String {
    let mut stream = tokio::net::TcpStream::connect(web.addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

/// One raw HTTP/1.1 exchange, the answer as bytes, split at the blank line.
async fn raw_bytes(web: &RunningWeb, request: String) -> (String, Vec<u8>) {
    let mut stream = tokio::net::TcpStream::connect(web.addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.unwrap();
    let at = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end");
    let head = String::from_utf8_lossy(&bytes[..at]).into_owned();
    (head, bytes[at + 4..].to_vec())
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn holding(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|f| {
            std::fs::read(f).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
        })
        .collect()
}

/// The Centre's administrator (its intake) as a one-time setup outside the browser (`amicus
/// centre init` is a command for the Centre's technician), in `dir/centre`.
async fn centre_profile(dir: &Path, relay: &amicus_relay::RunningRelay) {
    let address = relay.addr.to_string();
    let new = amicus_client::NewProfile {
        name: "Centre intake",
        relay_address: &address,
        relay_pin: relay.pin,
        kdf: amicus_client::KdfParams::default(),
        invitation: None,
        proxy: None,
    };
    let pass = amicus_core::secret::Passphrase::new(PASSPHRASE.into());
    let mut admin = amicus_client::Profile::create(&dir.join("centre"), &pass, new)
        .await
        .unwrap();
    admin.centre_init("Centre intake").await.unwrap();
}

/// Sets a long text as a person pasting it would, in one go.
async fn paste(c: &Client, css: &str, text: &str) {
    let field = wait_shown(c, css).await;
    c.execute(
        "arguments[0].value = arguments[1];",
        vec![serde_json::to_value(&field).unwrap(), json!(text)],
    )
    .await
    .unwrap();
}

async fn unlock(c: &Client) {
    fill(c, "#unlock-form input[name=passphrase]", PASSPHRASE).await;
    click(c, "#unlock-form button").await;
    wait_shown(c, "nav").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_three_roles_in_their_browsers() {
    let dir = tempfile::tempdir().unwrap();
    let relay = amicus_relay::start(amicus_relay::RelayConfig::new(
        dir.path().join("relay"),
        "127.0.0.1:0".parse().unwrap(),
    ))
    .await
    .unwrap();
    centre_profile(dir.path(), &relay).await;
    let clock = ManualClock::starting_now();
    let web = |name: &str, lang| {
        let mut config = WebConfig::new(dir.path().join(name), lang);
        config.clock = Arc::new(clock.clone());
        amicus_web::serve(config)
    };
    let defender_app = web("defender", Lang::Fr).await.unwrap();
    let member_app = web("member", Lang::Es).await.unwrap();
    let centre_app = web("centre", Lang::En).await.unwrap();
    let driver = start_driver();
    let defender = browser(&driver, &dir.path().join("chromium-defender")).await;
    let member = browser(&driver, &dir.path().join("chromium-member")).await;
    let centre = browser(&driver, &dir.path().join("chromium-centre")).await;
    let (fr, es, en) = (
        Catalog::new(Lang::Fr),
        Catalog::new(Lang::Es),
        Catalog::new(Lang::En),
    );

    // The member (in Spanish) creates a profile; its card goes to the Centre.
    member.goto(member_app.launch_url()).await.unwrap();
    wait_text(&member, "#create-form h2", "Crear su perfil").await;
    create_profile(&member, "Élise", &relay).await;
    let member_card = my_card(&member).await;
    assert!(
        wait_shown(&member, "#my-qr")
            .await
            .attr("src")
            .await
            .unwrap()
            .is_some(),
        "the card's QR code is shown"
    );

    // The Centre (in English) unlocks, puts the member on its signed roster, and invites
    // the member and a defender.
    centre.goto(centre_app.launch_url()).await.unwrap();
    wait_text(&centre, "#unlock-form h2", "Unlock Amicus").await;
    unlock(&centre).await;
    click(&centre, "nav [data-tab=centre]").await;
    paste(&centre, "#roster-form textarea[name=card]", &member_card).await;
    fill(&centre, "#roster-form input[name=name]", "Élise Dupont").await;
    click(&centre, "#roster-form button").await;
    wait_text(&centre, "#roster-list", "Élise Dupont").await;
    let invite = async |role: &str| {
        let select = wait_shown(&centre, "#invite-form select[name=role]").await;
        select.select_by_value(role).await.unwrap();
        click(&centre, "#invite-form button").await;
        let until = Instant::now() + DEADLINE;
        loop {
            let code = wait_shown(&centre, "#invite-code")
                .await
                .prop("value")
                .await
                .unwrap()
                .unwrap_or_default();
            let fresh = !code.is_empty()
                && centre
                    .find(Locator::Css("#notice"))
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap()
                    .contains("Invitation created");
            if fresh {
                // Cleared so that the next invitation is seen as new.
                centre
                    .execute("document.getElementById('invite-code').value = ''; document.getElementById('notice').textContent = '';", vec![])
                    .await
                    .unwrap();
                return code;
            }
            assert!(Instant::now() < until, "no invitation shown");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    let member_invitation = invite("member").await;
    let defender_invitation = invite("defender").await;

    // The member joins the Centre from the Centre tab, keeping the same profile.
    click(&member, "nav [data-tab=centre]").await;
    paste(
        &member,
        "#join-form textarea[name=code]",
        &member_invitation,
    )
    .await;
    click(&member, "#join-form button").await;
    wait_text(&member, "#notice", &es.t("web-enrol-joined")).await;

    // The defender (in French) joins from the start page, opening the invitation file.
    let invitation_file = dir.path().join("invitation.txt");
    std::fs::write(&invitation_file, &defender_invitation).unwrap();
    defender.goto(defender_app.launch_url()).await.unwrap();
    wait_text(&defender, "#enrol-form h2", "J'ai une invitation").await;
    assert_accessible(&defender, "start page (fr)").await;
    // Nothing on the page is a catalogue key rather than words.
    let page_text = wait_shown(&defender, "body").await.text().await.unwrap();
    assert!(!page_text.contains("web-"), "{page_text}");
    screenshot(&defender, "start-fr").await;
    wait_shown(&defender, "#enrol-file")
        .await
        .send_keys(invitation_file.to_str().unwrap())
        .await
        .unwrap();
    let until = Instant::now() + DEADLINE;
    loop {
        let code = wait_shown(&defender, "#enrol-form textarea[name=code]")
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default();
        if code == defender_invitation.trim() {
            break;
        }
        assert!(
            Instant::now() < until,
            "the invitation file was not read: {code:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    fill(&defender, "#enrol-form input[name=name]", "Amina").await;
    fill(&defender, "#enrol-form input[name=passphrase]", PASSPHRASE).await;
    fill(&defender, "#enrol-form input[name=confirm]", PASSPHRASE).await;
    click(&defender, "#enrol-form button[type=submit]").await;
    wait_text(&defender, "#notice", &fr.t("web-enrol-done")).await;

    // The member adds the defender's card by hand too, and sees the safety number.
    click(&defender, "nav [data-tab=contacts]").await;
    let defender_card = my_card(&defender).await;
    add_contact(&member, &defender_card, "Amina").await;
    wait_text(&member, "#contact-list", "Número de seguridad").await;

    // The defender writes to the Centre with a mandate to present it to Élise Dupont under
    // a pseudonym.
    click(&defender, "nav [data-tab=write]").await;
    click(&defender, "#write-to input[value='Centre intake']").await;
    fill(&defender, "#write-form input[name=title]", TITLE).await;
    fill(&defender, "#write-form textarea[name=text]", BODY).await;
    // Saved as it is typed: a reloaded page (a closed tab) loses nothing.
    wait_text(&defender, "#write-saved", &fr.t("web-writing-saved")).await;
    defender.refresh().await.unwrap();
    click(&defender, "nav [data-tab=write]").await;
    wait_text(&defender, "#writing-list", TITLE).await;
    click(&defender, "#writing-list button.continue").await;
    let restored = wait_shown(&defender, "#write-form textarea[name=text]")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(restored.as_deref(), Some(BODY));
    let to = wait_shown(&defender, "#write-to input[value='Centre intake']").await;
    assert_eq!(to.prop("checked").await.unwrap().as_deref(), Some("true"));
    fill(&defender, "#write-form input[name=state]", "Freedonia").await;
    click(&defender, "#write-articles input[value='9']").await;
    click(&defender, "#write-articles input[value='14']").await;
    // An attachment picked as a person would, sealed into the profile as it is added.
    let evidence = dir.path().join("témoignage.pdf");
    let mut evidence_bytes = ATTACHMENT_CANARY.as_bytes().repeat(3000);
    evidence_bytes.extend((0..70_000u32).map(|i| (i * 7 % 251) as u8));
    std::fs::write(&evidence, &evidence_bytes).unwrap();
    wait_shown(&defender, "#write-files")
        .await
        .send_keys(evidence.to_str().unwrap())
        .await
        .unwrap();
    wait_text(
        &defender,
        "#write-attached",
        "prêt, chiffré sur cet appareil",
    )
    .await;
    click(&defender, "#mandate-on").await;
    click(&defender, "#mandate-members input[value='Élise Dupont']").await;
    click(&defender, "#mandate-attachments").await;
    wait_shown(&defender, "#mandate-attribution")
        .await
        .select_by_value("pseudonym")
        .await
        .unwrap();
    fill(&defender, "#mandate-attribution-name", "Témoin A").await;
    assert_accessible(&defender, "briefing form (fr)").await;
    screenshot(&defender, "write-fr").await;
    click(&defender, "#write-form button[type=submit]").await;
    let delivered = fr.f("send-delivered", &[("name", "Centre intake".to_string())]);
    wait_text(&defender, "#notice", &delivered).await;

    // The Centre fetches it and presents it to the member within the mandate.
    click(&centre, "#sync").await;
    wait_text(&centre, "#inbox-list", TITLE).await;
    click(&centre, "nav [data-tab=centre]").await;
    wait_text(&centre, "#mandate-list", TITLE).await;
    assert_accessible(&centre, "the Centre's mandates (en)").await;
    screenshot(&centre, "centre-en").await;
    click(&centre, "#mandate-list .present-form input[type=checkbox]").await;
    click(&centre, "#mandate-list .present-form button").await;
    let presented = en.f("send-delivered", &[("name", "Élise Dupont".to_string())]);
    wait_text(&centre, "#notice", &presented).await;

    // The member reads it, with its facts and who presents it, and asks a question.
    click(&member, "#sync").await;
    wait_text(&member, "#inbox-list", TITLE).await;
    click(&member, "#inbox-list button").await;
    wait_text(&member, "#message-body", BODY).await;
    wait_text(&member, "#message-details", "Freedonia").await;
    wait_text(&member, "#message-details", "Témoin A").await;
    wait_text(&member, "#message-details", "14 (Juicio imparcial)").await;
    assert_accessible(&member, "reading a presented briefing (es)").await;
    screenshot(&member, "read-es").await;
    wait_text(&member, "#message-attachments", "témoignage.pdf").await;
    let save = wait_shown(&member, "#message-attachments a.save").await;
    let href = save.attr("href").await.unwrap().unwrap();
    let cookie = member.get_named_cookie("amicus_session").await.unwrap();
    let (head, body) = raw_bytes(
        &member_app,
        format!(
            "GET {href} HTTP/1.1\r\nHost: {}\r\nCookie: amicus_session={}\r\nConnection: close\r\n\r\n",
            member_app.addr,
            cookie.value()
        ),
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-disposition: attachment")
    );
    assert_eq!(body, evidence_bytes, "the saved file is the sent one");
    fill(
        &member,
        "#ask-form textarea[name=text]",
        "¿Desde qué fecha?",
    )
    .await;
    click(&member, "#ask-form button").await;
    wait_text(
        &member,
        "#notice",
        &es.f("send-delivered", &[("name", "Centre intake".to_string())]),
    )
    .await;

    // The defender's receipts appear as a timeline: received, then presented.
    click(&defender, "#sync").await;
    click(&defender, "nav [data-tab=centre]").await;
    wait_text(&defender, "#sent-list .receipts", "Reçue par le Centre").await;
    wait_text(
        &defender,
        "#sent-list .receipts",
        "Présentée à Élise Dupont",
    )
    .await;

    // Safety: a proxy given by name is refused in plain words and changes nothing; then
    // settings saved (a proxy kept); a quick wipe cancelled during its countdown wipes
    // nothing.
    click(&defender, "nav [data-tab=safety]").await;
    fill(&defender, "#settings-form input[name=wipe_after]", "5").await;
    fill(
        &defender,
        "#settings-form input[name=proxy]",
        "tor.example.org:9050",
    )
    .await;
    click(&defender, "#settings-form button").await;
    wait_text(&defender, "#error", &fr.t("err-proxy-named-host")).await;
    fill(
        &defender,
        "#settings-form input[name=proxy]",
        "127.0.0.1:9050",
    )
    .await;
    click(&defender, "#settings-form button").await;
    wait_text(&defender, "#notice", &fr.t("settings-saved")).await;
    // Back to direct before anything else connects (no Tor runs here).
    fill(&defender, "#settings-form input[name=proxy]", "").await;
    click(&defender, "#settings-form button").await;
    wait_text(&defender, "#notice", &fr.t("settings-saved")).await;
    click(&defender, "#wipe").await;
    wait_text(&defender, "#wipe-countdown", &fr.t("web-wipe-countdown")).await;
    click(&defender, "#wipe-cancel").await;
    wait_text(&defender, "#notice", &fr.t("web-wipe-cancelled")).await;
    assert!(amicus_client::Profile::exists(&dir.path().join("defender")));
    assert_eq!(amicus_client::wipe_after(&dir.path().join("defender")), 5);

    // The language switch, always visible: English now.
    let lang = wait_shown(&member, "#lang").await;
    lang.select_by_value("en").await.unwrap();
    wait_text(&member, "nav [data-tab=inbox]", "Inbox").await;

    // Lock on demand: the passphrase is asked again, and works.
    click(&member, "#lock").await;
    wait_text(&member, "#unlock-form h2", "Unlock Amicus").await;
    // Locked, the page keeps nothing of what it showed, even hidden.
    let left = member
        .execute(
            "return document.getElementById('message-body').textContent + document.getElementById('inbox-list').textContent;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(left, json!(""));
    // With the keyboard alone: the passphrase field has the focus, Enter unlocks.
    member
        .active_element()
        .await
        .unwrap()
        .send_keys(&format!("{PASSPHRASE}\u{E007}"))
        .await
        .unwrap();
    wait_shown(&member, "nav").await;
    click(&member, "nav [data-tab=inbox]").await;
    wait_text(&member, "#inbox-list", TITLE).await;

    // The idle lock: time passes (passed in, not waited for) and the page asks again.
    clock.advance_ms(11 * 60 * 1000);
    defender.refresh().await.unwrap();
    wait_text(&defender, "#unlock-form h2", "Déverrouiller Amicus").await;

    // The local server's defences, with raw requests.
    let host = defender_app.addr.to_string();
    let cookie = defender
        .get_named_cookie("amicus_session")
        .await
        .expect("the session cookie");
    assert_eq!(cookie.http_only(), Some(true));
    let session = format!("amicus_session={}", cookie.value());
    let rebound = raw(
        &defender_app,
        format!("GET /api/state HTTP/1.1\r\nHost: amicus.evil.example:{}\r\nCookie: {session}\r\nConnection: close\r\n\r\n", defender_app.addr.port()),
    )
    .await;
    assert!(rebound.starts_with("HTTP/1.1 421"), "{rebound}");
    let no_cookie = raw(
        &defender_app,
        format!("GET /api/state HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(no_cookie.starts_with("HTTP/1.1 403"), "{no_cookie}");
    assert!(!no_cookie.contains("csrf"), "{no_cookie}");
    let path = defender_app
        .launch_url()
        .split_once(&host)
        .map(|(_, p)| p.to_string())
        .unwrap();
    let again = raw(
        &defender_app,
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(
        again.starts_with("HTTP/1.1 403"),
        "the launch link works once: {again}"
    );
    let forged = raw(
        &defender_app,
        format!(
            "POST /api/lang HTTP/1.1\r\nHost: {host}\r\nCookie: {session}\r\nOrigin: http://evil.example\r\nContent-Type: application/json\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{{\"lang\": \"es\"}}"
        ),
    )
    .await;
    assert!(forged.starts_with("HTTP/1.1 403"), "{forged}");
    // Same origin, cookie and JSON, but no CSRF token: refused too.
    let tokenless = raw(
        &defender_app,
        format!(
            "POST /api/lock HTTP/1.1\r\nHost: {host}\r\nCookie: {session}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
        ),
    )
    .await;
    assert!(tokenless.starts_with("HTTP/1.1 403"), "{tokenless}");
    // Every route, answered or refused, carries the same headers.
    for path in [
        "/",
        "/app.js",
        "/app.css",
        "/api/state",
        "/api/inbox",
        "/api/card.svg",
        "/no-such-page",
        "/launch/0000",
    ] {
        let page = raw(
            &defender_app,
            format!(
                "GET {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {session}\r\nConnection: close\r\n\r\n"
            ),
        )
        .await
        .to_ascii_lowercase();
        for header in [
            "cache-control: no-store",
            "content-security-policy: default-src 'none'; script-src 'self'",
            "frame-ancestors 'none'",
            "referrer-policy: no-referrer",
            "x-content-type-options: nosniff",
        ] {
            assert!(page.contains(header), "{path}: {header} missing:\n{page}");
        }
    }
    // The page is still French: the forged change did nothing.
    wait_text(&defender, "#unlock-form h2", "Déverrouiller Amicus").await;

    // Close the browsers, then search: neither the relay nor the browsers' folders hold
    // the briefing's words or the attachment's (no-store kept them out of the disk cache).
    defender.close().await.unwrap();
    member.close().await.unwrap();
    centre.close().await.unwrap();
    // The profiles too: everything in them is sealed, and the defender's sealed copy of the
    // attachment is gone once the briefing was sent.
    let outgoing = files_under(&dir.path().join("defender").join("outgoing"));
    assert!(outgoing.is_empty(), "{outgoing:?}");
    for place in [
        "relay",
        "chromium-defender",
        "chromium-member",
        "chromium-centre",
        "defender",
        "member",
        "centre",
    ] {
        for needle in [BODY, TITLE, ATTACHMENT_CANARY] {
            let found = holding(&dir.path().join(place), needle.as_bytes());
            assert!(found.is_empty(), "{needle:?} found in {found:?}");
        }
    }
    defender_app.shutdown().await;
    member_app.shutdown().await;
    centre_app.shutdown().await;
    relay.shutdown().await;
}

/// Total length of the files under `dir` whose name ends with `suffix`.
fn bytes_in(dir: &Path, suffix: &str) -> u64 {
    files_under(dir)
        .iter()
        .filter(|f| f.to_string_lossy().ends_with(suffix))
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

/// The app is killed in the middle of sending a briefing with a large attachment (its
/// runtime dropped, as a killed process's would be): started again, it still holds the
/// briefing, and "Send and fetch" finishes the upload from where the relay's copy ended;
/// the member gets it once, the file intact.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_app_loses_nothing_and_its_upload_resumes() {
    use amicus_client::{KdfParams, NewProfile, Profile};
    let dir = tempfile::tempdir().unwrap();
    let relay = amicus_relay::start(amicus_relay::RelayConfig::new(
        dir.path().join("relay"),
        "127.0.0.1:0".parse().unwrap(),
    ))
    .await
    .unwrap();
    let address = relay.addr.to_string();
    let pass = amicus_core::secret::Passphrase::new(PASSPHRASE.into());
    let new = NewProfile {
        name: "Member",
        relay_address: &address,
        relay_pin: relay.pin,
        kdf: KdfParams {
            memory_kib: 1024,
            iterations: 1,
            lanes: 1,
        },
        invitation: None,
        proxy: None,
    };
    let mut member = Profile::create(&dir.path().join("member"), &pass, new)
        .await
        .unwrap();

    // The defender's app runs on its own runtime, in its own thread, so that it can be
    // killed: dropping a runtime drops every task it runs, mid-await.
    let (url_tx, url_rx) = std::sync::mpsc::channel();
    let (kill_tx, kill_rx) = std::sync::mpsc::channel::<()>();
    let defender_dir = dir.path().join("defender");
    let first_app = {
        let defender_dir = defender_dir.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            let web = runtime
                .block_on(amicus_web::serve(WebConfig::new(defender_dir, Lang::En)))
                .unwrap();
            url_tx.send(web.launch_url().to_string()).unwrap();
            let _ = kill_rx.recv();
            drop(web);
            runtime.shutdown_background();
        })
    };
    let driver = start_driver();
    let defender = browser(&driver, &dir.path().join("chromium")).await;
    defender.goto(&url_rx.recv().unwrap()).await.unwrap();
    create_profile(&defender, "Amina", &relay).await;
    let defender_card = my_card(&defender).await;
    add_contact(&defender, &member.contact_card().to_text(), "Member").await;
    member.add_contact(&defender_card, Some("Amina")).unwrap();

    let video = dir.path().join("hearing.mp4");
    let mut bytes = vec![0u8; 32 * 1024 * 1024];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = (i.wrapping_mul(2_654_435_761) >> 13) as u8;
    }
    std::fs::write(&video, &bytes).unwrap();
    click(&defender, "nav [data-tab=write]").await;
    click(&defender, "#write-to input[value='Member']").await;
    fill(&defender, "#write-form input[name=title]", TITLE).await;
    fill(&defender, "#write-form textarea[name=text]", BODY).await;
    wait_shown(&defender, "#write-files")
        .await
        .send_keys(video.to_str().unwrap())
        .await
        .unwrap();
    wait_text(&defender, "#write-attached", "ready").await;
    click(&defender, "#write-form button[type=submit]").await;
    // Killed once a quarter of the sealed file is on the relay.
    let sealed = amicus_core::attachment::sealed_len(bytes.len() as u64);
    let blobs = dir.path().join("relay").join("attachments");
    let until = Instant::now() + DEADLINE;
    while bytes_in(&blobs, ".blob") < sealed / 4 {
        assert!(Instant::now() < until, "the upload made no progress");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    assert!(
        bytes_in(&blobs, ".blob") < sealed,
        "the upload finished first"
    );
    kill_tx.send(()).unwrap();
    first_app.join().unwrap();

    // Started again: unlock, the briefing waits in the outbox, and one press sends it.
    let second_app = amicus_web::serve(WebConfig::new(defender_dir, Lang::En))
        .await
        .unwrap();
    defender.goto(second_app.launch_url()).await.unwrap();
    unlock(&defender).await;
    click(&defender, "nav [data-tab=outbox]").await;
    wait_text(&defender, "#outbox-list", TITLE).await;
    click(&defender, "#sync").await;
    wait_text(&defender, "#notice", "sent").await;
    assert_eq!(bytes_in(&blobs, ".blob"), sealed, "one copy, completed");

    let report = member.sync().await.unwrap();
    assert_eq!(report.received, 1);
    let number = member.inbox().unwrap()[0].number;
    let out = tempfile::tempdir().unwrap();
    let saved = member
        .save_attachments(number, None, out.path(), &amicus_client::Quiet)
        .await
        .unwrap();
    assert_eq!(std::fs::read(&saved[0]).unwrap(), bytes);
    defender.close().await.unwrap();
    second_app.shutdown().await;
    relay.shutdown().await;
}
