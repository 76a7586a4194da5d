//! The emails a presentation causes between its presenter and the metric's owner: the
//! owner's brief and correction to the presenter, the presenter's "submitted" to the
//! owner. The same text is mailed once.

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use super::{presentation_link, Loaded};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::mail::{Email, Postbox};
use crate::models::{Assignment, Member, Review};

/// What an owner's note, or a request to the owner, tells its reader.
#[derive(serde::Serialize)]
pub(super) struct OwnerNote {
    pub metric: String,
    /// Who wrote or did it.
    pub from: String,
    pub text: String,
    pub link: String,
    pub when: String,
}

/// The signed-in page of a presentation (for owners and managers).
pub(super) fn owner_link(postbox: &Postbox, a: &Assignment) -> String {
    format!("{}/assignments/{}/presentation", postbox.base_url, a.id)
}

/// When `review` starts, in its time zone, as `to` reads dates.
pub(super) fn local_start(postbox: &Postbox, review: &Review, to: &Member) -> String {
    crate::i18n::format::when(postbox.language_for(to), review.starts_at, &review.timezone)
}

/// Queue one note (`kind`) to `to`; `key` makes the same note queue once.
pub(super) fn notify(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    kind: &str,
    key: String,
    to: &Member,
    note: &OwnerNote,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    postbox.queue(
        conn,
        Email {
            kind,
            key,
            to_email: &to.email,
            to_name: &to.name,
            context: note,
            ics: None,
            lang: postbox.language_for(to),
        },
        now,
    )
}

/// A short fingerprint of a text, so that saving the same note twice mails it once.
pub(super) fn fingerprint(text: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// An owner's brief or correction (`kind`), emailed to the presenter; the same text is
/// mailed once.
pub(super) fn note_to_presenter(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    kind: &str,
    loaded: &Loaded,
    from: &CurrentUser,
    text: String,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    notify(
        conn,
        postbox,
        kind,
        format!("{kind}:{}:{}", loaded.assignment.id, fingerprint(&text)),
        &loaded.presenter,
        &OwnerNote {
            metric: loaded.metric.name.clone(),
            from: from.member.name.clone(),
            text,
            link: presentation_link(postbox, &loaded.assignment),
            when: local_start(postbox, &loaded.review, &loaded.presenter),
        },
        now,
    )
}
