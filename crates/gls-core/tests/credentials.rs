//! Credentials from the environment and from profile files reach the SDK's signer, through the
//! default chain and the profile provider (both built with gls-core's own HTTPS client).
//!
//! A test must not change its own process's environment, so each case runs in a child process
//! of this test binary with the variables set: the parent spawns the matching `child_*` test.

mod common;

use std::path::Path;
use std::process::Command;

use common::Harness;
use gls_core::{Client, CredentialsSource, ErrorKind, StartSession};

/// Runs the ignored test `name` in a child process with `env` set; returns whether it passed.
fn child_passes(name: &str, env: &[(&str, &str)]) -> bool {
    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    command.args([name, "--exact", "--ignored", "--test-threads=1"]);
    for (key, _) in std::env::vars() {
        if key.starts_with("AWS_") {
            command.env_remove(key);
        }
    }
    command
        .env("GLS_CREDENTIALS_CHILD", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .envs(env.iter().copied());
    command.status().expect("the child runs").success()
}

/// Starts a session on a fresh emulator with a client using `source`.
async fn start_with(source: CredentialsSource) -> gls_core::Result<()> {
    assert!(
        std::env::var_os("GLS_CREDENTIALS_CHILD").is_some(),
        "run by its parent test, in a child process with the environment it needs"
    );
    let harness = Harness::start().await;
    let client = Client::builder()
        .region("us-west-2")
        .endpoint_url(&harness.info.endpoint)
        .credentials(source)
        .build()?;
    let start = StartSession::new(
        harness.group(),
        harness.info.defaults.application_id.clone(),
        common::offer("credentials"),
    );
    client.start_session(start).await.map(drop)
}

fn write_profile(dir: &Path, secret: &str) -> (String, String) {
    let config = dir.join("config");
    let credentials = dir.join("credentials");
    std::fs::write(&config, "[profile gls]\nregion = us-west-2\n").expect("config file");
    std::fs::write(
        &credentials,
        format!("[gls]\naws_access_key_id = test\naws_secret_access_key = {secret}\n"),
    )
    .expect("credentials file");
    (
        config.to_string_lossy().into_owned(),
        credentials.to_string_lossy().into_owned(),
    )
}

#[test]
fn the_default_chain_signs_with_environment_credentials() {
    let env = [
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
    ];
    assert!(child_passes("child_default_chain_accepted", &env));
}

#[test]
fn the_default_chain_signs_with_the_wrong_environment_secret_and_is_refused() {
    let env = [
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "wrong"),
    ];
    assert!(child_passes("child_default_chain_refused", &env));
}

#[test]
fn a_named_profile_signs_with_its_credentials() {
    let dir = std::env::temp_dir().join(format!("gls-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (config, credentials) = write_profile(&dir, "test");
    let env = [
        ("AWS_CONFIG_FILE", config.as_str()),
        ("AWS_SHARED_CREDENTIALS_FILE", credentials.as_str()),
    ];
    let passed = child_passes("child_profile_accepted", &env);
    std::fs::remove_dir_all(&dir).expect("temp dir removed");
    assert!(passed);
}

#[tokio::test]
#[ignore = "run in a child process by the_default_chain_signs_with_environment_credentials"]
async fn child_default_chain_accepted() {
    start_with(CredentialsSource::DefaultChain)
        .await
        .expect("the default chain's environment credentials are accepted");
}

#[tokio::test]
#[ignore = "run in a child process by the_default_chain_signs_with_the_wrong_environment_secret_and_is_refused"]
async fn child_default_chain_refused() {
    let err = start_with(CredentialsSource::DefaultChain)
        .await
        .expect_err("a wrong secret is refused");
    assert_eq!(err.kind(), ErrorKind::AccessDenied, "{err}");
}

#[tokio::test]
#[ignore = "run in a child process by a_named_profile_signs_with_its_credentials"]
async fn child_profile_accepted() {
    start_with(CredentialsSource::Profile("gls".into()))
        .await
        .expect("the profile's credentials are accepted");
}
