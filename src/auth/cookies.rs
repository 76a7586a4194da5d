//! Encrypted, signed cookies (the cookie crate's private jar, keyed by the secret key).

use actix_web::cookie::{time::Duration, Cookie, CookieJar, Key, SameSite};
use actix_web::HttpRequest;

pub const SESSION_COOKIE: &str = "kpi_session";
pub const CSRF_COOKIE: &str = "kpi_csrf";
pub const FLASH_COOKIE: &str = "kpi_flash";
/// The single sign-on flow in progress (state, nonce, PKCE verifier).
pub const SSO_COOKIE: &str = "kpi_sso";

/// The name a cookie really has: on an https site, `__Host-` first, which browsers only
/// accept from a secure origin, for the whole site and no other domain (so a sibling
/// subdomain cannot plant or overwrite our session or CSRF cookie).
pub fn named(name: &'static str, secure: bool) -> &'static str {
    match (name, secure) {
        (SESSION_COOKIE, true) => "__Host-kpi_session",
        (CSRF_COOKIE, true) => "__Host-kpi_csrf",
        (FLASH_COOKIE, true) => "__Host-kpi_flash",
        (SSO_COOKIE, true) => "__Host-kpi_sso",
        (name, _) => name,
    }
}

/// The decrypted value of cookie `name`, or `None` if absent or tampered with.
pub fn read(req: &HttpRequest, key: &Key, name: &'static str, secure: bool) -> Option<String> {
    let name = named(name, secure);
    let cookie = req.cookie(name)?;
    let mut jar = CookieJar::new();
    jar.add_original(cookie);
    jar.private(key).get(name).map(|c| c.value().to_string())
}

/// An encrypted cookie: HttpOnly, SameSite=Lax, Secure when the site is served over https.
pub fn build(
    key: &Key,
    name: &'static str,
    value: String,
    secure: bool,
    max_age: Option<Duration>,
) -> Cookie<'static> {
    let name = named(name, secure);
    let mut builder = Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure);
    if let Some(age) = max_age {
        builder = builder.max_age(age);
    }
    let mut jar = CookieJar::new();
    jar.private_mut(key).add(builder.finish());
    jar.get(name)
        .cloned()
        .unwrap_or_else(|| Cookie::new(name, ""))
}

/// A cookie that tells the browser to forget `name`.
pub fn removal(name: &'static str, secure: bool) -> Cookie<'static> {
    let name = named(name, secure);
    let mut cookie = Cookie::build(name, "")
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish();
    cookie.make_removal();
    cookie
}
