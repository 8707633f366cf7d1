//! The control API over HTTP at the paths the README documents.

mod common;

use common::{Harness, raw};
use serde_json::json;

fn encoded(arn: &str) -> String {
    arn.replace(':', "%3A").replace('/', "%2F")
}

#[tokio::test]
async fn info_names_the_endpoint_credentials_and_defaults() {
    let h = Harness::start().await;
    let info = raw(&h.info.endpoint, "GET", "/_emulator/info", None).await;
    assert_eq!(info.status, 200);
    assert_eq!(info.json["Endpoint"], h.info.endpoint);
    assert_eq!(info.json["Region"], "us-west-2");
    assert_eq!(info.json["Account"], "123456789012");
    assert_eq!(info.json["Credentials"][0]["AccessKeyId"], "test");
    assert_eq!(info.json["StreamGroupId"], h.group());
    assert_eq!(info.json["ApplicationId"], h.app());
    assert_eq!(info.json["ClockMode"], "Manual");
}

#[tokio::test]
async fn connect_disconnect_and_connections_work_by_id_and_by_encoded_arn() {
    let h = Harness::start().await;
    let arn = h.start_session(120).await;
    let advanced = raw(
        &h.info.endpoint,
        "POST",
        "/_emulator/clock/advance",
        Some(json!({"Seconds": 1})),
    )
    .await;
    assert_eq!(advanced.status, 200);
    assert!(advanced.json["Now"].is_number());
    let id = common::session_id(&arn);
    let connected = raw(
        &h.info.endpoint,
        "POST",
        &format!("/_emulator/sessions/{id}/connect"),
        None,
    )
    .await;
    assert_eq!(connected.json["Status"], "CONNECTED", "{}", connected.json);
    let dropped = raw(
        &h.info.endpoint,
        "POST",
        &format!("/_emulator/sessions/{}/disconnect", encoded(&arn)),
        None,
    )
    .await;
    assert_eq!(dropped.json["Status"], "PENDING_CLIENT_RECONNECTION");
    let again = raw(
        &h.info.endpoint,
        "POST",
        &format!("/_emulator/sessions/{id}/disconnect"),
        None,
    )
    .await;
    assert_eq!(again.status, 409, "{}", again.json);
    let connections = raw(
        &h.info.endpoint,
        "GET",
        &format!("/_emulator/sessions/{id}/connections"),
        None,
    )
    .await;
    let list = connections.json["Connections"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["ClientToken"].as_str().unwrap().len(), 36);
}

#[tokio::test]
async fn faults_are_added_listed_and_cleared() {
    let h = Harness::start().await;
    let added = raw(
        &h.info.endpoint,
        "POST",
        "/_emulator/faults",
        Some(json!({"Operation": "ListStreamGroups", "Error": "ThrottlingException", "Count": 1})),
    )
    .await;
    assert_eq!(added.status, 201, "{}", added.json);
    assert!(added.json["FaultId"].is_string());
    let listed = raw(&h.info.endpoint, "GET", "/_emulator/faults", None).await;
    assert_eq!(listed.json["Faults"].as_array().unwrap().len(), 1);
    let cleared = raw(&h.info.endpoint, "DELETE", "/_emulator/faults", None).await;
    assert_eq!(cleared.status, 204);
    h.client
        .list_stream_groups()
        .send()
        .await
        .expect("fault cleared");
    let bad = raw(
        &h.info.endpoint,
        "POST",
        "/_emulator/faults",
        Some(json!({"Operation": "ListStreamGroups", "Error": "NoSuchError"})),
    )
    .await;
    assert_eq!(bad.status, 400);
    assert!(
        bad.json["Message"]
            .as_str()
            .unwrap()
            .contains("NoSuchError")
    );
}

#[tokio::test]
async fn reset_recreates_the_defaults_and_forgets_sessions() {
    let h = Harness::start().await;
    let arn = h.start_session(120).await;
    let reset = raw(&h.info.endpoint, "POST", "/_emulator/reset", None).await;
    assert_eq!(reset.status, 204);
    let info = raw(&h.info.endpoint, "GET", "/_emulator/info", None).await;
    assert_ne!(info.json["StreamGroupId"], h.group());
    let gone = raw(
        &h.info.endpoint,
        "GET",
        &format!("/_emulator/sessions/{}", encoded(&arn)),
        None,
    )
    .await;
    assert_eq!(gone.status, 404);
}

#[tokio::test]
async fn bad_control_requests_are_explained() {
    let h = Harness::start().await;
    let negative = raw(
        &h.info.endpoint,
        "POST",
        "/_emulator/clock/advance",
        Some(json!({"Seconds": -5})),
    )
    .await;
    assert_eq!(negative.status, 400);
    let unknown = raw(&h.info.endpoint, "POST", "/_emulator/teleport", None).await;
    assert_eq!(unknown.status, 404);
    assert!(
        unknown.json["Message"]
            .as_str()
            .unwrap()
            .contains("teleport")
    );
}
