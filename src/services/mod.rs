//! Use cases shared by the web pages and the JSON API: each takes a connection and the
//! acting member, applies the rules, and writes in one transaction. No HTTP here.

pub mod accounts;
pub mod agenda;
pub mod analysis;
pub mod cards;
pub mod dashboard;
pub mod draws;
pub mod history;
pub mod meeting;
pub mod members;
pub mod metrics;
pub mod notices;
pub mod outbox;
pub mod plan;
pub mod presentations;
pub mod reminders;
pub mod review_context;
pub mod review_health;
pub mod review_pages;
pub mod reviews;
pub mod settings;
pub mod sso;
pub mod templates;
pub mod values;

use chrono::NaiveDateTime;

/// A one-time secret handed to a person, with when it stops working.
#[derive(Clone, Debug)]
pub struct IssuedSecret {
    pub secret: String,
    pub expires_at: NaiveDateTime,
}
