//! Amicus in the browser, for people who do not use a terminal: a local web application
//! served on the loopback interface by `amicus app`, over `amicus-app` only (the CLI's code
//! is not used). The page (`web/assets/`) is embedded in the binary: it loads nothing from
//! anywhere else and works offline. It is independent of how it is served, so a desktop
//! shell that opens no port can host the same files and answer the same JSON.
//!
//! A local server is an attack surface: any web site the user visits can make the browser
//! send requests to 127.0.0.1. The defences, decided in [`guard`] without sockets:
//! loopback only on a random port; the exact `Host` required (DNS rebinding); a one-time
//! launch token exchanged for an `HttpOnly`, `SameSite=Strict` session cookie; a CSRF token
//! in a header, our own `Origin` and a JSON body on every change; a strict
//! Content-Security-Policy, no framing, no referrer, and `Cache-Control: no-store` on every
//! response. The passphrase travels only in a request body, never in a URL; nothing is
//! written to disk but the profile.

#![warn(missing_docs)]

mod api;
mod assets;
mod centre;
mod files;
mod guard;
mod progress;
mod qr;
mod settings;
mod state;
mod texts;
mod write;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use amicus_app::Lang;
use amicus_protocol::{Clock, SystemClock};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::guard::{GuardKeys, Verdict};
use crate::state::WebState;

/// How long requests in flight may take to finish when the app stops.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// How the local app is started.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The profile folder (created by the app if there is none).
    pub profile_dir: PathBuf,
    /// The language the page opens in; the page can switch.
    pub lang: Lang,
    /// The profile is locked after this long without a request.
    pub idle_lock: Duration,
    /// The clock that measures idleness (a test passes a manual one).
    pub clock: Arc<dyn Clock>,
}

impl WebConfig {
    /// Defaults: locked after 10 minutes without use, the system clock.
    pub fn new(profile_dir: PathBuf, lang: Lang) -> Self {
        WebConfig {
            profile_dir,
            lang,
            idle_lock: Duration::from_secs(10 * 60),
            clock: Arc::new(SystemClock),
        }
    }
}

/// A running local app.
pub struct RunningWeb {
    /// Where it listens (127.0.0.1, a port the system chose).
    pub addr: SocketAddr,
    launch_url: String,
    state: Arc<WebState>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for RunningWeb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the launch URL: it is a secret until used.
        f.debug_struct("RunningWeb")
            .field("addr", &self.addr)
            .finish()
    }
}

impl RunningWeb {
    /// The link that opens the app, once: give it to the browser and to no one else.
    pub fn launch_url(&self) -> &str {
        &self.launch_url
    }

    /// Stops serving and forgets the unlocked profile. Requests still running get a moment
    /// to finish; a long one (a large upload) ends with the program's runtime (`amicus app`
    /// returns right after), which loses nothing: a send is kept as a draft with its
    /// resumable uploads before anything leaves.
    pub async fn shutdown(mut self) {
        self.state.lock();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if tokio::time::timeout(SHUTDOWN_GRACE, &mut self.task)
            .await
            .is_err()
        {
            self.task.abort();
            let _ = (&mut self.task).await;
        }
    }
}

/// Starts the app on 127.0.0.1 on a port the system chooses.
pub async fn serve(config: WebConfig) -> std::io::Result<RunningWeb> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let addr = listener.local_addr()?;
    let idle_ms = u64::try_from(config.idle_lock.as_millis()).unwrap_or(u64::MAX);
    let state = Arc::new(WebState::new(
        config.profile_dir,
        addr.to_string(),
        config.lang,
        idle_ms,
        config.clock,
    ));
    let token = state.launch_token().unwrap_or_default();
    let launch_url = format!("http://{addr}/launch/{token}");
    let app = router(state.clone());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let idle_state = state.clone();
    let task = tokio::spawn(async move {
        // The key is dropped after the idle time even if no request comes to notice it.
        let watch = async move {
            let mut tick = tokio::time::interval(Duration::from_secs(5));
            loop {
                tick.tick().await;
                idle_state.lock_if_idle();
            }
        };
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = stopped.await;
        });
        tokio::select! {
            _ = server => {}
            _ = watch => {}
        }
    });
    Ok(RunningWeb {
        addr,
        launch_url,
        state,
        stop: Some(stop),
        task,
    })
}

fn router(state: Arc<WebState>) -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/app.js", get(assets::script))
        .route("/app.css", get(assets::style))
        .route("/launch/{token}", get(launch))
        .route("/api/state", get(api::state))
        .route("/api/lang", post(api::set_lang))
        .route("/api/create", post(api::create))
        .route("/api/unlock", post(api::unlock))
        .route("/api/lock", post(api::lock))
        .route("/api/inbox", get(api::inbox))
        .route("/api/message/{number}", get(api::message))
        .route("/api/sync", post(api::sync))
        .route("/api/outbox", get(api::outbox))
        .route("/api/card", get(api::card))
        .route("/api/card.svg", get(api::card_qr))
        .route("/api/contacts", get(api::contacts).post(api::add_contact))
        .route("/api/contacts/verify", post(api::verify_contact))
        .route("/api/send", post(write::send))
        .route("/api/writing", post(write::save))
        .route("/api/writings", get(write::list))
        .route("/api/writing/discard", post(write::discard))
        .route("/api/attachments", post(files::stage))
        .route("/api/transfer", get(files::transfer))
        .route(
            "/api/message/{number}/attachment/{index}",
            get(files::download),
        )
        .route("/api/enrol", post(centre::enrol))
        .route("/api/sent", get(centre::sent))
        .route("/api/revoke", post(centre::revoke))
        .route("/api/mandates", get(centre::mandates))
        .route("/api/present", post(centre::present))
        .route("/api/ask", post(centre::ask))
        .route("/api/answer", post(centre::answer))
        .route("/api/roster", get(centre::roster))
        .route("/api/roster/add", post(centre::roster_add))
        .route("/api/roster/remove", post(centre::roster_remove))
        .route("/api/invite", post(centre::invite))
        .route("/api/settings", get(settings::show).post(settings::save))
        .route("/api/wipe", post(settings::wipe))
        .layer(middleware::from_fn_with_state(state.clone(), defend))
        .with_state(state)
}

/// Every request passes the guard first; every response leaves hardened.
async fn defend(State(state): State<Arc<WebState>>, request: Request, next: Next) -> Response {
    let launch = request.uri().path().starts_with("/launch/");
    let (session, csrf) = state.keys();
    let keys = GuardKeys {
        host: &state.host,
        session: session.as_deref(),
        csrf: &csrf,
    };
    let verdict = guard::check(request.method(), request.headers(), launch, &keys);
    let mut response = match verdict {
        Verdict::Pass => {
            if !launch {
                state.touch();
            }
            next.run(request).await
        }
        Verdict::WrongHost => refusal(&state, StatusCode::MISDIRECTED_REQUEST, "web-wrong-host"),
        Verdict::NoSession => refusal(&state, StatusCode::FORBIDDEN, "web-launch-used"),
        Verdict::Forged => refusal(&state, StatusCode::FORBIDDEN, "web-forged"),
    };
    guard::harden(response.headers_mut());
    response
}

/// A plain-text refusal in the user's language.
fn refusal(state: &WebState, status: StatusCode, key: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        state.catalog().t(key),
    )
        .into_response()
}

/// Exchanges the one-time launch token for the session cookie, then shows the app.
async fn launch(State(state): State<Arc<WebState>>, Path(token): Path<String>) -> Response {
    match state.launch(&token) {
        Some(session) => Response::builder()
            .status(StatusCode::SEE_OTHER)
            .header(header::LOCATION, "/")
            .header(header::SET_COOKIE, guard::session_cookie(&session))
            .body(Body::empty())
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
        None => refusal(&state, StatusCode::FORBIDDEN, "web-launch-used"),
    }
}
