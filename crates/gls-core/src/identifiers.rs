//! Validated stream group and stream session identifiers.
//!
//! Both accept an ID or an ARN, checked against the service model before anything is sent
//! (`[a-zA-Z0-9-]+`, or `arn:aws:gameliftstreams:REGION:ACCOUNT:RESOURCE`, at most 128
//! characters). An ARN names its region, and a session ARN
//! (`…:streamsession/GROUP_ID/SESSION_ID`) names its stream group too.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

const MAX_LEN: usize = 128;
const ARN_PREFIX: &str = "arn:aws:gameliftstreams:";

/// The parts of a GameLift Streams ARN.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Arn<'a> {
    region: &'a str,
    resource: &'a str,
}

fn check<'v>(field: &str, value: &'v str) -> Result<Option<Arn<'v>>> {
    let len = value.chars().count();
    if len == 0 || len > MAX_LEN {
        return Err(Error::invalid_input(format!(
            "{field} must be 1 to {MAX_LEN} characters long, got {len}"
        )));
    }
    if let Some(rest) = value.strip_prefix(ARN_PREFIX) {
        let mut parts = rest.splitn(3, ':');
        let (region, account, resource) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next(),
        );
        let well_formed = resource.is_some_and(|r| !r.contains([':', ' ']))
            && !region.contains(' ')
            && account.len() == 12
            && account.bytes().all(|b| b.is_ascii_digit());
        return match resource {
            Some(resource) if well_formed => Ok(Some(Arn { region, resource })),
            _ => Err(Error::invalid_input(format!(
                "{field} `{value}` is not an ARN of the form arn:aws:gameliftstreams:REGION:ACCOUNT_ID:RESOURCE"
            ))),
        };
    }
    match value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        None => Ok(None),
        Some(bad) => Err(Error::invalid_input(format!(
            "{field} `{value}` has the character {bad:?} outside [a-zA-Z0-9-]; give an ID or an ARN"
        ))),
    }
}

fn non_empty(region: &str) -> Option<String> {
    (!region.is_empty()).then(|| region.to_owned())
}

/// A stream group ID (`sg-…`) or stream group ARN.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StreamGroupId {
    value: String,
    region: Option<String>,
}

impl StreamGroupId {
    /// Validates a stream group identifier.
    pub fn new(value: impl Into<String>) -> Result<Self> {
        let value = value.into();
        let region = match check("stream group identifier", &value)? {
            None => None,
            Some(arn) => {
                let id = arn
                    .resource
                    .strip_prefix("streamgroup/")
                    .unwrap_or_default();
                if id.is_empty() || id.contains('/') {
                    return Err(Error::invalid_input(format!(
                        "stream group identifier `{value}` is an ARN but not of a stream group (…:streamgroup/ID)"
                    )));
                }
                non_empty(arn.region)
            }
        };
        Ok(Self { value, region })
    }

    /// The identifier as given.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The region an ARN names.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }
}

/// A stream session ID or stream session ARN. An ARN also names the stream group and region.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StreamSessionId {
    value: String,
    region: Option<String>,
    group: Option<String>,
    id: String,
}

impl StreamSessionId {
    /// Validates a stream session identifier.
    pub fn new(value: impl Into<String>) -> Result<Self> {
        let value = value.into();
        let (region, group, id) = match check("stream session identifier", &value)? {
            None => (None, None, value.clone()),
            Some(arn) => {
                let path = arn
                    .resource
                    .strip_prefix("streamsession/")
                    .unwrap_or_default();
                match path.split_once('/') {
                    Some((group, id))
                        if !group.is_empty() && !id.is_empty() && !id.contains('/') =>
                    {
                        (non_empty(arn.region), Some(group.to_owned()), id.to_owned())
                    }
                    _ => {
                        return Err(Error::invalid_input(format!(
                            "stream session identifier `{value}` is an ARN but not of a stream session (…:streamsession/GROUP_ID/SESSION_ID)"
                        )));
                    }
                }
            }
        };
        Ok(Self {
            value,
            region,
            group,
            id,
        })
    }

    /// The identifier as given.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The session's own ID (the last part of an ARN).
    pub fn session_id(&self) -> &str {
        &self.id
    }

    /// The region an ARN names.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The stream group an ARN names, as an ID.
    pub fn stream_group(&self) -> Option<StreamGroupId> {
        self.group.as_ref().map(|group| StreamGroupId {
            value: group.clone(),
            region: self.region.clone(),
        })
    }
}

macro_rules! identifier_traits {
    ($($ty:ident),*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.value)
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($ty), self.value)
            }
        }

        impl FromStr for $ty {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                Self::new(s)
            }
        }

        impl TryFrom<&str> for $ty {
            type Error = Error;
            fn try_from(s: &str) -> Result<Self> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $ty {
            type Error = Error;
            fn try_from(s: String) -> Result<Self> {
                Self::new(s)
            }
        }
    )*};
}

identifier_traits!(StreamGroupId, StreamSessionId);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn a_session_arn_names_its_region_and_group() {
        let id = StreamSessionId::new(
            "arn:aws:gameliftstreams:eu-central-1:123456789012:streamsession/sg-ABC/xyz123",
        )
        .unwrap();
        assert_eq!(id.region(), Some("eu-central-1"));
        assert_eq!(id.session_id(), "xyz123");
        assert_eq!(id.stream_group().unwrap().as_str(), "sg-ABC");
    }

    #[test]
    fn a_plain_session_id_names_no_group() {
        let id = StreamSessionId::new("xyz123").unwrap();
        assert_eq!(id.stream_group(), None);
        assert_eq!(id.region(), None);
    }

    #[test]
    fn a_session_arn_is_not_a_stream_group() {
        let err = StreamGroupId::new(
            "arn:aws:gameliftstreams:us-west-2:123456789012:streamsession/sg-1/abc",
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.message().contains("not of a stream group"), "{err}");
    }

    #[test]
    fn messages_name_the_offending_value() {
        let err = StreamGroupId::new("bad id!").unwrap_err();
        assert!(err.message().contains("`bad id!`"), "{err}");
    }
}
