//! Secrets and signatures, below everything that hands them out: random tokens and their
//! stored (hashed) form, constant-time comparison, and the HMAC-signed links (presentation
//! links, feed tokens, session-bound CSRF tokens).

pub mod links;
pub mod tokens;
