//! The third part of `amicus demo`: a defender whose network drops QUIC, as Russia's and
//! Iran's do. The relay also serves its TCP route (TLS and HTTP/2, like any HTTPS server);
//! the defender's address lists both routes, the QUIC one leading to a socket that never
//! answers. The first connection falls back by itself, the profile remembers the route and
//! tells the defender in plain words, and the briefing reaches the member.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use amicus_app::Catalog;
use amicus_app::tr;
use amicus_client::{ClientError, KdfParams, NewProfile, Profile, Result};
use amicus_core::secret::Passphrase;

/// Runs the blocked-network part against the relay's TCP route at `tcp` (address, path);
/// `member` receives the briefing. Returns the leaks found (must be none): the relay is
/// searched again for this defender and this briefing.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn run(
    out: &mut dyn Write,
    relay: &crate::proxy::DemoRelay<'_>,
    tcp: (std::net::SocketAddr, &str),
    member: &mut Profile,
    work: &Path,
    kdf: KdfParams,
    log: &crate::LogBuffer,
    cat: &Catalog,
) -> Result<Vec<String>> {
    let io = |e: std::io::Error| ClientError::Storage(e.to_string());
    let mut say = |line: String| writeln!(out, "{line}").map_err(io);
    let detail = |line: String| format!("   {line}");
    // Where QUIC would go: a socket that reads nothing and answers nothing, as a network
    // that silently drops UDP looks from the defender's side.
    let black_hole = std::net::UdpSocket::bind("127.0.0.1:0").map_err(io)?;
    let quic = black_hole.local_addr().map_err(io)?;
    let address = format!("{quic} https://{}{}", tcp.0, tcp.1);
    say(cat.t("demo-blocked-title"))?;

    let started = Instant::now();
    let mut defender = Profile::create(
        &work.join("blocked-defender"),
        &Passphrase::new("demo passphrase, not secret".into()),
        NewProfile {
            name: "Defender behind a firewall (demo)",
            relay_address: &address,
            relay_pin: relay.pin,
            kdf,
            invitation: None,
            proxy: None,
        },
    )
    .await?;
    let took = format!("{:.1}", started.elapsed().as_secs_f64());
    say(detail(tr!(cat, "demo-blocked-fell-back", secs = took)))?;
    if let Some(kind) = defender.take_route_news() {
        say(detail(amicus_app::route_news(kind, cat)))?;
    }

    defender.add_contact(&member.contact_card().to_text(), Some("member"))?;
    member.add_contact(&defender.contact_card().to_text(), Some("blocked defender"))?;
    let started = Instant::now();
    let report = defender
        .send_briefing(
            &["member"],
            &cat.t("demo-blocked-subject"),
            &cat.t("demo-blocked-body"),
        )
        .await?;
    let took = format!("{:.1}", started.elapsed().as_secs_f64());
    say(detail(tr!(
        cat,
        "demo-blocked-sent",
        count = report.delivered.len(),
        secs = took
    )))?;
    let sync = member.sync().await?;
    say(detail(tr!(
        cat,
        "demo-blocked-received",
        count = sync.received
    )))?;
    drop(black_hole);

    let needles = vec![
        (
            cat.t("demo-needle-subject"),
            cat.t("demo-blocked-subject").into_bytes(),
        ),
        (
            cat.t("demo-needle-name"),
            defender.name().as_bytes().to_vec(),
        ),
        (cat.t("demo-needle-mailbox"), defender.mailbox().0.to_vec()),
        (
            cat.t("demo-needle-mailbox-hex"),
            defender.mailbox().to_hex().into_bytes(),
        ),
    ];
    let mut leaks = Vec::new();
    for (label, hits) in crate::scan(relay.dir, log, &needles) {
        leaks.extend(hits.into_iter().map(|h| format!("{label}: {h}")));
    }
    say(detail(if leaks.is_empty() {
        cat.t("demo-blocked-clean")
    } else {
        tr!(cat, "demo-found", what = cat.t("demo-blocked-subject"), where = leaks.join(", "))
    }))?;
    Ok(leaks)
}
