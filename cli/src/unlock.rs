//! Unlocking a profile and reading what a person types: the passphrase (from a file, the
//! environment, or a hidden prompt, never an argument), a line, a briefing's text; and the
//! spinner shown while long work runs.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use amicus_app::{Catalog, InputError, Result};
use amicus_client::ClientError;
use amicus_client::{NewProfile, Profile};
use amicus_core::secret::Passphrase;

use crate::args::Cli;

pub(crate) fn profile_dir(cli: &Cli) -> PathBuf {
    if let Some(dir) = &cli.profile {
        return dir.clone();
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| ".".into());
    home.join(".amicus")
}

/// A passphrase from the file, the environment, or (in a terminal) a prompt; `None` if
/// none can be had.
pub(crate) fn passphrase_source(
    cli: &Cli,
    cat: &Catalog,
    prompt: &str,
    confirm: bool,
) -> Result<Option<Passphrase>> {
    if let Some(file) = &cli.passphrase_file {
        let text = std::fs::read_to_string(file).map_err(|e| InputError::CannotRead {
            path: file.display().to_string(),
            problem: e.into(),
        })?;
        return Ok(Some(Passphrase::new(
            text.trim_end_matches(['\n', '\r']).to_string(),
        )));
    }
    if let Ok(text) = std::env::var("AMICUS_PASSPHRASE") {
        return Ok(Some(Passphrase::new(text)));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let first = rpassword::prompt_password(cat.t(prompt)).map_err(terminal)?;
    if confirm {
        let second =
            rpassword::prompt_password(cat.t("prompt-repeat-passphrase")).map_err(terminal)?;
        if first != second {
            return Err(InputError::PassphrasesDiffer.into());
        }
    }
    Ok(Some(Passphrase::new(first)))
}

pub(crate) fn read_passphrase(
    cli: &Cli,
    cat: &Catalog,
    prompt: &str,
    confirm: bool,
) -> Result<Passphrase> {
    passphrase_source(cli, cat, prompt, confirm)?.ok_or_else(|| InputError::NoPassphrase.into())
}

/// Opens the profile, with `--proxy` in force for this run when given.
pub(crate) fn open(cli: &Cli, cat: &Catalog) -> Result<Profile> {
    let proxy = cli.proxy()?;
    let mut profile = unlock_profile(cli, cat)?;
    if let Some(flag) = proxy {
        profile.use_proxy_for_now(flag.proxy());
    }
    Ok(profile)
}

fn unlock_profile(cli: &Cli, cat: &Catalog) -> Result<Profile> {
    let dir = profile_dir(cli);
    if !Profile::exists(&dir) {
        return Err(ClientError::NoProfile(dir.display().to_string()).into());
    }
    // This terminal was unlocked with `amicus unlock`: no prompt. Said on a terminal, so
    // that nobody types a passphrase that no one asked for into the shell afterwards.
    if cli.passphrase_file.is_none()
        && std::env::var_os("AMICUS_PASSPHRASE").is_none()
        && let Some(key) = crate::agent::key_from_agent(&dir)
    {
        if std::io::stdin().is_terminal() {
            tell!("{}", cat.t("unlocked-by-agent"));
        }
        return Ok(Profile::open_with_key(&dir, &key)?);
    }
    let passphrase = read_passphrase(cli, cat, "prompt-passphrase", false)?;
    Ok(Profile::open(&dir, &passphrase)?)
}

/// Creates the profile in `dir` with a new passphrase asked twice, showing that the slow
/// key derivation is at work.
pub(crate) async fn create(
    cli: &Cli,
    cat: &Catalog,
    dir: &Path,
    new: NewProfile<'_>,
) -> Result<Profile> {
    let passphrase = read_passphrase(cli, cat, "prompt-new-passphrase", true)?;
    let spinner = working(cat.t("init-deriving"));
    let profile = Profile::create(dir, &passphrase, new).await;
    spinner.finish_and_clear();
    Ok(profile?)
}

/// Reading what a person types failed (the terminal went away, or is not one).
pub(crate) fn terminal(e: std::io::Error) -> InputError {
    InputError::Terminal(e.to_string())
}

/// Reads a briefing's text typed at the terminal: until a line with only "." or end of input.
pub(crate) fn read_typed_body(cat: &Catalog) -> Result<String> {
    tell!("{}", cat.t("prompt-body"));
    let mut body = String::new();
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(terminal)?;
        if line.trim() == "." {
            break;
        }
        body.push_str(&line);
        body.push('\n');
    }
    Ok(body)
}

/// A spinner on standard error while a long operation runs (hidden when not a terminal).
pub(crate) fn working(message: String) -> indicatif::ProgressBar {
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_message(message);
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    spinner
}

pub(crate) fn prompt_line(prompt: &str) -> Result<String> {
    prompt!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(terminal)?;
    Ok(line.trim().to_string())
}
