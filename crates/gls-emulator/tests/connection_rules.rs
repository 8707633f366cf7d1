//! CreateStreamSessionConnection's rules, through the real SDK client.

mod common;

use aws_sdk_gameliftstreams::error::ProvideErrorMetadata;
use aws_sdk_gameliftstreams::operation::create_stream_session_connection::CreateStreamSessionConnectionError as E;
use aws_sdk_gameliftstreams::types::StreamSessionStatus;
use common::{Harness, offer, session_id};
use sha2::{Digest, Sha256};

const TOKEN: &str = "reconnect-token-0123456789abcdef-0001";

async fn reconnect(
    h: &Harness,
    session: &str,
    signal: &str,
    token: Option<&str>,
) -> Result<String, aws_sdk_gameliftstreams::error::SdkError<E>> {
    let mut call = h
        .client
        .create_stream_session_connection()
        .identifier(h.group())
        .stream_session_identifier(session)
        .signal_request(signal);
    if let Some(token) = token {
        call = call.client_token(token);
    }
    call.send()
        .await
        .map(|out| out.signal_response.expect("a SignalResponse"))
}

async fn status(h: &Harness, session: &str) -> StreamSessionStatus {
    h.client
        .get_stream_session()
        .identifier(h.group())
        .stream_session_identifier(session)
        .send()
        .await
        .expect("GetStreamSession")
        .status
        .expect("a status")
}

#[tokio::test]
async fn reconnect_from_pending_client_reconnection_returns_an_answer_derived_from_the_offer() {
    let h = Harness::start().await;
    let arn = h.dropped_session(120).await;
    let signal = offer("fresh-1");
    let answer = reconnect(&h, &arn, &signal, None).await.expect("reconnect");
    let answer: serde_json::Value = serde_json::from_str(&answer).expect("answer is JSON");
    assert_eq!(answer["type"], "answer");
    let digest = hex::encode(Sha256::digest(signal.as_bytes()));
    assert!(
        answer["sdp"].as_str().unwrap().contains(&digest),
        "the answer does not name its offer: {answer}"
    );
    assert!(answer["webSdkProtocolUrl"].is_string());
    assert_eq!(status(&h, &arn).await, StreamSessionStatus::Reconnecting);
    h.advance(1);
    assert_eq!(status(&h, &arn).await, StreamSessionStatus::Active);
}

#[tokio::test]
async fn reconnect_is_allowed_from_active() {
    let h = Harness::start().await;
    let arn = h.start_session(120).await;
    h.advance(1);
    reconnect(&h, &arn, &offer("from-active"), None)
        .await
        .expect("reconnect from ACTIVE");
}

#[tokio::test]
async fn reconnect_while_connected_or_activating_is_a_conflict() {
    let h = Harness::start().await;
    let arn = h.start_session(120).await;
    let err = reconnect(&h, &arn, &offer("activating"), None)
        .await
        .unwrap_err();
    assert!(
        matches!(err.as_service_error(), Some(E::ConflictException(_))),
        "{err:?}"
    );
    h.advance(1);
    h.emulator.connect(&arn).unwrap();
    let err = reconnect(&h, &arn, &offer("connected"), None)
        .await
        .unwrap_err();
    let service_error = err.into_service_error();
    assert!(service_error.is_conflict_exception());
    assert!(
        service_error.message().unwrap().contains("CONNECTED"),
        "the message should name the status: {service_error}"
    );
}

#[tokio::test]
async fn unknown_session_is_resource_not_found() {
    let h = Harness::start().await;
    let err = reconnect(&h, "nosuchid1", &offer("x"), None)
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn session_of_another_group_is_not_found_through_this_group() {
    let h = Harness::start().await;
    let arn = h.dropped_session(120).await;
    let other = h
        .client
        .create_stream_group()
        .description("other")
        .stream_class(aws_sdk_gameliftstreams::types::StreamClass::Gen4nHigh)
        .send()
        .await
        .unwrap()
        .id
        .unwrap();
    let err = h
        .client
        .create_stream_session_connection()
        .identifier(&other)
        .stream_session_identifier(session_id(&arn))
        .signal_request(offer("y"))
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn an_offer_used_before_on_the_session_is_a_validation_error() {
    let h = Harness::start().await;
    let arn = h.dropped_session(120).await;
    let err = reconnect(&h, &arn, &offer("start"), None)
        .await
        .unwrap_err();
    let err = err.into_service_error();
    assert!(err.is_validation_exception(), "{err:?}");
    assert!(
        !err.message().unwrap().contains("webSdkVersion"),
        "the offer leaked into the error message"
    );
}

#[tokio::test]
async fn same_token_and_offer_returns_the_same_answer_and_records_one_connection() {
    let h = Harness::start().await;
    let arn = h.dropped_session(120).await;
    let signal = offer("idempotent");
    let first = reconnect(&h, &arn, &signal, Some(TOKEN)).await.unwrap();
    let again = reconnect(&h, &arn, &signal, Some(TOKEN)).await.unwrap();
    assert_eq!(first, again, "a retried ClientToken must replay its answer");
    let connections = h.emulator.connections(&arn).unwrap();
    assert_eq!(connections.len(), 2, "start + exactly one reconnect");
    assert_eq!(connections[1].client_token, TOKEN);
}

#[tokio::test]
async fn same_token_with_another_offer_is_rejected() {
    let h = Harness::start().await;
    let arn = h.dropped_session(120).await;
    reconnect(&h, &arn, &offer("a"), Some(TOKEN)).await.unwrap();
    h.advance(1);
    let err = reconnect(&h, &arn, &offer("b"), Some(TOKEN))
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_validation_exception());
    assert!(err.message().unwrap().contains("ClientToken"), "{err}");
}

#[tokio::test]
async fn invalid_client_token_and_empty_offer_are_validation_errors() {
    let h = Harness::start().await;
    let arn = h.dropped_session(120).await;
    let short = reconnect(&h, &arn, &offer("c"), Some("short"))
        .await
        .unwrap_err()
        .into_service_error();
    assert!(short.is_validation_exception());
    assert!(short.message().unwrap().contains("ClientToken"));
    let bad_group = h
        .client
        .create_stream_session_connection()
        .identifier("bad group!")
        .stream_session_identifier(&arn)
        .signal_request(offer("d"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(bad_group.is_validation_exception(), "{bad_group:?}");
}

#[tokio::test]
async fn a_terminated_session_cannot_be_reconnected() {
    let h = Harness::start().await;
    let arn = h.dropped_session(120).await;
    h.advance(120);
    let err = reconnect(&h, &arn, &offer("late"), None)
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_conflict_exception());
    assert!(
        err.message().unwrap().contains("reconnectionTimeout"),
        "{err}"
    );
}

#[tokio::test]
async fn session_arn_percent_encoded_in_the_path_is_understood() {
    let h = Harness::start().await;
    let arn = h.dropped_session(120).await;
    // The SDK percent-encodes the ARN label (`:` and `/`); the emulator decodes it per segment.
    reconnect(&h, &arn, &offer("by-arn"), None).await.unwrap();
    let group_arn = h.info.defaults.stream_group_arn.clone();
    let out = h
        .client
        .get_stream_session()
        .identifier(group_arn)
        .stream_session_identifier(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(out.arn(), Some(arn.as_str()));
}
