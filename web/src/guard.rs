//! The local server's defences, decided without sockets: which requests are let through and
//! which headers every response carries. A web page on any other site can make the user's
//! browser send requests to 127.0.0.1; these rules make sure such a request learns nothing
//! and changes nothing (shared/facts.md lists the attacks on local servers they answer).

use axum::http::{HeaderMap, HeaderValue, Method, header};
use subtle::ConstantTimeEq as _;

/// The cookie that carries the browser's session, after the launch token was exchanged.
pub(crate) const SESSION_COOKIE: &str = "amicus_session";

/// The header a page sends the CSRF token in. A cross-site form cannot set a header, and a
/// cross-site script cannot read the token (same-origin policy), so it cannot forge one.
pub(crate) const CSRF_HEADER: &str = "x-amicus-csrf";

/// What the guard decided about a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Let it through.
    Pass,
    /// The Host header is not this server's exact loopback address (DNS rebinding).
    WrongHost,
    /// No valid session cookie: the browser was not opened with the launch link.
    NoSession,
    /// A request that changes something without the CSRF token, from another origin, or
    /// with a body that is neither JSON nor a file's bytes.
    Forged,
}

/// The secrets the guard compares with, and this server's own origin.
pub(crate) struct GuardKeys<'a> {
    /// `127.0.0.1:PORT`, exactly as the browser sends it in `Host`.
    pub(crate) host: &'a str,
    /// The session cookie's value, once the launch token was exchanged.
    pub(crate) session: Option<&'a str>,
    /// The CSRF token of that session.
    pub(crate) csrf: &'a str,
}

/// Whether a request may reach a handler. `launch` is true for the launch path, which needs
/// no session (it creates one) but still needs the right Host.
pub(crate) fn check(
    method: &Method,
    headers: &HeaderMap,
    launch: bool,
    keys: &GuardKeys,
) -> Verdict {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if host != Some(keys.host) {
        return Verdict::WrongHost;
    }
    if launch {
        return Verdict::Pass;
    }
    let Some(session) = keys.session else {
        return Verdict::NoSession;
    };
    let presented = cookie(headers, SESSION_COOKIE);
    if !presented.is_some_and(|p| same(p, session)) {
        return Verdict::NoSession;
    }
    if method == Method::GET || method == Method::HEAD {
        return Verdict::Pass;
    }
    let token_ok = headers
        .get(CSRF_HEADER)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|t| same(t, keys.csrf));
    // Browsers send Origin on every cross-origin request and on same-origin POSTs; when it is
    // there it must be ours.
    let origin_ok = match headers.get(header::ORIGIN).and_then(|h| h.to_str().ok()) {
        None => true,
        Some(origin) => origin == format!("http://{}", keys.host),
    };
    // JSON, or a file's bytes: types a cross-site form cannot send, and that a cross-site
    // script could send only after a CORS preflight, which this server never grants.
    let body_ok = headers
        .get(header::CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|t| {
            t.starts_with("application/json") || t.starts_with("application/octet-stream")
        });
    if token_ok && origin_ok && body_ok {
        Verdict::Pass
    } else {
        Verdict::Forged
    }
}

/// The value of cookie `name` in the request, if any.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Constant-time equality, so timing does not reveal how much of a secret was guessed.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The headers every response carries: nothing cached on disk (a briefing must not land in
/// the browser's cache), no framing, no referrer, no script but the app's own file, nothing
/// loaded from anywhere else.
pub(crate) fn harden(headers: &mut HeaderMap) {
    let set = |headers: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, header::CACHE_CONTROL, "no-store");
    set(headers, header::PRAGMA, "no-cache");
    set(headers, header::CONTENT_SECURITY_POLICY, CSP);
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::REFERRER_POLICY, "no-referrer");
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
}

/// No inline script or style, nothing external; images only from the app (the card's QR
/// code) ; forms and fetches only to the app itself.
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; \
     frame-ancestors 'none'";

/// The Set-Cookie value for a new session: not readable by script, never sent cross-site,
/// gone when the browser closes.
pub(crate) fn session_cookie(value: &str) -> String {
    format!("{SESSION_COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: &str = "127.0.0.1:4100";

    fn keys() -> GuardKeys<'static> {
        GuardKeys {
            host: HOST,
            session: Some("s3cr3t"),
            csrf: "t0k3n",
        }
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn a_rebound_name_is_refused_even_with_the_cookie() {
        let h = headers(&[
            ("host", "evil.example:4100"),
            ("cookie", "amicus_session=s3cr3t"),
        ]);
        assert_eq!(check(&Method::GET, &h, false, &keys()), Verdict::WrongHost);
        let h = headers(&[("host", "localhost:4100")]);
        assert_eq!(check(&Method::GET, &h, true, &keys()), Verdict::WrongHost);
        let h = headers(&[]);
        assert_eq!(check(&Method::GET, &h, true, &keys()), Verdict::WrongHost);
    }

    #[test]
    fn without_the_session_cookie_nothing_is_served() {
        let h = headers(&[("host", HOST)]);
        assert_eq!(check(&Method::GET, &h, false, &keys()), Verdict::NoSession);
        let h = headers(&[("host", HOST), ("cookie", "amicus_session=s3cr3u")]);
        assert_eq!(check(&Method::GET, &h, false, &keys()), Verdict::NoSession);
        let no_session_yet = GuardKeys {
            session: None,
            ..keys()
        };
        let h = headers(&[("host", HOST), ("cookie", "amicus_session=")]);
        assert_eq!(
            check(&Method::GET, &h, false, &no_session_yet),
            Verdict::NoSession
        );
        let h = headers(&[("host", HOST), ("cookie", "a=b; amicus_session=s3cr3t")]);
        assert_eq!(check(&Method::GET, &h, false, &keys()), Verdict::Pass);
    }

    #[test]
    fn a_change_needs_the_token_our_origin_and_json() {
        let base = [
            ("host", HOST),
            ("cookie", "amicus_session=s3cr3t"),
            ("content-type", "application/json"),
        ];
        let with = |extra: &[(&'static str, &str)]| {
            let mut all = base.to_vec();
            all.extend_from_slice(extra);
            check(&Method::POST, &headers(&all), false, &keys())
        };
        assert_eq!(with(&[("x-amicus-csrf", "t0k3n")]), Verdict::Pass);
        assert_eq!(
            with(&[
                ("x-amicus-csrf", "t0k3n"),
                ("origin", "http://127.0.0.1:4100")
            ]),
            Verdict::Pass
        );
        assert_eq!(with(&[]), Verdict::Forged);
        assert_eq!(with(&[("x-amicus-csrf", "t0k3m")]), Verdict::Forged);
        assert_eq!(
            with(&[
                ("x-amicus-csrf", "t0k3n"),
                ("origin", "http://evil.example")
            ]),
            Verdict::Forged
        );
        let form = headers(&[
            ("host", HOST),
            ("cookie", "amicus_session=s3cr3t"),
            ("content-type", "application/x-www-form-urlencoded"),
            ("x-amicus-csrf", "t0k3n"),
        ]);
        assert_eq!(check(&Method::POST, &form, false, &keys()), Verdict::Forged);
    }

    #[test]
    fn every_response_is_uncached_unframed_and_script_locked() {
        let mut h = HeaderMap::new();
        harden(&mut h);
        assert_eq!(h["cache-control"], "no-store");
        assert_eq!(h["referrer-policy"], "no-referrer");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("script-src 'self'"));
        assert!(!csp.contains("unsafe"));
        assert!(session_cookie("x").contains("HttpOnly; SameSite=Strict"));
    }
}
