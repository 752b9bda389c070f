//! Plain sentences for people who are not engineers: what happened, what was not lost, and
//! what to do next. No error chains reach the user (`--verbose` adds the technical detail).

use amicus_protocol::ErrorCode;

use crate::error::ClientError;

pub fn explain(error: &ClientError) -> String {
    match error {
        ClientError::NoProfile(dir) => format!(
            "There is no Amicus profile in {dir}. Create one with `amicus init`, or point to \
             yours with --profile."
        ),
        ClientError::ProfileExists(dir) => format!(
            "A profile already exists in {dir}. Nothing was changed. Use it, or choose another \
             directory with --profile."
        ),
        ClientError::WrongPassphrase => "The passphrase is not right. Nothing was changed; \
             try again (check the keyboard layout and Caps Lock)."
            .into(),
        ClientError::PassphraseTooShort(n) => format!(
            "That passphrase is too short. Choose one of at least {n} characters; several \
             unrelated words work well."
        ),
        ClientError::Corrupt(what) => format!(
            "Part of your local store is damaged or was tampered with ({what}). Amicus refused \
             to use it. Do not delete anything; ask the Centre's support for help."
        ),
        ClientError::Storage(detail) => format!(
            "Amicus could not write to this device's storage ({detail}). Nothing already saved \
             was lost. Free some space or check permissions, then try again."
        ),
        ClientError::Unreachable { addr, .. } => format!(
            "Could not reach the relay at {addr}. Nothing was lost: what is in your outbox \
             stays there and `amicus sync` sends it when the connection works. A briefing to \
             someone you have never written to needs the connection to start; if it is not \
             in `amicus outbox`, send it again later."
        ),
        ClientError::PinMismatch => "The relay did not prove it is the one you were given \
             (its key does not match the pin). Amicus did not connect. Check the relay \
             address and pin with whoever invited you; someone may be intercepting the \
             connection."
            .into(),
        ClientError::Relay(code) => relay_refusal(*code),
        ClientError::UnexpectedResponse | ClientError::BadResponse(_) => {
            "The relay answered in a way Amicus does not understand. Nothing was lost. It may \
             run a different version; try again later or ask the relay's operator."
                .into()
        }
        ClientError::BadCard(_) => "That is not a valid contact card. Copy the whole card \
             (it starts with `amicus:`) and try again."
            .into(),
        ClientError::UnknownContact(name) => format!(
            "You have no contact called \"{name}\". See your contacts with `amicus contacts \
             list`."
        ),
        ClientError::ContactExists(name) => format!(
            "You already have this contact (or one called \"{name}\"). Nothing was changed."
        ),
        ClientError::IdentityChanged(name) => format!(
            "The safety number of \"{name}\" has changed. Nothing was sent. This happens when \
             they reinstall Amicus, but it can also mean someone is impersonating them. \
             Compare the new safety number with them over another channel \
             (`amicus contacts verify {name}`), then confirm it."
        ),
        ClientError::OtherRelay(name) => format!(
            "\"{name}\" uses a different relay from yours. This version can only send through \
             your own relay; ask them for a contact card from your relay."
        ),
        ClientError::BriefingTooLarge { len, max } => format!(
            "The briefing is too long to send as a message ({len} bytes; the limit is {max}). \
             Shorten it or split it into several briefings. Nothing was sent."
        ),
        ClientError::NoSuchMessage(n) => {
            format!("There is no message number {n}. See your messages with `amicus inbox`.")
        }
        ClientError::UnknownRecipient => "The relay does not know this recipient's mailbox. \
             Nothing was sent. Check that their contact card is current."
            .into(),
        ClientError::NotRegistered => "Your profile is not registered with the relay yet. \
             Run `amicus sync` when you are online."
            .into(),
        ClientError::Signal(_) => "An encryption step failed. Nothing was sent or deleted. \
             Try again; if it keeps failing, run with --verbose and ask for help."
            .into(),
        ClientError::Input(text) => format!("{text}."),
    }
}

fn relay_refusal(code: ErrorCode) -> String {
    match code {
        ErrorCode::QuotaExceeded => "The recipient's mailbox on the relay is full. Your \
             briefing is kept on this device and will be retried; try `amicus sync` later."
            .into(),
        ErrorCode::RateLimited => "The relay asked Amicus to slow down. Nothing was lost; try \
             again in a minute."
            .into(),
        ErrorCode::StorageUnavailable => "The relay could not store the data safely right now \
             (its disk may be full). Nothing was lost; try again later."
            .into(),
        ErrorCode::UnknownRecipient => "The relay does not know this recipient's mailbox. \
             Check that their contact card is current."
            .into(),
        ErrorCode::AuthFailed | ErrorCode::Unauthenticated => "The relay did not accept this \
             profile's proof of ownership. Nothing was lost. Try again; if it persists, ask \
             the relay's operator."
            .into(),
        other => {
            format!("The relay refused the request ({other}). Nothing was lost. Try again later.")
        }
    }
}
