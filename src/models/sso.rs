//! Identities at the single sign-on provider, one per member at most.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;

use super::member::Member;
use crate::schema::{members, sso_identities};

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = sso_identities, check_for_backend(Sqlite))]
pub struct SsoIdentity {
    pub id: i32,
    pub member_id: i32,
    pub issuer: String,
    pub subject: String,
    pub email: String,
    pub linked_at: NaiveDateTime,
    pub last_used_at: NaiveDateTime,
}

impl SsoIdentity {
    /// The member an identity is linked to, with the link.
    pub fn find_member(
        conn: &mut SqliteConnection,
        issuer: &str,
        subject: &str,
    ) -> QueryResult<Option<(SsoIdentity, Member)>> {
        sso_identities::table
            .inner_join(members::table)
            .filter(sso_identities::issuer.eq(issuer))
            .filter(sso_identities::subject.eq(subject))
            .select((SsoIdentity::as_select(), Member::as_select()))
            .first(conn)
            .optional()
    }

    pub fn of_member(
        conn: &mut SqliteConnection,
        member_id: i32,
    ) -> QueryResult<Option<SsoIdentity>> {
        sso_identities::table
            .filter(sso_identities::member_id.eq(member_id))
            .select(SsoIdentity::as_select())
            .first(conn)
            .optional()
    }

    pub fn link(
        conn: &mut SqliteConnection,
        member_id: i32,
        issuer: &str,
        subject: &str,
        email: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::insert_into(sso_identities::table)
            .values((
                sso_identities::member_id.eq(member_id),
                sso_identities::issuer.eq(issuer),
                sso_identities::subject.eq(subject),
                sso_identities::email.eq(email),
                sso_identities::linked_at.eq(now),
                sso_identities::last_used_at.eq(now),
            ))
            .execute(conn)
    }

    pub fn touch(conn: &mut SqliteConnection, id: i32, now: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(sso_identities::table.find(id))
            .set(sso_identities::last_used_at.eq(now))
            .execute(conn)
    }

    pub fn unlink(conn: &mut SqliteConnection, member_id: i32) -> QueryResult<usize> {
        diesel::delete(sso_identities::table.filter(sso_identities::member_id.eq(member_id)))
            .execute(conn)
    }
}
