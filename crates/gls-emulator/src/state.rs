//! What one running emulator shares between its connections.

use crate::faults::Faults;
use crate::service::Service;

/// The emulated service, its fault rules, and the URL it answers on.
#[derive(Debug)]
pub struct EmulatorState {
    /// The service and its resources.
    pub service: Service,
    /// Active fault rules.
    pub faults: Faults,
    /// The base URL clients use.
    pub endpoint: String,
}
