//! Fault injection: per operation, an error, added latency, or "apply the change, then drop the
//! connection without answering"; each by count, by probability, or both.
//!
//! Rules are checked in the order they were added. Latency adds up; the first rule that fires an
//! error or a drop decides the outcome. With no rules, a request pays one atomic load.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorKind};
use crate::model::store::lock;
use crate::operation::Operation;

/// A fault to inject, as posted to `/_emulator/faults`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FaultSpec {
    /// Operation name (e.g. `CreateStreamSessionConnection`); absent or `*` means every one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// Error to answer instead of running the operation, by name (`ThrottlingException`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Message of that error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Latency added before answering, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    /// Run the operation, then close the connection without an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop_response: Option<bool>,
    /// Fire this many times, then retire (absent: until cleared).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Chance of firing on each matching request, 0..=1 (absent: 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
}

/// An active fault rule.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Fault {
    /// Its ID.
    pub fault_id: String,
    /// The rule as given.
    #[serde(flatten)]
    pub spec: FaultSpec,
    #[serde(skip)]
    operation: Option<Operation>,
    #[serde(skip)]
    error: Option<ErrorKind>,
}

/// What the faults decided for one request.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FaultPlan {
    /// Wait this long before answering.
    pub latency: Duration,
    /// Answer this error instead of running the operation.
    pub error: Option<ApiError>,
    /// Run the operation, then drop the connection.
    pub drop_response: bool,
}

/// The active fault rules.
#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<Vec<Fault>>,
    active: AtomicUsize,
}

impl Faults {
    /// Adds a rule; refuses a rule that could never fire or names unknown things.
    pub fn add(&self, spec: FaultSpec) -> Result<Fault, ApiError> {
        let operation = match spec.operation.as_deref() {
            None | Some("*") => None,
            Some(name) => Some(Operation::from_name(name).ok_or_else(|| {
                ApiError::validation(format!(
                    "Operation `{name}` is not an operation of Amazon GameLift Streams"
                ))
            })?),
        };
        let error = match spec.error.as_deref() {
            None => None,
            Some(name) => Some(ErrorKind::from_name(name).ok_or_else(|| {
                ApiError::validation(format!(
                    "Error `{name}` is not an error name the service uses"
                ))
            })?),
        };
        let drop_response = spec.drop_response.unwrap_or(false);
        if error.is_some() && drop_response {
            return Err(ApiError::validation(
                "a fault either answers an Error or drops the response, not both",
            ));
        }
        if error.is_none() && !drop_response && spec.latency_ms.unwrap_or(0) == 0 {
            return Err(ApiError::validation(
                "a fault needs an Error, DropResponse: true, or LatencyMs > 0",
            ));
        }
        if let Some(p) = spec.probability
            && !(0.0..=1.0).contains(&p)
        {
            return Err(ApiError::validation(format!(
                "Probability must be between 0 and 1, got {p}"
            )));
        }
        if spec.count == Some(0) {
            return Err(ApiError::validation("Count must be at least 1"));
        }
        let fault = Fault {
            fault_id: uuid::Uuid::new_v4().to_string(),
            spec,
            operation,
            error,
        };
        let mut rules = lock(&self.rules);
        rules.push(fault.clone());
        self.active.store(rules.len(), Ordering::Release);
        Ok(fault)
    }

    /// Every active rule.
    pub fn list(&self) -> Vec<Fault> {
        lock(&self.rules).clone()
    }

    /// Removes every rule.
    pub fn clear(&self) {
        let mut rules = lock(&self.rules);
        rules.clear();
        self.active.store(0, Ordering::Release);
    }

    /// Decides what happens to one request of `operation`, spending counts of rules that fire.
    pub fn plan(&self, operation: Operation) -> FaultPlan {
        let mut plan = FaultPlan::default();
        if self.active.load(Ordering::Acquire) == 0 {
            return plan;
        }
        let mut rules = lock(&self.rules);
        let mut rng = rand::rng();
        for rule in rules.iter_mut() {
            if rule.operation.is_some_and(|op| op != operation) {
                continue;
            }
            if plan.error.is_some() || plan.drop_response {
                break;
            }
            if !rng.random_bool(rule.spec.probability.unwrap_or(1.0)) {
                continue;
            }
            if let Some(count) = rule.spec.count.as_mut() {
                *count -= 1;
            }
            plan.latency += Duration::from_millis(rule.spec.latency_ms.unwrap_or(0));
            if let Some(kind) = rule.error {
                let message = rule.spec.message.clone().unwrap_or_else(|| {
                    format!("injected {} for {}", kind.name(), operation.name())
                });
                plan.error = Some(ApiError::new(kind, message));
            }
            plan.drop_response |= rule.spec.drop_response.unwrap_or(false);
        }
        rules.retain(|rule| rule.spec.count != Some(0));
        self.active.store(rules.len(), Ordering::Release);
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle(count: u32) -> FaultSpec {
        FaultSpec {
            operation: Some("CreateStreamSessionConnection".into()),
            error: Some("ThrottlingException".into()),
            count: Some(count),
            ..FaultSpec::default()
        }
    }

    #[test]
    fn counted_faults_fire_that_many_times_on_their_operation_only() {
        let faults = Faults::default();
        faults.add(throttle(2)).unwrap();
        assert_eq!(
            faults.plan(Operation::GetStreamSession),
            FaultPlan::default()
        );
        for _ in 0..2 {
            let plan = faults.plan(Operation::CreateStreamSessionConnection);
            assert_eq!(plan.error.map(|e| e.kind), Some(ErrorKind::Throttling));
        }
        assert_eq!(
            faults.plan(Operation::CreateStreamSessionConnection),
            FaultPlan::default(),
            "a fault fired past its count"
        );
        assert!(faults.list().is_empty());
    }

    #[test]
    fn probability_zero_never_fires() {
        let faults = Faults::default();
        faults
            .add(FaultSpec {
                probability: Some(0.0),
                ..throttle(1)
            })
            .unwrap();
        for _ in 0..100 {
            assert!(
                faults
                    .plan(Operation::CreateStreamSessionConnection)
                    .error
                    .is_none()
            );
        }
    }

    #[test]
    fn latency_adds_up_across_rules() {
        let faults = Faults::default();
        for _ in 0..2 {
            faults
                .add(FaultSpec {
                    latency_ms: Some(30),
                    ..FaultSpec::default()
                })
                .unwrap();
        }
        assert_eq!(
            faults.plan(Operation::GetStreamSession).latency,
            Duration::from_millis(60)
        );
    }

    #[test]
    fn meaningless_rules_are_refused() {
        let faults = Faults::default();
        assert!(faults.add(FaultSpec::default()).is_err());
        assert!(
            faults
                .add(FaultSpec {
                    error: Some("NoSuchError".into()),
                    ..FaultSpec::default()
                })
                .is_err()
        );
        assert!(
            faults
                .add(FaultSpec {
                    operation: Some("DoThings".into()),
                    drop_response: Some(true),
                    ..FaultSpec::default()
                })
                .is_err()
        );
    }
}
