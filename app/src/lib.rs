//! What every Amicus front end shares, so that the CLI, a local web app and mobile bindings
//! differ only in how they show things: the message catalogues (English, French, Spanish),
//! plain-language explanations of every error, forms that turn typed text into validated
//! values, views as data, and a `Send + Sync` [`Session`] over an unlocked profile.
//!
//! It depends on the engine (`amicus-client`) and the pure domain (`amicus-core`); nothing
//! here knows about terminals, argument parsers or the relay.
//!
//! # Layout
//! - [`Catalog`], [`Lang`] and [`tr!`]: the catalogues in `app/locales/*.ftl`.
//! - [`explain`]: an error as a sentence: what happened, what was not lost, what to do.
//! - [`forms`]: briefing facts, mandate terms, dates, roles and pins, validated.
//! - [`views`]: inbox rows, receipts, mandate terms and briefing facts as text.
//! - [`iccpr`]: the Covenant's States parties and article titles for the briefing form.
//! - [`reports`]: the outbox, a sync's counts, safety numbers in groups.
//! - [`Session`]: the shared handle.

#![warn(missing_docs)]

mod error;
mod explain;
pub mod forms;
mod i18n;
pub mod iccpr;
pub mod reports;
mod session;
pub mod views;

// The public interface is:
pub use error::{AppError, InputError, Result};
pub use explain::{
    explain, explain_client, explain_input, file_problem, proxy_problem, refusal_reason,
    roster_refusal, route_news, technical_detail, wait_reason,
};
pub use i18n::{Catalog, Lang};
pub use session::Session;
