//! `amicus app`: the local web app (crate `amicus-web`) for this profile, opened in the
//! user's browser; it runs until Ctrl-C, which locks it.

use amicus_app::{AppError, Catalog, Result, tr};
use amicus_web::WebConfig;

use crate::args::Cli;
use crate::unlock::profile_dir;

pub(crate) async fn app(cli: &Cli, cat: &Catalog) -> Result<()> {
    let config = WebConfig::new(profile_dir(cli), cat.lang());
    let running = amicus_web::serve(config)
        .await
        .map_err(|e| AppError::AppNotStarted((&e).into()))?;
    let url = running.launch_url().to_string();
    // The system's opener; the link is printed too, for when there is none.
    let opened = std::process::Command::new("xdg-open")
        .arg(&url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok();
    if !opened {
        say!("{}", cat.t("web-app-browser"));
    }
    say!("{}", tr!(cat, "web-app-started", url = url));
    say!("{}", cat.t("web-app-stop"));
    let _ = tokio::signal::ctrl_c().await;
    running.shutdown().await;
    Ok(())
}
