//! Failing writes: the relay binary runs with a file-size limit (RLIMIT_FSIZE, with
//! SIGXFSZ ignored, so a write past the limit fails with an error as on a full disk). Once
//! its store can no longer grow, clients get a clear `StorageUnavailable` and no
//! acknowledgement, and the relay stops with an error (sled does not recover from an I/O
//! error in-process; its supervisor restarts it). Restarted with space again, the store
//! opens, every envelope acknowledged before is there unaltered, and it stores again.

mod support;

use std::collections::HashSet;
use std::process::Command;
use std::time::{Duration, Instant};

use amicus_client::internal::RelayLink;
use amicus_protocol::{DeliverItem, ErrorCode, MailboxId, Request, Response};
use support::{id_of, number_of, payload_of, registered_reader, start_relay, start_relay_with};

/// Sets the soft file-size limit of process `pid` (the hard limit stays unlimited), with
/// util-linux's `prlimit`.
fn set_file_size_limit(pid: u32, bytes: Option<u64>) {
    let soft = bytes.map_or_else(|| "unlimited".to_string(), |b| b.to_string());
    let status = Command::new("prlimit")
        .arg(format!("--pid={pid}"))
        .arg(format!("--fsize={soft}:unlimited"))
        .status()
        .expect("prlimit runs");
    assert!(status.success(), "prlimit failed");
}

/// Delivers envelopes `numbers` in one request; the per-envelope outcome.
async fn deliver(
    link: &RelayLink,
    mailbox: MailboxId,
    numbers: &[u64],
) -> Vec<Result<(), ErrorCode>> {
    let items = numbers
        .iter()
        .map(|&n| DeliverItem {
            mailbox,
            envelope_id: id_of(n),
            payload: payload_of(n).repeat(64),
        })
        .collect();
    match link.call(&Request::Deliver { items }).await {
        Ok(Response::Delivered { statuses }) => statuses,
        Ok(Response::Error { code, .. }) => vec![Err(code); numbers.len()],
        other => panic!("unexpected answer: {other:?}"),
    }
}

#[test]
fn failing_writes_give_clear_errors_no_ack_and_the_relay_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("relay");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // SIGXFSZ would kill the relay; ignored, a write past the limit returns EFBIG instead.
    // A shell ignores it and then becomes the relay (`exec` keeps the process id, and an
    // ignored signal stays ignored across exec).
    let (mut relay, addr, pin) = start_relay_with(&data, "127.0.0.1:0", |c| {
        let relay_args: Vec<_> = std::iter::once(c.get_program().to_owned())
            .chain(c.get_args().map(|a| a.to_owned()))
            .collect();
        let mut shell = Command::new("sh");
        shell
            .arg("-c")
            .arg("trap '' XFSZ; exec \"$@\"")
            .arg("sh")
            .args(relay_args);
        *c = shell;
    });
    let reader = runtime.block_on(registered_reader(&dir.path().join("reader"), &addr, pin));
    let mailbox = reader.mailbox();

    runtime.block_on(async {
        let link = RelayLink::connect(&addr, pin).await.unwrap();
        let mut acked = HashSet::new();
        let mut next = 0u64;
        // Healthy: everything is acknowledged.
        for _ in 0..4 {
            let numbers: Vec<u64> = (next..next + 8).collect();
            next += 8;
            for (n, status) in numbers.iter().zip(deliver(&link, mailbox, &numbers).await) {
                assert_eq!(status, Ok(()));
                acked.insert(*n);
            }
        }
        // The disk "fills": no file may grow past its current size.
        let db_len = std::fs::metadata(data.join("store").join("db")).unwrap().len();
        set_file_size_limit(relay.id(), Some(db_len));
        let mut refused = 0;
        let deadline = Instant::now() + Duration::from_secs(60);
        while refused == 0 && Instant::now() < deadline {
            let numbers: Vec<u64> = (next..next + 8).collect();
            next += 8;
            for (n, status) in numbers.iter().zip(deliver(&link, mailbox, &numbers).await) {
                match status {
                    Ok(()) => {
                        acked.insert(*n);
                    }
                    Err(code) => {
                        assert_eq!(code, ErrorCode::StorageUnavailable, "a clear error");
                        refused += 1;
                    }
                }
            }
        }
        assert!(refused > 0, "writes past the limit were refused");
        // The relay stops by itself, with an error status, rather than carry on with a
        // store that failed.
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = relay.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "the relay kept running after the failure");
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert!(!status.success(), "a storage failure is an error exit: {status:?}");
        eprintln!(
            "faults: {} acknowledged, {refused} refused while the disk was full, relay exited with {status}",
            acked.len()
        );
        link.close().await;
        // Space returns: the restarted relay opens the store with everything it
        // acknowledged.
        let (restarted, addr, _) = start_relay(&data, "127.0.0.1:0");
        relay = restarted;
        let link = RelayLink::connect(&addr, pin).await.unwrap();
        let proof = reader.authentication_proof(&link).await.unwrap();
        link.call_ok(&proof).await.unwrap();
        let mut received = HashSet::new();
        loop {
            let Response::Envelopes { items, more } =
                link.call_ok(&Request::Fetch { max: 16 }).await.unwrap()
            else {
                panic!("fetch")
            };
            let ids: Vec<_> = items.iter().map(|e| e.envelope_id).collect();
            for e in &items {
                let n = number_of(&e.envelope_id);
                assert_eq!(e.payload, payload_of(n).repeat(64), "envelope {n} altered");
                received.insert(n);
            }
            if !ids.is_empty() {
                link.call_ok(&Request::Ack { ids }).await.unwrap();
            }
            if !more && items.is_empty() {
                break;
            }
        }
        let lost: Vec<_> = acked.difference(&received).collect();
        assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
        // And it stores again.
        let link2 = RelayLink::connect(&addr, pin).await.unwrap();
        assert!(
            deliver(&link2, mailbox, &[next])
                .await
                .iter()
                .all(Result::is_ok)
        );
        link.close().await;
        link2.close().await;
    });
    let _ = Command::new("kill")
        .args(["-TERM", &relay.id().to_string()])
        .status();
    let _ = relay.wait();
}
