//! Every supported operation through the real SDK client, plus unsupported and unknown ones.

mod common;

use aws_sdk_gameliftstreams::error::ProvideErrorMetadata;
use aws_sdk_gameliftstreams::types::{
    ApplicationStatus, LocationConfiguration, Protocol, RuntimeEnvironment, RuntimeEnvironmentType,
    StreamClass, StreamGroupStatus, StreamSessionStatus,
};
use common::{Harness, offer, raw, sdk_client};

async fn new_application(h: &Harness) -> (String, String) {
    let out = h
        .client
        .create_application()
        .description("My game")
        .runtime_environment(
            RuntimeEnvironment::builder()
                .r#type(RuntimeEnvironmentType::Proton)
                .version("20241007")
                .build()
                .expect("a runtime environment"),
        )
        .executable_path("bin/game.exe")
        .application_source_uri("s3://bucket/game/")
        .send()
        .await
        .expect("CreateApplication");
    (out.id.expect("an application ID"), out.arn)
}

#[tokio::test]
async fn applications_are_created_become_ready_are_listed_and_deleted() {
    let h = Harness::start().await;
    let (id, arn) = new_application(&h).await;
    let got = h
        .client
        .get_application()
        .identifier(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), Some(&ApplicationStatus::Initialized));
    h.advance(1);
    let got = h
        .client
        .get_application()
        .identifier(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), Some(&ApplicationStatus::Ready));
    assert_eq!(got.executable_path(), Some("bin/game.exe"));
    let listed = h.client.list_applications().send().await.unwrap();
    assert_eq!(listed.items().len(), 2, "default + new");
    h.client
        .delete_application()
        .identifier(&id)
        .send()
        .await
        .unwrap();
    let err = h
        .client
        .get_application()
        .identifier(&id)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn an_associated_application_cannot_be_deleted() {
    let h = Harness::start().await;
    let err = h
        .client
        .delete_application()
        .identifier(h.app())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_conflict_exception(), "{err:?}");
}

#[tokio::test]
async fn create_application_validates_its_input() {
    let h = Harness::start().await;
    let err = h
        .client
        .create_application()
        .description("bad;description")
        .runtime_environment(
            RuntimeEnvironment::builder()
                .r#type(RuntimeEnvironmentType::Proton)
                .version("1")
                .build()
                .unwrap(),
        )
        .executable_path("x")
        .application_source_uri("s3://b/")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_validation_exception());
    assert!(err.message().unwrap().contains("Description"), "{err}");
}

#[tokio::test]
async fn stream_groups_activate_take_applications_and_are_deleted() {
    let h = Harness::start().await;
    let (app_id, app_arn) = new_application(&h).await;
    let created = h
        .client
        .create_stream_group()
        .description("Second group")
        .stream_class(StreamClass::Gen5nHigh)
        .location_configurations(
            LocationConfiguration::builder()
                .location_name("us-west-2")
                .maximum_capacity(3)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("CreateStreamGroup");
    let id = created.id.clone().unwrap();
    assert_eq!(created.status(), Some(&StreamGroupStatus::Activating));
    h.advance(1);
    let got = h
        .client
        .get_stream_group()
        .identifier(&created.arn)
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), Some(&StreamGroupStatus::Active));
    let location = &got.location_states()[0];
    assert_eq!(location.allocated_capacity(), Some(3));
    let associated = h
        .client
        .associate_applications()
        .identifier(&id)
        .application_identifiers(&app_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        associated.application_arns(),
        std::slice::from_ref(&app_arn)
    );
    let app = h
        .client
        .get_application()
        .identifier(&app_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        app.associated_stream_groups(),
        std::slice::from_ref(&created.arn)
    );
    assert_eq!(
        h.client
            .list_stream_groups()
            .send()
            .await
            .unwrap()
            .items()
            .len(),
        2
    );
    h.client
        .delete_stream_group()
        .identifier(&id)
        .send()
        .await
        .unwrap();
    let err = h
        .client
        .get_stream_group()
        .identifier(&id)
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
    let app = h
        .client
        .get_application()
        .identifier(&app_id)
        .send()
        .await
        .unwrap();
    assert!(
        app.associated_stream_groups().is_empty(),
        "association outlived the group"
    );
}

#[tokio::test]
async fn deleting_a_stream_group_terminates_its_sessions() {
    let h = Harness::start().await;
    let arn = h.start_session(120).await;
    h.client
        .delete_stream_group()
        .identifier(h.group())
        .send()
        .await
        .unwrap();
    let snapshot = h.emulator.session_status(&arn).unwrap();
    assert_eq!(snapshot.status, gls_emulator::SessionStatus::Terminating);
}

#[tokio::test]
async fn start_session_refuses_unassociated_applications_and_unknown_groups() {
    let h = Harness::start().await;
    let (app_id, _) = new_application(&h).await;
    h.advance(1);
    let err = h
        .client
        .start_stream_session()
        .identifier(h.group())
        .application_identifier(&app_id)
        .protocol(Protocol::Webrtc)
        .signal_request(offer("a"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_validation_exception());
    assert!(
        err.message().unwrap().contains("AssociateApplications"),
        "{err}"
    );
    let err = h
        .client
        .start_stream_session()
        .identifier("sg-doesnotexist")
        .application_identifier(h.app())
        .protocol(Protocol::Webrtc)
        .signal_request(offer("b"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_resource_not_found_exception());
}

#[tokio::test]
async fn start_session_validates_timeouts() {
    let h = Harness::start().await;
    for (timeout, length) in [(0, 60), (3601, 60), (60, 0), (60, 86_401)] {
        let err = h
            .client
            .start_stream_session()
            .identifier(h.group())
            .application_identifier(h.app())
            .protocol(Protocol::Webrtc)
            .signal_request(offer("t"))
            .connection_timeout_seconds(timeout)
            .session_length_seconds(length)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(err.is_validation_exception(), "{timeout}/{length}: {err:?}");
    }
}

#[tokio::test]
async fn start_session_with_a_client_token_is_idempotent() {
    let h = Harness::start().await;
    let token = "start-token-0123456789abcdef0123456789";
    let start = || {
        h.client
            .start_stream_session()
            .identifier(h.group())
            .application_identifier(h.app())
            .protocol(Protocol::Webrtc)
            .signal_request(offer("same"))
            .client_token(token)
            .send()
    };
    let first = start().await.unwrap().arn.unwrap();
    let second = start().await.unwrap().arn.unwrap();
    assert_eq!(first, second, "a retried start created a second session");
    let sessions = h
        .client
        .list_stream_sessions()
        .identifier(h.group())
        .send()
        .await
        .unwrap();
    assert_eq!(sessions.items().len(), 1);
}

#[tokio::test]
async fn get_stream_session_reports_the_session() {
    let h = Harness::start().await;
    let arn = h.start_session(90).await;
    h.advance(1);
    let out = h
        .client
        .get_stream_session()
        .identifier(h.group())
        .stream_session_identifier(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(out.stream_group_id(), Some(h.group()));
    assert_eq!(out.connection_timeout_seconds(), Some(90));
    assert_eq!(out.session_length_seconds(), Some(43_200));
    assert_eq!(out.location(), Some("us-west-2"));
    assert_eq!(out.protocol(), Some(&Protocol::Webrtc));
    assert_eq!(
        out.application_arn(),
        Some(h.info.defaults.application_arn.as_str())
    );
    assert!(out.created_at().is_some());
    assert!(out.signal_response().unwrap().contains("\"answer\""));
}

#[tokio::test]
async fn session_lists_paginate_and_filter_by_status() {
    let h = Harness::start().await;
    let mut arns = Vec::new();
    for _ in 0..5 {
        arns.push(h.start_session(120).await);
    }
    h.advance(1);
    h.emulator.connect(&arns[0]).unwrap();
    let first_page = h
        .client
        .list_stream_sessions()
        .identifier(h.group())
        .max_results(2)
        .send()
        .await
        .unwrap();
    assert_eq!(first_page.items().len(), 2);
    assert!(first_page.next_token().is_some());
    let all: Vec<_> = h
        .client
        .list_stream_sessions()
        .identifier(h.group())
        .max_results(2)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    let listed: Vec<_> = all.iter().map(|s| s.arn().unwrap().to_owned()).collect();
    assert_eq!(
        listed, arns,
        "pages must cover every session once, in creation order"
    );
    let connected = h
        .client
        .list_stream_sessions()
        .identifier(h.group())
        .status(StreamSessionStatus::Connected)
        .send()
        .await
        .unwrap();
    assert_eq!(connected.items().len(), 1);
    let by_account: Vec<_> = h
        .client
        .list_stream_sessions_by_account()
        .max_results(3)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(by_account.len(), 5);
    let err = h
        .client
        .list_stream_sessions()
        .identifier(h.group())
        .next_token("forged")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_validation_exception());
}

#[tokio::test]
async fn unsupported_operations_name_themselves() {
    let h = Harness::start().await;
    let err = h.client.list_stream_urls().send().await.unwrap_err();
    assert_eq!(err.code(), Some("UnsupportedOperationException"));
    assert!(err.message().unwrap().contains("ListStreamUrls"), "{err:?}");
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 501);
}

#[tokio::test]
async fn unknown_paths_get_a_clear_error() {
    let h = Harness::start().await;
    let response = raw(&h.info.endpoint, "GET", "/nothing/here", None).await;
    assert_eq!(response.status, 404);
    assert_eq!(response.json["__type"], "UnknownOperationException");
    assert!(
        response.json["Message"]
            .as_str()
            .unwrap()
            .contains("/nothing/here"),
        "{}",
        response.json
    );
}

#[tokio::test]
async fn a_second_region_holds_its_own_resources() {
    let h = Harness::start().await;
    let tokyo = sdk_client(&h.info.endpoint, "ap-northeast-1", "test", "test");
    let group = tokyo
        .create_stream_group()
        .description("Tokyo")
        .stream_class(StreamClass::Gen4nHigh)
        .send()
        .await
        .unwrap();
    assert!(group.arn.contains(":ap-northeast-1:"), "{}", group.arn);
    assert_eq!(
        tokyo
            .list_stream_groups()
            .send()
            .await
            .unwrap()
            .items()
            .len(),
        1
    );
    assert_eq!(
        h.client
            .list_stream_groups()
            .send()
            .await
            .unwrap()
            .items()
            .len(),
        1
    );
}
