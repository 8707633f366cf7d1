//! Stream session operations.

use std::time::Duration;

use http::StatusCode;
use serde::{Deserialize, Serialize};

use super::arn::{self, ResourceType};
use super::pagination::ListQuery;
use super::{Reply, Request, Service, validate};
use crate::clock::Timestamp;
use crate::error::ApiError;
use crate::model::session::{LaunchOptions, NewSession, Session};
use crate::model::status::{SessionStatus, StatusReason};
use crate::model::store::{Shared, lock};
use crate::operation::Operation;

const DEFAULT_CONNECTION_TIMEOUT_SECONDS: i64 = 120;
const DEFAULT_SESSION_LENGTH_SECONDS: i64 = 43_200;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StartInput {
    client_token: Option<String>,
    description: Option<String>,
    protocol: Option<String>,
    signal_request: Option<String>,
    application_identifier: Option<String>,
    user_id: Option<String>,
    locations: Option<Vec<String>>,
    connection_timeout_seconds: Option<i64>,
    session_length_seconds: Option<i64>,
    additional_launch_args: Option<serde_json::Value>,
    additional_environment_variables: Option<serde_json::Value>,
    performance_stats_configuration: Option<serde_json::Value>,
    display_configuration: Option<serde_json::Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ConnectionOutput<'a> {
    signal_response: &'a str,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ConnectionInput {
    client_token: Option<String>,
    signal_request: Option<String>,
}

/// `GetStreamSession` / `StartStreamSession` output.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SessionView<'a> {
    arn: &'a str,
    stream_group_id: &'a str,
    status: SessionStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_reason: Option<StatusReason>,
    protocol: &'static str,
    location: &'a str,
    signal_request: &'a str,
    signal_response: &'a str,
    connection_timeout_seconds: u64,
    session_length_seconds: u64,
    web_sdk_protocol_url: String,
    created_at: Timestamp,
    last_updated_at: Timestamp,
    application_arn: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    application_started_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    streaming_started_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    streaming_ended_at: Option<Timestamp>,
    #[serde(flatten)]
    launch: &'a LaunchOptions,
}

impl<'a> SessionView<'a> {
    fn of(s: &'a Session) -> Self {
        Self {
            arn: &s.arn,
            stream_group_id: &s.group_id,
            status: s.status,
            status_reason: s.reason,
            protocol: "WebRTC",
            location: &s.location.name,
            signal_request: s.latest_signal_request(),
            signal_response: s.latest_signal_response(),
            connection_timeout_seconds: s.connection_timeout.as_secs(),
            session_length_seconds: s.session_length.as_secs(),
            web_sdk_protocol_url: s.web_sdk_protocol_url(),
            created_at: s.created_at,
            last_updated_at: s.last_updated_at,
            application_arn: &s.application_arn,
            application_started_at: s.application_started_at,
            streaming_started_at: s.streaming_started_at,
            streaming_ended_at: s.streaming_ended_at,
            launch: &s.launch,
        }
    }
}

/// `StreamSessionSummary`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SessionSummary {
    arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<String>,
    status: SessionStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_reason: Option<StatusReason>,
    protocol: &'static str,
    last_updated_at: Timestamp,
    created_at: Timestamp,
    application_arn: String,
    location: String,
}

impl SessionSummary {
    fn of(s: &Session) -> Self {
        Self {
            arn: s.arn.clone(),
            user_id: s.launch.user_id.clone(),
            status: s.status,
            status_reason: s.reason,
            protocol: "WebRTC",
            last_updated_at: s.last_updated_at,
            created_at: s.created_at,
            application_arn: s.application_arn.clone(),
            location: s.location.name.clone(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Page<T> {
    items: Vec<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

fn seconds(field: &str, value: Option<i64>, default: i64, max: i64) -> Result<Duration, ApiError> {
    let value = value.unwrap_or(default);
    validate::int_range(field, value, 1, max)?;
    Ok(Duration::from_secs(value as u64))
}

/// StartStreamSession.
pub(super) fn start(svc: &Service, req: &Request<'_>) -> Result<Reply, ApiError> {
    let input: StartInput = req.json()?;
    let scope = svc.scope(req);
    let group_id = scope
        .resolve("Identifier", ResourceType::StreamGroup, req.label(0))?
        .id;
    match input.protocol.as_deref() {
        Some("WebRTC") => {}
        Some(other) => {
            return Err(ApiError::validation(format!(
                "Protocol `{other}` is not supported: use WebRTC"
            )));
        }
        None => return Err(ApiError::validation("Protocol is required (WebRTC)")),
    }
    let signal_request = validate::required("SignalRequest", input.signal_request)?;
    validate::signal_request(&signal_request)?;
    let app_identifier = validate::required("ApplicationIdentifier", input.application_identifier)?;
    let app_id = scope
        .resolve(
            "ApplicationIdentifier",
            ResourceType::Application,
            &app_identifier,
        )?
        .id;
    if let Some(d) = &input.description {
        validate::description("Description", d)?;
    }
    if let Some(u) = &input.user_id {
        validate::user_id(u)?;
    }
    let locations = input.locations.unwrap_or_default();
    for name in &locations {
        validate::location_name("Locations", name)?;
    }
    let connection_timeout = seconds(
        "ConnectionTimeoutSeconds",
        input.connection_timeout_seconds,
        DEFAULT_CONNECTION_TIMEOUT_SECONDS,
        3600,
    )?;
    let session_length = seconds(
        "SessionLengthSeconds",
        input.session_length_seconds,
        DEFAULT_SESSION_LENGTH_SECONDS,
        86_400,
    )?;

    let region = svc.store.region(req.region);
    let operation = Operation::StartStreamSession;
    let token = input.client_token.as_deref();
    if let Some(id) = Service::replay_token(&region, operation, token, req)?
        && let Some(session) = region.sessions.get(&id)
    {
        let mut session = lock(&session);
        session.settle(svc.now(), &svc.config.timings);
        return Reply::json(StatusCode::CREATED, &SessionView::of(&session));
    }

    let now = svc.now();
    let group = region.stream_groups.get(group_id).ok_or_else(|| {
        ApiError::not_found(format!(
            "stream group {group_id} was not found in {}",
            req.region
        ))
    })?;
    let (group_arn, candidates, associated) =
        {
            let mut group = lock(&group);
            group.settle(now);
            if group.status != crate::model::status::StreamGroupStatus::Active {
                return Err(ApiError::conflict(format!(
                    "stream group {group_id} is still activating: start sessions once it is ACTIVE"
                )));
            }
            let candidates =
                if locations.is_empty() {
                    group.locations.iter().map(|l| l.capacity.clone()).collect()
                } else {
                    locations
                        .iter()
                        .map(|name| {
                            group.location(name).map(|l| l.capacity.clone()).ok_or_else(|| {
                        ApiError::validation(format!(
                            "location `{name}` is not a location of stream group {group_id}"
                        ))
                    })
                        })
                        .collect::<Result<Vec<_>, _>>()?
                };
            (
                group.arn.clone(),
                candidates,
                group.associated_applications.clone(),
            )
        };
    let application = region.applications.get(app_id).ok_or_else(|| {
        ApiError::not_found(format!(
            "application {app_id} was not found in {}",
            req.region
        ))
    })?;
    let application_arn = {
        let mut app = lock(&application);
        app.settle(now);
        if app.status != crate::model::status::ApplicationStatus::Ready {
            return Err(ApiError::conflict(format!(
                "application {app_id} is not READY yet"
            )));
        }
        app.arn.clone()
    };
    if !associated.contains(&application_arn) {
        return Err(ApiError::validation(format!(
            "application {app_id} is not associated with stream group {group_id}: call AssociateApplications first"
        )));
    }
    // Lapsed sessions give their capacity back only when settled: settle the group's first.
    for session in region.sessions.all() {
        let mut session = lock(&session);
        if session.group_id == group_id {
            session.settle(now, &svc.config.timings);
        }
    }
    let location = candidates
        .iter()
        .find(|l| l.in_use() < l.limit)
        .or(candidates.first())
        .cloned()
        .ok_or_else(|| ApiError::validation(format!("stream group {group_id} has no locations")))?;
    let id = arn::new_stream_session_id();
    let session = Session::start(
        NewSession {
            seq: svc.store.next_seq(),
            arn: scope.session_arn(group_id, &id),
            id: id.clone(),
            group_id: group_id.to_owned(),
            application_arn,
            location,
            connection_timeout,
            session_length,
            launch: LaunchOptions {
                description: input.description,
                user_id: input.user_id,
                additional_launch_args: input.additional_launch_args,
                additional_environment_variables: input.additional_environment_variables,
                performance_stats_configuration: input.performance_stats_configuration,
                display_configuration: input.display_configuration,
            },
            client_token: token.map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned),
            signal_request,
        },
        now,
    );
    tracing::info!(session = %id, stream_group = %group_arn, placed = session.is_placed(), "stream session started");
    Service::remember_token(&region, operation, token, req, &id);
    let shared = region.sessions.insert(id, session);
    let mut session = lock(&shared);
    session.settle(now, &svc.config.timings);
    view(&mut session, StatusCode::CREATED)
}

/// A session named by the request's two labels (stream group, session).
fn find(svc: &Service, req: &Request<'_>) -> Result<Shared<Session>, ApiError> {
    let scope = svc.scope(req);
    let group_id = scope
        .resolve("Identifier", ResourceType::StreamGroup, req.label(0))?
        .id;
    let session = scope.resolve(
        "StreamSessionIdentifier",
        ResourceType::StreamSession,
        req.label(1),
    )?;
    let not_found = || {
        ApiError::not_found(format!(
            "stream session {} was not found in stream group {group_id} ({})",
            session.id, req.region
        ))
    };
    if session.group_id.is_some_and(|g| g != group_id) {
        return Err(not_found());
    }
    let shared = svc
        .store
        .region(req.region)
        .sessions
        .get(session.id)
        .ok_or_else(not_found)?;
    if lock(&shared).group_id != group_id {
        return Err(not_found());
    }
    Ok(shared)
}

/// The session's full view as JSON, rendered once per state.
fn view(session: &mut Session, status: StatusCode) -> Result<Reply, ApiError> {
    if let Some(body) = session.rendered() {
        return Ok(Reply {
            status,
            body: Some(body),
        });
    }
    let reply = Reply::json(status, &SessionView::of(session))?;
    if let Some(body) = &reply.body {
        session.keep_rendered(body.clone());
    }
    Ok(reply)
}

/// GetStreamSession.
pub(super) fn get(svc: &Service, req: &Request<'_>) -> Result<Reply, ApiError> {
    let shared = find(svc, req)?;
    let mut session = lock(&shared);
    session.settle(svc.now(), &svc.config.timings);
    view(&mut session, StatusCode::OK)
}

/// TerminateStreamSession.
pub(super) fn terminate(svc: &Service, req: &Request<'_>) -> Result<Reply, ApiError> {
    let shared = find(svc, req)?;
    let mut session = lock(&shared);
    let now = svc.now();
    session.settle(now, &svc.config.timings);
    session.terminate(now);
    session.settle(now, &svc.config.timings);
    Ok(Reply::no_content())
}

/// CreateStreamSessionConnection.
pub(super) fn create_connection(svc: &Service, req: &Request<'_>) -> Result<Reply, ApiError> {
    let input: ConnectionInput = req.json()?;
    let signal_request = validate::required("SignalRequest", input.signal_request)?;
    validate::signal_request(&signal_request)?;
    let token = match input.client_token {
        Some(token) => {
            validate::client_token(&token)?;
            token
        }
        None => uuid::Uuid::new_v4().to_string(),
    };
    let shared = find(svc, req)?;
    let mut session = lock(&shared);
    let now = svc.now();
    session.settle(now, &svc.config.timings);
    let answer = session.create_connection(token, signal_request, now)?;
    tracing::info!(session = %session.id, replayed = answer.replayed, "stream session connection created");
    session.settle(now, &svc.config.timings);
    Reply::json(
        StatusCode::OK,
        &ConnectionOutput {
            signal_response: &answer.signal_response,
        },
    )
}

fn list_where(
    svc: &Service,
    req: &Request<'_>,
    belongs: impl Fn(&Session) -> bool,
) -> Result<Reply, ApiError> {
    let query = ListQuery::parse(req.query)?;
    let status = match query.status.as_deref() {
        None => None,
        Some(s) => Some(SessionStatus::parse(s).ok_or_else(|| {
            ApiError::validation(format!("Status `{s}` is not a StreamSessionStatus"))
        })?),
    };
    if let Some(e) = query.export_files_status.as_deref()
        && !["SUCCEEDED", "FAILED", "PENDING"].contains(&e)
    {
        return Err(ApiError::validation(format!(
            "ExportFilesStatus `{e}` is not SUCCEEDED, FAILED or PENDING"
        )));
    }
    let now = svc.now();
    let mut items = Vec::new();
    for shared in svc.store.region(req.region).sessions.all() {
        let mut session = lock(&shared);
        if !belongs(&session) {
            continue;
        }
        session.settle(now, &svc.config.timings);
        // No session has exported files, so an ExportFilesStatus filter matches none.
        let wanted =
            status.is_none_or(|s| s == session.status) && query.export_files_status.is_none();
        if wanted {
            items.push((session.seq, SessionSummary::of(&session)));
        }
    }
    let (items, next_token) = query.page(items);
    Reply::json(StatusCode::OK, &Page { items, next_token })
}

/// ListStreamSessions.
pub(super) fn list(svc: &Service, req: &Request<'_>) -> Result<Reply, ApiError> {
    let group_id = svc
        .scope(req)
        .resolve("Identifier", ResourceType::StreamGroup, req.label(0))?
        .id
        .to_owned();
    if svc
        .store
        .region(req.region)
        .stream_groups
        .get(&group_id)
        .is_none()
    {
        return Err(ApiError::not_found(format!(
            "stream group {group_id} was not found in {}",
            req.region
        )));
    }
    list_where(svc, req, |s| s.group_id == group_id)
}

/// ListStreamSessionsByAccount.
pub(super) fn list_by_account(svc: &Service, req: &Request<'_>) -> Result<Reply, ApiError> {
    list_where(svc, req, |_| true)
}

impl Service {
    /// Finds a session by ID or ARN in any region (the control API is not region-scoped) and
    /// settles it to now.
    pub fn session_by_id_or_arn(&self, identifier: &str) -> Result<Shared<Session>, ApiError> {
        validate::identifier("session", identifier)?;
        let id = match identifier.strip_prefix("arn:aws:gameliftstreams:") {
            Some(rest) => rest.rsplit('/').next().unwrap_or_default(),
            None => identifier,
        };
        let session = self
            .store
            .regions()
            .into_iter()
            .find_map(|(_, region)| region.sessions.get(id))
            .ok_or_else(|| {
                ApiError::not_found(format!("stream session {identifier} was not found"))
            })?;
        lock(&session).settle(self.now(), &self.config.timings);
        Ok(session)
    }
}
