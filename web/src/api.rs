//! The JSON the page talks to. Each handler is a thin call into `amicus-app` (sessions,
//! forms, views, reports, explanations); every sentence in an answer comes from the
//! catalogue in the language the page chose. A failure answers `{"error": sentence}` with
//! what happened, what was not lost and what to do next, as the CLI says it.

use std::sync::Arc;

use amicus_app::forms::parse_pin;
use amicus_app::reports::{group_digits, outbox_rows, sync_lines};
use amicus_app::{AppError, InputError, Lang, Session, explain};
use amicus_client::{ClientError, KdfParams, NewProfile, Profile};
use amicus_core::content::Content;
use amicus_core::secret::Passphrase;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::state::WebState;
use crate::texts::page_texts;

pub(crate) type Shared = State<Arc<WebState>>;

/// An answer that went wrong, already in words.
pub(crate) struct Failure {
    status: StatusCode,
    body: Value,
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

pub(crate) type Answer = Result<Json<Value>, Failure>;

pub(crate) fn failure(state: &WebState, error: impl Into<AppError>) -> Failure {
    let error = error.into();
    Failure {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        body: json!({ "error": explain(&error, &state.catalog()) }),
    }
}

/// The unlocked profile, or an answer telling the page to ask for the passphrase.
pub(crate) fn session(state: &WebState) -> Result<Session, Failure> {
    state.unlocked().ok_or_else(|| Failure {
        status: StatusCode::UNAUTHORIZED,
        body: json!({ "locked": true, "error": state.catalog().t("web-locked") }),
    })
}

/// Where the page stands: the CSRF token for its changes, the language and the texts in it,
/// and whether there is a profile and whether it is unlocked.
pub(crate) async fn state(State(state): Shared) -> Answer {
    let cat = state.catalog();
    let profile = match state.unlocked() {
        // Busy (a long upload holds it): what was known a moment ago, rather than a wait.
        Some(s) => match (s.try_profile(), state.summary()) {
            (None, Some(known)) => known,
            (Some(profile), _) => summary_of(&profile, &state),
            (None, None) => summary_of(&*s.profile().await, &state),
        },
        None => json!({ "unlocked": false, "exists": Profile::exists(&state.dir) }),
    };
    Ok(Json(json!({
        "idle_lock_ms": state.idle_lock_ms,
        "csrf": state.csrf(),
        "lang": state.lang().code(),
        "profile": profile,
        "texts": page_texts(&cat),
    })))
}

/// Where an unlocked profile stands, as the page needs it; remembered for when it is busy.
fn summary_of(profile: &Profile, state: &WebState) -> Value {
    let summary = json!({
        "unlocked": true,
        "name": profile.name(),
        "centre": profile.centre_root().is_some(),
        "admin": profile.is_centre_admin(),
    });
    state.set_summary(summary.clone());
    summary
}

#[derive(Deserialize)]
pub(crate) struct LangForm {
    lang: String,
}

pub(crate) async fn set_lang(State(state): Shared, Json(form): Json<LangForm>) -> Answer {
    let lang = Lang::parse(&form.lang).ok_or_else(|| failure(&state, InputError::BadLanguage))?;
    state.set_lang(lang);
    Ok(Json(json!({ "lang": lang.code() })))
}

#[derive(Deserialize)]
pub(crate) struct CreateForm {
    name: String,
    relay: String,
    pin: String,
    passphrase: String,
    confirm: String,
    /// A SOCKS5 proxy (Tor) from the first connection on; empty for none.
    #[serde(default)]
    proxy: String,
}

/// A new profile on this device, unlocked at once.
pub(crate) async fn create(State(state): Shared, Json(form): Json<CreateForm>) -> Answer {
    let CreateForm {
        name,
        relay,
        pin,
        passphrase,
        confirm,
        proxy,
    } = form;
    let proxy = crate::settings::typed_proxy(&proxy).map_err(|e| failure(&state, e))?;
    let (passphrase, confirm) = (Passphrase::new(passphrase), Passphrase::new(confirm));
    if passphrase.expose() != confirm.expose() {
        return Err(failure(&state, InputError::PassphrasesDiffer));
    }
    if Profile::exists(&state.dir) {
        let dir = state.dir.display().to_string();
        return Err(failure(&state, ClientError::ProfileExists(dir)));
    }
    let relay_pin = parse_pin(&pin).map_err(|e| failure(&state, e))?;
    let new = NewProfile {
        name: name.trim(),
        relay_address: relay.trim(),
        relay_pin,
        kdf: KdfParams::default(),
        invitation: None,
        proxy,
    };
    let mut profile = Profile::create(&state.dir, &passphrase, new)
        .await
        .map_err(|e| failure(&state, e))?;
    let registered = profile.is_registered();
    let route = profile.take_route_news();
    state.set_unlocked(Session::new(profile));
    let cat = state.catalog();
    let mut said = vec![cat.t("web-created")];
    said.extend(route.map(|kind| amicus_app::route_news(kind, &cat)));
    if !registered {
        said.push(cat.t("init-not-registered"));
    }
    Ok(Json(json!({ "said": said })))
}

#[derive(Deserialize)]
pub(crate) struct UnlockForm {
    passphrase: String,
}

pub(crate) async fn unlock(State(state): Shared, Json(form): Json<UnlockForm>) -> Answer {
    let passphrase = Passphrase::new(form.passphrase);
    let session = Session::open(&state.dir, passphrase)
        .await
        .map_err(|e| failure(&state, e))?;
    state.set_unlocked(session);
    Ok(Json(json!({ "unlocked": true })))
}

pub(crate) async fn lock(State(state): Shared) -> Answer {
    state.lock();
    Ok(Json(json!({ "unlocked": false })))
}

pub(crate) async fn inbox(State(state): Shared) -> Answer {
    let session = session(&state)?;
    let rows = session
        .inbox(&state.catalog())
        .await
        .map_err(|e| failure(&state, e))?;
    let rows: Vec<Value> = rows
        .into_iter()
        .map(|r| {
            json!({
                "number": r.number,
                "from": r.from,
                "received": r.received,
                "subject": r.subject,
                "reference": r.reference,
                "read": r.read,
            })
        })
        .collect();
    Ok(Json(json!({ "rows": rows })))
}

/// One message, marked read (a read receipt goes if the settings allow it).
pub(crate) async fn message(State(state): Shared, Path(number): Path<u64>) -> Answer {
    let session = session(&state)?;
    let cat = state.catalog();
    let mut profile = session.profile().await;
    let m = profile
        .read_message(number)
        .map_err(|e| failure(&state, e))?;
    let view = amicus_app::views::message_view(&profile, &m, &cat);
    let kind = match Content::decode(&m.content) {
        Ok(Content::Briefing(_)) => "briefing",
        Ok(Content::Submission { .. }) => "submission",
        Ok(Content::Presentation(_)) => "presentation",
        Ok(Content::Question(_)) => "question",
        Ok(Content::Answer(_)) => "answer",
        _ => "other",
    };
    let attachments: Vec<Value> = profile
        .attachments_of(m.number)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, a)| {
            json!({
                "index": i + 1,
                "name": a.safe_file_name(),
                "size": amicus_app::views::size_text(a.size, &cat),
                "withheld": a.is_withheld(),
            })
        })
        .collect();
    let _ = profile.send_pending().await;
    Ok(Json(json!({
        "attachments": attachments,
        "number": m.number,
        "kind": kind,
        "from": view.from,
        "key_warning": view.key_warning,
        "sent": view.sent,
        "subject": view.subject,
        "details": view.details,
        "body": m.body,
    })))
}

/// A sync that shows the uploads it finishes on the page's progress bar.
struct ShowTransfers<'a>(&'a crate::progress::WebProgress);

impl amicus_client::SyncObserver for ShowTransfers<'_> {
    fn transfers(&self) -> &dyn amicus_client::TransferProgress {
        self.0
    }
}

pub(crate) async fn sync(State(state): Shared) -> Answer {
    let session = session(&state)?;
    let report = session
        .sync(&mut ShowTransfers(&state.progress))
        .await
        .map_err(|e| failure(&state, e))?;
    Ok(Json(
        json!({ "said": sync_lines(&report, &state.catalog()) }),
    ))
}

pub(crate) async fn outbox(State(state): Shared) -> Answer {
    let session = session(&state)?;
    let cat = state.catalog();
    let profile = session.profile().await;
    let rows = outbox_rows(&profile, &cat).map_err(|e| failure(&state, e))?;
    let rows: Vec<Value> = rows
        .into_iter()
        .map(|r| json!({ "number": r.number, "to": r.to, "subject": r.subject, "why": r.why }))
        .collect();
    Ok(Json(json!({ "rows": rows })))
}

/// My contact card, as text to copy.
pub(crate) async fn card(State(state): Shared) -> Answer {
    let session = session(&state)?;
    let profile = session.profile().await;
    Ok(Json(json!({
        "name": profile.name(),
        "card": profile.contact_card().to_text(),
    })))
}

/// My contact card as a QR code (SVG), for another device's camera.
pub(crate) async fn card_qr(State(state): Shared) -> Result<Response, Failure> {
    let session = session(&state)?;
    let text = session.profile().await.contact_card().to_text();
    let svg = crate::qr::svg(&text).ok_or_else(|| Failure {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        body: json!({ "error": state.catalog().t("web-qr-failed") }),
    })?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

pub(crate) async fn contacts(State(state): Shared) -> Answer {
    let session = session(&state)?;
    let cat = state.catalog();
    let profile = session.profile().await;
    let contacts = profile.contacts().map_err(|e| failure(&state, e))?;
    let mut rows = Vec::new();
    for c in contacts {
        let number = profile.safety_number(&c).map_err(|e| failure(&state, e))?;
        rows.push(json!({
            "name": c.name,
            "state": cat.t(amicus_app::views::contact_state_key(&c)),
            "changed": c.pending_identity_key.is_some(),
            "role": c.role.map(|r| match r {
                amicus_protocol::Role::Member => "member",
                amicus_protocol::Role::Staff => "staff",
                amicus_protocol::Role::Intake => "intake",
            }),
            "safety_number": group_digits(&number),
        }));
    }
    Ok(Json(json!({ "rows": rows })))
}

#[derive(Deserialize)]
pub(crate) struct ContactForm {
    card: String,
    name: Option<String>,
}

pub(crate) async fn add_contact(State(state): Shared, Json(form): Json<ContactForm>) -> Answer {
    let session = session(&state)?;
    let cat = state.catalog();
    let mut profile = session.profile().await;
    let name = form
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let contact = profile
        .add_contact(form.card.trim(), name)
        .map_err(|e| failure(&state, e))?;
    let number = profile
        .safety_number(&contact)
        .map_err(|e| failure(&state, e))?;
    Ok(Json(json!({
        "said": [
            cat.f("contact-added", &[("name", contact.name.clone())]),
            cat.f("web-compare", &[("name", contact.name.clone())]),
        ],
        "safety_number": group_digits(&number),
    })))
}

#[derive(Deserialize)]
pub(crate) struct VerifyForm {
    name: String,
}

pub(crate) async fn verify_contact(State(state): Shared, Json(form): Json<VerifyForm>) -> Answer {
    let session = session(&state)?;
    let mut profile = session.profile().await;
    let contact = profile
        .verify_contact(&form.name)
        .map_err(|e| failure(&state, e))?;
    let cat = state.catalog();
    Ok(Json(
        json!({ "said": [cat.f("contact-verified", &[("name", contact.name)])] }),
    ))
}
