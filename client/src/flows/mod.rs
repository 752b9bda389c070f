//! The flows: each file is an `impl Profile` block for one thing a person does (send,
//! sync, keep a draft, follow the roster, run the Centre, present under a mandate, move
//! attachments), over the store and the network below.

pub(crate) mod attachments;
pub(crate) mod centre;
pub(crate) mod drafts;
pub(crate) mod prekeys;
pub(crate) mod proxy;
pub(crate) mod proxy_receive;
pub(crate) mod receive;
pub(crate) mod roster;
pub(crate) mod send;
pub(crate) mod staged;
pub(crate) mod tokens;
pub(crate) mod writing;
