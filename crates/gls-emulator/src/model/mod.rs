//! The service's resources and their rules: sessions, stream groups, applications, capacity,
//! and the store that holds them.

pub mod application;
pub mod capacity;
pub mod session;
pub mod status;
pub mod store;
pub mod stream_group;
