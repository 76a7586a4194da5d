//! Building the application: one function used by the binary, the tests and the
//! benchmarks alike.

use std::net::TcpListener;

use actix_web::cookie::Key;
use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress, DefaultHeaders};
use actix_web::{web, App, HttpServer};
use anyhow::Context;

use std::sync::Arc;

use lettre::message::Mailbox;

use crate::assets::Assets;
use crate::config::{effective_base_url, Settings};
use crate::db::{self, DbPool};
use crate::mail::sender::Sender;
use crate::mail::transport::Transport;
use crate::state::AppState;
use crate::{auth, error_pages, routes, views};

/// Each request's log span: its method, path (never the query, which may hold a feed's
/// token) and outcome. The default span also reads the user agent, the client address and
/// OpenTelemetry fields for every request, whether or not anything is logged: a fifth
/// of a small page's CPU.
struct RequestSpan;

impl tracing_actix_web::RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &actix_web::dev::ServiceRequest) -> tracing::Span {
        tracing::info_span!(
            "request",
            method = %request.method(),
            path = %request.path(),
            "http.status_code" = tracing::field::Empty,
            "otel.status_code" = tracing::field::Empty,
            "exception.message" = tracing::field::Empty,
            "exception.details" = tracing::field::Empty,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: tracing::Span,
        outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
        tracing_actix_web::DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

/// Pages and API answers may show private data (new API tokens on `/account`, drafts,
/// feedback): no browser or proxy keeps a copy. Static assets set their own caching.
async fn not_stored(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    if !headers.contains_key(actix_web::http::header::CACHE_CONTROL) {
        headers.insert(
            actix_web::http::header::CACHE_CONTROL,
            actix_web::http::header::HeaderValue::from_static("no-store"),
        );
    }
    Ok(res)
}

/// A built, bound, not yet running server.
pub struct Application {
    port: u16,
    base_url: String,
    pool: DbPool,
    server: Server,
    /// The mail sender and the reminder scheduler, when running.
    background: Vec<tokio::task::JoinHandle<()>>,
}

/// The security headers sent with every response; HSTS when the site is served over
/// https (a browser that saw it never tries plain http again for a year).
/// `form-action` also allows `sso_origin`, where signing out sends the browser on to.
fn security_headers(https: bool, sso_origin: Option<&str>) -> DefaultHeaders {
    let headers = if https {
        DefaultHeaders::new().add(("Strict-Transport-Security", "max-age=31536000"))
    } else {
        DefaultHeaders::new()
    };
    let form_action = match sso_origin {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_string(),
    };
    headers
        .add((
            "Content-Security-Policy",
            format!(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                 object-src 'none'; base-uri 'none'; form-action {form_action}; frame-ancestors 'none'"
            ),
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
        let transport = Arc::new(Transport::from_settings(
            settings.smtp_url.as_deref(),
            settings.data_dir.join("mail"),
        )?);
        let from: Mailbox = settings.mail_from.parse().with_context(|| {
            format!(
                "KPI_MAIL_FROM={:?} is not an address like \"kpi-rotation <noreply@example.com>\"",
                settings.mail_from
            )
        })?;
        let listener = TcpListener::bind(settings.bind)
            .with_context(|| format!("binding {}", settings.bind))?;
        let address = listener.local_addr()?;
        let base_url = effective_base_url(settings.base_url.as_deref(), address);
        let sso = match settings.oidc.clone() {
            Some(oidc) => Some(Arc::new(crate::oidc::Sso::start(oidc, &base_url).await?)),
            None => None,
        };
        let mut background: Vec<tokio::task::JoinHandle<()>> = Vec::new();
        let mut mail_health = None;
        if settings.run_mail_sender {
            let sender = Sender::new(
                pool.clone(),
                transport.clone(),
                from.clone(),
                crate::mail::host_of(&base_url),
                settings.mail_retry_base,
                settings.clock.clone(),
            );
            mail_health = Some(sender.health());
            background.push(tokio::spawn(sender.supervise(settings.mail_poll)));
        }
        let state = web::Data::new(AppState {
            pool: pool.clone(),
            tera,
            assets: Assets::load(),
            key,
            secure_cookies: base_url.starts_with("https://"),
            smtp_configured: settings.smtp_url.is_some(),
            links: crate::secrets::links::LinkKey::derive(&key_bytes),
            base_url: base_url.clone(),
            clock: settings.clock.clone(),
            mail_health,
            sessions: Default::default(),
            sso,
            password_login: settings.password_login,
            language: settings.language,
        });

        if settings.run_mail_sender {
            background.push(tokio::spawn(remind_forever(state.clone())));
        }
        let https = base_url.starts_with("https://");
        let sso_origin = state.sso.as_ref().and_then(|sso| sso.origin());
        let server = HttpServer::new(move || {
            App::new()
                .wrap(from_fn(auth::csrf::browser_state))
                .wrap(from_fn(error_pages::render_errors))
                .wrap(Compress::default())
                .wrap(security_headers(https, sso_origin.as_deref()))
                .wrap(from_fn(not_stored))
                .wrap(tracing_actix_web::TracingLogger::<RequestSpan>::new())
                .app_data(state.clone())
                .app_data(routes::extractor_config::form())
                .app_data(routes::extractor_config::json())
                .app_data(routes::extractor_config::path())
                .app_data(routes::extractor_config::query())
                .configure(routes::configure)
                .default_service(web::to(routes::plumbing::not_found))
        })
        .listen(listener)?
        .run();
        Ok(Self {
            port: address.port(),
            base_url,
            pool,
            server,
            background,
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

    /// A handle that stops the server (and with it the mail sender).
    pub fn stopper(&self) -> Stopper {
        Stopper {
            server: self.server.handle(),
            background: self
                .background
                .iter()
                .map(tokio::task::JoinHandle::abort_handle)
                .collect(),
        }
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.await;
        for task in self.background {
            task.abort();
        }
        result
    }
}

/// Stops a running application: the sender at once, the server gracefully.
pub struct Stopper {
    server: actix_web::dev::ServerHandle,
    background: Vec<tokio::task::AbortHandle>,
}

impl Stopper {
    pub async fn stop(&self) {
        for task in &self.background {
            task.abort();
        }
        self.server.stop(true).await;
    }
}

/// Every five minutes, queue the presentation reminders that have come due.
async fn remind_forever(state: web::Data<AppState>) {
    loop {
        let st = state.clone();
        let result = tokio::task::spawn_blocking(move || {
            let mut conn = st
                .pool
                .get()
                .map_err(|e| crate::error::AppError::internal(e.to_string()))?;
            crate::services::reminders::queue_due_reminders(&mut conn, &st.postbox(), st.now())
        })
        .await;
        match result {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => tracing::info!(reminders = n, "queued presentation reminders"),
            Ok(Err(e)) => tracing::error!(error = %e, "queuing reminders failed"),
            Err(e) => tracing::error!(error = %e, "the reminder task failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(300)).await;
    }
}
