//! Building a [`Client`](crate::Client): region, endpoint, credentials, timeouts, policy.
//!
//! Building makes no network call. Credentials are resolved on the first request and cached;
//! with the default chain, the EC2 instance metadata service (IMDS) is asked at most once per
//! resolution with 1 s connect and read timeouts, and a whole resolution is bounded by
//! [`ClientBuilder::credentials_timeout`] (5 s by default), so a game never hangs on it.

use std::time::Duration;

use aws_config::default_provider::credentials::DefaultCredentialsChain;
use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider, future};
use aws_sdk_gameliftstreams::config::{BehaviorVersion, Region};
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;

use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::https::https_client;
use crate::policy::ReconnectPolicy;

/// Where credentials come from.
#[derive(Clone, Default)]
pub enum CredentialsSource {
    /// Fixed keys (e.g. fetched from your backend, or the emulator's `test`/`test`).
    Static {
        /// Access key ID.
        access_key_id: String,
        /// Secret access key. Never logged.
        secret_access_key: String,
        /// Session token of temporary credentials. Never logged.
        session_token: Option<String>,
    },
    /// A named profile of `~/.aws/config` and `~/.aws/credentials`.
    Profile(String),
    /// aws-config's default chain: environment, profile, web identity, ECS, IMDS (bounded).
    #[default]
    DefaultChain,
}

impl std::fmt::Debug for CredentialsSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Static { access_key_id, .. } => f
                .debug_struct("Static")
                .field("access_key_id", access_key_id)
                .finish_non_exhaustive(),
            Self::Profile(name) => f.debug_tuple("Profile").field(name).finish(),
            Self::DefaultChain => f.write_str("DefaultChain"),
        }
    }
}

/// Builds a [`Client`]. See the module docs for what building does and does not do.
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    region: Option<String>,
    endpoint_url: Option<String>,
    credentials: CredentialsSource,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    credentials_timeout: Duration,
    policy: ReconnectPolicy,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            region: None,
            endpoint_url: None,
            credentials: CredentialsSource::default(),
            connect_timeout: Duration::from_secs(3),
            attempt_timeout: Duration::from_secs(10),
            credentials_timeout: Duration::from_secs(5),
            policy: ReconnectPolicy::default(),
        }
    }
}

impl ClientBuilder {
    /// The default region (else `AWS_REGION` or `AWS_DEFAULT_REGION`). Identifiers given as ARNs
    /// go to their own region regardless.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The service endpoint, e.g. the emulator's `http://127.0.0.1:4570` (else
    /// `AWS_ENDPOINT_URL_GAMELIFTSTREAMS`, then `AWS_ENDPOINT_URL`, then AWS's endpoint).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Where credentials come from (default: the default chain).
    pub fn credentials(mut self, source: CredentialsSource) -> Self {
        self.credentials = source;
        self
    }

    /// Fixed credentials.
    pub fn static_credentials(
        self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
    ) -> Self {
        self.credentials(CredentialsSource::Static {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
        })
    }

    /// Time allowed to open a connection (default 3 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for one attempt of one call (default 10 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Time allowed to resolve credentials (default 5 s).
    pub fn credentials_timeout(mut self, timeout: Duration) -> Self {
        self.credentials_timeout = timeout;
        self
    }

    /// How reconnects retry and wait.
    pub fn reconnect_policy(mut self, policy: ReconnectPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Checks the settings and builds the client. No network call is made.
    pub fn build(self) -> Result<Client> {
        let region = self
            .region
            .or_else(|| env_non_empty("AWS_REGION"))
            .or_else(|| env_non_empty("AWS_DEFAULT_REGION"))
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Configuration,
                    "no region: call ClientBuilder::region or set AWS_REGION",
                )
            })?;
        let endpoint_url = self
            .endpoint_url
            .or_else(|| env_non_empty("AWS_ENDPOINT_URL_GAMELIFTSTREAMS"))
            .or_else(|| env_non_empty("AWS_ENDPOINT_URL"));
        if let Some(url) = &endpoint_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(Error::new(
                ErrorKind::Configuration,
                format!("endpoint URL `{url}` must start with http:// or https://"),
            ));
        }
        let http = https_client();
        let mut config = aws_sdk_gameliftstreams::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(region.clone()))
            .http_client(http.clone())
            .credentials_provider(credentials_provider(self.credentials, &region, http))
            // gls-core's policy decides every retry and counts every attempt.
            .retry_config(RetryConfig::disabled())
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(self.connect_timeout)
                    .operation_attempt_timeout(self.attempt_timeout)
                    .build(),
            )
            .identity_cache(
                aws_sdk_gameliftstreams::config::IdentityCache::lazy()
                    .load_timeout(self.credentials_timeout)
                    .build(),
            );
        if let Some(url) = &endpoint_url {
            config = config.endpoint_url(url);
        }
        Ok(Client::from_parts(config.build(), region, self.policy))
    }
}

fn env_non_empty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The provider for `source`. Providers that make calls (STS, IMDS, ECS) share `http`.
fn credentials_provider(
    source: CredentialsSource,
    region: &str,
    http: SharedHttpClient,
) -> SharedCredentialsProvider {
    let providers = || {
        ProviderConfig::without_region()
            .with_region(Some(Region::new(region.to_owned())))
            .with_http_client(http)
    };
    match source {
        CredentialsSource::Static {
            access_key_id,
            secret_access_key,
            session_token,
        } => SharedCredentialsProvider::new(Credentials::new(
            access_key_id,
            secret_access_key,
            session_token,
            None,
            "gls-core-static",
        )),
        CredentialsSource::Profile(name) => SharedCredentialsProvider::new(
            ProfileFileCredentialsProvider::builder()
                .configure(&providers())
                .profile_name(name)
                .build(),
        ),
        CredentialsSource::DefaultChain => SharedCredentialsProvider::new(LazyDefaultChain {
            region: region.to_owned(),
            providers: providers(),
            chain: tokio::sync::OnceCell::new(),
        }),
    }
}

/// aws-config's default chain, built on first use (building it is async and reads files) with a
/// bounded IMDS client.
#[derive(Debug)]
struct LazyDefaultChain {
    region: String,
    providers: ProviderConfig,
    chain: tokio::sync::OnceCell<DefaultCredentialsChain>,
}

impl ProvideCredentials for LazyDefaultChain {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            let chain = self
                .chain
                .get_or_init(|| async {
                    let imds = aws_config::imds::Client::builder()
                        .configure(&self.providers)
                        .connect_timeout(Duration::from_secs(1))
                        .read_timeout(Duration::from_secs(1))
                        .max_attempts(1)
                        .build();
                    DefaultCredentialsChain::builder()
                        .configure(self.providers.clone())
                        .region(Region::new(self.region.clone()))
                        .imds_client(imds)
                        .build()
                        .await
                })
                .await;
            chain.provide_credentials().await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_endpoint_url_is_a_configuration_error() {
        let err = ClientBuilder::default()
            .region("us-west-2")
            .endpoint_url("localhost:4570")
            .build()
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
    }

    #[test]
    fn debug_output_hides_secrets() {
        let source = CredentialsSource::Static {
            access_key_id: "AKID".into(),
            secret_access_key: "very-secret".into(),
            session_token: Some("token-secret".into()),
        };
        let shown = format!("{source:?}");
        assert!(!shown.contains("very-secret") && !shown.contains("token-secret"));
    }
}
