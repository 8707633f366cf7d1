use super::*;

fn timings() -> Timings {
    Timings {
        session_activation: Duration::from_secs(5),
        reconnection: Duration::from_secs(2),
        termination: Duration::from_secs(1),
        placement_timeout: Duration::from_secs(75),
        stream_group_activation: Duration::ZERO,
        application_ready: Duration::ZERO,
    }
}

fn t(secs: u64) -> Timestamp {
    Timestamp::from_epoch_seconds(1_000_000.0).after(Duration::from_secs(secs))
}

fn session(location: &Arc<LocationCapacity>) -> Session {
    Session::start(
        NewSession {
            seq: 1,
            id: "abc".into(),
            arn: "arn".into(),
            group_id: "sg-1".into(),
            application_arn: "app".into(),
            location: Arc::clone(location),
            connection_timeout: Duration::from_secs(60),
            session_length: Duration::from_secs(1000),
            launch: LaunchOptions::default(),
            client_token: "t".repeat(32),
            signal_request: "offer-0".into(),
        },
        t(0),
    )
}

#[test]
fn activation_then_connection_timeout_terminates_with_connection_timeout() {
    let location = LocationCapacity::new("us-west-2", 1);
    let mut s = session(&location);
    s.settle(t(4), &timings());
    assert_eq!(s.status, SessionStatus::Activating);
    s.settle(t(5), &timings());
    assert_eq!(s.status, SessionStatus::Active);
    s.settle(t(65), &timings());
    assert_eq!(s.status, SessionStatus::Terminating);
    assert_eq!(s.reason, Some(StatusReason::ConnectionTimeout));
    assert_eq!(location.in_use(), 1, "TERMINATING still holds capacity");
    s.settle(t(66), &timings());
    assert_eq!(s.status, SessionStatus::Terminated);
    assert_eq!(location.in_use(), 0, "TERMINATED must free its capacity");
}

#[test]
fn transitions_happen_at_their_due_time_not_when_observed() {
    let location = LocationCapacity::new("us-west-2", 1);
    let mut s = session(&location);
    s.settle(t(1000), &timings());
    assert_eq!(s.status, SessionStatus::Terminated);
    assert_eq!(s.since, t(66));
}

#[test]
fn dropped_client_must_reconnect_within_the_window() {
    let location = LocationCapacity::new("us-west-2", 1);
    let mut s = session(&location);
    s.settle(t(5), &timings());
    s.connect(t(10)).unwrap();
    s.disconnect(t(20)).unwrap();
    s.settle(t(79), &timings());
    assert_eq!(s.status, SessionStatus::PendingClientReconnection);
    s.settle(t(80), &timings());
    assert_eq!(s.reason, Some(StatusReason::ReconnectionTimeout));
}

#[test]
fn reconnect_goes_through_reconnecting_to_active() {
    let location = LocationCapacity::new("us-west-2", 1);
    let mut s = session(&location);
    s.settle(t(5), &timings());
    s.connect(t(6)).unwrap();
    s.disconnect(t(7)).unwrap();
    let answer = s
        .create_connection("k".repeat(32), "offer-1".into(), t(8))
        .unwrap();
    assert!(!answer.replayed);
    assert_eq!(s.status, SessionStatus::Reconnecting);
    s.settle(t(10), &timings());
    assert_eq!(s.status, SessionStatus::Active);
    assert_eq!(s.connections().len(), 2);
}

#[test]
fn same_token_same_offer_replays_the_answer_without_a_new_connection() {
    let location = LocationCapacity::new("us-west-2", 1);
    let mut s = session(&location);
    s.settle(t(5), &timings());
    let first = s
        .create_connection("k".repeat(32), "offer-1".into(), t(6))
        .unwrap();
    let again = s
        .create_connection("k".repeat(32), "offer-1".into(), t(7))
        .unwrap();
    assert!(again.replayed);
    assert_eq!(first.signal_response, again.signal_response);
    assert_eq!(s.connections().len(), 2);
}

#[test]
fn same_token_different_offer_is_rejected() {
    let location = LocationCapacity::new("us-west-2", 1);
    let mut s = session(&location);
    s.settle(t(5), &timings());
    s.create_connection("k".repeat(32), "offer-1".into(), t(6))
        .unwrap();
    s.settle(t(8), &timings());
    let err = s
        .create_connection("k".repeat(32), "offer-2".into(), t(9))
        .unwrap_err();
    assert_eq!(err.kind, crate::error::ErrorKind::Validation);
}

#[test]
fn an_offer_used_before_is_rejected() {
    let location = LocationCapacity::new("us-west-2", 1);
    let mut s = session(&location);
    s.settle(t(5), &timings());
    let err = s
        .create_connection("k".repeat(32), "offer-0".into(), t(6))
        .unwrap_err();
    assert_eq!(err.kind, crate::error::ErrorKind::Validation);
    assert!(
        !err.message.contains("offer-0"),
        "the offer leaked into the message"
    );
}

#[test]
fn connection_is_refused_while_connected() {
    let location = LocationCapacity::new("us-west-2", 1);
    let mut s = session(&location);
    s.settle(t(5), &timings());
    s.connect(t(6)).unwrap();
    let err = s
        .create_connection("k".repeat(32), "offer-1".into(), t(7))
        .unwrap_err();
    assert_eq!(err.kind, crate::error::ErrorKind::Conflict);
}

#[test]
fn session_length_ends_a_connected_session() {
    let location = LocationCapacity::new("us-west-2", 1);
    let mut s = session(&location);
    s.settle(t(5), &timings());
    s.connect(t(6)).unwrap();
    s.settle(t(1005), &timings());
    assert_eq!(s.status, SessionStatus::Terminating);
    assert_eq!(s.reason, Some(StatusReason::MaxSessionLengthTimeout));
}

#[test]
fn no_capacity_means_placement_timeout_unless_a_slot_frees() {
    let location = LocationCapacity::new("us-west-2", 1);
    let mut first = session(&location);
    let mut waiting = session(&location);
    assert!(!waiting.is_placed());
    first.terminate(t(10));
    first.settle(t(11), &timings());
    waiting.settle(t(12), &timings());
    assert!(waiting.is_placed(), "a freed slot was not taken");
    let mut starved = session(&location);
    starved.settle(t(75), &timings());
    assert_eq!(starved.status, SessionStatus::Error);
    assert_eq!(starved.reason, Some(StatusReason::PlacementTimeout));
}

#[test]
fn a_rendering_is_reused_only_until_the_session_changes() {
    let location = LocationCapacity::new("us-west-2", 1);
    let mut s = session(&location);
    s.settle(t(5), &timings());
    s.keep_rendered(Bytes::from_static(b"active"));
    s.settle(t(6), &timings());
    assert_eq!(s.rendered(), Some(Bytes::from_static(b"active")));
    s.connect(t(7)).unwrap();
    assert_eq!(
        s.rendered(),
        None,
        "a stale rendering survived a status change"
    );
    s.keep_rendered(Bytes::from_static(b"connected"));
    s.disconnect(t(8)).unwrap();
    s.create_connection("k".repeat(32), "offer-9".into(), t(9))
        .unwrap();
    assert_eq!(s.rendered(), None);
}

#[test]
fn answers_are_json_naming_their_offer() {
    let location = LocationCapacity::new("us-west-2", 1);
    let mut s = session(&location);
    s.settle(t(5), &timings());
    let answer = s
        .create_connection("k".repeat(32), "offer-1".into(), t(6))
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&answer.signal_response).unwrap();
    assert_eq!(json["type"], "answer");
    let sdp = json["sdp"].as_str().unwrap();
    assert!(sdp.starts_with("v=0\r\n"), "{sdp:?}");
    assert!(
        sdp.contains(&hex::encode(Sha256::digest(b"offer-1"))),
        "{sdp:?}"
    );
    assert!(sdp.contains("a=x-gls-session:abc\r\n"), "{sdp:?}");
    assert!(json["webSdkProtocolUrl"].as_str().unwrap().contains("abc"));
}
