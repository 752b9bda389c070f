//! The peer figure: the same durable-ingest workload against Redis with an fsync on every
//! write (`appendonly yes`, `appendfsync always`), when `redis-server` is installed. Clients
//! speak RESP directly: `SET <random key> <1536-byte value>`, waiting for `+OK`.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rand::RngCore as _;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::stats::rate;

pub(crate) struct Redis {
    child: Child,
    port: u16,
}

impl Redis {
    /// Starts redis-server on a free loopback port with its files in `dir`.
    pub(crate) async fn start(dir: &Path) -> Option<Redis> {
        std::fs::create_dir_all(dir).ok()?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args([
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
            ])
            .arg("--dir")
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let redis = Redis { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return Some(redis);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }

    /// `clients` connections issuing durable SETs of `value_len` bytes for `duration`.
    pub(crate) async fn ingest(&self, clients: usize, value_len: usize, duration: Duration) -> f64 {
        let start = Instant::now();
        let deadline = start + duration;
        let mut tasks = Vec::new();
        for _ in 0..clients {
            let port = self.port;
            tasks.push(tokio::spawn(async move {
                let mut stream = TcpStream::connect(("127.0.0.1", port))
                    .await
                    .expect("redis");
                let mut value = vec![0u8; value_len];
                let mut reply = [0u8; 5];
                let mut n = 0u64;
                while Instant::now() < deadline {
                    let mut key = [0u8; 16];
                    rand::rng().fill_bytes(&mut key);
                    rand::rng().fill_bytes(&mut value);
                    let mut command = b"*3\r\n$3\r\nSET\r\n$16\r\n".to_vec();
                    command.extend_from_slice(&key);
                    command.extend_from_slice(format!("\r\n${value_len}\r\n").as_bytes());
                    command.extend_from_slice(&value);
                    command.extend_from_slice(b"\r\n");
                    stream.write_all(&command).await.expect("write");
                    stream.read_exact(&mut reply).await.expect("read");
                    assert_eq!(&reply, b"+OK\r\n", "redis refused a write");
                    n += 1;
                }
                n
            }));
        }
        let mut total = 0;
        for t in tasks {
            total += t.await.expect("redis client");
        }
        rate(total, start.elapsed())
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
