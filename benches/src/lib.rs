//! Shared pieces of the benchmarks: SigV4-signed requests made ahead of time (so signing is not
//! measured), a keep-alive HTTP/1.1 client, a bare hyper "hello" server as the baseline, and an
//! emulator with ACTIVE sessions ready for reconnects.

use std::net::SocketAddr;
use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use bytes::Bytes;
use gls_emulator::{ClockMode, Emulator, EmulatorConfig, Timings};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};

/// The region every benchmark uses.
pub const REGION: &str = "us-west-2";

/// A signed request, kept as parts so it can go out through hyper or as raw HTTP/1.1 bytes.
#[derive(Clone, Debug)]
pub struct Prepared {
    head: http::Request<()>,
    body: Bytes,
}

impl Prepared {
    /// The request for a hyper client.
    pub fn to_hyper(&self) -> http::Request<Full<Bytes>> {
        let mut request = http::Request::new(Full::new(self.body.clone()));
        *request.method_mut() = self.head.method().clone();
        *request.uri_mut() = self.head.uri().clone();
        *request.headers_mut() = self.head.headers().clone();
        request
    }

    /// The request as it goes on the wire, with its `content-length`.
    pub fn to_wire(&self) -> Vec<u8> {
        let mut wire = format!("{} {} HTTP/1.1\r\n", self.head.method(), self.head.uri());
        for (name, value) in self.head.headers() {
            wire.push_str(name.as_str());
            wire.push_str(": ");
            wire.push_str(value.to_str().expect("ASCII header"));
            wire.push_str("\r\n");
        }
        wire.push_str(&format!("content-length: {}\r\n\r\n", self.body.len()));
        let mut bytes = wire.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// Signs a request with the emulator's default key pair (`test`/`test`) at the current time.
pub fn signed(method: &str, endpoint: &str, path: &str, body: &str) -> Prepared {
    let host = endpoint.trim_start_matches("http://");
    let identity = Credentials::new("test", "test", None, None, "bench").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(REGION)
        .name("gameliftstreams")
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .expect("signing parameters are complete");
    let mut headers = vec![("host", host)];
    if !body.is_empty() {
        headers.push(("content-type", "application/json"));
    }
    let url = format!("{endpoint}{path}");
    let signable = SignableRequest::new(
        method,
        url.as_str(),
        headers.iter().copied(),
        SignableBody::Bytes(body.as_bytes()),
    )
    .expect("a signable request");
    let (instructions, _) = sign(signable, &params.into())
        .expect("signing succeeds")
        .into_parts();
    let mut head = http::Request::builder().method(method).uri(path);
    for (name, value) in &headers {
        head = head.header(*name, *value);
    }
    let mut head = head.body(()).expect("a valid request");
    instructions.apply_to_request_http1x(&mut head);
    Prepared {
        head,
        body: Bytes::from(body.to_owned()),
    }
}

/// A signed GetStreamSession.
pub fn get_stream_session(endpoint: &str, group: &str, session: &str) -> Prepared {
    signed(
        "GET",
        endpoint,
        &format!("/streamgroups/{group}/streamsessions/{session}"),
        "",
    )
}

/// A WebRTC-like offer, unique per `n`, of a realistic size (about 2 KB of SDP).
pub fn offer(n: u64) -> String {
    let sdp = format!(
        "v=0\\r\\no=- {n} 2 IN IP4 127.0.0.1\\r\\n{}",
        "a=candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host\\r\\n".repeat(32)
    );
    format!(r#"{{"type":"offer","sdp":"{sdp}","webSdkVersion":"1.2.0"}}"#)
}

/// A signed CreateStreamSessionConnection with a fresh offer and ClientToken for each `n`.
pub fn create_connection(endpoint: &str, group: &str, session: &str, n: u64) -> Prepared {
    let body = serde_json::json!({
        "SignalRequest": offer(n),
        "ClientToken": format!("bench-token-{n:032}"),
    })
    .to_string();
    signed(
        "POST",
        endpoint,
        &format!("/streamgroups/{group}/streamsessions/{session}/connections"),
        &body,
    )
}

/// A signed StartStreamSession on `group` running `application`.
pub fn start_stream_session(endpoint: &str, group: &str, application: &str, n: u64) -> Prepared {
    let body = serde_json::json!({
        "Protocol": "WebRTC",
        "ApplicationIdentifier": application,
        "SignalRequest": offer(u64::MAX - n),
        "ConnectionTimeoutSeconds": 3600,
    })
    .to_string();
    signed(
        "POST",
        endpoint,
        &format!("/streamgroups/{group}/streamsessions"),
        &body,
    )
}

/// One keep-alive HTTP/1.1 connection.
pub struct KeepAlive(SendRequest<Full<Bytes>>);

impl KeepAlive {
    /// Connects to `addr`.
    pub async fn connect(addr: SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .expect("handshake");
        tokio::spawn(connection);
        Self(sender)
    }

    /// Sends a request and reads the whole response; returns its status and body.
    pub async fn send(&mut self, request: &Prepared) -> (u16, Bytes) {
        self.0.ready().await.expect("connection ready");
        let response = self
            .0
            .send_request(request.to_hyper())
            .await
            .expect("a response");
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (status, body)
    }
}

/// An emulator on a manual clock with instant transitions, and ACTIVE sessions on its default
/// stream group ready to be reconnected.
pub struct BenchEmulator {
    /// The running emulator.
    pub emulator: Emulator,
    /// Its base URL.
    pub endpoint: String,
    /// The default stream group ID.
    pub group: String,
    /// IDs of the ACTIVE sessions.
    pub sessions: Vec<String>,
}

impl BenchEmulator {
    /// Starts an emulator with room for `sessions` sessions and starts them.
    pub async fn start(sessions: u32) -> Self {
        let emulator = Emulator::start(EmulatorConfig {
            clock: ClockMode::Manual,
            timings: Timings::instant(),
            default_capacity: sessions,
            ..EmulatorConfig::ephemeral()
        })
        .await
        .expect("emulator starts");
        let info = emulator.info();
        let endpoint = info.endpoint.clone();
        let group = info.defaults.stream_group_id.clone();
        let mut client = KeepAlive::connect(emulator.local_addr()).await;
        let mut ids = Vec::new();
        for n in 0..u64::from(sessions) {
            let request = start_stream_session(&endpoint, &group, &info.defaults.application_id, n);
            let (status, body) = client.send(&request).await;
            assert_eq!(status, 201, "StartStreamSession: {body:?}");
            let out: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
            let arn = out["Arn"].as_str().expect("an ARN");
            ids.push(arn.rsplit('/').next().expect("a session ID").to_owned());
        }
        Self {
            emulator,
            endpoint,
            group,
            sessions: ids,
        }
    }
}

impl BenchEmulator {
    /// The sessions as gls-core targets (default stream group, plain session IDs).
    pub fn targets(&self) -> Vec<gls_core::SessionTarget> {
        let group = gls_core::StreamGroupId::new(self.group.clone()).expect("group");
        self.sessions
            .iter()
            .map(|s| {
                let session = gls_core::StreamSessionId::new(s.clone()).expect("session");
                gls_core::SessionTarget::new(group.clone(), session).expect("target")
            })
            .collect()
    }
}

/// Starts a bare hyper HTTP/1.1 server answering "hello" to everything: the baseline.
pub async fn start_hello_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(|_request| async {
                    Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(
                        Bytes::from_static(b"hello"),
                    )))
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

/// A blocking keep-alive connection that sends raw request bytes and reads one response each:
/// the lightest client there is, for latency benchmarks.
pub struct RawConnection {
    stream: std::net::TcpStream,
    buffer: Vec<u8>,
}

impl RawConnection {
    /// Connects to `addr`.
    pub fn connect(addr: SocketAddr) -> Self {
        let stream = std::net::TcpStream::connect(addr).expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        Self {
            stream,
            buffer: Vec::with_capacity(64 * 1024),
        }
    }

    /// Sends `wire` and reads the response through its body; returns the status code.
    pub fn round_trip(&mut self, wire: &[u8]) -> u16 {
        use std::io::{Read, Write};
        self.stream.write_all(wire).expect("send");
        self.buffer.clear();
        let mut chunk = [0u8; 16 * 1024];
        loop {
            let n = self.stream.read(&mut chunk).expect("receive");
            assert!(n > 0, "the server closed the connection");
            self.buffer.extend_from_slice(&chunk[..n]);
            let Some(end) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
                continue;
            };
            let head = std::str::from_utf8(&self.buffer[..end]).expect("ASCII head");
            let length: usize = head
                .lines()
                .find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse().ok())?
                })
                .unwrap_or(0);
            if self.buffer.len() >= end + 4 + length {
                return head[9..12].parse().expect("a status code");
            }
        }
    }
}

/// A gls-core client for a [`BenchEmulator`] and a bare SDK client configured the same way
/// (gls-core's HTTPS client, SDK retries off, same timeouts), for side-by-side measurements.
pub fn clients(endpoint: &str) -> (gls_core::Client, aws_sdk_gameliftstreams::Client) {
    let core = gls_core::Client::builder()
        .region(REGION)
        .endpoint_url(endpoint)
        .static_credentials("test", "test")
        .build()
        .expect("gls-core client");
    let sdk = aws_sdk_gameliftstreams::Client::from_conf(
        aws_sdk_gameliftstreams::Config::builder()
            .behavior_version(aws_sdk_gameliftstreams::config::BehaviorVersion::latest())
            .region(aws_sdk_gameliftstreams::config::Region::new(REGION))
            .endpoint_url(endpoint)
            .http_client(gls_core::https_client())
            .credentials_provider(aws_sdk_gameliftstreams::config::Credentials::new(
                "test", "test", None, None, "bench",
            ))
            .retry_config(aws_smithy_types::retry::RetryConfig::disabled())
            .timeout_config(
                aws_smithy_types::timeout::TimeoutConfig::builder()
                    .connect_timeout(std::time::Duration::from_secs(3))
                    .operation_attempt_timeout(std::time::Duration::from_secs(10))
                    .build(),
            )
            .build(),
    );
    (core, sdk)
}
