//! Fault injection: errors, latency, dropped responses; by count and probability.

mod common;

use std::time::{Duration, Instant};

use aws_sdk_gameliftstreams::error::ProvideErrorMetadata;
use aws_sdk_gameliftstreams::operation::RequestId;
use common::{Harness, offer, sdk_config};
use gls_emulator::FaultSpec;

fn on_connection(spec: FaultSpec) -> FaultSpec {
    FaultSpec {
        operation: Some("CreateStreamSessionConnection".into()),
        ..spec
    }
}

#[tokio::test]
async fn every_modelled_error_can_be_injected() {
    let h = Harness::start().await;
    for (name, status) in [
        ("ThrottlingException", 429),
        ("InternalServerException", 500),
        ("ValidationException", 400),
        ("AccessDeniedException", 403),
        ("ResourceNotFoundException", 404),
        ("ConflictException", 409),
    ] {
        h.emulator
            .inject_fault(FaultSpec {
                operation: Some("ListStreamGroups".into()),
                error: Some(name.into()),
                count: Some(1),
                ..FaultSpec::default()
            })
            .unwrap();
        let err = h.client.list_stream_groups().send().await.unwrap_err();
        assert_eq!(err.code(), Some(name));
        assert_eq!(err.raw_response().unwrap().status().as_u16(), status);
        assert!(err.request_id().is_some(), "{name} lacks a request id");
        h.client
            .list_stream_groups()
            .send()
            .await
            .expect("the fault was counted once");
    }
}

#[tokio::test]
async fn an_injected_error_does_not_apply_the_change() {
    let h = Harness::start().await;
    let arn = h.dropped_session(120).await;
    h.emulator
        .inject_fault(on_connection(FaultSpec {
            error: Some("InternalServerException".into()),
            count: Some(1),
            ..FaultSpec::default()
        }))
        .unwrap();
    h.client
        .create_stream_session_connection()
        .identifier(h.group())
        .stream_session_identifier(&arn)
        .signal_request(offer("x"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(h.emulator.connections(&arn).unwrap().len(), 1);
}

#[tokio::test]
async fn a_dropped_response_applies_the_change_then_sends_nothing() {
    let h = Harness::start().await;
    let arn = h.dropped_session(120).await;
    h.emulator
        .inject_fault(on_connection(FaultSpec {
            drop_response: Some(true),
            count: Some(1),
            ..FaultSpec::default()
        }))
        .unwrap();
    let token = "dropped-response-token-0123456789abcdef";
    let signal = offer("dropped");
    let err = h
        .client
        .create_stream_session_connection()
        .identifier(h.group())
        .stream_session_identifier(&arn)
        .signal_request(&signal)
        .client_token(token)
        .send()
        .await
        .unwrap_err();
    assert!(
        err.raw_response().is_none(),
        "no response was expected: {err:?}"
    );
    assert_eq!(
        h.emulator.connections(&arn).unwrap().len(),
        2,
        "the change was applied"
    );
    // A retry with the same token gets the answer, and no second connection is recorded.
    h.client
        .create_stream_session_connection()
        .identifier(h.group())
        .stream_session_identifier(&arn)
        .signal_request(&signal)
        .client_token(token)
        .send()
        .await
        .expect("the retry succeeds");
    assert_eq!(h.emulator.connections(&arn).unwrap().len(), 2);
}

#[tokio::test]
async fn the_sdk_retry_layer_recovers_from_a_counted_throttle() {
    let h = Harness::start().await;
    h.emulator
        .inject_fault(FaultSpec {
            operation: Some("ListStreamGroups".into()),
            error: Some("ThrottlingException".into()),
            count: Some(2),
            ..FaultSpec::default()
        })
        .unwrap();
    let retrying = aws_sdk_gameliftstreams::Client::from_conf(
        sdk_config(&h.info.endpoint, "us-west-2", "test", "test")
            .retry_config(
                aws_sdk_gameliftstreams::config::retry::RetryConfig::standard()
                    .with_max_attempts(3)
                    .with_initial_backoff(Duration::from_millis(1)),
            )
            .build(),
    );
    retrying
        .list_stream_groups()
        .send()
        .await
        .expect("third attempt succeeds");
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let h = Harness::start().await;
    h.emulator
        .inject_fault(FaultSpec {
            operation: Some("GetStreamGroup".into()),
            latency_ms: Some(150),
            count: Some(1),
            ..FaultSpec::default()
        })
        .unwrap();
    let started = Instant::now();
    h.client
        .get_stream_group()
        .identifier(h.group())
        .send()
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "answered after {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_probability_of_one_always_fires_and_zero_never() {
    let h = Harness::start().await;
    h.emulator
        .inject_fault(FaultSpec {
            operation: Some("ListApplications".into()),
            error: Some("ThrottlingException".into()),
            probability: Some(0.0),
            ..FaultSpec::default()
        })
        .unwrap();
    for _ in 0..20 {
        h.client
            .list_applications()
            .send()
            .await
            .expect("never fires");
    }
    h.emulator.clear_faults();
    h.emulator
        .inject_fault(FaultSpec {
            operation: Some("ListApplications".into()),
            error: Some("ThrottlingException".into()),
            probability: Some(1.0),
            ..FaultSpec::default()
        })
        .unwrap();
    for _ in 0..5 {
        h.client
            .list_applications()
            .send()
            .await
            .expect_err("always fires");
    }
}

#[tokio::test]
async fn a_probability_between_fires_on_some_requests() {
    let h = Harness::start().await;
    h.emulator
        .inject_fault(FaultSpec {
            operation: Some("ListApplications".into()),
            error: Some("ThrottlingException".into()),
            probability: Some(0.5),
            ..FaultSpec::default()
        })
        .unwrap();
    let mut failures = 0;
    for _ in 0..200 {
        if h.client.list_applications().send().await.is_err() {
            failures += 1;
        }
    }
    // Binomial(200, 0.5): outside 50..150 has probability below 1e-12.
    assert!((50..150).contains(&failures), "{failures} of 200 failed");
}
