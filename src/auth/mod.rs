//! Authentication: passwords, sessions, API tokens, CSRF, and the request extractors
//! that say who is asking.

pub mod cookies;
pub mod csrf;
pub mod identity;
pub mod links;
pub mod password;
pub mod tokens;

pub use csrf::{CsrfForm, CsrfOnly, CsrfToken, Flash};
pub use identity::{AuthMethod, CurrentUser, Manager, MaybeUser};
