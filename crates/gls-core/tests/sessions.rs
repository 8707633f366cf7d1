//! The plain calls (start, get, terminate, list) and the session watcher.

mod common;

use std::time::Duration;

use common::{Harness, offer};
use futures_util::StreamExt;
use gls_core::{ErrorKind, SessionStatus, StartSession, WatchOptions};
use gls_emulator::{ClockMode, EmulatorConfig, FaultSpec, Timings};

#[tokio::test]
async fn start_returns_the_session_and_the_answer_to_its_offer() {
    let h = Harness::start().await;
    let started = h
        .client
        .start_session(StartSession::new(
            h.group(),
            h.info.defaults.application_id.clone(),
            offer("s"),
        ))
        .await
        .unwrap();
    assert_eq!(started.info.status, SessionStatus::Activating);
    assert_eq!(
        started.info.connection_timeout,
        Some(Duration::from_secs(120))
    );
    assert!(started.signal_response.unwrap().as_str().contains("answer"));
}

#[tokio::test]
async fn start_can_wait_until_active() {
    let h = Harness::with_config(EmulatorConfig {
        timings: Timings {
            session_activation: Duration::from_millis(50),
            ..Timings::default()
        },
        ..EmulatorConfig::ephemeral()
    })
    .await;
    let mut start = StartSession::new(
        h.group(),
        h.info.defaults.application_id.clone(),
        offer("w"),
    );
    start.wait_for_active = Some(Duration::from_secs(5));
    let started = h.client.start_session(start).await.unwrap();
    assert_eq!(started.info.status, SessionStatus::Active);
}

#[tokio::test]
async fn a_start_that_cannot_be_placed_reports_the_reason() {
    let h = Harness::with_config(EmulatorConfig {
        timings: Timings {
            placement_timeout: Duration::from_millis(50),
            ..Timings::default()
        },
        default_capacity: 0,
        ..EmulatorConfig::ephemeral()
    })
    .await;
    let mut start = StartSession::new(
        h.group(),
        h.info.defaults.application_id.clone(),
        offer("p"),
    );
    start.wait_for_active = Some(Duration::from_secs(5));
    let err = h.client.start_session(start).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionEnded);
    assert_eq!(err.status_reason(), Some("placementTimeout"));
}

#[tokio::test]
async fn start_validates_its_window_before_sending() {
    let h = Harness::start().await;
    let mut start = StartSession::new(
        h.group(),
        h.info.defaults.application_id.clone(),
        offer("v"),
    );
    start.connection_timeout = Some(Duration::from_secs(3601));
    let err = h.client.start_session(start).await.unwrap_err();
    assert_eq!((err.kind(), err.attempts()), (ErrorKind::InvalidInput, 0));
}

#[tokio::test]
async fn get_retries_transient_failures_and_terminate_is_idempotent() {
    let h = Harness::start().await;
    let target = h.start_session(120).await;
    h.emulator
        .inject_fault(FaultSpec {
            operation: Some("GetStreamSession".into()),
            error: Some("InternalServerException".into()),
            count: Some(2),
            ..FaultSpec::default()
        })
        .unwrap();
    let info = h.client.get_session(&target).await.unwrap();
    assert_eq!(info.status, SessionStatus::Activating);
    h.client.terminate_session(&target).await.unwrap();
    h.client.terminate_session(&target).await.unwrap();
    let info = h.client.get_session(&target).await.unwrap();
    assert_eq!(info.status, SessionStatus::Terminating);
    assert_eq!(info.status_reason.as_deref(), Some("apiTerminated"));
}

#[tokio::test]
async fn list_pages_through_every_session() {
    let h = Harness::start().await;
    let mut arns = Vec::new();
    for _ in 0..30 {
        arns.push(h.start_session(120).await.session().as_str().to_owned());
    }
    let listed: Vec<_> = h
        .client
        .list_sessions(&h.group())
        .map(|s| s.unwrap().arn)
        .collect()
        .await;
    assert_eq!(listed, arns, "more than one page, in order, nothing lost");
}

#[tokio::test]
async fn the_watcher_reports_each_change_and_ends_at_a_final_status() {
    let h = Harness::start().await;
    let target = h.start_session(30).await;
    let session = target.session().as_str().to_owned();
    let mut changes = Box::pin(h.client.watch(
        target,
        WatchOptions {
            min_interval: Duration::from_millis(2),
            max_interval: Duration::from_millis(10),
            cancel: None,
        },
    ));
    let mut next = async || changes.next().await.expect("a change").expect("no error");
    assert_eq!(next().await.status, SessionStatus::Activating);
    h.advance(1);
    let change = next().await;
    assert_eq!(
        (change.previous, change.status),
        (Some(SessionStatus::Activating), SessionStatus::Active)
    );
    h.emulator.connect(&session).unwrap();
    assert_eq!(next().await.status, SessionStatus::Connected);
    h.emulator.disconnect(&session).unwrap();
    assert_eq!(
        next().await.status,
        SessionStatus::PendingClientReconnection
    );
    h.advance(30);
    let change = next().await;
    assert_eq!(change.status, SessionStatus::Terminating);
    assert_eq!(change.status_reason.as_deref(), Some("reconnectionTimeout"));
    h.advance(1);
    assert_eq!(next().await.status, SessionStatus::Terminated);
    assert!(changes.next().await.is_none(), "the watcher did not end");
}

#[tokio::test]
async fn the_watcher_stops_on_cancel_and_on_unknown_sessions() {
    let h = Harness::with_config(EmulatorConfig {
        clock: ClockMode::Manual,
        ..EmulatorConfig::ephemeral()
    })
    .await;
    let target = h.start_session(30).await;
    let cancel = gls_core::CancellationToken::new();
    let mut changes = Box::pin(h.client.watch(
        target,
        WatchOptions {
            cancel: Some(cancel.clone()),
            ..WatchOptions::default()
        },
    ));
    assert!(changes.next().await.unwrap().is_ok());
    cancel.cancel();
    assert!(changes.next().await.is_none());
    let missing = gls_core::Client::target(h.group().as_str(), "Nope").unwrap();
    let mut changes = Box::pin(h.client.watch(missing, WatchOptions::default()));
    let err = changes.next().await.unwrap().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(changes.next().await.is_none());
}
