//! The safety screen's settings: wipe after N wrong passphrases, delete read briefings
//! after N days, read receipts for presented briefings, the SOCKS5 proxy (Tor); and the
//! quick wipe, which the page starts after a countdown the person can cancel.

use amicus_client::Profile;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::json;

use crate::api::{Answer, Shared, failure, session};

/// The settings as they stand.
pub(crate) async fn show(State(state): Shared) -> Answer {
    let session = session(&state)?;
    let profile = session.profile().await;
    Ok(Json(json!({
        "wipe_after": amicus_client::wipe_after(&state.dir),
        "delete_read_after": profile.delete_read_after_days(),
        "read_receipts": profile.read_receipts(),
        "proxy": profile.saved_proxy().map(|p| p.to_string()).unwrap_or_default(),
    })))
}

#[derive(Deserialize)]
pub(crate) struct SettingsForm {
    wipe_after: u32,
    delete_read_after: u32,
    read_receipts: bool,
    /// The SOCKS5 proxy, empty for none.
    #[serde(default)]
    proxy: String,
}

/// A proxy typed in a form: empty is none; anything else must be a SOCKS5 address.
pub(crate) fn typed_proxy(
    text: &str,
) -> Result<Option<amicus_client::Proxy>, amicus_client::ClientError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    amicus_client::Proxy::parse(text)
        .map(Some)
        .map_err(amicus_client::ClientError::BadProxy)
}

pub(crate) async fn save(State(state): Shared, Json(form): Json<SettingsForm>) -> Answer {
    // Checked first: a proxy that cannot be used changes nothing.
    let proxy = typed_proxy(&form.proxy).map_err(|e| failure(&state, e))?;
    let session = session(&state)?;
    let mut profile = session.profile().await;
    if profile.saved_proxy() != proxy {
        profile.set_proxy(proxy).map_err(|e| failure(&state, e))?;
    }
    amicus_client::set_wipe_after(&state.dir, form.wipe_after).map_err(|e| failure(&state, e))?;
    profile
        .set_delete_read_after_days(form.delete_read_after)
        .map_err(|e| failure(&state, e))?;
    profile.delete_old_read().map_err(|e| failure(&state, e))?;
    profile
        .set_read_receipts(form.read_receipts)
        .map_err(|e| failure(&state, e))?;
    Ok(Json(
        json!({ "said": [state.catalog().t("settings-saved")] }),
    ))
}

/// Destroys the profile now: the key is forgotten, then the key file and the store are
/// overwritten and deleted. Needs no passphrase (it is for when there is no time), only the
/// page's session; the page asks first and counts down.
pub(crate) async fn wipe(State(state): Shared) -> Answer {
    state.lock();
    if Profile::exists(&state.dir) {
        amicus_client::wipe(&state.dir).map_err(|e| failure(&state, e))?;
    }
    Ok(Json(json!({ "said": [state.catalog().t("wiped")] })))
}
