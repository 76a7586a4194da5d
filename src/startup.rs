//! Building the application: one function used by the binary, the tests and the
//! benchmarks alike.

use std::net::TcpListener;

use actix_web::cookie::Key;
use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress, DefaultHeaders};
use actix_web::{web, App, HttpServer};
use anyhow::Context;
use tera::Tera;

use crate::config::{effective_base_url, Settings};
use crate::db::{self, DbPool};
use crate::views::assets::Assets;
use crate::{auth, error_pages, routes, views};

/// What every handler can reach, built once and shared by all workers.
pub struct AppState {
    pub pool: DbPool,
    pub tera: Tera,
    pub assets: Assets,
    pub key: Key,
    /// Public URL used in links and emails, without a trailing slash.
    pub base_url: String,
    /// Mark cookies Secure (the site is served over https).
    pub secure_cookies: bool,
}

/// A built, bound, not yet running server.
pub struct Application {
    port: u16,
    base_url: String,
    pool: DbPool,
    server: Server,
}

/// The security headers sent with every response.
fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ))
        .add(("X-Frame-Options", "DENY"))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "same-origin"))
}

impl Application {
    /// Open the database (applying migrations), load templates and bind the listener.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let pool = db::connect(&settings.database_url)?;
        let key_bytes = settings.load_secret_key()?;
        let key =
            Key::try_from(key_bytes.as_slice()).map_err(|e| anyhow::anyhow!("secret key: {e}"))?;
        let tera = views::templates::load().context("loading templates")?;
        let listener = TcpListener::bind(settings.bind)
            .with_context(|| format!("binding {}", settings.bind))?;
        let address = listener.local_addr()?;
        let base_url = effective_base_url(settings.base_url.as_deref(), address);
        let state = web::Data::new(AppState {
            pool: pool.clone(),
            tera,
            assets: Assets::load(),
            key,
            secure_cookies: base_url.starts_with("https://"),
            base_url: base_url.clone(),
        });

        let server = HttpServer::new(move || {
            App::new()
                .wrap(from_fn(auth::csrf::browser_state))
                .wrap(from_fn(error_pages::render_errors))
                .wrap(Compress::default())
                .wrap(security_headers())
                .wrap(tracing_actix_web::TracingLogger::default())
                .app_data(state.clone())
                .app_data(routes::extractor_config::form())
                .app_data(routes::extractor_config::json())
                .app_data(routes::extractor_config::path())
                .app_data(routes::extractor_config::query())
                .configure(routes::configure)
                .default_service(web::to(routes::not_found))
        })
        .listen(listener)?
        .run();
        Ok(Self {
            port: address.port(),
            base_url,
            pool,
            server,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
