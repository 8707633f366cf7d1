//! Access keys, session tokens and signal payloads never appear in log output, at any level,
//! from gls-core, from the SDK underneath it, or from the emulator serving it (same process).

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::{Harness, offer};
use gls_core::{Client, CredentialsSource, ReconnectOptions};
use gls_emulator::{ClockMode, EmulatorConfig, FaultSpec, KeyPair};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .expect("log buffer lock")
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_and_signal_payloads_never_reach_the_logs() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    const SECRET: &str = "SECRETKEY-9q8w7e6r5t4y";
    let h = Harness::with_config(EmulatorConfig {
        clock: ClockMode::Manual,
        timings: common::timings(),
        key_pairs: vec![
            KeyPair::new("test", "test"),
            KeyPair::new("AKIDLOGTEST", SECRET),
        ],
        ..EmulatorConfig::ephemeral()
    })
    .await;
    const TOKEN: &str = "SESSIONTOKENabcdef0123456789zyxw";
    let client = Client::builder()
        .region("us-west-2")
        .endpoint_url(&h.info.endpoint)
        .credentials(CredentialsSource::Static {
            access_key_id: "AKIDLOGTEST".into(),
            secret_access_key: SECRET.into(),
            session_token: Some(TOKEN.into()),
        })
        .reconnect_policy(common::fast_policy())
        .build()
        .unwrap();
    let target = h.dropped_session(120).await;
    h.emulator
        .inject_fault(FaultSpec {
            operation: Some("CreateStreamSessionConnection".into()),
            error: Some("ThrottlingException".into()),
            count: Some(2),
            ..FaultSpec::default()
        })
        .unwrap();
    let signal = offer("OFFERMARKER-7f3a");
    let done = client
        .reconnect(&target, signal, ReconnectOptions::default())
        .await
        .expect("reconnect");
    let answer_marker = done
        .signal_response
        .as_str()
        .split("x-gls-offer-sha256:")
        .nth(1)
        .expect("the answer names its offer")[..64]
        .to_owned();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("attempt failed"),
        "the test captured no gls-core logs"
    );
    assert!(
        logs.contains("reconnected"),
        "the test captured no gls-core logs"
    );
    for (what, needle) in [
        ("the secret key", SECRET),
        ("the session token", TOKEN),
        ("the offer", "OFFERMARKER-7f3a"),
        ("the answer", answer_marker.as_str()),
    ] {
        assert!(!logs.contains(needle), "{what} appeared in the logs");
    }
}
