//! Files between the page and the profile. A file picked or dropped in the page is streamed
//! here and sealed as it arrives (no plaintext copy is written); a draft then names it by
//! id. An attachment received is fetched if needed and streamed to the browser's download,
//! opened chunk by chunk, each authenticated before it leaves: the only plaintext written is
//! the file the person saves with their browser.

use amicus_app::views::size_text;
use amicus_client::ClientError;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt as _;
use serde::Deserialize;
use serde_json::json;

use crate::api::{Answer, Failure, Shared, failure, session};

#[derive(Deserialize)]
pub(crate) struct FileQuery {
    name: String,
    len: u64,
}

/// Receives a file's bytes (the request body) and seals them into the profile.
pub(crate) async fn stage(
    State(state): Shared,
    Query(file): Query<FileQuery>,
    body: Body,
) -> Answer {
    let session = session(&state)?;
    let mut writer = session
        .profile()
        .await
        .stage_attachment(&file.name, file.len)
        .map_err(|e| failure(&state, e))?;
    let mut stream = body.into_data_stream();
    while let Some(piece) = stream.next().await {
        // A body that breaks off leaves nothing: the writer removes its partial copy.
        let piece =
            piece.map_err(|_| failure(&state, ClientError::IncompleteFile(file.name.clone())))?;
        writer.write(&piece).map_err(|e| failure(&state, e))?;
    }
    let staged = writer
        .finish(&*session.profile().await)
        .map_err(|e| failure(&state, e))?;
    let cat = state.catalog();
    Ok(Json(json!({
        "id": staged.id,
        "name": staged.name,
        "size": size_text(staged.len, &cat),
    })))
}

/// The transfer in progress, for the page's progress bar.
pub(crate) async fn transfer(State(state): Shared) -> Answer {
    Ok(Json(state.progress.view(&state.catalog())))
}

/// Attachment `index` (from 1) of message `number`, as a download.
pub(crate) async fn download(
    State(state): Shared,
    Path((number, index)): Path<(u64, usize)>,
) -> Result<Response, Failure> {
    let session = session(&state)?;
    let (pointer, opened) = session
        .profile()
        .await
        .open_attachment(number, index, &state.progress)
        .await
        .map_err(|e| failure(&state, e))?;
    // Opened on a blocking thread (file reads), handed over chunk by chunk.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, ClientError>>(4);
    tokio::task::spawn_blocking(move || {
        for chunk in opened {
            let stop = chunk.is_err();
            if tx.blocking_send(chunk).is_err() || stop {
                break;
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let name = pointer.safe_file_name();
    // RFC 6266: a plain ASCII fallback and the UTF-8 name.
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
            ),
            (header::CONTENT_LENGTH, pointer.size.to_string()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
