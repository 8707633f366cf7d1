//! Identifiers and ARNs in the service's forms, and the IDs the emulator generates.
//!
//! Forms (account `123456789012`, region `us-west-2`):
//! - application `a-` + 9 alphanumerics, `arn:aws:gameliftstreams:us-west-2:123456789012:application/a-…`
//! - stream group `sg-` + 9 alphanumerics, `arn:…:streamgroup/sg-…`
//! - stream session 9 alphanumerics, `arn:…:streamsession/sg-…/…`

use rand::Rng;
use rand::distr::Alphanumeric;

use super::validate;
use crate::error::ApiError;

/// The kinds of resource that have ARNs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceType {
    /// `application/ID`
    Application,
    /// `streamgroup/ID`
    StreamGroup,
    /// `streamsession/GROUP_ID/ID`
    StreamSession,
}

impl ResourceType {
    fn prefix(self) -> &'static str {
        match self {
            Self::Application => "application",
            Self::StreamGroup => "streamgroup",
            Self::StreamSession => "streamsession",
        }
    }

    /// The resource's name in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Self::Application => "application",
            Self::StreamGroup => "stream group",
            Self::StreamSession => "stream session",
        }
    }
}

/// Where new resources are created: the request's region and the emulator's account.
#[derive(Clone, Copy, Debug)]
pub struct Scope<'a> {
    /// The region of the request's SigV4 credential scope.
    pub region: &'a str,
    /// The emulator's account ID.
    pub account: &'a str,
}

impl Scope<'_> {
    /// The ARN of an application or stream group with this ID.
    pub fn arn(&self, kind: ResourceType, id: &str) -> String {
        format!(
            "arn:aws:gameliftstreams:{}:{}:{}/{id}",
            self.region,
            self.account,
            kind.prefix()
        )
    }

    /// The ARN of a stream session.
    pub fn session_arn(&self, group_id: &str, session_id: &str) -> String {
        self.arn(
            ResourceType::StreamSession,
            &format!("{group_id}/{session_id}"),
        )
    }

    /// Resolves an identifier (ID or ARN) to the resource's ID, checking an ARN names this
    /// region, account and kind of resource. For sessions the ARN's group ID comes back too.
    pub fn resolve<'v>(
        &self,
        field: &str,
        kind: ResourceType,
        value: &'v str,
    ) -> Result<ResolvedId<'v>, ApiError> {
        validate::identifier(field, value)?;
        let Some(rest) = value.strip_prefix("arn:aws:gameliftstreams:") else {
            return Ok(ResolvedId {
                group_id: None,
                id: value,
            });
        };
        let mut parts = rest.splitn(3, ':');
        let (region, account, resource) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        let not_here = || {
            ApiError::not_found(format!(
                "{} `{value}` ({field}) is not in region {} of account {}",
                kind.noun(),
                self.region,
                self.account
            ))
        };
        if region != self.region || account != self.account {
            return Err(not_here());
        }
        let wrong_kind = || {
            ApiError::validation(format!(
                "{field} `{value}` is not a {} ARN (expected `arn:aws:gameliftstreams:REGION:ACCOUNT:{}/…`)",
                kind.noun(),
                kind.prefix()
            ))
        };
        let path = resource
            .strip_prefix(kind.prefix())
            .and_then(|p| p.strip_prefix('/'))
            .ok_or_else(wrong_kind)?;
        match kind {
            ResourceType::StreamSession => {
                let (group, id) = path.split_once('/').ok_or_else(wrong_kind)?;
                Ok(ResolvedId {
                    group_id: Some(group),
                    id,
                })
            }
            _ if path.contains('/') => Err(wrong_kind()),
            _ => Ok(ResolvedId {
                group_id: None,
                id: path,
            }),
        }
    }
}

/// The ID named by an identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResolvedId<'v> {
    /// For a session ARN: the stream group ID it carries.
    pub group_id: Option<&'v str>,
    /// The resource's ID.
    pub id: &'v str,
}

fn random_alphanumerics(len: usize) -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// A new application ID, `a-` and 9 alphanumerics.
pub fn new_application_id() -> String {
    format!("a-{}", random_alphanumerics(9))
}

/// A new stream group ID, `sg-` and 9 alphanumerics.
pub fn new_stream_group_id() -> String {
    format!("sg-{}", random_alphanumerics(9))
}

/// A new stream session ID, 9 alphanumerics.
pub fn new_stream_session_id() -> String {
    random_alphanumerics(9)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    const SCOPE: Scope<'static> = Scope {
        region: "us-west-2",
        account: "123456789012",
    };

    #[test]
    fn session_arn_resolves_to_group_and_session() {
        let arn = SCOPE.session_arn("sg-ABC", "xyz");
        let resolved = SCOPE
            .resolve("StreamSessionIdentifier", ResourceType::StreamSession, &arn)
            .unwrap();
        assert_eq!(resolved.group_id, Some("sg-ABC"));
        assert_eq!(resolved.id, "xyz");
    }

    #[test]
    fn arn_of_another_region_is_not_found() {
        let arn = "arn:aws:gameliftstreams:eu-west-1:123456789012:streamgroup/sg-1";
        let err = SCOPE
            .resolve("Identifier", ResourceType::StreamGroup, arn)
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::ResourceNotFound);
    }

    #[test]
    fn arn_of_another_kind_is_invalid() {
        let arn = SCOPE.arn(ResourceType::Application, "a-1");
        let err = SCOPE
            .resolve("Identifier", ResourceType::StreamGroup, &arn)
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Validation);
    }

    #[test]
    fn generated_ids_have_the_service_form() {
        assert!(new_stream_group_id().starts_with("sg-"));
        assert_eq!(new_application_id().len(), 11);
        assert_eq!(new_stream_session_id().len(), 9);
    }
}
