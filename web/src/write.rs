//! Writing a briefing in the page: the form's fields turned into a briefing and a mandate
//! through `amicus-app`'s forms; saved in the profile as the person types (so a closed tab
//! or a reload loses nothing), continued or discarded later, and sent as a draft (kept
//! before anything is uploaded or sealed).

use amicus_app::AppError;
use amicus_app::forms::{BriefingForm, MandateForm};
use amicus_app::views::{format_time, size_text};
use amicus_client::ClientError;
use amicus_core::briefing::Briefing;
use amicus_core::draft::DraftMandate;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::{Answer, Shared, failure, session};
use crate::centre::NumberForm;
use crate::state::WebState;

#[derive(Deserialize)]
pub(crate) struct BriefingFields {
    #[serde(default)]
    to: Vec<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    session: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    articles: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    confidentiality: String,
    /// Given when the briefing goes to the Centre to be presented on the defender's behalf.
    #[serde(default)]
    mandate: Option<MandateFields>,
    /// Files the page already sealed into the profile (`/api/attachments`), by id.
    #[serde(default)]
    attachments: Vec<String>,
    /// The saved writing this form continues, if any.
    #[serde(default)]
    writing: Option<u64>,
}

#[derive(Deserialize)]
pub(crate) struct MandateFields {
    /// Staff who may present it (none: any Centre staff).
    #[serde(default)]
    staff: Vec<String>,
    /// Members it may be presented to (none: any member on the roster).
    #[serde(default)]
    members: Vec<String>,
    /// `anonymous`, `pseudonym:NAME`, `organisation:NAME` or `named:NAME`.
    #[serde(default)]
    attribution: String,
    #[serde(default)]
    allow_attachments: bool,
    days: u64,
}

fn given(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The briefing and the mandate the fields describe, or the first field that is not valid.
fn parse(
    state: &WebState,
    form: &BriefingFields,
) -> Result<(Briefing, Option<DraftMandate>), AppError> {
    let facts = BriefingForm {
        state: given(&form.state),
        session: given(&form.session),
        stage: given(&form.stage),
        articles: given(&form.articles),
        language: given(&form.language),
        confidentiality: given(&form.confidentiality),
    };
    let briefing = facts.validate(form.title.clone(), form.text.clone())?;
    let mandate = match &form.mandate {
        None => None,
        Some(m) => {
            let terms = MandateForm {
                attribution: given(&m.attribution),
                allow_attachments: m.allow_attachments,
                days: m.days,
            };
            Some(terms.draft(m.staff.clone(), m.members.clone(), state.clock.now_ms())?)
        }
    };
    Ok((briefing, mandate))
}

/// Sends the form: kept as a draft in the profile first (nothing typed is lost), then
/// sent; what could not go yet stays in the outbox and the answer says so.
pub(crate) async fn send(State(state): Shared, Json(form): Json<BriefingFields>) -> Answer {
    let session = session(&state)?;
    let cat = state.catalog();
    let (briefing, mandate) = parse(&state, &form).map_err(|e| failure(&state, e))?;
    let names: Vec<&str> = form.to.iter().map(String::as_str).collect();
    if names.is_empty() {
        return Err(failure(&state, ClientError::NoRecipient));
    }
    let mut profile = session.profile().await;
    let number = profile
        .keep_draft_with(&names, briefing, &[], &form.attachments, mandate)
        .map_err(|e| failure(&state, e))?;
    // The draft holds it now (and its attachments): the saved writing can go.
    if let Some(writing) = form.writing {
        profile
            .discard_writing(writing, true)
            .map_err(|e| failure(&state, e))?;
    }
    let report = profile
        .send_draft(number, &state.progress)
        .await
        .map_err(|e| failure(&state, AppError::KeptAsDraft(e)))?;
    Ok(Json(
        json!({ "said": crate::centre::report_lines(&report, &cat) }),
    ))
}

/// Saves the form as it stands (the page calls this as the person types).
pub(crate) async fn save(State(state): Shared, Json(form): Json<BriefingFields>) -> Answer {
    let session = session(&state)?;
    // A field not valid yet (it is being typed) does not stop the save: the text matters.
    let (briefing, mandate) = parse(&state, &form).unwrap_or_else(|_| {
        (
            Briefing {
                title: form.title.clone(),
                body: form.text.clone(),
                state_party: form.state.clone(),
                session: form.session.clone(),
                ..Default::default()
            },
            None,
        )
    });
    let number = session
        .profile()
        .await
        .save_writing(form.writing, &form.to, briefing, &form.attachments, mandate)
        .map_err(|e| failure(&state, e))?;
    let cat = state.catalog();
    Ok(Json(
        json!({ "number": number, "said": cat.t("web-writing-saved") }),
    ))
}

/// What was saved while being written, newest first, with everything the form needs to
/// continue it.
pub(crate) async fn list(State(state): Shared) -> Answer {
    let session = session(&state)?;
    let cat = state.catalog();
    let profile = session.profile().await;
    let writings = profile.writings().map_err(|e| failure(&state, e))?;
    let rows: Vec<Value> = writings
        .into_iter()
        .rev()
        .map(|w| {
            let b = &w.briefing;
            let attachments: Vec<Value> = w
                .staged
                .iter()
                .filter_map(|id| profile.staged_attachment(id).ok())
                .map(|a| json!({ "id": a.id, "name": a.name, "size": size_text(a.len, &cat) }))
                .collect();
            json!({
                "number": w.number,
                "saved": format_time(w.created_at),
                "to": w.recipients,
                "title": b.title,
                "text": b.body,
                "state": b.state_party,
                "session": b.session,
                "stage": b.stage.code(),
                "articles": b.articles,
                "language": b.language,
                "confidentiality": b.confidentiality.code(),
                "attachments": attachments,
            })
        })
        .collect();
    Ok(Json(json!({ "rows": rows })))
}

/// The person does not want it: gone, with the attachments staged for it.
pub(crate) async fn discard(State(state): Shared, Json(form): Json<NumberForm>) -> Answer {
    let session = session(&state)?;
    session
        .profile()
        .await
        .discard_writing(form.number, false)
        .map_err(|e| failure(&state, e))?;
    Ok(Json(
        json!({ "said": [state.catalog().t("web-writing-discarded")] }),
    ))
}
