//! Errors of the application layer: the engine's [`ClientError`], or text a person typed
//! that does not make a valid value ([`InputError`]). Both are data; [`crate::explain`]
//! turns them into sentences in the user's language.

use amicus_client::{ClientError, FileProblem};
use thiserror::Error;

/// Text a person typed (in a form, a flag or a prompt) that is not a valid value. Nothing
/// was sent or stored when one of these is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum InputError {
    /// Not a review stage code (`lois`, `loipr`, `dialogue`, `follow-up`, ...).
    #[error("not a review stage")]
    BadStage,
    /// Not a list of ICCPR article numbers (1 to 53).
    #[error("not a list of articles")]
    BadArticles,
    /// Not one of the working languages (`en`, `fr`, `es`).
    #[error("not a working language")]
    BadLanguage,
    /// Not a confidentiality level.
    #[error("not a confidentiality level")]
    BadConfidentiality,
    /// Not an attribution (`anonymous`, `pseudonym:NAME`, `organisation:NAME`, `named:NAME`).
    #[error("not an attribution")]
    BadAttribution,
    /// Not a date written `YYYY-MM-DD`.
    #[error("not a date (YYYY-MM-DD)")]
    BadDate,
    /// A roster entry is a `member` or `staff`.
    #[error("not a roster role")]
    BadRosterRole,
    /// An invitation is for a `defender`, `member` or `staff`.
    #[error("not an invitation role")]
    BadInviteRole,
    /// A relay pin is 64 hexadecimal digits.
    #[error("not a relay pin")]
    BadPin,
    /// The passphrase and its repetition differ.
    #[error("the passphrases differ")]
    PassphrasesDiffer,
    /// No passphrase could be had (no terminal, no file, no environment variable).
    #[error("no passphrase given")]
    NoPassphrase,
    /// A file the person named could not be read.
    #[error("cannot read {path}: {problem}")]
    CannotRead {
        /// The file as the person named it.
        path: String,
        /// What is wrong with it.
        problem: FileProblem,
    },
    /// A new profile needs a name (`--name`): it is shown on the contact card.
    #[error("a name is needed")]
    MissingName,
    /// Reading from the terminal failed.
    #[error("cannot read from the terminal: {0}")]
    Terminal(String),
}

/// Anything a front end can be told went wrong.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum AppError {
    /// The engine refused or failed.
    #[error(transparent)]
    Client(#[from] ClientError),
    /// What a person typed is not valid.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The terminal could not be unlocked (the unlock agent did not start); commands ask
    /// for the passphrase as before.
    #[error("the unlock agent did not start: {0}")]
    UnlockFailed(FileProblem),
    /// The local app (`amicus app`) could not start serving on this device.
    #[error("the local app did not start: {0}")]
    AppNotStarted(FileProblem),
    /// A send could not finish (the relay is full, unreachable, or refused for now); the
    /// briefing stays kept as a draft, with its uploads so far, for the next sync.
    #[error("not sent yet, kept as a draft: {0}")]
    KeptAsDraft(ClientError),
    /// The person stopped a send (Ctrl-C); what they wrote is kept as a draft.
    #[error("interrupted; the briefing is kept as a draft")]
    Interrupted,
    /// The demo found a briefing's text or a sender's identity in the relay's files or log.
    #[error("the demo found plaintext or a sender's identity on the relay")]
    DemoLeaks,
}

/// The application layer's result.
pub type Result<T, E = AppError> = std::result::Result<T, E>;
