//! `amicus unlock`: one terminal stays unlocked for a while, so that a session of commands
//! asks for the passphrase once, not fifteen times.
//!
//! The unlock derives the profile's master key (Argon2id) and hands it, over a pipe, to a
//! small agent process (this binary, `agent-serve`), which holds it in memory locked
//! against swapping and answers on a Unix socket inside the profile's folder (mode 0700, so
//! no other local user can reach it). The socket is named after the terminal's shell, and a
//! command asks only the agent of its own shell: another terminal is not unlocked. The agent
//! forgets the key and exits when its time is up, on `amicus lock`, on `amicus wipe`, and
//! when the shell it belongs to ends (logout, closed terminal).

use std::io::{BufRead as _, Read as _, Write as _};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use amicus_core::secret::SecretKey;

/// What a command asks the agent.
const ASK_KEY: u8 = b'K';
const ASK_LOCK: u8 = b'L';
/// The longest an unlock may last.
pub(crate) const MAX_MINUTES: u64 = 8 * 60;

/// The shell this command runs in (its parent process): the terminal an unlock is for.
pub(crate) fn this_terminal() -> u32 {
    std::os::unix::process::parent_id()
}

fn socket_path(profile: &Path, shell: u32) -> PathBuf {
    profile.join(format!("agent-{shell}.sock"))
}

/// The master key from this terminal's agent, if one holds it.
pub(crate) fn key_from_agent(profile: &Path) -> Option<SecretKey> {
    let mut stream = UnixStream::connect(socket_path(profile, this_terminal())).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    stream.write_all(&[ASK_KEY]).ok()?;
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    stream.read_exact(key.as_mut()).ok()?;
    SecretKey::from_slice(key.as_mut())
}

/// Tells every agent of this profile (every terminal) to forget the key. Returns how many
/// there were.
pub(crate) fn lock_all(profile: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(profile) else {
        return 0;
    };
    let mut locked = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with("agent-") && name.ends_with(".sock")) {
            continue;
        }
        match UnixStream::connect(entry.path()) {
            Ok(mut stream) => {
                if stream.write_all(&[ASK_LOCK]).is_ok() {
                    locked += 1;
                }
            }
            // A socket nobody answers on (its agent died): remove it.
            Err(_) => {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    locked
}

/// Starts this terminal's agent with `key` for `minutes`; returns once it answers.
pub(crate) fn start(profile: &Path, key: &SecretKey, minutes: u64) -> std::io::Result<()> {
    let exe = std::env::current_exe()?;
    let mut child = Command::new(exe)
        .arg("--profile")
        .arg(profile)
        .args(["agent-serve", "--shell"])
        .arg(this_terminal().to_string())
        .arg("--minutes")
        .arg(minutes.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    // The key goes through a pipe: never an argument or the environment, which other
    // processes can read.
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(key.expose())?;
    }
    let mut ready = String::new();
    if let Some(stdout) = child.stdout.take() {
        std::io::BufReader::new(stdout).read_line(&mut ready)?;
    }
    if ready.trim() == "ready" {
        Ok(())
    } else {
        let _ = child.kill();
        Err(std::io::Error::other("the unlock agent did not start"))
    }
}

/// The agent itself (`amicus agent-serve`): reads the key from standard input, serves it
/// to this terminal's commands, and exits when its time is up, when told to lock, or when
/// its shell is gone.
pub(crate) fn serve(profile: &Path, shell: u32, minutes: u64) -> std::io::Result<()> {
    let mut key = Box::new(zeroize::Zeroizing::new([0u8; 32]));
    std::io::stdin().read_exact(key.as_mut().as_mut())?;
    // Kept out of swap where the system allows it; without it the agent still works.
    let _locked = region::lock(key.as_ptr(), key.len()).ok();
    let path = socket_path(profile, shell);
    let _ = std::fs::remove_file(&path);
    let listener = UnixListener::bind(&path)?;
    listener.set_nonblocking(true)?;
    let deadline = Instant::now() + Duration::from_secs(minutes.clamp(1, MAX_MINUTES) * 60);
    // Where the system lists processes (Linux), the agent also ends with its shell.
    let shell_alive =
        || !Path::new("/proc/self").exists() || Path::new(&format!("/proc/{shell}")).exists();
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "ready")?;
        out.flush()?;
    }
    while Instant::now() < deadline && shell_alive() && path.exists() {
        match listener.accept() {
            Ok((mut stream, _)) => {
                stream.set_nonblocking(false)?;
                stream.set_read_timeout(Some(Duration::from_secs(2)))?;
                let mut ask = [0u8; 1];
                if stream.read_exact(&mut ask).is_err() {
                    continue;
                }
                match ask[0] {
                    ASK_KEY => {
                        let _ = stream.write_all(key.as_ref().as_ref());
                    }
                    ASK_LOCK => break,
                    _ => {}
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(_) => break,
        }
    }
    let _ = std::fs::remove_file(&path);
    Ok(())
}
