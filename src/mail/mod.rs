//! Email: messages are rendered from `templates/emails/<name>/` into the durable outbox in
//! the same transaction as the action that causes them; the sender delivers them.

pub mod ics;
pub mod sender;
pub mod transport;

use serde::Serialize;
use tera::{Context, Tera};

use crate::error::AppError;
use crate::models::{NewOutboxMessage, OutboxMessage};

/// What services need to queue mail: the templates and the public URL for links.
pub struct Postbox<'a> {
    pub tera: &'a Tera,
    pub base_url: &'a str,
    /// Signs the links that open a presentation without a password.
    pub links: &'a crate::secrets::links::LinkKey,
    /// Whether people sign in with a password; `false` when only single sign-on works,
    /// and invitations say so instead of sending a password link.
    pub password_login: bool,
    /// The installation's language: mail to someone who chose none is written in it.
    pub language: crate::i18n::Lang,
}

/// One message to queue.
pub struct Email<'a, C: Serialize> {
    /// The message's kind (`invitation`, `assignment`, …) and its templates' folder.
    pub kind: &'a str,
    /// Unique per logical message: queuing the same key twice queues it once.
    pub key: String,
    pub to_email: &'a str,
    pub to_name: &'a str,
    pub context: &'a C,
    pub ics: Option<String>,
    /// The recipient's language (see [`Postbox::language_for`]).
    pub lang: crate::i18n::Lang,
}

impl Postbox<'_> {
    /// The language mail to `member` is written in: theirs, else the installation's.
    pub fn language_for(&self, member: &crate::models::Member) -> crate::i18n::Lang {
        member.language().unwrap_or(self.language)
    }

    /// Render and queue `email`. Returns whether it was new.
    pub fn queue<C: Serialize>(
        &self,
        conn: &mut diesel::SqliteConnection,
        email: Email<C>,
        now: chrono::NaiveDateTime,
    ) -> Result<bool, AppError> {
        let _speaking = crate::i18n::speaking(email.lang);
        let mut ctx = Context::from_serialize(email.context)?;
        ctx.insert("lang", email.lang.as_str());
        ctx.insert("base_url", self.base_url);
        ctx.insert("recipient_name", email.to_name);
        ctx.insert("password_login", &self.password_login);
        let render = |part: &str| {
            self.tera
                .render(&format!("emails/{}/{part}", email.kind), &ctx)
        };
        let subject = render("subject.txt")?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let body_text = render("body.txt")?;
        let body_html = render("body.html")?;
        Ok(OutboxMessage::enqueue(
            conn,
            &NewOutboxMessage {
                idempotency_key: &email.key,
                kind: email.kind,
                recipient: email.to_email,
                recipient_name: email.to_name,
                subject: &subject,
                body_text: &body_text,
                body_html: &body_html,
                ics: email.ics.as_deref(),
                next_attempt_at: now,
                created_at: now,
                updated_at: now,
            },
        )?)
    }
}

/// The host of the base URL, for Message-IDs and calendar UIDs.
pub fn host_of(base_url: &str) -> String {
    base_url
        .split("://")
        .nth(1)
        .unwrap_or(base_url)
        .split(['/', ':'])
        .next()
        .filter(|h| !h.is_empty())
        .unwrap_or("localhost")
        .to_string()
}
