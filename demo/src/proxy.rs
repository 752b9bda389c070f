//! The second part of `amicus demo`: the Centre's side. The Centre creates its root key and
//! signed roster, enrols a Committee member and a defender from invitations; the defender
//! sends a briefing with a presentation mandate; Centre staff present it to the member, who
//! sees the Centre and the chosen pseudonym, never the defender; the defender follows it
//! through end-to-end receipts. The relay is searched again for the mandate's contents.

use std::io::Write;
use std::path::Path;

use amicus_protocol::{InvitedRole, Role};

use amicus_app::Catalog;
use amicus_app::tr;
use amicus_client::KdfParams;
use amicus_client::MandateOptions;
use amicus_client::{ClientError, Result};
use amicus_client::{NewProfile, Profile, now_ms};
use amicus_core::briefing::{Briefing, ReviewStage};
use amicus_core::content::Content;
use amicus_core::mandate::Attribution;
use amicus_core::secret::Passphrase;

/// Where the relay is and how to reach it.
pub(crate) struct DemoRelay<'a> {
    pub address: &'a str,
    pub pin: amicus_protocol::RelayPin,
    pub dir: &'a Path,
}

/// Runs the Centre's part; returns the leaks found (must be none).
pub(crate) async fn run(
    out: &mut dyn Write,
    relay: &DemoRelay<'_>,
    work: &Path,
    kdf: KdfParams,
    log: &crate::LogBuffer,
    cat: &Catalog,
) -> Result<Vec<String>> {
    let io = |e: std::io::Error| ClientError::Storage(e.to_string());
    let mut say = |line: String| writeln!(out, "{line}").map_err(io);
    let detail = |line: String| format!("   {line}");
    let pass = Passphrase::new("demo passphrase, not secret".into());

    say(cat.t("demo-proxy-title"))?;
    let mut centre = Profile::create(
        &work.join("centre"),
        &pass,
        NewProfile {
            name: "Centre (demo)",
            relay_address: relay.address,
            relay_pin: relay.pin,
            kdf,
            invitation: None,
            proxy: None,
        },
    )
    .await?;
    centre.centre_init("Centre (demo)").await?;
    let enrol = async |centre: &mut Profile, name: &str, role, dir: &str| -> Result<Profile> {
        let invitation = centre.invite(role, 7).await?;
        Profile::create(
            &work.join(dir),
            &pass,
            NewProfile {
                name,
                relay_address: &invitation.relay_address,
                relay_pin: invitation.relay_pin,
                kdf,
                invitation: Some(&invitation),
                proxy: None,
            },
        )
        .await
    };
    let mut member = enrol(&mut centre, "Member M (demo)", InvitedRole::Member, "m").await?;
    let card = member.contact_card().to_text();
    let version = centre.roster_add(&card, Role::Member, None, 0).await?;
    let mut defender = enrol(&mut centre, "Defender D (demo)", InvitedRole::Defender, "d").await?;
    member.sync().await?;
    say(detail(tr!(cat, "demo-proxy-roster", version = version)))?;

    let briefing = Briefing {
        title: cat.t("demo-proxy-title-canary"),
        body: cat.t("demo-proxy-body-canary"),
        state_party: "CANARY-STATE".into(),
        stage: ReviewStage::Loipr,
        articles: vec![9, 14],
        ..Default::default()
    };
    defender
        .submit_for_presentation(
            &["Centre (demo)"],
            briefing,
            MandateOptions {
                staff: &[],
                members: &["Member M (demo)"],
                session: String::new(),
                attribution: Attribution::Pseudonym("Witness K".into()),
                allow_attachments: false,
                expires_at: now_ms() + 30 * 86_400_000,
            },
        )
        .await?;
    say(cat.t("demo-proxy-submitted"))?;

    centre.sync().await?;
    let number = centre
        .mandates()?
        .first()
        .map(|m| m.inbox_number)
        .ok_or_else(|| ClientError::Storage("the demo submission did not arrive".into()))?;
    // Outside the mandate first (attachments are not allowed): refused, with the reason.
    if let Err(e) = centre.present(number, "Member M (demo)", true).await {
        say(detail(tr!(
            cat,
            "demo-proxy-refused",
            reason = amicus_app::explain_client(&e, cat)
        )))?;
    }
    centre.present(number, "Member M (demo)", false).await?;
    say(cat.t("demo-proxy-presented"))?;

    member.set_read_receipts(true)?;
    member.sync().await?;
    let presented = member
        .inbox()?
        .into_iter()
        .last()
        .ok_or_else(|| ClientError::Storage("the presentation did not arrive".into()))?;
    let message = member.read_message(presented.number)?;
    member.send_pending().await?;
    if let Ok(Content::Presentation(p)) = Content::decode(&message.content) {
        let Attribution::Pseudonym(name) = &p.terms.attribution else {
            return Err(ClientError::Storage("unexpected attribution".into()));
        };
        say(detail(tr!(
            cat,
            "demo-proxy-member-sees",
            staff = p.staff_name,
            attribution = name
        )))?;
        say(detail(tr!(cat, "demo-subject", subject = p.briefing.title)))?;
    }
    let defender_is_hidden = message.from_mailbox != defender.mailbox()
        && !message
            .content
            .windows(32)
            .any(|w| w == defender.mailbox().0.as_slice());
    say(detail(if defender_is_hidden {
        cat.t("demo-proxy-hidden")
    } else {
        cat.t("demo-proxy-not-hidden")
    }))?;

    centre.sync().await?;
    defender.sync().await?;
    say(cat.t("demo-proxy-receipts"))?;
    for r in defender.sent()?.iter().flat_map(|s| s.receipts.clone()) {
        say(detail(amicus_app::views::receipt_line(&r, cat)))?;
    }

    let needles: Vec<(String, Vec<u8>)> = vec![
        (cat.t("demo-needle-subject"), b"CANARY-TITLE".to_vec()),
        (cat.t("demo-needle-body"), b"CANARY-BODY".to_vec()),
        (cat.t("demo-proxy-needle-state"), b"CANARY-STATE".to_vec()),
        (
            cat.t("demo-proxy-needle-attribution"),
            b"Witness K".to_vec(),
        ),
        (cat.t("demo-needle-name"), b"Defender D (demo)".to_vec()),
        (
            cat.t("demo-needle-mailbox-hex"),
            defender.mailbox().to_hex().into_bytes(),
        ),
    ];
    let hits = crate::scan(relay.dir, log, &needles);
    say(tr!(
        cat,
        "demo-proxy-searched",
        files = crate::files_under(relay.dir).len()
    ))?;
    for (label, found) in &hits {
        say(detail(if found.is_empty() {
            tr!(cat, "demo-not-found", what = label)
        } else {
            tr!(cat, "demo-found", what = label, where = found.join(", "))
        }))?;
    }
    let mut leaks: Vec<String> = hits
        .into_iter()
        .flat_map(|(label, found)| found.into_iter().map(move |h| format!("{label}: {h}")))
        .collect();
    if !defender_is_hidden {
        leaks.push("the member's copy names the defender".into());
    }
    Ok(leaks)
}
