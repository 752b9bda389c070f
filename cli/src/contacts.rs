//! `contacts add`, `save-sender`, `list`, `verify`: people and their safety numbers.

use amicus_app::reports::group_digits;
use amicus_app::{Catalog, Result, tr};

use crate::args::Cli;
use crate::unlock::open;

pub(crate) fn add(cli: &Cli, card: &str, name: &Option<String>, cat: &Catalog) -> Result<()> {
    let mut profile = open(cli, cat)?;
    let contact = profile.add_contact(card, name.as_deref())?;
    say!("{}", tr!(cat, "contact-added", name = contact.name));
    let number = group_digits(&profile.safety_number(&contact)?);
    say!("{}", tr!(cat, "safety-number", number = number));
    say!("{}", tr!(cat, "contact-compare", name = contact.name));
    Ok(())
}

pub(crate) fn save_sender(cli: &Cli, message: &u64, name: &str, cat: &Catalog) -> Result<()> {
    let mut profile = open(cli, cat)?;
    let contact = profile.save_sender(*message, name)?;
    say!(
        "{}",
        tr!(
            cat,
            "contact-saved-sender",
            number = message,
            name = contact.name
        )
    );
    let number = group_digits(&profile.safety_number(&contact)?);
    say!("{}", tr!(cat, "safety-number", number = number));
    say!("{}", cat.t("contact-compare-sender"));
    Ok(())
}

pub(crate) fn list(cli: &Cli, cat: &Catalog) -> Result<()> {
    let profile = open(cli, cat)?;
    let contacts = profile.contacts()?;
    if contacts.is_empty() {
        say!("{}", cat.t("contact-none"));
    }
    for c in contacts {
        // On the Centre-signed roster, the Centre vouches for the key.
        let state = cat.t(amicus_app::views::contact_state_key(&c));
        say!("{}", tr!(cat, "contact-line", name = c.name, state = state));
    }
    Ok(())
}

pub(crate) fn verify(cli: &Cli, name: &str, confirm: &bool, cat: &Catalog) -> Result<()> {
    let mut profile = open(cli, cat)?;
    let contact = profile.contact(name)?;
    if contact.pending_identity_key.is_some() {
        say!(
            "{}",
            tr!(cat, "contact-changed-warning", name = contact.name)
        );
    }
    let number = group_digits(&profile.safety_number(&contact)?);
    say!(
        "{}",
        tr!(
            cat,
            "safety-number-with",
            name = contact.name,
            number = number
        )
    );
    if *confirm {
        profile.verify_contact(name)?;
        say!("{}", tr!(cat, "contact-verified", name = contact.name));
    } else {
        say!("{}", tr!(cat, "contact-confirm-hint", name = contact.name));
    }
    Ok(())
}
