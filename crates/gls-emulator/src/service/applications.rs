//! Application operations.

use http::StatusCode;
use serde::{Deserialize, Serialize};

use super::arn::{self, ResourceType};
use super::{Reply, Request, Service, validate};
use crate::clock::Timestamp;
use crate::error::ApiError;
use crate::model::application::{Application, NewApplication};
use crate::model::status::ApplicationStatus;
use crate::model::store::{Shared, lock};
use crate::operation::Operation;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateInput {
    description: Option<String>,
    runtime_environment: Option<RuntimeEnvironment>,
    executable_path: Option<String>,
    application_source_uri: Option<String>,
    client_token: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
struct RuntimeEnvironment {
    r#type: Option<String>,
    version: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ApplicationView<'a> {
    arn: &'a str,
    id: &'a str,
    description: &'a str,
    runtime_environment: &'a serde_json::Value,
    status: ApplicationStatus,
    created_at: Timestamp,
    last_updated_at: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    executable_path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    application_source_uri: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    associated_stream_groups: Option<&'a [String]>,
}

impl<'a> ApplicationView<'a> {
    /// The full view (Get, Create); `summary` leaves out what ApplicationSummary lacks.
    fn of(a: &'a Application, summary: bool) -> Self {
        Self {
            arn: &a.arn,
            id: &a.id,
            description: &a.description,
            runtime_environment: &a.runtime_environment,
            status: a.status,
            created_at: a.created_at,
            last_updated_at: a.last_updated_at,
            executable_path: (!summary).then_some(a.executable_path.as_str()),
            application_source_uri: (!summary).then_some(a.application_source_uri.as_str()),
            associated_stream_groups: (!summary).then_some(a.associated_stream_groups.as_slice()),
        }
    }
}

fn bounded(field: &str, value: Option<String>, max: usize) -> Result<String, ApiError> {
    let value = validate::required(field, value)?;
    if value.is_empty() || value.chars().count() > max {
        return Err(ApiError::validation(format!(
            "{field} must be 1 to {max} characters long"
        )));
    }
    Ok(value)
}

/// CreateApplication.
pub(super) fn create(svc: &Service, req: &Request<'_>) -> Result<Reply, ApiError> {
    let input: CreateInput = req.json()?;
    let description = validate::required("Description", input.description)?;
    validate::description("Description", &description)?;
    let runtime = validate::required("RuntimeEnvironment", input.runtime_environment)?;
    let kind = validate::required("RuntimeEnvironment.Type", runtime.r#type.as_deref())?;
    if !["PROTON", "WINDOWS", "UBUNTU"].contains(&kind) {
        return Err(ApiError::validation(format!(
            "RuntimeEnvironment.Type `{kind}` is not PROTON, WINDOWS or UBUNTU"
        )));
    }
    bounded("RuntimeEnvironment.Version", runtime.version.clone(), 256)?;
    let executable_path = bounded("ExecutablePath", input.executable_path, 1024)?;
    let application_source_uri =
        bounded("ApplicationSourceUri", input.application_source_uri, 1024)?;

    let region = svc.store.region(req.region);
    let operation = Operation::CreateApplication;
    let token = input.client_token.as_deref();
    if let Some(id) = Service::replay_token(&region, operation, token, req)?
        && let Some(app) = region.applications.get(&id)
    {
        return Reply::json(
            StatusCode::CREATED,
            &ApplicationView::of(&lock(&app), false),
        );
    }
    let id = arn::new_application_id();
    let app = Application::new(
        NewApplication {
            seq: svc.store.next_seq(),
            arn: svc.scope(req).arn(ResourceType::Application, &id),
            id: id.clone(),
            description,
            runtime_environment: serde_json::to_value(&runtime).unwrap_or_default(),
            executable_path,
            application_source_uri,
        },
        svc.now(),
        svc.config.timings.application_ready,
    );
    Service::remember_token(&region, operation, token, req, &id);
    let app = region.applications.insert(id, app);
    Reply::json(
        StatusCode::CREATED,
        &ApplicationView::of(&lock(&app), false),
    )
}

fn find(svc: &Service, req: &Request<'_>) -> Result<(String, Shared<Application>), ApiError> {
    svc.find(req, ResourceType::Application, |region| {
        &region.applications
    })
}

/// GetApplication.
pub(super) fn get(svc: &Service, req: &Request<'_>) -> Result<Reply, ApiError> {
    let (_, app) = find(svc, req)?;
    let mut app = lock(&app);
    app.settle(svc.now());
    Reply::json(StatusCode::OK, &ApplicationView::of(&app, false))
}

/// ListApplications.
pub(super) fn list(svc: &Service, req: &Request<'_>) -> Result<Reply, ApiError> {
    svc.list_page(
        req,
        |region| &region.applications,
        Application::settle,
        |app| {
            let view = serde_json::to_value(ApplicationView::of(app, true)).unwrap_or_default();
            (app.seq, view)
        },
    )
}

/// DeleteApplication: refused while the application is associated with a stream group.
pub(super) fn delete(svc: &Service, req: &Request<'_>) -> Result<Reply, ApiError> {
    let (id, app) = find(svc, req)?;
    {
        let app = lock(&app);
        if let Some(group) = app.associated_stream_groups.first() {
            return Err(ApiError::conflict(format!(
                "application {id} is associated with stream group {group}: delete or disassociate the stream group first"
            )));
        }
    }
    svc.store.region(req.region).applications.remove(&id);
    Ok(Reply::no_content())
}
