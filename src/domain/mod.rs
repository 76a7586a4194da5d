//! Pure types and rules: no HTTP, no SQL, no clock.

pub mod analysis;
pub mod card;
pub mod csv_import;
pub mod dashboard;
pub mod email;
pub mod event;
pub mod ids;
pub mod member;
pub mod metric;
pub mod min_cost_flow;
pub mod month;
pub mod number;
pub mod paging;
pub mod presentation;
pub mod review;
pub mod ritual;
pub mod rotation;
pub mod spc;
pub mod sso;
pub mod starter;
pub mod template;
pub mod throttle;
pub mod validation;
