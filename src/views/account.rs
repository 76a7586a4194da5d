//! The account page: who you are, your API tokens and your feed links. Pure.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::member::PASSWORD_MIN;
use crate::models::{ApiToken, Member};
use crate::views::datetime;

#[derive(Serialize)]
pub struct TokenView {
    id: i32,
    name: String,
    created: String,
    last_used: Option<String>,
}

#[derive(Serialize, Default)]
pub struct AccountView {
    name: String,
    email: String,
    role: String,
    department: String,
    tokens: Vec<TokenView>,
    pub new_token: Option<String>,
    pub errors: BTreeMap<String, String>,
    password_min: usize,
    success_feed: String,
    fail_feed: String,
    /// The identity linked at the single sign-on provider, if any.
    pub identity: Option<super::members::IdentityView>,
    /// The language they chose (`""`: the installation's), the installation's, and the
    /// choices as `(code, name in itself)`.
    language: &'static str,
    default_language: &'static str,
    languages: Vec<(&'static str, &'static str)>,
}

/// The page for `member`, with their `tokens` and the feed links `(success, fail)`.
pub fn account_view(
    member: &Member,
    tokens: Vec<ApiToken>,
    feeds: (String, String),
    default_language: crate::i18n::Lang,
) -> AccountView {
    AccountView {
        language: member.language().map_or("", crate::i18n::Lang::as_str),
        default_language: default_language.native_name(),
        languages: crate::i18n::Lang::ALL
            .iter()
            .map(|l| (l.as_str(), l.native_name()))
            .collect(),
        name: member.name.clone(),
        email: member.email.clone(),
        role: member.role.clone(),
        department: member.department.clone(),
        tokens: tokens
            .into_iter()
            .map(|t| TokenView {
                id: t.id,
                name: t.name,
                created: datetime(t.created_at),
                last_used: t.last_used_at.map(datetime),
            })
            .collect(),
        password_min: PASSWORD_MIN,
        success_feed: feeds.0,
        fail_feed: feeds.1,
        identity: None,
        ..Default::default()
    }
}
