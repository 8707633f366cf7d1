//! Signal payloads and ClientTokens. Payloads are secrets of the WebRTC handshake: their `Debug`
//! output is redacted and no message or log of this crate contains them.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The largest offer accepted locally. The service models no maximum; real offers are a few KB.
pub const MAX_SIGNAL_REQUEST_BYTES: usize = 1024 * 1024;

/// A newly generated WebRTC offer, e.g. `{"type":"offer","sdp":"v=0…","webSdkVersion":"…"}`.
#[derive(Clone, PartialEq, Eq)]
pub struct SignalRequest(String);

impl SignalRequest {
    /// Validates an offer: not empty, at most [`MAX_SIGNAL_REQUEST_BYTES`].
    pub fn new(offer: impl Into<String>) -> Result<Self> {
        let offer = offer.into();
        if offer.is_empty() {
            return Err(Error::invalid_input(
                "signal request is empty: pass the new WebRTC offer your client generated",
            ));
        }
        if offer.len() > MAX_SIGNAL_REQUEST_BYTES {
            return Err(Error::invalid_input(format!(
                "signal request is {} bytes; the largest accepted is {MAX_SIGNAL_REQUEST_BYTES}",
                offer.len()
            )));
        }
        Ok(Self(offer))
    }

    /// The offer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// SHA-256 of the offer: how used offers are remembered without keeping them.
    pub(crate) fn digest(&self) -> [u8; 32] {
        Sha256::digest(self.0.as_bytes()).into()
    }
}

impl fmt::Debug for SignalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SignalRequest(** {} bytes redacted **)", self.0.len())
    }
}

/// The service's WebRTC answer for an offer.
#[derive(Clone, PartialEq, Eq)]
pub struct SignalResponse(String);

impl SignalResponse {
    pub(crate) fn new(answer: String) -> Self {
        Self(answer)
    }

    /// The answer text, to give to the WebRTC client.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The answer text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Debug for SignalResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SignalResponse(** {} bytes redacted **)", self.0.len())
    }
}

/// An idempotency token: 32 to 128 printable ASCII characters without spaces. One logical
/// reconnect uses one token for all its attempts, so the service creates one connection.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClientToken(String);

impl ClientToken {
    /// Validates a caller-chosen token.
    pub fn new(token: impl Into<String>) -> Result<Self> {
        let token = token.into();
        let len = token.chars().count();
        if !(32..=128).contains(&len) {
            return Err(Error::invalid_input(format!(
                "client token must be 32 to 128 characters long, got {len}"
            )));
        }
        if let Some(bad) = token.chars().find(|c| !('\x21'..='\x7e').contains(c)) {
            return Err(Error::invalid_input(format!(
                "client token has the character {bad:?}; only printable ASCII without spaces (0x21-0x7E) is allowed"
            )));
        }
        Ok(Self(token))
    }

    /// A new random token (`gls-` and 32 hex digits).
    pub fn generate() -> Self {
        Self(format!("gls-{}", uuid::Uuid::new_v4().simple()))
    }

    /// The token text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_a_payload() {
        let offer = SignalRequest::new("{\"sdp\":\"secret-sdp\"}").unwrap();
        assert!(!format!("{offer:?}").contains("secret-sdp"));
        let answer = SignalResponse::new("answer-sdp".into());
        assert!(!format!("{answer:?}").contains("answer-sdp"));
    }

    #[test]
    fn generated_tokens_are_valid_and_distinct() {
        let a = ClientToken::generate();
        assert!(ClientToken::new(a.as_str()).is_ok());
        assert_ne!(a, ClientToken::generate());
    }

    #[test]
    fn empty_and_oversized_offers_are_refused() {
        assert!(SignalRequest::new("").is_err());
        assert!(SignalRequest::new("x".repeat(MAX_SIGNAL_REQUEST_BYTES + 1)).is_err());
    }
}
