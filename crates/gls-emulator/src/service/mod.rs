//! The service: the implemented operations, over the store, on the emulator's clock.
//!
//! Each operation takes a [`Request`] (region, decoded URI labels, query, body) and answers a
//! [`Reply`] or an [`ApiError`]; HTTP, signatures and faults are handled before it is called.

mod applications;
pub mod arn;
mod pagination;
mod sessions;
mod stream_groups;
pub mod validate;

use std::sync::RwLock;

use bytes::Bytes;
use http::StatusCode;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::clock::{Clock, Timestamp};
use crate::config::EmulatorConfig;
use crate::error::{ApiError, ErrorKind};
use crate::model::store::{RegionState, Shared, Store, Table, TokenUse, lock};
use crate::operation::Operation;
use arn::Scope;

/// One API call, as the service sees it.
#[derive(Debug)]
pub struct Request<'a> {
    /// The region of the request's credential scope.
    pub region: &'a str,
    /// URI labels, percent-decoded, in template order.
    pub labels: Vec<String>,
    /// The raw query string.
    pub query: &'a str,
    /// The raw body.
    pub body: &'a [u8],
}

impl Request<'_> {
    fn label(&self, index: usize) -> &str {
        self.labels
            .get(index)
            .map(String::as_str)
            .unwrap_or_default()
    }

    fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        let body = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"{}".as_slice()
        } else {
            self.body
        };
        serde_json::from_slice(body)
            .map_err(|e| ApiError::validation(format!("the request body is not valid input: {e}")))
    }

    /// The body as a JSON value without its ClientToken: what identifies a retried request.
    fn fingerprint(&self) -> String {
        let mut value: serde_json::Value =
            serde_json::from_slice(self.body).unwrap_or(serde_json::Value::Null);
        if let Some(object) = value.as_object_mut() {
            object.remove("ClientToken");
        }
        let text = format!("{}|{}", self.labels.join("|"), value);
        hex::encode(Sha256::digest(text.as_bytes()))
    }
}

/// A successful answer: status code and JSON body (none for 204).
#[derive(Debug)]
pub struct Reply {
    /// HTTP status.
    pub status: StatusCode,
    /// JSON body.
    pub body: Option<Bytes>,
}

impl Reply {
    /// A JSON answer.
    pub(crate) fn json(status: StatusCode, body: &impl Serialize) -> Result<Self, ApiError> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            ApiError::new(
                ErrorKind::InternalServer,
                format!("could not encode the response: {e}"),
            )
        })?;
        Ok(Self {
            status,
            body: Some(Bytes::from(bytes)),
        })
    }

    /// A 204 answer without a body.
    pub(crate) fn no_content() -> Self {
        Self {
            status: StatusCode::NO_CONTENT,
            body: None,
        }
    }
}

/// The resources created at start and after a reset.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Defaults {
    /// The ready application's ID.
    pub application_id: String,
    /// The ready application's ARN.
    pub application_arn: String,
    /// The ACTIVE stream group's ID.
    pub stream_group_id: String,
    /// The ACTIVE stream group's ARN.
    pub stream_group_arn: String,
}

/// The emulated service.
#[derive(Debug)]
pub struct Service {
    config: EmulatorConfig,
    clock: Clock,
    store: Store,
    defaults: RwLock<Defaults>,
}

impl Service {
    /// A service with the default application and stream group created.
    pub fn new(config: EmulatorConfig) -> Self {
        let service = Self {
            clock: crate::clock::Clock::new(config.clock),
            config,
            store: Store::default(),
            defaults: RwLock::default(),
        };
        service.create_defaults();
        service
    }

    /// The configuration.
    pub fn config(&self) -> &EmulatorConfig {
        &self.config
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The default application and stream group.
    pub fn defaults(&self) -> Defaults {
        self.defaults
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Drops every resource and creates the defaults again.
    pub fn reset(&self) {
        self.store.clear();
        self.create_defaults();
    }

    fn create_defaults(&self) {
        let now = self.clock.now();
        let scope = Scope {
            region: &self.config.region,
            account: &self.config.account,
        };
        let region = self.store.region(&self.config.region);
        let defaults = stream_groups::create_default(self, &scope, &region, now);
        *self
            .defaults
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = defaults;
    }

    /// Runs one supported operation.
    pub fn call(&self, operation: Operation, request: &Request<'_>) -> Result<Reply, ApiError> {
        use Operation::*;
        match operation {
            StartStreamSession => sessions::start(self, request),
            GetStreamSession => sessions::get(self, request),
            ListStreamSessions => sessions::list(self, request),
            ListStreamSessionsByAccount => sessions::list_by_account(self, request),
            CreateStreamSessionConnection => sessions::create_connection(self, request),
            TerminateStreamSession => sessions::terminate(self, request),
            CreateStreamGroup => stream_groups::create(self, request),
            GetStreamGroup => stream_groups::get(self, request),
            ListStreamGroups => stream_groups::list(self, request),
            DeleteStreamGroup => stream_groups::delete(self, request),
            AssociateApplications => stream_groups::associate(self, request),
            CreateApplication => applications::create(self, request),
            GetApplication => applications::get(self, request),
            ListApplications => applications::list(self, request),
            DeleteApplication => applications::delete(self, request),
            unsupported => Err(ApiError::new(
                ErrorKind::UnsupportedOperation,
                format!(
                    "{} is an operation of Amazon GameLift Streams that the emulator does not support",
                    unsupported.name()
                ),
            )),
        }
    }

    fn scope<'a>(&'a self, request: &'a Request<'_>) -> Scope<'a> {
        Scope {
            region: request.region,
            account: &self.config.account,
        }
    }

    fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// The application or stream group named by the request's first label, with its ID.
    fn find<T>(
        &self,
        req: &Request<'_>,
        kind: arn::ResourceType,
        table: impl Fn(&RegionState) -> &Table<T>,
    ) -> Result<(String, Shared<T>), ApiError> {
        let id = self
            .scope(req)
            .resolve("Identifier", kind, req.label(0))?
            .id
            .to_owned();
        let region = self.store.region(req.region);
        let found = table(&region).get(&id).ok_or_else(|| {
            ApiError::not_found(format!(
                "{} {id} was not found in {}",
                kind.noun(),
                req.region
            ))
        })?;
        Ok((id, found))
    }

    /// One page of a region's applications or stream groups, each settled to now and shown by
    /// `view` (with its creation sequence).
    fn list_page<T>(
        &self,
        req: &Request<'_>,
        table: impl Fn(&RegionState) -> &Table<T>,
        settle: impl Fn(&mut T, Timestamp),
        view: impl Fn(&T) -> (u64, serde_json::Value),
    ) -> Result<Reply, ApiError> {
        let query = pagination::ListQuery::parse(req.query)?;
        let now = self.now();
        let region = self.store.region(req.region);
        let items = table(&region)
            .all()
            .iter()
            .map(|shared| {
                let mut resource = lock(shared);
                settle(&mut resource, now);
                view(&resource)
            })
            .collect();
        let (items, next_token) = query.page(items);
        Reply::json(
            StatusCode::OK,
            &serde_json::json!({ "Items": items, "NextToken": next_token }),
        )
    }

    /// Replays a ClientToken: `Ok(Some(id))` for a retry of the same request, an error for the
    /// same token with a different request, `Ok(None)` for a new token.
    fn replay_token(
        region: &RegionState,
        operation: Operation,
        token: Option<&str>,
        request: &Request<'_>,
    ) -> Result<Option<String>, ApiError> {
        let Some(token) = token else { return Ok(None) };
        validate::client_token(token)?;
        let tokens = lock(&region.tokens);
        match tokens.get(&format!("{}:{token}", operation.name())) {
            None => Ok(None),
            Some(used) if used.fingerprint == request.fingerprint() => {
                Ok(Some(used.resource_id.clone()))
            }
            Some(_) => Err(ApiError::validation(format!(
                "ClientToken `{token}` was already used for a different {} request: use a new ClientToken",
                operation.name()
            ))),
        }
    }

    fn remember_token(
        region: &RegionState,
        operation: Operation,
        token: Option<&str>,
        request: &Request<'_>,
        resource_id: &str,
    ) {
        if let Some(token) = token {
            lock(&region.tokens).insert(
                format!("{}:{token}", operation.name()),
                TokenUse {
                    fingerprint: request.fingerprint(),
                    resource_id: resource_id.to_owned(),
                },
            );
        }
    }
}
