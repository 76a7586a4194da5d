//! Sign-in material: sessions, API tokens, one-time password links and failed logins.
//! Every secret is stored as its SHA-256 hash; the plain value exists only in the
//! cookie, the email or the response that hands it over.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;

use super::member::Member;
use crate::schema::{api_tokens, login_failures, members, password_tokens, sessions};

pub struct Session;

impl Session {
    pub fn insert(
        conn: &mut SqliteConnection,
        token_hash: &str,
        member_id: i32,
        now: NaiveDateTime,
        expires_at: NaiveDateTime,
        sso_id_token: Option<&str>,
    ) -> QueryResult<usize> {
        diesel::insert_into(sessions::table)
            .values((
                sessions::token_hash.eq(token_hash),
                sessions::member_id.eq(member_id),
                sessions::created_at.eq(now),
                sessions::expires_at.eq(expires_at),
                sessions::sso_id_token.eq(sso_id_token),
            ))
            .execute(conn)
    }

    /// The ID token a single sign-on session began with (`None` for a password session).
    pub fn sso_id_token(
        conn: &mut SqliteConnection,
        token_hash: &str,
    ) -> QueryResult<Option<String>> {
        Ok(sessions::table
            .filter(sessions::token_hash.eq(token_hash))
            .select(sessions::sso_id_token)
            .first::<Option<String>>(conn)
            .optional()?
            .flatten())
    }

    /// The active member behind an unexpired session, and when the session expires.
    pub fn find_member(
        conn: &mut SqliteConnection,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Option<(Member, NaiveDateTime)>> {
        sessions::table
            .inner_join(members::table)
            .filter(sessions::token_hash.eq(token_hash))
            .filter(sessions::expires_at.gt(now))
            .filter(members::active.eq(true))
            .select((Member::as_select(), sessions::expires_at))
            .first(conn)
            .optional()
    }

    pub fn delete(conn: &mut SqliteConnection, token_hash: &str) -> QueryResult<usize> {
        crate::db::sign_in_changed();
        diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash))).execute(conn)
    }

    /// End every session of a member except, optionally, one.
    pub fn delete_for_member(
        conn: &mut SqliteConnection,
        member_id: i32,
        except_hash: Option<&str>,
    ) -> QueryResult<usize> {
        crate::db::sign_in_changed();
        diesel::delete(
            sessions::table
                .filter(sessions::member_id.eq(member_id))
                .filter(sessions::token_hash.ne(except_hash.unwrap_or(""))),
        )
        .execute(conn)
    }

    pub fn delete_expired(conn: &mut SqliteConnection, now: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)
    }
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = api_tokens, check_for_backend(Sqlite))]
pub struct ApiToken {
    pub id: i32,
    pub member_id: i32,
    pub name: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
}

impl ApiToken {
    pub fn insert(
        conn: &mut SqliteConnection,
        member_id: i32,
        name: &str,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<ApiToken> {
        diesel::insert_into(api_tokens::table)
            .values((
                api_tokens::member_id.eq(member_id),
                api_tokens::name.eq(name),
                api_tokens::token_hash.eq(token_hash),
                api_tokens::created_at.eq(now),
            ))
            .returning(ApiToken::as_returning())
            .get_result(conn)
    }

    pub fn list_for_member(
        conn: &mut SqliteConnection,
        member_id: i32,
    ) -> QueryResult<Vec<ApiToken>> {
        api_tokens::table
            .filter(api_tokens::member_id.eq(member_id))
            .order(api_tokens::created_at.desc())
            .select(ApiToken::as_select())
            .load(conn)
    }

    /// Revoke every token of a member.
    pub fn delete_for_member(conn: &mut SqliteConnection, member_id: i32) -> QueryResult<usize> {
        crate::db::sign_in_changed();
        diesel::delete(api_tokens::table.filter(api_tokens::member_id.eq(member_id))).execute(conn)
    }

    pub fn delete(conn: &mut SqliteConnection, id: i32, member_id: i32) -> QueryResult<usize> {
        crate::db::sign_in_changed();
        diesel::delete(
            api_tokens::table
                .filter(api_tokens::id.eq(id))
                .filter(api_tokens::member_id.eq(member_id)),
        )
        .execute(conn)
    }

    /// The active member a token belongs to; records when it was last used.
    pub fn find_member(
        conn: &mut SqliteConnection,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Option<Member>> {
        let found = api_tokens::table
            .inner_join(members::table)
            .filter(api_tokens::token_hash.eq(token_hash))
            .filter(members::active.eq(true))
            .select((
                api_tokens::id,
                api_tokens::last_used_at,
                Member::as_select(),
            ))
            .first::<(i32, Option<NaiveDateTime>, Member)>(conn)
            .optional()?;
        let Some((id, last_used, member)) = found else {
            return Ok(None);
        };
        // Writing on every request would serialise reads behind the writer; a minute's
        // precision is plenty for "last used".
        if last_used.is_none_or(|t| now - t > chrono::Duration::minutes(1)) {
            diesel::update(api_tokens::table.find(id))
                .set(api_tokens::last_used_at.eq(now))
                .execute(conn)?;
        }
        Ok(Some(member))
    }
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = password_tokens, check_for_backend(Sqlite))]
pub struct PasswordToken {
    pub id: i32,
    pub member_id: i32,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

impl PasswordToken {
    /// Store a new link for a member, cancelling any earlier unused ones.
    pub fn replace(
        conn: &mut SqliteConnection,
        member_id: i32,
        token_hash: &str,
        now: NaiveDateTime,
        expires_at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::delete(
            password_tokens::table
                .filter(password_tokens::member_id.eq(member_id))
                .filter(password_tokens::used_at.is_null()),
        )
        .execute(conn)?;
        diesel::insert_into(password_tokens::table)
            .values((
                password_tokens::member_id.eq(member_id),
                password_tokens::token_hash.eq(token_hash),
                password_tokens::created_at.eq(now),
                password_tokens::expires_at.eq(expires_at),
            ))
            .execute(conn)
    }

    /// An unused, unexpired link with its active member.
    pub fn find_valid(
        conn: &mut SqliteConnection,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Option<(PasswordToken, Member)>> {
        password_tokens::table
            .inner_join(members::table)
            .filter(password_tokens::token_hash.eq(token_hash))
            .filter(password_tokens::used_at.is_null())
            .filter(password_tokens::expires_at.gt(now))
            .filter(members::active.eq(true))
            .select((PasswordToken::as_select(), Member::as_select()))
            .first(conn)
            .optional()
    }

    /// Cancel a member's unused links.
    pub fn delete_unused_for_member(
        conn: &mut SqliteConnection,
        member_id: i32,
    ) -> QueryResult<usize> {
        diesel::delete(
            password_tokens::table
                .filter(password_tokens::member_id.eq(member_id))
                .filter(password_tokens::used_at.is_null()),
        )
        .execute(conn)
    }

    pub fn mark_used(
        conn: &mut SqliteConnection,
        id: i32,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(password_tokens::table.find(id))
            .set(password_tokens::used_at.eq(now))
            .execute(conn)
    }
}

pub struct LoginFailure;

impl LoginFailure {
    pub fn record(
        conn: &mut SqliteConnection,
        email: &str,
        ip: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::insert_into(login_failures::table)
            .values((
                login_failures::email.eq(email),
                login_failures::ip.eq(ip),
                login_failures::failed_at.eq(now),
            ))
            .execute(conn)
    }

    /// What the throttle needs to know about (account, address) since `since`.
    pub fn window(
        conn: &mut SqliteConnection,
        email: &str,
        ip: &str,
        since: NaiveDateTime,
    ) -> QueryResult<crate::domain::throttle::Failures> {
        use diesel::dsl::{count_star, max, min};
        let recent = login_failures::table.filter(login_failures::failed_at.gt(since));
        let (pair, pair_latest) = recent
            .filter(login_failures::email.eq(email))
            .filter(login_failures::ip.eq(ip))
            .select((count_star(), max(login_failures::failed_at)))
            .first(conn)?;
        let (address, address_oldest) = recent
            .filter(login_failures::ip.eq(ip))
            .select((count_star(), min(login_failures::failed_at)))
            .first(conn)?;
        Ok(crate::domain::throttle::Failures {
            pair,
            pair_latest,
            address,
            address_oldest,
        })
    }

    /// Forget the failures of one (account, address) pair, after a correct password.
    pub fn clear_pair(conn: &mut SqliteConnection, email: &str, ip: &str) -> QueryResult<usize> {
        diesel::delete(
            login_failures::table
                .filter(login_failures::email.eq(email))
                .filter(login_failures::ip.eq(ip)),
        )
        .execute(conn)
    }

    pub fn delete_older_than(
        conn: &mut SqliteConnection,
        before: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::delete(login_failures::table.filter(login_failures::failed_at.le(before)))
            .execute(conn)
    }
}
