//! The Amicus client: a profile (libsignal identity, sessions, contacts, inbox, outbox) in an
//! encrypted local store, and the operations that send and receive sealed briefings through
//! a relay.

pub mod error;
pub mod secret;
pub mod signal_store;
pub mod store;
pub mod transport;
pub mod vault;

pub use error::{ClientError, Result};
