//! The one HTTPS client every call goes through: the SDK's hyper 1 + rustls client, with the
//! crypto provider chosen by a cargo feature.
//!
//! - `rustls-ring` (default): *ring*, the smaller library (see `benches/REPORT.md`).
//! - `rustls-aws-lc`: AWS-LC, the SDK's own default (and its route to FIPS). It wins when both
//!   features are on.
//!
//! Like the SDK's default client, it honours `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY`, and it
//! trusts the platform's root certificates.

use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use aws_smithy_http_client::{Builder, ConnectorBuilder};
use aws_smithy_runtime_api::client::http::SharedHttpClient;

#[cfg(feature = "rustls-aws-lc")]
const CRYPTO: CryptoMode = CryptoMode::AwsLc;
#[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
const CRYPTO: CryptoMode = CryptoMode::Ring;
#[cfg(not(any(feature = "rustls-ring", feature = "rustls-aws-lc")))]
compile_error!("gls-core needs a TLS feature: `rustls-ring` (the default) or `rustls-aws-lc`");

/// The HTTPS client gls-core gives the SDK and the credential providers. Each call makes a new
/// client with its own connection pool; a [`Client`](crate::Client) makes one and shares it.
pub fn https_client() -> SharedHttpClient {
    Builder::new().build_with_connector_fn(|settings, components| {
        let mut connector = ConnectorBuilder::default().tls_provider(tls::Provider::Rustls(CRYPTO));
        connector.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            connector.set_sleep_impl(components.sleep_impl());
        }
        connector.set_proxy_config(Some(ProxyConfig::from_env()));
        connector.build()
    })
}
