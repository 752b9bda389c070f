//! `amicus-bench`: measures the relay against baselines taken on the same machine in the same
//! run, prints one table and writes it to BENCHMARKS.md with the command, machine, crate
//! versions and date. `--quick` (about a minute) is the CI smoke run; `--full` adds larger
//! sizes. Figures are never asserted: the table says which targets were met.

mod attachments;
mod baseline;
mod client_cost;
mod fan_out;
mod memory;
mod redis_peer;
mod relay_load;
mod stats;
mod tokens;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use amicus_client::internal::RelayLink;
use clap::Parser;

#[derive(Parser)]
#[command(name = "amicus-bench")]
struct Args {
    /// About a minute: the CI smoke run.
    #[arg(long, conflicts_with = "full")]
    quick: bool,
    /// Larger sizes (1e6 stored envelopes, 5k connections).
    #[arg(long)]
    full: bool,
    /// Where to write the report.
    #[arg(long, default_value = "BENCHMARKS.md")]
    output: PathBuf,
    /// Directory for data files (default: a temporary directory in the current directory's
    /// file system, so that fsync figures are those of real storage).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Only the attachment transfer section, printed (not written to the report).
    #[arg(long)]
    attachments_only: bool,
    /// Only the baselines and the durable-ingest rows, printed (for profiling the write path).
    #[arg(long)]
    ingest_only: bool,
    /// Internal: run a relay in this process (for memory measurements).
    #[arg(long, hide = true)]
    serve_relay: Option<PathBuf>,
    /// Internal: run a bare quinn server in this process.
    #[arg(long, hide = true)]
    serve_bare: Option<PathBuf>,
}

struct Sizes {
    syncs: u64,
    bulk_bytes: u64,
    rr: usize,
    handshakes: u64,
    ingest_secs: f64,
    open_loop_secs: f64,
    connections: Vec<usize>,
    growth: Vec<u64>,
    sessions: usize,
    messages: usize,
    attachment_bytes: u64,
}

struct Row {
    what: String,
    value: String,
    baseline: String,
    ratio: Option<f64>,
    target: String,
    met: Option<bool>,
}

fn row(what: &str, value: String) -> Row {
    Row {
        what: what.into(),
        value,
        baseline: String::new(),
        ratio: None,
        target: String::new(),
        met: None,
    }
}

fn compared(
    what: &str,
    value: f64,
    unit: &str,
    baseline: f64,
    base_label: &str,
    min_ratio: Option<f64>,
) -> Row {
    let ratio = value / baseline;
    Row {
        what: what.into(),
        value: format!("{value:.0} {unit}"),
        baseline: format!("{baseline:.0} {unit} ({base_label})"),
        ratio: Some(ratio),
        target: min_ratio.map(|m| format!(">= {m}x")).unwrap_or_default(),
        met: min_ratio.map(|m| ratio >= m),
    }
}

fn main() {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if let Some(dir) = &args.serve_relay {
        runtime.block_on(serve_relay(dir));
        return;
    }
    if let Some(dir) = &args.serve_bare {
        runtime.block_on(serve_bare(dir));
        return;
    }
    let sizes = if args.full {
        Sizes {
            syncs: 2000,
            bulk_bytes: 1 << 30,
            rr: 5000,
            handshakes: 500,
            ingest_secs: 5.0,
            open_loop_secs: 10.0,
            connections: vec![1000, 5000],
            growth: vec![100_000, 1_000_000],
            sessions: 100,
            messages: 1000,
            attachment_bytes: 1 << 30,
        }
    } else {
        Sizes {
            syncs: 300,
            bulk_bytes: 64 << 20,
            rr: 1000,
            handshakes: 100,
            ingest_secs: 2.0,
            open_loop_secs: 3.0,
            connections: vec![1000],
            growth: vec![100_000],
            sessions: 20,
            messages: 200,
            attachment_bytes: 64 << 20,
        }
    };
    let work = match &args.dir {
        Some(d) => {
            std::fs::create_dir_all(d).expect("dir");
            tempfile::tempdir_in(d).expect("tempdir")
        }
        None => tempfile::tempdir_in(".").expect("tempdir"),
    };
    let started = Instant::now();
    if args.attachments_only {
        let rows = runtime.block_on(attachment_rows(work.path(), &sizes));
        println!("{}", render(&rows));
        return;
    }
    let rows = runtime.block_on(run(work.path(), &sizes, args.ingest_only));
    if args.ingest_only {
        println!("{}", render(&rows));
        return;
    }
    let table = render(&rows);
    println!("{table}");
    let report = report(&args, &table, started.elapsed());
    std::fs::write(&args.output, report).expect("write report");
    eprintln!("wrote {}", args.output.display());
}

async fn serve_relay(dir: &Path) {
    let relay = amicus_relay::start(relay_load::bench_config(dir))
        .await
        .expect("relay");
    let (tcp, path) = relay.tcp.clone().expect("the bench relay has a TCP route");
    println!("{} {} {tcp} {path}", relay.addr, relay.pin);
    wait_for_stdin_close().await;
    relay.shutdown().await;
}

async fn serve_bare(dir: &Path) {
    let bare = baseline::BareQuinn::start(dir).await;
    let tls = baseline::start_bare_tls(dir).await;
    println!("{} {} {tls}", bare.addr, bare.pin);
    wait_for_stdin_close().await;
    bare.close();
}

async fn wait_for_stdin_close() {
    let _ = tokio::task::spawn_blocking(|| {
        let mut sink = Vec::new();
        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut sink);
    })
    .await;
}

fn eprint_step(step: &str) {
    eprintln!("... {step}");
}

async fn run(dir: &Path, s: &Sizes, ingest_only: bool) -> Vec<Row> {
    let mut rows = Vec::new();

    eprint_step("baselines: fdatasync, sled");
    let (fdatasync, mut fdatasync_latency) = baseline::fdatasync_rate(dir, s.syncs);
    let fdatasync_p99 = fdatasync_latency.quantile_ms(0.99);
    let sled_1 = baseline::sled_durable_rate(dir, s.syncs, 1);
    let sled_32 = baseline::sled_durable_rate(dir, s.syncs * 32, 32);
    rows.push(row(
        "fdatasync, 4 KiB appends",
        format!("{fdatasync:.0} /s, p99 {fdatasync_p99:.3} ms"),
    ));
    rows.push(row(
        "sled insert + durable sync, 1 per sync",
        format!("{sled_1:.0} /s"),
    ));
    rows.push(row(
        "sled insert + durable sync, 32 per sync",
        format!("{sled_32:.0} /s"),
    ));

    eprint_step("baselines: bare quinn with the relay's transport config");
    let bare = baseline::BareQuinn::start(&dir.join("bare")).await;
    let link = RelayLink::connect(&bare.addr.to_string(), bare.pin)
        .await
        .expect("connect");
    let quinn_bulk = baseline::bulk_upload(&link, s.bulk_bytes).await;
    let mut quinn_rr = baseline::request_response(&link, s.rr, 1024).await;
    let quinn_rr_p99 = quinn_rr.quantile_ms(0.99);
    link.close().await;
    let quinn_hs = baseline::handshake_rate(bare.addr, bare.pin, s.handshakes).await;
    let quinn_64 = baseline::request_rate(
        bare.addr,
        bare.pin,
        64,
        relay_load::ENVELOPE_LEN + 64,
        Duration::from_secs_f64(s.ingest_secs),
    )
    .await;
    bare.close();
    rows.push(row(
        "quinn bulk upload, one stream",
        format!("{quinn_bulk:.0} MB/s"),
    ));
    rows.push(row(
        "quinn 1 KiB request/response, fresh stream",
        format!(
            "p50 {:.3} ms, p99 {:.3} ms",
            quinn_rr.quantile_ms(0.5),
            quinn_rr_p99
        ),
    ));
    rows.push(row(
        "quinn full handshakes, sequential",
        format!("{quinn_hs:.0} /s"),
    ));
    rows.push(row(
        "quinn 1.6 KiB request/response, 64 clients (the transport's ceiling here)",
        format!("{quinn_64:.0} /s"),
    ));

    eprint_step("relay: durable ingest");
    let relay = amicus_relay::start(relay_load::bench_config(&dir.join("relay")))
        .await
        .expect("relay");
    let (addr, pin) = (relay.addr, relay.pin);
    let owners = relay_load::register(addr, pin, 64).await;
    let mailboxes = Arc::new(owners.iter().map(|(m, _)| *m).collect::<Vec<_>>());
    let ingest_for = |clients| {
        relay_load::ingest(
            addr,
            pin,
            mailboxes.clone(),
            clients,
            Duration::from_secs_f64(s.ingest_secs),
        )
    };
    // Group commit: how many durable requests each sync of the disk answered.
    let mut batches = Vec::new();
    let mut measured = Vec::new();
    for clients in [1, 16, 64] {
        let before = relay.service().mailboxes.commit_counts();
        measured.push(ingest_for(clients).await);
        let after = relay.service().mailboxes.commit_counts();
        batches.push((
            clients,
            (after.requests - before.requests) as f64
                / (after.rounds - before.rounds).max(1) as f64,
        ));
    }
    let (one, sixteen, sixty_four) = (measured[0], measured[1], measured[2]);
    rows.push(compared(
        "relay durable ingest, 1 client",
        one,
        "/s",
        sled_1,
        "sled 1/sync",
        Some(0.7),
    ));
    rows.push(row(
        "relay durable ingest, 16 clients",
        format!("{sixteen:.0} /s"),
    ));
    rows.push(compared(
        "relay durable ingest, 64 clients",
        sixty_four,
        "/s",
        fdatasync,
        "fdatasync",
        Some(5.0),
    ));
    rows.push(compared(
        "relay durable ingest, 64 clients",
        sixty_four,
        "/s",
        sled_32,
        "sled 32/sync",
        Some(0.8),
    ));
    rows.push(compared(
        "diagnostic: relay durable ingest vs the transport's ceiling, 64 clients",
        sixty_four,
        "/s",
        quinn_64,
        "bare quinn exchanges",
        None,
    ));
    let no_disk =
        relay_load::refused_without_disk(addr, pin, 64, Duration::from_secs_f64(s.ingest_secs))
            .await;
    rows.push(compared(
        "diagnostic: the relay's request path without the disk (same frames to unknown mailboxes, refused from memory), 64 clients",
        no_disk,
        "/s",
        quinn_64,
        "bare quinn exchanges",
        None,
    ));
    // The TCP route beside QUIC, same relay, same run.
    let (tcp_addr, tcp_path) = relay.tcp.clone().expect("the bench relay has a TCP route");
    let tcp_64 = relay_load::ingest_tcp(
        tcp_addr,
        &tcp_path,
        pin,
        mailboxes.clone(),
        64,
        Duration::from_secs_f64(s.ingest_secs),
    )
    .await;
    rows.push(compared(
        "relay durable ingest over the TCP route (TLS + HTTP/2), 64 clients",
        tcp_64,
        "/s",
        sixty_four,
        "QUIC route, same run",
        Some(0.8),
    ));
    let quic_link = amicus_client::internal::RelayLink::connect(&addr.to_string(), pin)
        .await
        .expect("connect");
    let mut quic_rr = relay_load::request_latency(&quic_link, s.rr).await;
    quic_link.close().await;
    let tcp_link =
        amicus_client::internal::RelayLink::connect_tcp(&tcp_addr.to_string(), &tcp_path, pin)
            .await
            .expect("connect over TCP");
    let mut tcp_rr = relay_load::request_latency(&tcp_link, s.rr).await;
    tcp_link.close().await;
    rows.push(row(
        "relay small request (ServerInfo) latency, QUIC route / TCP route",
        format!(
            "p50 {:.3} / {:.3} ms, p99 {:.3} / {:.3} ms",
            quic_rr.quantile_ms(0.5),
            tcp_rr.quantile_ms(0.5),
            quic_rr.quantile_ms(0.99),
            tcp_rr.quantile_ms(0.99)
        ),
    ));
    rows.push(row(
        "group commit: requests answered per sync of the disk, at 1 / 16 / 64 clients",
        batches
            .iter()
            .map(|(_, b)| format!("{b:.1}"))
            .collect::<Vec<_>>()
            .join(" / "),
    ));
    for clients in [1, 64] {
        let direct = relay_load::ingest_without_network(
            relay.service().clone(),
            mailboxes.clone(),
            clients,
            Duration::from_secs_f64(s.ingest_secs),
        )
        .await;
        rows.push(row(
            &format!("diagnostic: same ingest without QUIC, {clients} concurrent"),
            format!("{direct:.0} /s"),
        ));
    }
    let inserts = relay_load::inserts_without_sync(
        relay.service().clone(),
        mailboxes.clone(),
        64,
        Duration::from_secs_f64(s.ingest_secs),
    )
    .await;
    rows.push(row(
        "diagnostic: store inserts alone (no sync, no QUIC), 64 concurrent",
        format!("{inserts:.0} /s"),
    ));
    let redis = if which("redis-server") {
        redis_peer::Redis::start(&dir.join("redis")).await
    } else {
        None
    };
    match redis {
        Some(redis) => {
            let peer = redis
                .ingest(
                    64,
                    relay_load::ENVELOPE_LEN,
                    Duration::from_secs_f64(s.ingest_secs),
                )
                .await;
            rows.push(compared(
                "relay durable ingest, 64 clients",
                sixty_four,
                "/s",
                peer,
                "Redis, fsync every write",
                Some(1.0),
            ));
        }
        None => rows.push(row(
            "Redis with fsync on every write, 64 clients",
            "redis-server not installed: no peer figure".into(),
        )),
    }

    if ingest_only {
        relay.shutdown().await;
        return rows;
    }

    eprint_step("relay: latency under offered load");
    for (share, name) in [(0.1, "10%"), (0.5, "50%"), (0.8, "80%")] {
        let (mut send, mut fetch) = relay_load::open_loop(
            addr,
            pin,
            mailboxes.clone(),
            &owners[0].1,
            sixty_four * share,
            Duration::from_secs_f64(s.open_loop_secs),
        )
        .await;
        let p99 = send.quantile_ms(0.99);
        let mut r = row(
            &format!(
                "send-to-ack at {name} of max ({:.0}/s offered)",
                sixty_four * share
            ),
            format!(
                "p50 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms",
                send.quantile_ms(0.5),
                p99,
                send.quantile_ms(0.999)
            ),
        );
        if name == "50%" {
            // The floor: one disk sync and one QUIC round trip, both at their p99.
            let floor = fdatasync_p99 + quinn_rr_p99;
            r.baseline = format!("{floor:.2} ms (fdatasync p99 + bare quinn p99)");
            r.ratio = Some(p99 / floor);
            r.target = "p99 <= 5 ms and <= 3x".into();
            r.met = Some(p99 <= 5.0 && p99 <= 3.0 * floor);
        }
        rows.push(r);
        rows.push(row(
            &format!("fetch (16 envelopes) at {name} of max"),
            format!(
                "p50 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms",
                fetch.quantile_ms(0.5),
                fetch.quantile_ms(0.99),
                fetch.quantile_ms(0.999)
            ),
        ));
    }

    eprint_step("relay: growth");
    let relay_data = relay.service().config.data_dir.clone();
    for &target in &s.growth {
        fill(&relay, addr, pin, mailboxes.clone(), target).await;
        let stats = relay.service().mailboxes.stats().expect("stats");
        let at_size = ingest_for(64).await;
        let mut fetch = relay_load::fetch_latency(addr, pin, &owners[1].1, 200).await;
        let disk = dir_size(&relay_data.join("store"));
        rows.push(compared(
            &format!("ingest, 64 clients, {} stored", stats.queued_envelopes),
            at_size,
            "/s",
            sixty_four,
            "empty store",
            Some(0.7),
        ));
        rows.push(row(
            &format!("fetch at {} stored", stats.queued_envelopes),
            format!(
                "p50 {:.2} ms, p99 {:.2} ms",
                fetch.quantile_ms(0.5),
                fetch.quantile_ms(0.99)
            ),
        ));
        let amplification = disk as f64 / stats.queued_bytes.max(1) as f64;
        // Before the raw sled baseline below, whose own cache would count in this process.
        let rss = memory::rss(std::process::id()) >> 20;
        let floor =
            baseline::sled_space(dir, stats.queued_envelopes as u64, relay_load::ENVELOPE_LEN);
        rows.push(Row {
            what: format!(
                "disk bytes per stored byte, {} stored",
                stats.queued_envelopes
            ),
            value: format!("{amplification:.2}"),
            baseline: format!("{} MB on disk", disk / 1_000_000),
            ratio: None,
            target: "<= 1.5".into(),
            met: Some(amplification <= 1.5),
        });
        rows.push(Row {
            what: format!(
                "diagnostic: disk bytes per stored byte, relay vs raw sled holding the same records, {} stored",
                stats.queued_envelopes
            ),
            value: format!("{amplification:.2}"),
            baseline: format!("{floor:.2} (raw sled)"),
            ratio: Some(amplification / floor),
            target: String::new(),
            met: None,
        });
        rows.push(row(
            &format!(
                "bench process memory (relay in process), {} stored",
                stats.queued_envelopes
            ),
            format!("{rss} MiB"),
        ));
    }
    let config = relay.service().config.clone();
    relay.shutdown().await;
    let t = Instant::now();
    let relay = amicus_relay::start(config).await.expect("restart");
    let restart = t.elapsed();
    let stored = relay
        .service()
        .mailboxes
        .stats()
        .expect("stats")
        .queued_envelopes;
    rows.push(row(
        &format!("relay restart with {stored} stored"),
        format!("{:.0} ms", restart.as_secs_f64() * 1000.0),
    ));
    relay.shutdown().await;

    eprint_step("memory per idle connection (separate processes)");
    for &n in &s.connections {
        let relay = memory::Server::spawn("--serve-relay", &dir.join(format!("mem-relay-{n}")));
        let per_relay = memory::per_connection(&relay, n, true).await;
        drop(relay);
        let bare = memory::Server::spawn("--serve-bare", &dir.join(format!("mem-bare-{n}")));
        let per_bare = memory::per_connection(&bare, n, false).await;
        drop(bare);
        rows.push(Row {
            what: format!("memory per idle authenticated connection, {n} connections"),
            value: format!("{:.1} KiB", per_relay / 1024.0),
            baseline: format!("{:.1} KiB (bare quinn)", per_bare / 1024.0),
            ratio: Some(per_relay / per_bare),
            target: "<= 1.5x".into(),
            met: Some(per_relay <= 1.5 * per_bare),
        });
    }
    let relay = memory::Server::spawn("--serve-relay", &dir.join("mem-worst"));
    let worst = memory::senders_that_never_read(&relay, 20).await;
    drop(relay);
    rows.push(Row {
        what: "memory per connection sending without finishing (16 streams)".into(),
        value: format!("{:.1} MiB", worst / (1 << 20) as f64),
        baseline: "connection buffer budget 8 MiB".into(),
        ratio: None,
        target: "<= budget + 2 MiB".into(),
        met: Some(worst <= 10.0 * (1 << 20) as f64),
    });

    // The growth section wrote gigabytes through sled: let the kernel finish writing them
    // back first, so that the attachment section's disk (which only the relay side uses)
    // is not still busy with an earlier section's pages.
    let _ = std::process::Command::new("sync").status();
    rows.extend(attachment_rows(dir, s).await);

    eprint_step("client cost (libsignal)");
    let cost = client_cost::measure(s.sessions, s.messages).await;
    rows.push(row(
        "client: PQXDH session set-up",
        format!("{:.3} ms", cost.session_ms),
    ));
    rows.push(row(
        "client: sealed-sender encrypt, 1 KiB",
        format!(
            "{:.3} ms ({} bytes sealed)",
            cost.encrypt_ms, cost.envelope_len
        ),
    ));
    rows.push(row(
        "client: sealed-sender decrypt, 1 KiB",
        format!("{:.3} ms", cost.decrypt_ms),
    ));

    eprint_step("sending tokens");
    rows.extend(token_rows(dir, s).await);

    eprint_step("task-force fan-out (libsignal)");
    // A briefing padded to the 4 KiB bucket, to a task force of 5 members.
    let fan = fan_out::measure(5, s.messages.max(5), 4096).await;
    rows.push(Row {
        what: format!(
            "task force of {}: per-recipient sealed sender (used), 4 KiB briefing",
            fan.recipients
        ),
        value: format!(
            "{:.3} ms, {} bytes uploaded",
            fan.per_recipient_ms, fan.per_recipient_bytes
        ),
        baseline: format!(
            "multi-recipient SSv2 + sender key: {:.3} ms, {} bytes",
            fan.multi_ms, fan.multi_bytes
        ),
        ratio: Some(fan.per_recipient_bytes as f64 / fan.multi_bytes as f64),
        target: "choose (issue 3)".into(),
        met: None,
    });
    rows
}

/// What a sending token costs, alone and through the relay.
async fn token_rows(dir: &Path, s: &Sizes) -> Vec<Row> {
    let relay = amicus_relay::start(relay_load::bench_config(&dir.join("tokens")))
        .await
        .expect("relay");
    let n = (s.messages * 4).clamp(64, 2048);
    let t = tokens::measure(relay.addr, relay.pin, n).await;
    relay.shutdown().await;
    let w = tokens::work(if s.messages >= 1000 { 8 } else { 2 });
    vec![
        row(
            &format!(
                "intake proof of work at the default terms ({} bits, Argon2id {} KiB): sender's search",
                w.difficulty, w.memory_kib
            ),
            format!("{:.0} ms", w.solve_ms),
        ),
        row(
            "intake proof of work: the relay's check",
            format!("{:.2} ms", w.check_ms),
        ),
        row(
            "token: relay key generation (RSA-2048, once per period)",
            format!("{:.0} ms", t.keygen_ms),
        ),
        row(
            "token: client blind + finalize (RFC 9474, per token)",
            format!("{:.3} ms + {:.3} ms", t.blind_ms, t.finalize_ms),
        ),
        row(
            "token: relay blind signature (per token issued)",
            format!("{:.3} ms", t.sign_ms),
        ),
        row(
            "token: relay verification (per token spent)",
            format!("{:.3} ms", t.verify_ms),
        ),
        row(
            "token: issuance through the relay, batches of 64 (per token, client work included)",
            format!("{:.3} ms", t.issue_ms),
        ),
        compared(
            &format!("token: paid delivery, 1 client, batches of 16 ({n} envelopes)"),
            t.paid_per_s,
            "/s",
            t.unpaid_per_s,
            "unpaid delivery, same run",
            None,
        ),
    ]
}

/// Attachment transfers against bare quinn, and the blob store choice.
async fn attachment_rows(dir: &Path, s: &Sizes) -> Vec<Row> {
    let mut rows = Vec::new();
    eprint_step("attachments: bare quinn and the relay, separate processes");
    let a = attachments::run(&dir.join("attachments"), s.attachment_bytes).await;
    let size = format!("{} MiB", a.bytes >> 20);
    rows.push(row(
        &format!("attachment {size}: bare quinn bulk upload (own process)"),
        format!("{:.0} MB/s", a.quinn_up),
    ));
    rows.push(row(
        &format!("attachment {size}: bare quinn bulk download (own process)"),
        format!("{:.0} MB/s", a.quinn_down),
    ));
    rows.push(compared(
        &format!("attachment {size}: relay upload goodput (sealed file)"),
        a.relay_up,
        "MB/s",
        a.quinn_up,
        "bare quinn upload",
        Some(0.5),
    ));
    rows.push(compared(
        "diagnostic: relay upload goodput vs bare quinn whose server writes and syncs a file",
        a.relay_up,
        "MB/s",
        a.quinn_up_durable,
        "bare quinn + durable file",
        None,
    ));
    rows.push(row(
        &format!("attachment {size}: the disk alone, durable sequential writes (receivers' writer, from memory)"),
        format!("{:.0} MB/s", a.disk_ceiling),
    ));
    rows.push(compared(
        "diagnostic: relay upload goodput vs the slower of bare quinn and the disk alone",
        a.relay_up,
        "MB/s",
        a.quinn_up.min(a.disk_ceiling),
        "ceiling",
        None,
    ));
    rows.push(compared(
        &format!("attachment {size}: relay upload, sealing the plaintext on the fly"),
        a.relay_up_sealing,
        "MB/s",
        a.quinn_up,
        "bare quinn upload",
        None,
    ));
    rows.push(compared(
        &format!(
            "attachment {size}: relay download goodput (client keeps nothing, as bare quinn's)"
        ),
        a.relay_serving,
        "MB/s",
        a.quinn_down,
        "bare quinn download",
        Some(0.7),
    ));
    rows.push(compared(
        &format!("attachment {size}: download into a durable file, end to end (relay and client on one disk)"),
        a.relay_down,
        "MB/s",
        a.quinn_down,
        "bare quinn download",
        None,
    ));
    rows.push(compared(
        "diagnostic: durable download vs bare quinn whose client writes and syncs a file",
        a.relay_down,
        "MB/s",
        a.quinn_down_durable,
        "bare quinn + durable file",
        None,
    ));
    rows.push(compared(
        "diagnostic: durable download vs the slower of bare quinn and the disk alone",
        a.relay_down,
        "MB/s",
        a.quinn_down.min(a.disk_ceiling),
        "ceiling",
        None,
    ));
    rows.push(row(
        &format!("attachment {size}: bare TLS-over-TCP bulk upload / download (the TCP route's TLS, own process)"),
        format!("{:.0} / {:.0} MB/s", a.tls_up, a.tls_down),
    ));
    rows.push(compared(
        &format!("attachment {size}: relay upload goodput over the TCP route (sealed file)"),
        a.tcp_up,
        "MB/s",
        a.tls_up,
        "bare TLS upload",
        Some(0.7),
    ));
    rows.push(compared(
        "diagnostic: relay upload over the TCP route vs the slower of bare TLS and the disk alone",
        a.tcp_up,
        "MB/s",
        a.tls_up.min(a.disk_ceiling),
        "ceiling",
        None,
    ));
    rows.push(compared(
        &format!(
            "attachment {size}: relay download goodput over the TCP route (client keeps nothing)"
        ),
        a.tcp_serving,
        "MB/s",
        a.tls_down,
        "bare TLS download",
        Some(0.7),
    ));
    let [bare_up, relay_up, bare_down, relay_down] = a.receiver_cpu;
    rows.push(row(
        "diagnostic: CPU seconds of the receiving process, upload / download",
        format!("relay {relay_up:.2} / client {relay_down:.2} (bare quinn {bare_up:.2} / {bare_down:.2})"),
    ));
    let growth_mib = a.relay_memory_growth as f64 / (1 << 20) as f64;
    rows.push(Row {
        what: format!("attachment {size}: relay memory growth (peak RSS)"),
        value: format!("{growth_mib:.1} MiB"),
        baseline: String::new(),
        ratio: None,
        target: "<= 64 MiB".into(),
        met: Some(growth_mib <= 64.0),
    });
    rows.push(Row {
        what: format!("attachment {size}: relay bytes written to disk per attachment byte"),
        value: format!("{:.3}", a.disk_written_per_byte),
        baseline: format!(
            "blob file {:.3} per byte (padding + tags)",
            a.disk_stored_per_byte
        ),
        ratio: None,
        target: "<= 1.5".into(),
        met: Some(a.disk_written_per_byte <= 1.5),
    });
    let choice_bytes = s.attachment_bytes.min(256 << 20);
    let ((file_mbps, file_wpb), (sled_mbps, sled_wpb)) =
        attachments::storage_choice(&dir.join("attachments"), choice_bytes);
    rows.push(Row {
        what: format!(
            "blob store choice, {} MiB durable: files (used)",
            choice_bytes >> 20
        ),
        value: format!("{file_mbps:.0} MB/s, {file_wpb:.2} written per byte"),
        baseline: format!("sled: {sled_mbps:.0} MB/s, {sled_wpb:.2} written per byte"),
        ratio: Some(file_mbps / sled_mbps),
        target: "choose (issue 4)".into(),
        met: None,
    });
    rows
}

/// Fills the relay until `target` envelopes are stored, with batches of 16 from 64 clients.
async fn fill(
    relay: &amicus_relay::RunningRelay,
    addr: std::net::SocketAddr,
    pin: amicus_protocol::RelayPin,
    mailboxes: Arc<Vec<amicus_protocol::MailboxId>>,
    target: u64,
) {
    let endpoint = amicus_client::internal::client_endpoint(false).expect("endpoint");
    loop {
        let stored = relay
            .service()
            .mailboxes
            .stats()
            .expect("stats")
            .queued_envelopes as u64;
        if stored >= target {
            break;
        }
        let rounds = ((target - stored) / (64 * 16)).clamp(1, 20);
        let mut tasks = Vec::new();
        for _ in 0..64 {
            let link = RelayLink::connect_on(&endpoint, addr, pin)
                .await
                .expect("connect");
            let mailboxes = mailboxes.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..rounds {
                    let items = (0..16).map(|_| relay_load_envelope(&mailboxes)).collect();
                    link.call_ok(&amicus_protocol::Request::Deliver { items })
                        .await
                        .expect("deliver");
                }
                link.connection()
                    .expect("a QUIC link")
                    .close(0u32.into(), b"");
            }));
        }
        for t in tasks {
            t.await.expect("fill task");
        }
    }
    endpoint.wait_idle().await;
}

fn relay_load_envelope(mailboxes: &[amicus_protocol::MailboxId]) -> amicus_protocol::DeliverItem {
    use rand::{Rng as _, RngCore as _};
    let mut rng = rand::rng();
    let mut id = [0u8; 16];
    rng.fill_bytes(&mut id);
    let mut payload = vec![0u8; relay_load::ENVELOPE_LEN];
    rng.fill_bytes(&mut payload);
    amicus_protocol::DeliverItem {
        mailbox: mailboxes[rng.random_range(0..mailboxes.len())],
        envelope_id: amicus_protocol::EnvelopeId(id),
        payload,
    }
}

pub(crate) fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|p| p.join(program).is_file()))
        .unwrap_or(false)
}

fn render(rows: &[Row]) -> String {
    let mut out = String::from(
        "| measurement | value | baseline | ratio | target | met |\n|---|---|---|---|---|---|\n",
    );
    for r in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            r.what,
            r.value,
            r.baseline,
            r.ratio.map(|x| format!("{x:.2}x")).unwrap_or_default(),
            r.target,
            match r.met {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "",
            }
        ));
    }
    out
}

fn command_output(program: &str, args: &[&str]) -> String {
    std::process::Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn crate_versions() -> String {
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let mut found = Vec::new();
    let mut name = "";
    for line in lock.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = n.trim_matches('"');
        } else if let Some(v) = line.strip_prefix("version = ")
            && [
                "quinn",
                "quinn-proto",
                "rustls",
                "sled",
                "libsignal-protocol-syft",
                "tokio",
            ]
            .contains(&name)
        {
            found.push(format!("{name} {}", v.trim_matches('"')));
        }
    }
    found.join(", ")
}

/// How to read the rows whose target is missed: what each diagnostic row separates.
const MISSES: &str = "\
## Reading the misses

- **Durable ingest at 64 clients** (against raw sled with 32 inserts per sync, and against
  Redis). Raw sled and Redis are measured without QUIC; the relay's 64 clients run their
  QUIC stacks in this same 2-core process. The diagnostic rows split the cost: the store
  path alone (\"same ingest without QUIC\", durable, 64 concurrent) and the request path
  alone (\"the relay's request path without the disk\": same frames, refused from memory)
  each reach several times the durable figure through QUIC, and bare quinn exchanges more;
  together, on two cores, they do not add up. The group-commit row shows why the disk is
  not the limit: each sync answers only the few requests that reached the store while it
  ran, because the requests are waiting for the CPU, not for the disk.
- **send-to-ack p99 at 50% of max**: a request that arrives while a sync runs waits for it
  and for its own, two syncs at least, plus CPU queueing at half load with the clients on
  the same cores; the floor in the row is one sync and one bare round trip.
- **Disk bytes per stored byte**: the diagnostic row stores the same records in raw sled
  (same keys, same values, same order, a sync every 64 inserts): the relay is within a few
  percent of it. sled rewrites whole leaf nodes (up to 17 envelopes each) on consolidation
  and reclaims the old copies only when its log segments are cleaned; below about 2 bytes
  per byte needs envelopes outside sled's tree, which this store does not do.
- **Attachments over the TCP route against bare TLS**: bare TLS over loopback moves bytes
  between two processes with nothing else to do (2.4 to 2.7 GB/s here); the relay over the
  TCP route does the same TLS plus HTTP/2 framing, the capability checks, and on upload
  the durable blob write and the client reading the sealed file. The relay's own attachment
  path, not the route, is the limit: over QUIC in the same run the relay uploads at a
  similar rate (the \"relay upload goodput\" row) against a bare transport that is itself
  2.5 times slower than bare TLS, and downloads over the TCP route are faster than over
  QUIC. Raising HTTP/2's frame size from 16 KiB to 256 KiB lifted downloads over the route
  from about 1.0 to 1.4 GB/s here (measured with `--attachments-only --full` before and
  after); what remains is hyper's per-frame work and the relay's file reads. A real link
  (tens of MB/s at most for a defender) is far below every one of these figures.
- **Paid against unpaid delivery** (the `token:` rows): one client sending batches of 16
  in turn, so the relay does nothing else while it checks a batch's tokens: each envelope
  costs one RSA-2048 verification (the `relay verification` row) and one spent-record
  write on the request's own task, in full view. Issuing costs the relay one RSA private
  operation per token (the `relay blind signature` row), done off the async workers and
  ahead of need, at sync.
";

fn report(args: &Args, table: &str, elapsed: Duration) -> String {
    let mode = if args.full { "--full" } else { "--quick" };
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .next()
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_string())
        })
        .and_then(|kb| kb.parse::<u64>().ok())
        .map(|kb| format!("{} GiB", kb >> 20))
        .unwrap_or_default();
    format!(
        "# Benchmarks\n\n\
         Produced by `cargo run --release -p amicus-bench -- {mode}` on {date}, in {secs:.0} s.\n\n\
         Machine: {cores} cores, {cpu}, {memory}. Crates: {versions}.\n\n\
         Every ratio compares figures measured in this same run (the machine is shared and\n\
         noisy; absolute figures vary between runs). The relay runs with its default\n\
         configuration except per-connection rate limits and per-mailbox quotas, lifted so\n\
         they do not cap what is measured, and sending tokens: ingest rows send unpaid\n\
         `Deliver`s (minting a token per envelope would time the signer); the `token:` rows\n\
         measure what paying costs, paid against unpaid in one run. Envelopes are {env} bytes\n\
         (a sealed 1 KiB message).\n\n\
         {table}\n{misses}",
        misses = MISSES,
        date = command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        secs = elapsed.as_secs_f64(),
        cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0),
        versions = crate_versions(),
        env = relay_load::ENVELOPE_LEN,
    )
}
