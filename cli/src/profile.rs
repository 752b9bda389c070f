//! The profile itself: `init`, `card`, `settings`, `wipe`, and `amicus` alone (where the
//! user stands and what to do next).

use amicus_app::{Catalog, Result, tr};
use amicus_client::ClientError;
use amicus_client::KdfParams;
use amicus_client::{NewProfile, Profile};

use crate::args::{Cli, OnOff, ProxyFlag};
use crate::unlock::{open, passphrase_source, profile_dir, prompt_line, read_passphrase, working};

pub(crate) async fn init(
    cli: &Cli,
    name: &str,
    relay: &str,
    pin: &str,
    cat: &Catalog,
) -> Result<()> {
    let dir = profile_dir(cli);
    if Profile::exists(&dir) {
        return Err(ClientError::ProfileExists(dir.display().to_string()).into());
    }
    let relay_pin = amicus_app::forms::parse_pin(pin)?;
    let proxy = cli.proxy()?.and_then(ProxyFlag::proxy);
    let mut profile = crate::unlock::create(
        cli,
        cat,
        &dir,
        NewProfile {
            name,
            relay_address: relay,
            relay_pin,
            kdf: KdfParams::default(),
            invitation: None,
            proxy,
        },
    )
    .await?;
    say!("{}", tr!(cat, "init-created", dir = dir.display()));
    crate::send::say_route_news(&mut profile, cat);
    if !profile.is_registered() {
        say!("{}", cat.t("init-not-registered"));
    }
    say!("{}", cat.t("init-card"));
    say!("{}", profile.contact_card().to_text());
    Ok(())
}

pub(crate) fn card(cli: &Cli, cat: &Catalog) -> Result<()> {
    let profile = open(cli, cat)?;
    say!("{}", profile.contact_card().to_text());
    Ok(())
}

pub(crate) fn wipe(cli: &Cli, now: &bool, cat: &Catalog) -> Result<()> {
    let dir = profile_dir(cli);
    if !Profile::exists(&dir) {
        return Err(ClientError::NoProfile(dir.display().to_string()).into());
    }
    if !now {
        let word = cat.t("wipe-word");
        let typed = prompt_line(&tr!(cat, "prompt-wipe", dir = dir.display(), word = word))?;
        if !typed.eq_ignore_ascii_case(&word) {
            return Err(ClientError::NotConfirmed.into());
        }
    }
    // Unlocked terminals forget the key first.
    crate::agent::lock_all(&dir);
    amicus_client::wipe(&dir)?;
    say!("{}", cat.t("wiped"));
    Ok(())
}

pub(crate) fn settings(
    cli: &Cli,
    wipe_after: &Option<u32>,
    delete_read_after: &Option<u32>,
    read_receipts: &Option<OnOff>,
    cat: &Catalog,
) -> Result<()> {
    let dir = profile_dir(cli);
    let mut profile = open(cli, cat)?;
    if let Some(n) = wipe_after {
        amicus_client::set_wipe_after(&dir, *n)?;
    }
    if let Some(days) = delete_read_after {
        profile.set_delete_read_after_days(*days)?;
        profile.delete_old_read()?;
    }
    if let Some(on) = read_receipts {
        profile.set_read_receipts(*on == OnOff::On)?;
    }
    // `settings --proxy`: the global flag, kept in the profile.
    let proxy = cli.proxy()?;
    if let Some(flag) = proxy {
        profile.set_proxy(flag.proxy())?;
    }
    if wipe_after.is_some()
        || delete_read_after.is_some()
        || read_receipts.is_some()
        || proxy.is_some()
    {
        say!("{}", cat.t("settings-saved"));
    }
    let wipe = match amicus_client::wipe_after(&dir) {
        0 => cat.t("settings-off"),
        n => tr!(cat, "settings-attempts", count = n),
    };
    let days = match profile.delete_read_after_days() {
        0 => cat.t("settings-off"),
        n => tr!(cat, "settings-days", count = n),
    };
    say!("{}", tr!(cat, "settings-shown", wipe = wipe, days = days));
    let receipts = if profile.read_receipts() {
        cat.t("settings-on")
    } else {
        cat.t("settings-off")
    };
    say!("{}", tr!(cat, "settings-receipts", state = receipts));
    let proxy = match profile.saved_proxy() {
        Some(proxy) => proxy.to_string(),
        None => cat.t("settings-proxy-none"),
    };
    say!("{}", tr!(cat, "settings-proxy", proxy = proxy));
    Ok(())
}

/// `amicus` with no command: where the user stands and what to do next.
pub(crate) fn guide(cli: &Cli, cat: &Catalog) -> Result<()> {
    let dir = profile_dir(cli);
    if !Profile::exists(&dir) {
        say!("{}", tr!(cat, "guide-no-profile", dir = dir.display()));
        say!("{}", cat.t("guide-no-profile-next"));
        say!("  {}", cat.t("guide-no-profile-example"));
        return Ok(());
    }
    say!("{}", tr!(cat, "guide-locked", dir = dir.display()));
    // An unlocked terminal shows where the user stands without asking anything.
    let profile = match crate::agent::key_from_agent(&dir) {
        Some(key) => Profile::open_with_key(&dir, &key)?,
        None => {
            let Some(passphrase) = passphrase_source(cli, cat, "prompt-passphrase", false)? else {
                say!("{}", cat.t("guide-locked-next"));
                return Ok(());
            };
            Profile::open(&dir, &passphrase)?
        }
    };
    let unread = profile.inbox()?.iter().filter(|m| m.read_at == 0).count();
    say!(
        "{}",
        tr!(
            cat,
            "guide-status",
            name = profile.name(),
            unread = unread,
            outbox =
                profile.outbox()?.len() + profile.pending_sends()?.len() + profile.drafts()?.len(),
            contacts = profile.contacts()?.len()
        )
    );
    if unread > 0 {
        say!("{}", cat.t("guide-next-unread"));
    }
    say!("{}", cat.t("guide-next-sync"));
    say!("{}", cat.t("guide-next-send"));
    Ok(())
}

/// `amicus unlock`: this terminal stays unlocked for `minutes`.
pub(crate) fn unlock(cli: &Cli, minutes: u64, cat: &Catalog) -> Result<()> {
    let dir = profile_dir(cli);
    let minutes = minutes.clamp(1, crate::agent::MAX_MINUTES);
    let passphrase = read_passphrase(cli, cat, "prompt-passphrase", false)?;
    let spinner = working(cat.t("init-deriving"));
    let key = Profile::unlock_key(&dir, &passphrase);
    spinner.finish_and_clear();
    crate::agent::start(&dir, &key?, minutes)
        .map_err(|e| amicus_app::AppError::UnlockFailed((&e).into()))?;
    say!("{}", tr!(cat, "unlocked", minutes = minutes));
    Ok(())
}

/// `amicus lock`: every terminal forgets the key now.
pub(crate) fn lock(cli: &Cli, cat: &Catalog) -> Result<()> {
    let dir = profile_dir(cli);
    let count = crate::agent::lock_all(&dir);
    say!("{}", tr!(cat, "locked", count = count));
    Ok(())
}
