//! SigV4 verification: good, wrong secret, unknown key, tampered body, expired, unsigned.

mod common;

use std::time::{Duration, SystemTime};

use aws_sdk_gameliftstreams::config::interceptors::BeforeTransmitInterceptorContextMut;
use aws_sdk_gameliftstreams::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_gameliftstreams::error::ProvideErrorMetadata;
use aws_smithy_async::time::StaticTimeSource;
use aws_smithy_types::body::SdkBody;
use common::{Harness, offer, raw, sdk_client, sdk_config};

async fn list_error_code(client: &aws_sdk_gameliftstreams::Client) -> (Option<String>, u16) {
    let err = client
        .list_stream_groups()
        .send()
        .await
        .expect_err("the request must be refused");
    let status = err.raw_response().map(|r| r.status().as_u16()).unwrap_or(0);
    (err.code().map(str::to_owned), status)
}

#[tokio::test]
async fn a_correctly_signed_request_is_accepted() {
    let h = Harness::start().await;
    let groups = h.client.list_stream_groups().send().await.unwrap();
    assert_eq!(groups.items().len(), 1);
}

#[tokio::test]
async fn a_wrong_secret_is_an_invalid_signature() {
    let h = Harness::start().await;
    let client = sdk_client(&h.info.endpoint, "us-west-2", "test", "not-the-secret");
    assert_eq!(
        list_error_code(&client).await,
        (Some("InvalidSignatureException".into()), 403)
    );
}

#[tokio::test]
async fn an_unknown_access_key_is_an_unrecognized_client() {
    let h = Harness::start().await;
    let client = sdk_client(&h.info.endpoint, "us-west-2", "AKIDUNKNOWN", "test");
    assert_eq!(
        list_error_code(&client).await,
        (Some("UnrecognizedClientException".into()), 403)
    );
}

#[tokio::test]
async fn a_signature_older_than_the_skew_limit_is_expired() {
    let h = Harness::start().await;
    let past = SystemTime::now() - Duration::from_secs(16 * 60);
    let client = aws_sdk_gameliftstreams::Client::from_conf(
        sdk_config(&h.info.endpoint, "us-west-2", "test", "test")
            .time_source(StaticTimeSource::new(past))
            .build(),
    );
    let err = client.list_stream_groups().send().await.unwrap_err();
    assert_eq!(err.code(), Some("InvalidSignatureException"));
    assert!(
        err.message().unwrap().contains("Signature expired"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_signature_within_the_skew_limit_is_accepted() {
    let h = Harness::start().await;
    let past = SystemTime::now() - Duration::from_secs(10 * 60);
    let client = aws_sdk_gameliftstreams::Client::from_conf(
        sdk_config(&h.info.endpoint, "us-west-2", "test", "test")
            .time_source(StaticTimeSource::new(past))
            .build(),
    );
    client.list_stream_groups().send().await.expect("accepted");
}

/// Changes one byte of the body after signing, keeping its length.
#[derive(Debug)]
struct TamperBody;

impl Intercept for TamperBody {
    fn name(&self) -> &'static str {
        "TamperBody"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        let request = context.request_mut();
        let bytes = request.body().bytes().expect("in-memory body").to_vec();
        let tampered = String::from_utf8(bytes)?.replace("tag-A", "tag-B");
        *request.body_mut() = SdkBody::from(tampered);
        Ok(())
    }
}

#[tokio::test]
async fn a_body_changed_after_signing_is_an_invalid_signature() {
    let h = Harness::start().await;
    let arn = h.dropped_session(120).await;
    let client = aws_sdk_gameliftstreams::Client::from_conf(
        sdk_config(&h.info.endpoint, "us-west-2", "test", "test")
            .interceptor(TamperBody)
            .build(),
    );
    let err = client
        .create_stream_session_connection()
        .identifier(h.group())
        .stream_session_identifier(&arn)
        .signal_request(offer("tag-A"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidSignatureException"));
    assert_eq!(
        h.emulator.connections(&arn).unwrap().len(),
        1,
        "a refused request must change nothing"
    );
}

#[tokio::test]
async fn an_unsigned_request_is_missing_its_authentication_token() {
    let h = Harness::start().await;
    let response = raw(&h.info.endpoint, "GET", "/streamgroups", None).await;
    assert_eq!(response.status, 403);
    assert_eq!(
        response.headers["x-amzn-errortype"],
        "MissingAuthenticationTokenException"
    );
    assert!(response.headers.contains_key("x-amzn-requestid"));
    assert_eq!(
        response.json["__type"],
        "MissingAuthenticationTokenException"
    );
}

#[tokio::test]
async fn the_region_of_the_signature_scopes_the_resources() {
    let h = Harness::start().await;
    let elsewhere = sdk_client(&h.info.endpoint, "eu-central-1", "test", "test");
    let groups = elsewhere.list_stream_groups().send().await.unwrap();
    assert!(groups.items().is_empty(), "resources leaked across regions");
    let err = elsewhere
        .get_stream_group()
        .identifier(h.group())
        .send()
        .await
        .unwrap_err();
    assert!(err.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn configured_key_pairs_replace_the_default() {
    let h = Harness::with_config(gls_emulator::EmulatorConfig {
        key_pairs: vec![gls_emulator::KeyPair::new("AKIDSTUDIO", "s3cret")],
        ..gls_emulator::EmulatorConfig::ephemeral()
    })
    .await;
    let studio = sdk_client(&h.info.endpoint, "us-west-2", "AKIDSTUDIO", "s3cret");
    studio.list_stream_groups().send().await.expect("accepted");
    assert_eq!(
        list_error_code(&h.client).await.0.as_deref(),
        Some("UnrecognizedClientException")
    );
}
