//! The Amicus client: a profile (libsignal identity, sessions, contacts, inbox, outbox) in an
//! encrypted local store, and the operations that send and receive sealed briefings through
//! a relay.

pub mod attachment;
pub mod attachments;
pub mod briefing;
pub mod centre;
pub mod cli;
mod cli_attach;
mod cli_centre;
pub mod content;
pub mod demo;
mod demo_proxy;
pub mod error;
pub mod explain;
pub mod i18n;
pub mod mandate;
pub mod prekeys;
pub mod profile;
pub mod proxy;
mod proxy_receive;
pub mod proxy_records;
pub mod receive;
pub mod records;
pub mod roster;
pub mod secret;
pub mod send;
pub mod signal_store;
pub mod store;
pub mod transfer;
pub mod transport;
pub mod vault;
pub mod wipe;

pub use error::{ClientError, Result};

pub use profile::{NewProfile, Profile};
pub use receive::SyncReport;
pub use send::{SendReport, WaitReason};
