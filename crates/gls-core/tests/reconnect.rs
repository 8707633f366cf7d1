//! `reconnect` against the emulator through the real SDK client: statuses, errors, retries,
//! idempotency, deadlines, cancellation and regions.

mod common;

use std::time::Duration;

use common::{Harness, let_it_poll, offer};
use gls_core::{
    CancellationToken, ClientToken, ErrorKind, ReconnectOptions, SessionTarget, StreamSessionId,
};
use gls_emulator::{ClockMode, EmulatorConfig, FaultSpec};
use sha2::{Digest, Sha256};

fn fault(error: &str, count: Option<u32>) -> FaultSpec {
    FaultSpec {
        operation: Some("CreateStreamSessionConnection".into()),
        error: Some(error.into()),
        count,
        ..FaultSpec::default()
    }
}

#[tokio::test]
async fn reconnect_from_pending_reconnection_takes_one_round_trip() {
    let h = Harness::start().await;
    let target = h.dropped_session(120).await;
    let signal = offer("fresh");
    let digest = hex(&Sha256::digest(signal.as_str().as_bytes()));
    let done = h
        .client
        .reconnect(&target, signal, ReconnectOptions::default())
        .await
        .expect("reconnect");
    assert_eq!(done.attempts, 1);
    assert!(
        done.signal_response.as_str().contains(&digest),
        "answer is not for this offer"
    );
    assert!(done.request_id.is_some());
    let connections = h.emulator.connections(target.session().as_str()).unwrap();
    assert_eq!(connections.len(), 2);
    assert_eq!(connections[1].client_token, done.client_token.as_str());
}

/// Runs a reconnect on its own task, so the test can change the session meanwhile.
fn spawn_reconnect(
    h: &Harness,
    target: &SessionTarget,
    tag: &'static str,
    options: ReconnectOptions,
) -> tokio::task::JoinHandle<gls_core::Result<gls_core::Reconnected>> {
    let (client, target) = (h.client.clone(), target.clone());
    tokio::spawn(async move { client.reconnect(&target, offer(tag), options).await })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn reconnect_from_active_is_allowed() {
    let h = Harness::start().await;
    let target = h.start_session(120).await;
    h.advance(1);
    let done = h
        .client
        .reconnect(&target, offer("a"), ReconnectOptions::default())
        .await
        .unwrap();
    assert_eq!(done.attempts, 1);
}

#[tokio::test]
async fn a_session_arn_alone_is_enough() {
    let h = Harness::start().await;
    let target = h.dropped_session(120).await;
    let by_arn =
        SessionTarget::from_session(StreamSessionId::new(target.session().as_str()).unwrap())
            .unwrap();
    assert_eq!(by_arn.stream_group().as_str(), h.group().as_str());
    h.client
        .reconnect(&by_arn, offer("arn"), ReconnectOptions::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn offer_used_before_is_rejected_without_a_network_call() {
    let h = Harness::start().await;
    let target = h.dropped_session(120).await;
    // The start's offer counts as used.
    let err = h
        .client
        .reconnect(&target, offer("start"), ReconnectOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OfferReused);
    assert_eq!(err.attempts(), 0);
    h.client
        .reconnect(&target, offer("once"), ReconnectOptions::default())
        .await
        .unwrap();
    h.advance(1);
    h.emulator.connect(target.session().as_str()).unwrap();
    h.emulator.disconnect(target.session().as_str()).unwrap();
    let err = h
        .client
        .reconnect(&target, offer("once"), ReconnectOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OfferReused);
    assert_eq!(
        h.connections(&target),
        2,
        "a reused offer reached the service"
    );
}

#[tokio::test]
async fn reconnect_reuses_client_token_across_throttled_attempts() {
    let h = Harness::start().await;
    let target = h.dropped_session(120).await;
    h.emulator
        .inject_fault(fault("ThrottlingException", Some(3)))
        .unwrap();
    let token = ClientToken::new("my-own-token-0123456789abcdef0123456789").unwrap();
    let done = h
        .client
        .reconnect(
            &target,
            offer("throttled"),
            ReconnectOptions {
                client_token: Some(token.clone()),
                ..ReconnectOptions::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(done.attempts, 4, "3 throttled + 1 success");
    assert_eq!(done.client_token, token);
    let connections = h.emulator.connections(target.session().as_str()).unwrap();
    assert_eq!(
        connections.len(),
        2,
        "exactly one connection for the reconnect"
    );
    assert_eq!(connections[1].client_token, token.as_str());
}

#[tokio::test]
async fn internal_server_errors_are_retried() {
    let h = Harness::start().await;
    let target = h.dropped_session(120).await;
    h.emulator
        .inject_fault(fault("InternalServerException", Some(2)))
        .unwrap();
    let done = h
        .client
        .reconnect(&target, offer("5xx"), ReconnectOptions::default())
        .await
        .unwrap();
    assert_eq!(done.attempts, 3);
}

#[tokio::test]
async fn a_dropped_response_is_retried_with_the_same_token_and_records_one_connection() {
    let h = Harness::start().await;
    let target = h.dropped_session(120).await;
    h.emulator
        .inject_fault(FaultSpec {
            operation: Some("CreateStreamSessionConnection".into()),
            drop_response: Some(true),
            count: Some(1),
            ..FaultSpec::default()
        })
        .unwrap();
    let done = h
        .client
        .reconnect(&target, offer("dropped"), ReconnectOptions::default())
        .await
        .unwrap();
    assert_eq!(done.attempts, 2);
    let connections = h.emulator.connections(target.session().as_str()).unwrap();
    assert_eq!(
        connections.len(),
        2,
        "the retry created a second connection"
    );
    assert_eq!(connections[1].client_token, done.client_token.as_str());
}

#[tokio::test]
async fn a_throttling_storm_still_ends_in_one_connection() {
    let h = Harness::start().await;
    let target = h.dropped_session(120).await;
    for operation in ["CreateStreamSessionConnection", "GetStreamSession"] {
        h.emulator
            .inject_fault(FaultSpec {
                operation: Some(operation.into()),
                error: Some("ThrottlingException".into()),
                probability: Some(0.6),
                ..FaultSpec::default()
            })
            .unwrap();
    }
    let done = h
        .client
        .reconnect(&target, offer("storm"), ReconnectOptions::default())
        .await
        .unwrap();
    assert!(done.attempts >= 1);
    assert_eq!(h.connections(&target), 2);
}

#[tokio::test]
async fn connected_is_waited_out_until_the_service_notices_the_drop() {
    let h = Harness::start().await;
    let target = h.start_session(120).await;
    h.advance(1);
    h.emulator.connect(target.session().as_str()).unwrap();
    let running = spawn_reconnect(&h, &target, "early", ReconnectOptions::default());
    let_it_poll().await;
    h.emulator.disconnect(target.session().as_str()).unwrap();
    let done = running.await.unwrap().expect("reconnect after the drop");
    assert_eq!(done.attempts, 2, "one conflict, then success");
}

#[tokio::test]
async fn activating_and_reconnecting_are_waited_out() {
    let h = Harness::start().await;
    let target = h.start_session(120).await;
    let running = spawn_reconnect(&h, &target, "while-activating", ReconnectOptions::default());
    let_it_poll().await;
    h.advance(1);
    running.await.unwrap().expect("reconnect once ACTIVE");
    // The session is now RECONNECTING: a second reconnect waits for ACTIVE.
    let running = spawn_reconnect(
        &h,
        &target,
        "while-reconnecting",
        ReconnectOptions::default(),
    );
    let_it_poll().await;
    h.advance(1);
    running
        .await
        .unwrap()
        .expect("reconnect once RECONNECTING is over");
    assert_eq!(h.connections(&target), 3);
}

#[tokio::test]
async fn a_terminated_session_fails_at_once_with_its_reason() {
    let h = Harness::start().await;
    let target = h.dropped_session(60).await;
    h.advance(61);
    let err = h
        .client
        .reconnect(&target, offer("late"), ReconnectOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionEnded);
    assert_eq!(err.status_reason(), Some("reconnectionTimeout"));
    assert_eq!(err.attempts(), 1);
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn terminating_and_error_statuses_end_the_reconnect() {
    let h = Harness::with_config(EmulatorConfig {
        clock: ClockMode::Manual,
        timings: common::timings(),
        default_capacity: 1,
        ..EmulatorConfig::ephemeral()
    })
    .await;
    let first = h.start_session(3600).await;
    let starved = h.start_session(3600).await;
    h.advance(75);
    let err = h
        .client
        .reconnect(&starved, offer("starved"), ReconnectOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionEnded);
    assert_eq!(err.status_reason(), Some("placementTimeout"));
    h.client.terminate_session(&first).await.unwrap();
    let err = h
        .client
        .reconnect(&first, offer("terminating"), ReconnectOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionEnded);
    assert_eq!(err.status_reason(), Some("apiTerminated"));
}

#[tokio::test]
async fn the_window_closing_mid_retry_stops_the_retries() {
    let h = Harness::start().await;
    let target = h.dropped_session(60).await;
    h.emulator
        .inject_fault(fault("ThrottlingException", None))
        .unwrap();
    let running = spawn_reconnect(&h, &target, "mid", ReconnectOptions::default());
    let_it_poll().await;
    h.advance(60);
    let err = running.await.unwrap().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionEnded, "{err}");
    assert_eq!(err.status_reason(), Some("reconnectionTimeout"));
    assert!(err.attempts() >= 2);
}

#[tokio::test]
async fn a_caller_deadline_ends_endless_throttling() {
    let h = Harness::start().await;
    let target = h.dropped_session(120).await;
    h.emulator
        .inject_fault(fault("ThrottlingException", None))
        .unwrap();
    let err = h
        .client
        .reconnect(
            &target,
            offer("deadline"),
            ReconnectOptions {
                deadline: Some(Duration::from_millis(150)),
                ..ReconnectOptions::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DeadlineExceeded);
    assert!(err.attempts() >= 2, "{err:?}");
    assert!(err.message().contains("ThrottlingException"), "{err}");
}

#[tokio::test]
async fn not_found_validation_and_access_denied_fail_at_once() {
    let h = Harness::start().await;
    let missing = gls_core::Client::target(h.group().as_str(), "NoSuchOne").unwrap();
    let err = h
        .client
        .reconnect(&missing, offer("nf"), ReconnectOptions::default())
        .await
        .unwrap_err();
    assert_eq!((err.kind(), err.attempts()), (ErrorKind::NotFound, 1));
    assert!(err.request_id().is_some());

    let target = h.dropped_session(120).await;
    h.emulator
        .inject_fault(fault("ValidationException", Some(1)))
        .unwrap();
    let err = h
        .client
        .reconnect(&target, offer("v"), ReconnectOptions::default())
        .await
        .unwrap_err();
    assert_eq!((err.kind(), err.attempts()), (ErrorKind::Validation, 1));

    let intruder = common::client_for(&h.info.endpoint, "wrong-secret");
    let err = intruder
        .reconnect(&target, offer("denied"), ReconnectOptions::default())
        .await
        .unwrap_err();
    assert_eq!((err.kind(), err.attempts()), (ErrorKind::AccessDenied, 1));
}

#[tokio::test]
async fn a_cancel_handle_stops_the_reconnect() {
    let h = Harness::start().await;
    let target = h.dropped_session(120).await;
    h.emulator
        .inject_fault(fault("ThrottlingException", None))
        .unwrap();
    let cancel = CancellationToken::new();
    let options = ReconnectOptions {
        cancel: Some(cancel.clone()),
        ..ReconnectOptions::default()
    };
    let running = spawn_reconnect(&h, &target, "cancel", options);
    let_it_poll().await;
    cancel.cancel();
    let err = running.await.unwrap().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled);
}

#[tokio::test]
async fn dropping_the_future_cancels_it() {
    let h = Harness::start().await;
    let target = h.dropped_session(120).await;
    h.emulator
        .inject_fault(fault("ThrottlingException", None))
        .unwrap();
    let outcome = tokio::time::timeout(
        Duration::from_millis(50),
        h.client.reconnect(
            &target,
            offer("dropped-future"),
            ReconnectOptions::default(),
        ),
    )
    .await;
    assert!(
        outcome.is_err(),
        "the reconnect should still have been running"
    );
    h.emulator.clear_faults();
    // Nothing keeps running in the background: the session is still waiting for a reconnect.
    let_it_poll().await;
    assert_eq!(h.connections(&target), 1);
}

#[tokio::test]
async fn an_arn_routes_the_request_to_its_region() {
    let h = Harness::start().await;
    let region = "eu-central-1";
    let sdk = aws_sdk_gameliftstreams::Client::from_conf(
        aws_sdk_gameliftstreams::Config::builder()
            .behavior_version(aws_sdk_gameliftstreams::config::BehaviorVersion::latest())
            .region(aws_sdk_gameliftstreams::config::Region::new(region))
            .endpoint_url(&h.info.endpoint)
            .http_client(gls_core::https_client())
            .credentials_provider(aws_sdk_gameliftstreams::config::Credentials::new(
                "test", "test", None, None, "tests",
            ))
            .build(),
    );
    let app = sdk
        .create_application()
        .description("eu game")
        .runtime_environment(
            aws_sdk_gameliftstreams::types::RuntimeEnvironment::builder()
                .r#type(aws_sdk_gameliftstreams::types::RuntimeEnvironmentType::Proton)
                .version("1")
                .build()
                .unwrap(),
        )
        .executable_path("game")
        .application_source_uri("s3://b/")
        .send()
        .await
        .unwrap();
    let group = sdk
        .create_stream_group()
        .description("eu group")
        .stream_class(aws_sdk_gameliftstreams::types::StreamClass::Gen4nHigh)
        .default_application_identifier(&app.arn)
        .send()
        .await
        .unwrap();
    h.advance(1);
    // The client's default region is us-west-2; the ARN sends everything to eu-central-1.
    let group_arn = gls_core::StreamGroupId::new(group.arn.clone()).unwrap();
    let mut start = gls_core::StartSession::new(group_arn, app.arn.clone(), offer("eu-start"));
    start.wait_for_active = None;
    let started = h.client.start_session(start).await.unwrap();
    assert!(
        started.info.arn.contains(":eu-central-1:"),
        "{}",
        started.info.arn
    );
    let target = started.info.target().unwrap();
    h.advance(1);
    h.client
        .reconnect(&target, offer("eu"), ReconnectOptions::default())
        .await
        .expect("reconnect in the ARN's region");
    let by_id =
        gls_core::Client::target(group.id.as_deref().unwrap(), target.session().session_id())
            .unwrap();
    let err = h.client.get_session(&by_id).await.unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::NotFound,
        "plain IDs use the default region"
    );
}
