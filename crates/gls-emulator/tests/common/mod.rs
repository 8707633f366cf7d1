//! Test harness: an in-process emulator on a manual clock and real SDK clients pointed at it.
#![allow(dead_code, unreachable_pub)] // each test binary uses part of the harness

use std::time::Duration;

use aws_sdk_gameliftstreams::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_gameliftstreams::types::Protocol;
use aws_sdk_gameliftstreams::{Client, Config};
use bytes::Bytes;
use gls_emulator::{ClockMode, Emulator, EmulatorConfig, EmulatorInfo, Timings};
use http_body_util::{BodyExt, Full};

/// A running emulator and an SDK client for its default region.
pub struct Harness {
    pub emulator: Emulator,
    pub client: Client,
    pub info: EmulatorInfo,
}

/// Timings used by the tests: every step takes one emulated second.
pub fn one_second_timings() -> Timings {
    Timings {
        session_activation: Duration::from_secs(1),
        reconnection: Duration::from_secs(1),
        termination: Duration::from_secs(1),
        placement_timeout: Duration::from_secs(75),
        stream_group_activation: Duration::from_secs(1),
        application_ready: Duration::from_secs(1),
    }
}

impl Harness {
    pub async fn start() -> Self {
        Self::with_config(EmulatorConfig {
            clock: ClockMode::Manual,
            timings: one_second_timings(),
            ..EmulatorConfig::ephemeral()
        })
        .await
    }

    pub async fn with_config(config: EmulatorConfig) -> Self {
        let emulator = Emulator::start(config).await.expect("emulator starts");
        let info = emulator.info();
        let client = sdk_client(&info.endpoint, &info.region, "test", "test");
        Self {
            emulator,
            client,
            info,
        }
    }

    pub fn group(&self) -> &str {
        &self.info.defaults.stream_group_id
    }

    pub fn app(&self) -> &str {
        &self.info.defaults.application_id
    }

    pub fn advance(&self, secs: u64) {
        self.emulator.advance_clock(Duration::from_secs(secs));
    }

    /// Starts a session on the default group with `timeout` seconds of connection window, and
    /// returns its ARN, still ACTIVATING.
    pub async fn start_session(&self, timeout: i32) -> String {
        self.client
            .start_stream_session()
            .identifier(self.group())
            .application_identifier(self.app())
            .protocol(Protocol::Webrtc)
            .signal_request(offer("start"))
            .connection_timeout_seconds(timeout)
            .send()
            .await
            .expect("StartStreamSession succeeds")
            .arn
            .expect("the session has an ARN")
    }

    /// A session that is ACTIVE, then CONNECTED, then dropped: PENDING_CLIENT_RECONNECTION.
    pub async fn dropped_session(&self, timeout: i32) -> String {
        let arn = self.start_session(timeout).await;
        self.advance(1);
        self.emulator.connect(&arn).expect("connect");
        self.emulator.disconnect(&arn).expect("disconnect");
        arn
    }
}

/// A new WebRTC offer in the web SDK's JSON form, distinct per `tag`.
pub fn offer(tag: &str) -> String {
    format!(
        r#"{{"type":"offer","sdp":"v=0\r\no=- {tag} 2 IN IP4 127.0.0.1\r\n","webSdkVersion":"1.2.0"}}"#
    )
}

/// The session ID from an ARN.
pub fn session_id(arn: &str) -> &str {
    arn.rsplit('/').next().expect("ARN has a session ID")
}

/// An SDK client on plain HTTP with static keys and SDK retries disabled (each call one attempt).
pub fn sdk_client(endpoint: &str, region: &str, key: &str, secret: &str) -> Client {
    Client::from_conf(sdk_config(endpoint, region, key, secret).build())
}

pub fn sdk_config(
    endpoint: &str,
    region: &str,
    key: &str,
    secret: &str,
) -> aws_sdk_gameliftstreams::config::Builder {
    Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new(key, secret, None, None, "tests"))
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .retry_config(aws_sdk_gameliftstreams::config::retry::RetryConfig::disabled())
}

/// A raw HTTP exchange with the emulator (for the control API and unsigned requests).
pub struct RawResponse {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub json: serde_json::Value,
}

pub async fn raw(
    endpoint: &str,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> RawResponse {
    let authority = endpoint.trim_start_matches("http://").to_owned();
    let stream = tokio::net::TcpStream::connect(&authority)
        .await
        .expect("connect to emulator");
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .expect("HTTP handshake");
    tokio::spawn(connection);
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let request = http::Request::builder()
        .method(method)
        .uri(path)
        .header("host", authority)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .expect("valid request");
    let response = sender.send_request(request).await.expect("a response");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let json = if bytes.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(&bytes).expect("JSON body")
    };
    RawResponse {
        status,
        headers,
        json,
    }
}
