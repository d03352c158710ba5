//! The loopback HTTP/1.1 load generator of the server benches (`server.rs`, `serve.rs`):
//! N keep-alive connections on tokio, over TCP or a unix socket, each sending one fixed
//! request after another, closed loop (flat out) or open loop at a fixed rate (wrk2's
//! method: latency from each request's intended send time, so no coordinated omission).
//!
//! A hand-rolled client (write the request, read the head, then Content-Length bytes)
//! keeps the generator's own CPU use small on a machine it shares with what it measures;
//! reqwest cost as much CPU as the server it measured.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// Where the connections go.
#[derive(Clone, Debug)]
pub enum Target {
    /// `host:port`.
    Tcp(String),
    /// A unix socket's path.
    Unix(PathBuf),
}

impl Target {
    async fn connect(&self) -> std::io::Result<Stream> {
        Ok(match self {
            Target::Tcp(addr) => {
                let s = tokio::net::TcpStream::connect(addr).await?;
                s.set_nodelay(true)?;
                Stream::Tcp(s)
            }
            Target::Unix(path) => Stream::Unix(tokio::net::UnixStream::connect(path).await?),
        })
    }
}

enum Stream {
    Tcp(tokio::net::TcpStream),
    Unix(tokio::net::UnixStream),
}

impl Stream {
    async fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Stream::Tcp(s) => s.write_all(buf).await,
            Stream::Unix(s) => s.write_all(buf).await,
        }
    }

    async fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Tcp(s) => s.read(buf).await,
            Stream::Unix(s) => s.read(buf).await,
        }
    }
}

/// What one load phase measured.
pub struct Outcome {
    pub requests: usize,
    pub errors: usize,
    pub elapsed: Duration,
    /// Latencies of the successful requests, sorted, in microseconds.
    pub latencies_us: Vec<u32>,
}

impl Outcome {
    pub fn rate(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    /// The latency at quantile `p` (0..=1), in milliseconds.
    pub fn ms(&self, p: f64) -> f64 {
        percentile(&self.latencies_us, p)
    }
}

/// One keep-alive HTTP/1.1 connection doing one request after another.
struct Conn {
    stream: Stream,
    buf: Vec<u8>,
}

impl Conn {
    /// Sends `req` and reads the whole answer; its status.
    async fn request(&mut self, req: &[u8]) -> Result<u16, String> {
        self.stream
            .write_all(req)
            .await
            .map_err(|e| e.to_string())?;
        self.buf.clear();
        let head_end = loop {
            if let Some(i) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            self.fill().await?;
        };
        let head = std::str::from_utf8(&self.buf[..head_end]).map_err(|e| e.to_string())?;
        let status: u16 = head
            .get(9..12)
            .and_then(|s| s.parse().ok())
            .ok_or("bad status line")?;
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse().ok())?
            })
            .ok_or("no content-length")?;
        while self.buf.len() < head_end + length {
            self.fill().await?;
        }
        Ok(status)
    }

    async fn fill(&mut self) -> Result<(), String> {
        let mut chunk = [0u8; 16384];
        let n = self
            .stream
            .read(&mut chunk)
            .await
            .map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed".into());
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}

/// How the connections pace their requests.
#[derive(Clone, Copy)]
pub enum Pace {
    /// Closed loop: each connection sends its next request as soon as the last one is
    /// answered, so the server runs flat out (maximum throughput; latency is then mostly
    /// queueing, about connections / throughput by Little's law).
    Saturate,
    /// Open loop at this many requests per second in all (wrk2's method): connection `i`
    /// sends request `k` at `start + (k * connections + i) / rate`, and latency counts from
    /// that intended time, so a late answer also delays (and charges) the requests behind it.
    Rate(f64),
}

/// Loads `target` with `connections` connections sending `req`: `warmup` not counted, then
/// `measure` counted. Only `200` answers count as requests; anything else is an error
/// (and the connection is made again).
pub async fn load(
    target: &Target,
    connections: usize,
    req: Arc<[u8]>,
    pace: Pace,
    (warmup, measure): (Duration, Duration),
) -> Outcome {
    let start = tokio::time::Instant::now() + warmup;
    let end = start + measure;
    let mut tasks = Vec::new();
    for i in 0..connections {
        let (target, req) = (target.clone(), req.clone());
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn {
                stream: target.connect().await.expect("cannot connect"),
                buf: Vec::with_capacity(32 * 1024),
            };
            let mut lat = Vec::with_capacity(50_000);
            let mut errors = 0usize;
            // Open-loop schedules start at the warm-up's beginning, like the closed loop.
            let first = start - warmup;
            for k in 0u64.. {
                let t0 = match pace {
                    Pace::Saturate => tokio::time::Instant::now(),
                    Pace::Rate(rate) => {
                        let slot = (k * connections as u64 + i as u64) as f64 / rate;
                        let due = first + Duration::from_secs_f64(slot);
                        tokio::time::sleep_until(due).await;
                        due
                    }
                };
                if t0 >= end {
                    break;
                }
                let ok = matches!(conn.request(&req).await, Ok(200));
                if t0 >= start {
                    if ok {
                        lat.push(t0.elapsed().as_micros().min(u32::MAX as u128) as u32);
                    } else {
                        errors += 1;
                    }
                }
                if !ok {
                    // Reconnect after a failure; count it and go on.
                    match target.connect().await {
                        Ok(s) => conn.stream = s,
                        Err(_) => break,
                    }
                }
            }
            (lat, errors)
        }));
    }
    let mut latencies_us = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (lat, e) = t.await.unwrap();
        latencies_us.extend(lat);
        errors += e;
    }
    latencies_us.sort_unstable();
    Outcome {
        requests: latencies_us.len(),
        errors,
        elapsed: measure,
        latencies_us,
    }
}

/// Nearest-rank quantile of sorted microseconds, in milliseconds (NaN when empty).
pub fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i]) / 1000.0
}
