//! The Centre's flows in the page: joining with an invitation, the defender's sent briefings
//! with their receipts as a timeline and revocation, the staff's mandates and presenting
//! within them (a refusal says why, and nothing is sent), questions and answers, and for the
//! Centre's administrator the roster and invitations. Thin calls into the engine; words from
//! the catalogues.

use amicus_app::forms::{parse_date, parse_invite_role, parse_roster_role};
use amicus_app::views::{format_time, receipt_line, role_name, terms_lines, with_reference};
use amicus_app::{Catalog, InputError, Session, wait_reason};
use amicus_client::{ClientError, KdfParams, NewProfile, Profile, SendReport};
use amicus_core::briefing::reference;
use amicus_core::secret::Passphrase;
use amicus_protocol::Invitation;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::{Answer, Shared, failure, session};
use crate::state::WebState;

/// What a send to the Centre's people reported, as sentences.
pub(crate) fn report_lines(report: &SendReport, cat: &Catalog) -> Vec<String> {
    let delivered = report
        .delivered
        .iter()
        .map(|name| cat.f("send-delivered", &[("name", name.clone())]));
    let waiting = report.waiting.iter().map(|(name, reason)| {
        cat.f(
            "web-send-waiting",
            &[
                ("name", name.clone()),
                ("reason", wait_reason(*reason, cat)),
            ],
        )
    });
    delivered.chain(waiting).collect()
}

#[derive(Deserialize)]
pub(crate) struct EnrolForm {
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    passphrase: String,
    #[serde(default)]
    confirm: String,
    /// A SOCKS5 proxy (Tor) from the first connection on; empty for none.
    #[serde(default)]
    proxy: String,
}

/// Joins the Centre with an invitation: a new profile made from it (name and passphrase
/// given), or the unlocked profile joining with the same identity and contacts.
pub(crate) async fn enrol(State(state): Shared, Json(form): Json<EnrolForm>) -> Answer {
    let invitation = Invitation::from_text(form.code.trim())
        .map_err(|e| failure(&state, ClientError::BadInvitation(e)))?;
    let cat = state.catalog();
    if let Some(session) = state.unlocked() {
        let mut profile = session.profile().await;
        let update = profile
            .accept_invitation(&invitation)
            .await
            .map_err(|e| failure(&state, e))?;
        let mut said = vec![cat.t("web-enrol-joined")];
        said.extend(
            update
                .key_changes
                .iter()
                .map(|n| cat.f("roster-key-changed", &[("name", n.clone())])),
        );
        return Ok(Json(json!({ "said": said })));
    }
    let (passphrase, confirm) = (
        Passphrase::new(form.passphrase),
        Passphrase::new(form.confirm),
    );
    if passphrase.expose() != confirm.expose() {
        return Err(failure(&state, InputError::PassphrasesDiffer));
    }
    if form.name.trim().is_empty() {
        return Err(failure(&state, InputError::MissingName));
    }
    if Profile::exists(&state.dir) {
        let dir = state.dir.display().to_string();
        return Err(failure(&state, ClientError::ProfileExists(dir)));
    }
    let new = NewProfile {
        name: form.name.trim(),
        relay_address: &invitation.relay_address,
        relay_pin: invitation.relay_pin,
        kdf: KdfParams::default(),
        invitation: Some(&invitation),
        proxy: crate::settings::typed_proxy(&form.proxy).map_err(|e| failure(&state, e))?,
    };
    let mut profile = Profile::create(&state.dir, &passphrase, new)
        .await
        .map_err(|e| failure(&state, e))?;
    let route = profile.take_route_news();
    state.set_unlocked(Session::new(profile));
    let mut said = vec![cat.t("web-enrol-done")];
    said.extend(route.map(|kind| amicus_app::route_news(kind, &cat)));
    Ok(Json(json!({ "said": said })))
}

/// The briefings this profile sent, each with its mandate's state and its receipts in the
/// order they came (received, presented to a member, read, withdrawn).
pub(crate) async fn sent(State(state): Shared) -> Answer {
    let session = session(&state)?;
    let cat = state.catalog();
    let profile = session.profile().await;
    let sent = profile.sent().map_err(|e| failure(&state, e))?;
    let rows: Vec<Value> = sent
        .into_iter()
        .rev()
        .map(|s| {
            let to: Vec<&str> = s.recipients.iter().map(|r| r.name.as_str()).collect();
            let mandate = s.mandate_id.map(|_| {
                cat.t(if s.revoked_at == 0 {
                    "sent-mandate-active"
                } else {
                    "sent-mandate-revoked"
                })
            });
            json!({
                "number": s.number,
                "title": with_reference(&s.title, Some(reference(&s.message_id)), &cat),
                "sent": format_time(s.sent_at),
                "to": to.join(", "),
                "mandate": mandate,
                "can_revoke": s.mandate_id.is_some() && s.revoked_at == 0,
                "receipts": s.receipts.iter().map(|r| receipt_line(r, &cat)).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(json!({ "rows": rows })))
}

/// A form that names one numbered thing (a sent briefing, a saved writing).
#[derive(Deserialize)]
pub(crate) struct NumberForm {
    pub(crate) number: u64,
}

pub(crate) async fn revoke(State(state): Shared, Json(form): Json<NumberForm>) -> Answer {
    let session = session(&state)?;
    let cat = state.catalog();
    let report = session
        .profile()
        .await
        .revoke(form.number)
        .await
        .map_err(|e| failure(&state, e))?;
    let mut said = vec![cat.t("revoke-sent")];
    said.extend(report_lines(&report, &cat));
    Ok(Json(json!({ "said": said })))
}

/// The mandates this staff member holds: the briefing, its terms and every presentation.
pub(crate) async fn mandates(State(state): Shared) -> Answer {
    let session = session(&state)?;
    let cat = state.catalog();
    let profile = session.profile().await;
    let mandates = profile.mandates().map_err(|e| failure(&state, e))?;
    let rows: Vec<Value> = mandates
        .into_iter()
        .map(|m| {
            let title = profile
                .message(m.inbox_number)
                .map(|msg| msg.subject)
                .unwrap_or_default();
            let presented: Vec<String> = m
                .presentations
                .iter()
                .map(|p| {
                    cat.f(
                        "mandate-presented",
                        &[
                            ("member", p.member.name.clone()),
                            ("time", format_time(p.at)),
                        ],
                    )
                })
                .collect();
            json!({
                "number": m.inbox_number,
                "title": with_reference(&title, Some(reference(&m.message_id)), &cat),
                "terms": terms_lines(&profile, &m.mandate.terms, m.revoked_at, &cat),
                "presented": presented,
                "revoked": m.revoked_at != 0,
            })
        })
        .collect();
    Ok(Json(json!({ "rows": rows })))
}

#[derive(Deserialize)]
pub(crate) struct PresentForm {
    number: u64,
    to: String,
    #[serde(default)]
    with_attachments: bool,
}

/// Presents a briefing to a member within its mandate. The engine checks the mandate before
/// anything is sealed: a refusal names the reason and nothing was sent.
pub(crate) async fn present(State(state): Shared, Json(form): Json<PresentForm>) -> Answer {
    let session = session(&state)?;
    let cat = state.catalog();
    let report = session
        .profile()
        .await
        .present_with(
            form.number,
            form.to.trim(),
            form.with_attachments,
            &state.progress,
        )
        .await
        .map_err(|e| failure(&state, e))?;
    Ok(Json(json!({ "said": report_lines(&report, &cat) })))
}

#[derive(Deserialize)]
pub(crate) struct TextForm {
    number: u64,
    text: String,
}

/// A member's question on a presented briefing, through the Centre.
pub(crate) async fn ask(State(state): Shared, Json(form): Json<TextForm>) -> Answer {
    let session = session(&state)?;
    let report = session
        .profile()
        .await
        .ask(form.number, &form.text)
        .await
        .map_err(|e| failure(&state, e))?;
    Ok(Json(
        json!({ "said": report_lines(&report, &state.catalog()) }),
    ))
}

/// The defender's (or the Centre's) answer to a question.
pub(crate) async fn answer(State(state): Shared, Json(form): Json<TextForm>) -> Answer {
    let session = session(&state)?;
    let report = session
        .profile()
        .await
        .answer(form.number, &form.text)
        .await
        .map_err(|e| failure(&state, e))?;
    Ok(Json(
        json!({ "said": report_lines(&report, &state.catalog()) }),
    ))
}

/// The Centre's signed roster as this profile last verified it (refreshed first).
pub(crate) async fn roster(State(state): Shared) -> Answer {
    let session = session(&state)?;
    let cat = state.catalog();
    let mut profile = session.profile().await;
    let mut said = Vec::new();
    match profile.refresh_roster().await {
        Ok(update) => said.extend(
            update
                .key_changes
                .iter()
                .map(|n| cat.f("roster-key-changed", &[("name", n.clone())])),
        ),
        // Offline: the roster last verified is still shown, and the page says why.
        Err(e) => said.push(amicus_app::explain_client(&e, &cat)),
    }
    let entries = profile.roster_entries().map_err(|e| failure(&state, e))?;
    let rows: Vec<Value> = entries
        .into_iter()
        .map(|e| {
            let term = if e.term_end == 0 {
                String::new()
            } else {
                cat.f("roster-term", &[("date", format_time(e.term_end))])
            };
            json!({ "name": e.name, "role": role_name(e.role, &cat), "term": term })
        })
        .collect();
    Ok(Json(json!({
        "rows": rows,
        "admin": profile.is_centre_admin(),
        "said": said,
    })))
}

/// The answer to a roster change: the version signed and published.
fn published(state: &WebState, version: u64) -> Json<Value> {
    let cat = state.catalog();
    Json(json!({
        "said": [cat.f("roster-published", &[("version", version.to_string())])],
    }))
}

#[derive(Deserialize)]
pub(crate) struct RosterAddForm {
    card: String,
    role: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    term_end: String,
}

pub(crate) async fn roster_add(State(state): Shared, Json(form): Json<RosterAddForm>) -> Answer {
    let session = session(&state)?;
    let role = parse_roster_role(&form.role).map_err(|e| failure(&state, e))?;
    let term_end = match form.term_end.trim() {
        "" => 0,
        date => parse_date(date).map_err(|e| failure(&state, e))?,
    };
    let name = Some(form.name.trim()).filter(|n| !n.is_empty());
    let version = session
        .profile()
        .await
        .roster_add(form.card.trim(), role, name, term_end)
        .await
        .map_err(|e| failure(&state, e))?;
    Ok(published(&state, version))
}

#[derive(Deserialize)]
pub(crate) struct NameForm {
    name: String,
}

pub(crate) async fn roster_remove(State(state): Shared, Json(form): Json<NameForm>) -> Answer {
    let session = session(&state)?;
    let version = session
        .profile()
        .await
        .roster_remove(form.name.trim())
        .await
        .map_err(|e| failure(&state, e))?;
    Ok(published(&state, version))
}

#[derive(Deserialize)]
pub(crate) struct InviteForm {
    role: String,
    days: u64,
}

/// A single-use invitation code, to give to one person by a safe channel.
pub(crate) async fn invite(State(state): Shared, Json(form): Json<InviteForm>) -> Answer {
    let session = session(&state)?;
    let role = parse_invite_role(&form.role).map_err(|e| failure(&state, e))?;
    let invitation = session
        .profile()
        .await
        .invite(role, form.days)
        .await
        .map_err(|e| failure(&state, e))?;
    let cat = state.catalog();
    Ok(Json(json!({
        "said": [cat.f("invite-created", &[("days", form.days.to_string())])],
        "code": invitation.to_text(),
    })))
}
