//! The stream session lifecycle on a hand-advanced clock, read through the real SDK client.

mod common;

use aws_sdk_gameliftstreams::types::{
    Protocol, StreamSessionStatus as S, StreamSessionStatusReason as R,
};
use common::{Harness, offer};
use gls_emulator::{ClockMode, EmulatorConfig};

async fn read(h: &Harness, arn: &str) -> (S, Option<R>) {
    let out = h
        .client
        .get_stream_session()
        .identifier(h.group())
        .stream_session_identifier(arn)
        .send()
        .await
        .expect("GetStreamSession");
    (out.status.expect("status"), out.status_reason)
}

#[tokio::test]
async fn a_new_session_activates_after_the_activation_delay() {
    let h = Harness::start().await;
    let arn = h.start_session(120).await;
    assert_eq!(read(&h, &arn).await.0, S::Activating);
    h.advance(1);
    assert_eq!(read(&h, &arn).await.0, S::Active);
}

#[tokio::test]
async fn connect_and_drop_move_between_connected_and_pending_reconnection() {
    let h = Harness::start().await;
    let arn = h.start_session(120).await;
    h.advance(1);
    h.emulator.connect(&arn).unwrap();
    assert_eq!(read(&h, &arn).await.0, S::Connected);
    h.emulator.disconnect(&arn).unwrap();
    assert_eq!(read(&h, &arn).await.0, S::PendingClientReconnection);
}

#[tokio::test]
async fn no_client_within_the_connection_timeout_ends_with_connection_timeout() {
    let h = Harness::start().await;
    let arn = h.start_session(30).await;
    h.advance(1 + 29);
    assert_eq!(read(&h, &arn).await.0, S::Active);
    h.advance(1);
    assert_eq!(
        read(&h, &arn).await,
        (S::Terminating, Some(R::ConnectionTimeout))
    );
    h.advance(1);
    assert_eq!(
        read(&h, &arn).await,
        (S::Terminated, Some(R::ConnectionTimeout))
    );
}

#[tokio::test]
async fn no_reconnect_within_the_window_ends_with_reconnection_timeout() {
    let h = Harness::start().await;
    let arn = h.dropped_session(60).await;
    h.advance(59);
    assert_eq!(read(&h, &arn).await.0, S::PendingClientReconnection);
    h.advance(1);
    assert_eq!(
        read(&h, &arn).await,
        (S::Terminating, Some(R::ReconnectionTimeout))
    );
}

#[tokio::test]
async fn session_length_ends_even_a_connected_session() {
    let h = Harness::start().await;
    let arn = h
        .client
        .start_stream_session()
        .identifier(h.group())
        .application_identifier(h.app())
        .protocol(Protocol::Webrtc)
        .signal_request(offer("s"))
        .session_length_seconds(100)
        .send()
        .await
        .unwrap()
        .arn
        .unwrap();
    h.advance(1);
    h.emulator.connect(&arn).unwrap();
    h.advance(99);
    assert_eq!(read(&h, &arn).await.0, S::Connected);
    h.advance(1);
    assert_eq!(
        read(&h, &arn).await,
        (S::Terminating, Some(R::MaxSessionLengthTimeout))
    );
}

#[tokio::test]
async fn terminate_goes_through_terminating_to_terminated_with_api_terminated() {
    let h = Harness::start().await;
    let arn = h.start_session(120).await;
    h.advance(1);
    h.client
        .terminate_stream_session()
        .identifier(h.group())
        .stream_session_identifier(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(
        read(&h, &arn).await,
        (S::Terminating, Some(R::ApiTerminated))
    );
    h.advance(1);
    assert_eq!(
        read(&h, &arn).await,
        (S::Terminated, Some(R::ApiTerminated))
    );
    // Terminating again is accepted (the operation is idempotent).
    h.client
        .terminate_stream_session()
        .identifier(h.group())
        .stream_session_identifier(&arn)
        .send()
        .await
        .expect("a second terminate succeeds");
}

#[tokio::test]
async fn a_session_past_capacity_waits_then_errors_with_placement_timeout() {
    let h = Harness::with_config(EmulatorConfig {
        clock: ClockMode::Manual,
        timings: common::one_second_timings(),
        default_capacity: 1,
        ..EmulatorConfig::ephemeral()
    })
    .await;
    let first = h.start_session(3600).await;
    let second = h.start_session(3600).await;
    h.advance(74);
    assert_eq!(read(&h, &first).await.0, S::Active);
    assert_eq!(read(&h, &second).await.0, S::Activating);
    h.advance(1);
    assert_eq!(
        read(&h, &second).await,
        (S::Error, Some(R::PlacementTimeout))
    );
}

#[tokio::test]
async fn capacity_freed_by_a_terminated_session_is_taken_by_a_waiting_one() {
    let h = Harness::with_config(EmulatorConfig {
        clock: ClockMode::Manual,
        timings: common::one_second_timings(),
        default_capacity: 1,
        ..EmulatorConfig::ephemeral()
    })
    .await;
    let first = h.start_session(3600).await;
    let second = h.start_session(3600).await;
    h.client
        .terminate_stream_session()
        .identifier(h.group())
        .stream_session_identifier(&first)
        .send()
        .await
        .unwrap();
    h.advance(1);
    assert_eq!(read(&h, &first).await.0, S::Terminated);
    assert_eq!(
        read(&h, &second).await.0,
        S::Activating,
        "placed now, activating"
    );
    h.advance(1);
    assert_eq!(read(&h, &second).await.0, S::Active);
}

#[tokio::test]
async fn a_realtime_clock_moves_by_itself() {
    let h = Harness::with_config(EmulatorConfig {
        timings: gls_emulator::Timings::instant(),
        ..EmulatorConfig::ephemeral()
    })
    .await;
    let arn = h.start_session(120).await;
    assert_eq!(read(&h, &arn).await.0, S::Active, "zero activation delay");
}
