//! Authentication: passwords, sessions, API tokens, CSRF, and the request extractors
//! that say who is asking. The secrets themselves (random tokens, signed links) are
//! `crate::secrets`.

pub mod cookies;
pub mod csrf;
pub mod identity;
pub mod password;

pub use csrf::{CsrfForm, CsrfOnly, CsrfToken, Flash};
pub use identity::{AuthMethod, CurrentUser, Manager, MaybeUser};
