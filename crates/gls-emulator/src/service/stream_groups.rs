//! Stream group operations.

use http::StatusCode;
use serde::{Deserialize, Serialize};

use super::arn::{self, ResourceType, Scope};
use super::{Defaults, Reply, Request, Service, validate};
use crate::clock::Timestamp;
use crate::error::ApiError;
use crate::model::application::{Application, NewApplication};
use crate::model::capacity::LocationCapacity;
use crate::model::status::StreamGroupStatus;
use crate::model::store::{RegionState, lock};
use crate::model::stream_group::{Location, LocationState, NewStreamGroup, StreamGroup};
use crate::operation::Operation;

const STREAM_CLASSES: [&str; 17] = [
    "gen4n_high",
    "gen4n_ultra",
    "gen4n_win2022",
    "gen5n_high",
    "gen5n_ultra",
    "gen5n_win2022",
    "gen6n_small",
    "gen6n_medium",
    "gen6n_high",
    "gen6n_ultra",
    "gen6n_ultra_win2022",
    "gen6n_pro",
    "gen6n_pro_win2022",
    "gen6n_small_win2022",
    "gen6n_medium_win2022",
    "gen6e_pro",
    "gen6e_pro_win2022",
];

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct LocationConfiguration {
    location_name: Option<String>,
    always_on_capacity: Option<i64>,
    on_demand_capacity: Option<i64>,
    maximum_capacity: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateInput {
    description: Option<String>,
    stream_class: Option<String>,
    default_application_identifier: Option<String>,
    location_configurations: Option<Vec<LocationConfiguration>>,
    client_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AssociateInput {
    application_identifiers: Option<Vec<String>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DefaultApplicationView<'a> {
    id: &'a str,
    arn: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct GroupView<'a> {
    arn: &'a str,
    id: &'a str,
    description: &'a str,
    stream_class: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_application: Option<DefaultApplicationView<'a>>,
    status: StreamGroupStatus,
    created_at: Timestamp,
    last_updated_at: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    location_states: Option<Vec<LocationState>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    associated_applications: Option<&'a [String]>,
}

impl<'a> GroupView<'a> {
    /// The full view (Get, Create); `summary` leaves out what StreamGroupSummary lacks.
    fn of(g: &'a StreamGroup, summary: bool) -> Self {
        Self {
            arn: &g.arn,
            id: &g.id,
            description: &g.description,
            stream_class: &g.stream_class,
            default_application: g
                .default_application
                .as_ref()
                .map(|(id, arn)| DefaultApplicationView { id, arn }),
            status: g.status,
            created_at: g.created_at,
            last_updated_at: g.last_updated_at,
            location_states: (!summary).then(|| g.location_states()),
            associated_applications: (!summary).then_some(g.associated_applications.as_slice()),
        }
    }
}

fn capacity(field: &str, value: Option<i64>) -> Result<u32, ApiError> {
    let value = value.unwrap_or(0);
    validate::int_range(field, value, 0, i64::from(u32::MAX))?;
    Ok(value as u32)
}

fn locations(
    configs: Option<Vec<LocationConfiguration>>,
    region: &str,
    default_capacity: u32,
) -> Result<Vec<Location>, ApiError> {
    let Some(configs) = configs else {
        return Ok(vec![Location {
            capacity: LocationCapacity::new(region, default_capacity),
            always_on: 0,
            on_demand: default_capacity,
        }]);
    };
    if configs.is_empty() || configs.len() > 100 {
        return Err(ApiError::validation(
            "LocationConfigurations must hold 1 to 100 locations",
        ));
    }
    let mut locations: Vec<Location> = Vec::new();
    for config in configs {
        let name = validate::required("LocationConfigurations.LocationName", config.location_name)?;
        validate::location_name("LocationConfigurations.LocationName", &name)?;
        if locations.iter().any(|l| l.capacity.name == name) {
            return Err(ApiError::validation(format!(
                "location `{name}` appears twice in LocationConfigurations"
            )));
        }
        let always_on = capacity("AlwaysOnCapacity", config.always_on_capacity)?;
        let on_demand = capacity("OnDemandCapacity", config.on_demand_capacity)?;
        let limit = match config.maximum_capacity {
            Some(max) => capacity("MaximumCapacity", Some(max))?,
            None => always_on.saturating_add(on_demand),
        };
        locations.push(Location {
            capacity: LocationCapacity::new(name, limit),
            always_on,
            on_demand,
        });
    }
    Ok(locations)
}

/// Creates the ready application and ACTIVE stream group every emulator starts with.
pub(super) fn create_default(
    svc: &Service,
    scope: &Scope<'_>,
    region: &RegionState,
    now: Timestamp,
) -> Defaults {
    let application_id = arn::new_application_id();
    let application_arn = scope.arn(ResourceType::Application, &application_id);
    let mut application = Application::new(
        NewApplication {
            seq: svc.store.next_seq(),
            id: application_id.clone(),
            arn: application_arn.clone(),
            description: "Default emulator application".to_owned(),
            runtime_environment: serde_json::json!({"Type": "PROTON", "Version": "20241007"}),
            executable_path: "game/Game.exe".to_owned(),
            application_source_uri: "s3://gls-emulator/default-application/".to_owned(),
        },
        now,
        std::time::Duration::ZERO,
    );
    let stream_group_id = arn::new_stream_group_id();
    let stream_group_arn = scope.arn(ResourceType::StreamGroup, &stream_group_id);
    application
        .associated_stream_groups
        .push(stream_group_arn.clone());
    let group = StreamGroup::new(NewStreamGroup {
        seq: svc.store.next_seq(),
        id: stream_group_id.clone(),
        arn: stream_group_arn.clone(),
        description: "Default emulator stream group".to_owned(),
        stream_class: "gen4n_high".to_owned(),
        default_application: Some((application_id.clone(), application_arn.clone())),
        locations: locations(None, scope.region, svc.config.default_capacity)
            .expect("the default location is valid"),
        now,
        activation_delay: std::time::Duration::ZERO,
    });
    region
        .applications
        .insert(application_id.clone(), application);
    region.stream_groups.insert(stream_group_id.clone(), group);
    Defaults {
        application_id,
        application_arn,
        stream_group_id,
        stream_group_arn,
    }
}

/// CreateStreamGroup.
pub(super) fn create(svc: &Service, req: &Request<'_>) -> Result<Reply, ApiError> {
    let input: CreateInput = req.json()?;
    let description = validate::required("Description", input.description)?;
    validate::description("Description", &description)?;
    let stream_class = validate::required("StreamClass", input.stream_class)?;
    if !STREAM_CLASSES.contains(&stream_class.as_str()) {
        return Err(ApiError::validation(format!(
            "StreamClass `{stream_class}` is not one of {}",
            STREAM_CLASSES.join(", ")
        )));
    }
    let locations = locations(
        input.location_configurations,
        req.region,
        svc.config.default_capacity,
    )?;
    let region = svc.store.region(req.region);
    let operation = Operation::CreateStreamGroup;
    let token = input.client_token.as_deref();
    if let Some(id) = Service::replay_token(&region, operation, token, req)?
        && let Some(group) = region.stream_groups.get(&id)
    {
        return Reply::json(StatusCode::CREATED, &GroupView::of(&lock(&group), false));
    }
    let scope = svc.scope(req);
    let default_application = match &input.default_application_identifier {
        None => None,
        Some(identifier) => {
            let app_id = scope
                .resolve(
                    "DefaultApplicationIdentifier",
                    ResourceType::Application,
                    identifier,
                )?
                .id;
            let app = region.applications.get(app_id).ok_or_else(|| {
                ApiError::not_found(format!(
                    "application {app_id} was not found in {}",
                    req.region
                ))
            })?;
            Some(app)
        }
    };
    let id = arn::new_stream_group_id();
    let group_arn = scope.arn(ResourceType::StreamGroup, &id);
    let default_application = default_application.map(|app| {
        let mut app = lock(&app);
        app.associated_stream_groups.push(group_arn.clone());
        (app.id.clone(), app.arn.clone())
    });
    let group = StreamGroup::new(NewStreamGroup {
        seq: svc.store.next_seq(),
        id: id.clone(),
        arn: group_arn,
        description,
        stream_class,
        default_application,
        locations,
        now: svc.now(),
        activation_delay: svc.config.timings.stream_group_activation,
    });
    Service::remember_token(&region, operation, token, req, &id);
    let group = region.stream_groups.insert(id, group);
    Reply::json(StatusCode::CREATED, &GroupView::of(&lock(&group), false))
}

fn find(
    svc: &Service,
    req: &Request<'_>,
) -> Result<(String, crate::model::store::Shared<StreamGroup>), ApiError> {
    svc.find(req, ResourceType::StreamGroup, |region| {
        &region.stream_groups
    })
}

/// GetStreamGroup.
pub(super) fn get(svc: &Service, req: &Request<'_>) -> Result<Reply, ApiError> {
    let (_, group) = find(svc, req)?;
    let mut group = lock(&group);
    group.settle(svc.now());
    Reply::json(StatusCode::OK, &GroupView::of(&group, false))
}

/// ListStreamGroups.
pub(super) fn list(svc: &Service, req: &Request<'_>) -> Result<Reply, ApiError> {
    svc.list_page(
        req,
        |region| &region.stream_groups,
        StreamGroup::settle,
        |group| {
            let view = serde_json::to_value(GroupView::of(group, true)).unwrap_or_default();
            (group.seq, view)
        },
    )
}

/// DeleteStreamGroup: the group goes at once; its live sessions are terminated (`apiTerminated`)
/// and stay readable by session ID until the emulator is reset.
pub(super) fn delete(svc: &Service, req: &Request<'_>) -> Result<Reply, ApiError> {
    let (id, group) = find(svc, req)?;
    let region = svc.store.region(req.region);
    let now = svc.now();
    for session in region.sessions.all() {
        let mut session = lock(&session);
        if session.group_id == id {
            session.settle(now, &svc.config.timings);
            session.terminate(now);
        }
    }
    let group_arn = lock(&group).arn.clone();
    for app in region.applications.all() {
        lock(&app)
            .associated_stream_groups
            .retain(|arn| *arn != group_arn);
    }
    region.stream_groups.remove(&id);
    Ok(Reply::no_content())
}

/// AssociateApplications.
pub(super) fn associate(svc: &Service, req: &Request<'_>) -> Result<Reply, ApiError> {
    let input: AssociateInput = req.json()?;
    let identifiers = validate::required("ApplicationIdentifiers", input.application_identifiers)?;
    if identifiers.is_empty() || identifiers.len() > 50 {
        return Err(ApiError::validation(
            "ApplicationIdentifiers must hold 1 to 50 identifiers",
        ));
    }
    let (_, group) = find(svc, req)?;
    let region = svc.store.region(req.region);
    let scope = svc.scope(req);
    let mut applications = Vec::new();
    for identifier in &identifiers {
        let app_id = scope
            .resolve(
                "ApplicationIdentifiers",
                ResourceType::Application,
                identifier,
            )?
            .id;
        applications.push(region.applications.get(app_id).ok_or_else(|| {
            ApiError::not_found(format!(
                "application {app_id} was not found in {}",
                req.region
            ))
        })?);
    }
    let mut group = lock(&group);
    let mut arns = Vec::new();
    for app in applications {
        let mut app = lock(&app);
        if !app.associated_stream_groups.contains(&group.arn) {
            app.associated_stream_groups.push(group.arn.clone());
        }
        if !group.associated_applications.contains(&app.arn) {
            group.associated_applications.push(app.arn.clone());
        }
        arns.push(app.arn.clone());
    }
    Reply::json(
        StatusCode::OK,
        &serde_json::json!({ "Arn": group.arn, "ApplicationArns": arns }),
    )
}
