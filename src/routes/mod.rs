//! The one route table: every URL of the app, pages and the JSON API, each pointing at
//! its handler, in `configure` below. Each area is a scope (`/metrics`, then `/{id}`
//! inside it for one metric's pages), so that a request is matched against its area's
//! patterns only, and a path's parameter once. Order matters where two patterns
//! overlap: a fixed path such as `/reviews/history` comes before `/reviews/{month}`. Handlers are thin:
//! extract, call a service inside `db::read` (reads) or `db::run` (writes), render or
//! redirect; the JSON API's handlers live under `api/`.

pub mod account;
pub mod api;
pub mod assignments;
pub mod auth;
pub mod boards;
pub mod dashboard;
pub mod extractor_config;
pub mod forms;
pub mod import;
pub mod mail;
pub mod meeting;
pub mod members;
pub mod memo;
pub mod metrics;
pub mod plumbing;
pub mod presentations;
pub mod reassign;
pub mod reviews;
pub mod rotation;
pub mod settings;
pub mod sso;
pub mod starter;
pub mod templates;
pub mod values;

use actix_web::web;

use plumbing::{favicon, healthz, static_file};

pub fn configure(cfg: &mut web::ServiceConfig) {
    // The JSON API first: its fixed prefix is one comparison, so that an API call does
    // not try every page's pattern before its own.
    cfg.service(web::scope("/api/v1").configure(api_routes));
    pages(cfg);
}

/// The pages, for a browser.
fn pages(cfg: &mut web::ServiceConfig) {
    cfg
        // Plumbing and the dashboard.
        .route("/healthz", web::get().to(healthz))
        .route("/static/{file}", web::get().to(static_file))
        .route("/favicon.ico", web::get().to(favicon))
        .route("/", web::get().to(dashboard::show_dashboard))
        // Signing in and out.
        .service(
            web::resource("/setup")
                .route(web::get().to(auth::setup_form))
                .route(web::post().to(auth::set_up)),
        )
        .service(
            web::resource("/login")
                .route(web::get().to(auth::login_form))
                .route(web::post().to(auth::log_in)),
        )
        .service(
            web::resource("/logout")
                .route(web::get().to(auth::logout_form))
                .route(web::post().to(auth::log_out)),
        )
        .route("/auth/oidc/login", web::get().to(sso::begin))
        .route("/auth/oidc/callback", web::get().to(sso::callback))
        .service(
            web::resource("/password/{token}")
                .route(web::get().to(auth::set_password_form))
                .route(web::post().to(auth::set_password)),
        )
        // Your account.
        .service(
            web::scope("/account")
                .route("", web::get().to(account::show_account))
                .route("/password", web::post().to(account::change_password))
                .route("/language", web::post().to(account::set_language))
                .route("/tokens", web::post().to(account::create_token))
                .route("/tokens/{id}/revoke", web::post().to(account::revoke_token))
                .route("/feeds/reset", web::post().to(account::reset_feeds)),
        )
        // The team.
        .service(
            web::scope("/members")
                .service(
                    web::resource("")
                        .route(web::get().to(members::list_members))
                        .route(web::post().to(members::create_member)),
                )
                .route("/new", web::get().to(members::new_member_form))
                .service(
                    web::scope("/{id}")
                        .service(
                            web::resource("")
                                .route(web::get().to(members::show_member))
                                .route(web::post().to(members::update_member)),
                        )
                        .route("/edit", web::get().to(members::edit_member_form))
                        .route("/deactivate", web::post().to(members::deactivate_member))
                        .route("/activate", web::post().to(members::activate_member))
                        .route("/password-link", web::post().to(members::new_password_link))
                        .service(
                            web::resource("/sso/unlink")
                                .route(web::get().to(sso::unlink_form))
                                .route(web::post().to(sso::unlink)),
                        )
                        .service(
                            web::resource("/delete")
                                .route(web::get().to(members::delete_member_form))
                                .route(web::post().to(members::delete_member)),
                        ),
                ),
        )
        // Metrics and their values.
        .service(
            web::scope("/metrics")
                .service(
                    web::resource("")
                        .route(web::get().to(metrics::list_metrics))
                        .route(web::post().to(metrics::create_metric)),
                )
                .route("/new", web::get().to(metrics::new_metric_form))
                .service(
                    web::resource("/starter")
                        .route(web::get().to(starter::starter_form))
                        .route(web::post().to(starter::add_starter)),
                )
                .service(
                    web::resource("/import")
                        .route(web::get().to(import::import_form))
                        .route(web::post().to(import::import_values)),
                )
                .route("/export.csv", web::get().to(import::export_values))
                .service(
                    web::scope("/{id}")
                        .service(
                            web::resource("")
                                .route(web::get().to(metrics::show_metric))
                                .route(web::post().to(metrics::update_metric)),
                        )
                        .route("/edit", web::get().to(metrics::edit_metric_form))
                        .route("/values", web::post().to(metrics::save_value))
                        .route("/events", web::post().to(metrics::add_event))
                        .service(
                            web::resource("/events/{event_id}/delete")
                                .route(web::get().to(metrics::delete_event_form))
                                .route(web::post().to(metrics::delete_event)),
                        )
                        .service(
                            web::resource("/delete")
                                .route(web::get().to(metrics::delete_metric_form))
                                .route(web::post().to(metrics::delete_metric)),
                        ),
                ),
        )
        // The values grid.
        .service(
            web::resource("/values")
                .route(web::get().to(values::show_grid))
                .route(web::post().to(values::save_grid)),
        )
        // Reviews: scheduling, the rotation, "My assignments" and the history.
        .service(
            web::scope("/reviews")
                .service(
                    web::resource("")
                        .route(web::get().to(reviews::list_reviews))
                        .route(web::post().to(reviews::create_review)),
                )
                // Fixed paths before /{month}, which would otherwise take "history"; then
                // everything of one review, whose path is matched once.
                .route("/history", web::get().to(assignments::show_history))
                .route("/health", web::get().to(reviews::show_health))
                .route("/plan", web::get().to(reviews::show_plan))
                .service(
                    web::scope("/{month}")
                        .service(
                            web::resource("")
                                .route(web::get().to(reviews::show_review))
                                .route(web::post().to(reviews::reschedule_review)),
                        )
                        .route("/cancel", web::post().to(reviews::cancel_review))
                        .route(
                            "/assignments/{metric_id}/remind",
                            web::post().to(rotation::remind_presenter),
                        )
                        .route("/reopen", web::post().to(reviews::reopen_review))
                        .route("/away", web::post().to(reviews::set_away))
                        .route("/agenda", web::post().to(reviews::set_agenda))
                        .route("/draw", web::post().to(rotation::draw_rotation))
                        .route("/swap", web::post().to(rotation::swap_presenters))
                        .route("/publish", web::post().to(rotation::publish_rotation))
                        .route(
                            "/assignments/{metric_id}",
                            web::post().to(rotation::reassign_metric),
                        )
                        .route(
                            "/assignments/{metric_id}/replace",
                            web::post().to(rotation::replace_presenter),
                        )
                        // Changing one presenter (the page for large teams).
                        .route(
                            "/assignments/{metric_id}",
                            web::get().to(reassign::reassign_form),
                        )
                        // The meeting: running it, following it, its values and archive.
                        .route("/run", web::get().to(meeting::run_meeting))
                        .route("/run/start", web::post().to(meeting::start_meeting))
                        .route("/run/slot", web::post().to(meeting::go_to_slot))
                        .route("/run/notes", web::post().to(meeting::save_notes))
                        .route("/run/actions", web::post().to(meeting::add_action))
                        .route("/run/end", web::post().to(meeting::end_meeting))
                        .route("/follow", web::get().to(meeting::attendees::follow_meeting))
                        .service(
                            web::resource("/values")
                                .route(web::get().to(meeting::afterwards::values_form))
                                .route(web::post().to(meeting::afterwards::write_values)),
                        )
                        .route("/run/reopen", web::post().to(meeting::reopen_meeting))
                        .route("/archive", web::get().to(meeting::afterwards::show_archive))
                        .route(
                            "/summary",
                            web::post().to(meeting::afterwards::send_summary),
                        ),
                ),
        )
        .route(
            "/my/assignments",
            web::get().to(assignments::my_assignments),
        )
        // Team settings.
        .service(
            web::resource("/settings")
                .route(web::get().to(settings::settings_form))
                .route(web::post().to(settings::save_settings)),
        )
        // The outbox.
        .route("/admin/mail", web::get().to(mail::show_outbox))
        .route("/admin/mail/test", web::post().to(mail::send_test_email))
        .route(
            "/admin/mail/{id}/retry",
            web::post().to(mail::retry_message),
        )
        // Presentations, briefs and fact-checks.
        .service(
            web::scope("/assignments").service(
                web::scope("/{id}")
                    .service(
                        web::resource("/presentation")
                            .route(web::get().to(presentations::show_presentation))
                            .route(web::post().to(presentations::save_presentation)),
                    )
                    .route("/brief", web::post().to(presentations::save_brief))
                    .route(
                        "/fact-check",
                        web::post().to(presentations::save_fact_check),
                    )
                    .route(
                        "/feedback",
                        web::post().to(meeting::attendees::post_feedback),
                    )
                    .route("/rating", web::post().to(meeting::attendees::rate_clarity)),
            ),
        )
        // The presentation template.
        .service(
            web::resource("/settings/template")
                .route(web::get().to(templates::template_form))
                .route(web::post().to(templates::save_template)),
        )
        // The meeting's action items.
        .route(
            "/actions/{id}/done",
            web::post().to(meeting::afterwards::set_action_done),
        )
        // The success and fail boards, their cards and feeds.
        .route("/boards", web::get().to(boards::show_wall))
        .route(
            "/boards/success.atom",
            web::get().to(boards::feed::success_feed),
        )
        .route("/boards/fail.atom", web::get().to(boards::feed::fail_feed))
        .route("/boards/{kind}", web::get().to(boards::show_board))
        .service(
            web::scope("/cards")
                .route("/new", web::get().to(boards::card::new_card_form))
                .route("", web::post().to(boards::card::create_card))
                .service(
                    web::scope("/{id}")
                        .service(
                            web::resource("")
                                .route(web::get().to(boards::card::show_card))
                                .route(web::post().to(boards::card::update_card)),
                        )
                        .route("/edit", web::get().to(boards::card::edit_card_form))
                        .service(
                            web::resource("/delete")
                                .route(web::get().to(boards::card::delete_card_form))
                                .route(web::post().to(boards::card::delete_card)),
                        )
                        .route("/kudos", web::post().to(boards::card::toggle_kudos)),
                ),
        );
}

/// The JSON API under `/api/v1` (API.md): the same services and rules as the pages.
fn api_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/openapi.json", web::get().to(api::openapi))
        .route("/me", web::get().to(api::me))
        // Members.
        .service(
            web::resource("/members")
                .route(web::get().to(api::members::list_members))
                .route(web::post().to(api::members::create_member)),
        )
        .service(
            web::resource("/members/{id}")
                .route(web::get().to(api::members::get_member))
                .route(web::patch().to(api::members::update_member))
                .route(web::delete().to(api::members::delete_member)),
        )
        // Metrics, values, the starter library, CSV.
        .service(
            web::resource("/metrics")
                .route(web::get().to(api::metrics::list_metrics))
                .route(web::post().to(api::metrics::create_metric)),
        )
        .service(
            web::resource("/metrics/starter")
                .route(web::get().to(api::metrics::list_starter))
                .route(web::post().to(api::metrics::add_starter)),
        )
        .service(
            web::resource("/metrics/{id}")
                .route(web::get().to(api::metrics::get_metric))
                .route(web::patch().to(api::metrics::update_metric))
                .route(web::delete().to(api::metrics::delete_metric)),
        )
        .route(
            "/metrics/{id}/analysis",
            web::get().to(api::analysis::metric_analysis),
        )
        .service(
            web::resource("/metrics/{id}/events")
                .route(web::get().to(api::analysis::list_events))
                .route(web::post().to(api::analysis::create_event)),
        )
        .route(
            "/metrics/{id}/events/{event_id}",
            web::delete().to(api::analysis::delete_event),
        )
        .route(
            "/metrics/{id}/values",
            web::get().to(api::metrics::list_values),
        )
        .route(
            "/metrics/{id}/values/{month}",
            web::put().to(api::metrics::put_value),
        )
        .route("/values.csv", web::get().to(api::metrics::export_values))
        .route(
            "/values/import",
            web::post().to(api::metrics::import_values),
        )
        // Reviews, rotations, assignments.
        .service(
            web::resource("/reviews")
                .route(web::get().to(api::reviews::list_reviews))
                .route(web::post().to(api::reviews::create_review)),
        )
        // Before /reviews/{month}.
        .route(
            "/reviews/health",
            web::get().to(api::analysis::reviews_health),
        )
        .route("/reviews/plan", web::get().to(api::reviews::plan_json))
        .service(
            web::resource("/reviews/{month}")
                .route(web::get().to(api::reviews::get_review))
                .route(web::patch().to(api::reviews::update_review)),
        )
        .route(
            "/reviews/{month}/draw",
            web::post().to(api::reviews::rotation::draw_rotation),
        )
        .route(
            "/reviews/{month}/publish",
            web::post().to(api::reviews::rotation::publish_rotation),
        )
        .route(
            "/reviews/{month}/swap",
            web::post().to(api::reviews::rotation::swap_presenters),
        )
        .route(
            "/reviews/{month}/assignments",
            web::get().to(api::reviews::rotation::list_assignments),
        )
        .route(
            "/reviews/{month}/assignments/{metric_id}",
            web::put().to(api::reviews::rotation::reassign_metric),
        )
        .route(
            "/me/assignments",
            web::get().to(api::reviews::rotation::my_assignments),
        )
        // Team settings.
        .service(
            web::resource("/settings")
                .route(web::get().to(api::settings::get_settings))
                .route(web::patch().to(api::settings::update_settings)),
        )
        // Presentations.
        .service(
            web::resource("/assignments/{id}/presentation")
                .route(web::get().to(api::presentations::get_presentation_json))
                .route(web::put().to(api::presentations::put_presentation_json)),
        )
        .route(
            "/assignments/{id}/presentation/submit",
            web::post().to(api::presentations::submit_presentation_json),
        )
        // The presentation template.
        .service(
            web::resource("/template")
                .route(web::get().to(api::templates::get_template))
                .route(web::put().to(api::templates::put_template)),
        )
        // The meeting.
        .route(
            "/reviews/{month}/meeting",
            web::get().to(api::meeting::meeting_json),
        )
        .route(
            "/assignments/{id}/feedback",
            web::post().to(api::meeting::feedback_json),
        )
        // Cards and kudos.
        .service(
            web::resource("/cards")
                .route(web::get().to(api::cards::list_cards_json))
                .route(web::post().to(api::cards::create_card_json)),
        )
        .service(
            web::resource("/cards/{id}")
                .route(web::get().to(api::cards::get_card_json))
                .route(web::patch().to(api::cards::update_card_json))
                .route(web::delete().to(api::cards::delete_card_json)),
        )
        .service(
            web::resource("/cards/{id}/kudos")
                .route(web::post().to(api::cards::give_kudos_json))
                .route(web::delete().to(api::cards::take_back_kudos_json)),
        );
}
