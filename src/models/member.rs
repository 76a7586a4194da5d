use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;

use crate::domain::member::{MemberDraft, MemberFields, Role};
use crate::schema::{members, metric_values, metrics};

#[derive(Clone, Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = members, check_for_backend(Sqlite))]
pub struct Member {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub department: String,
    pub role: String,
    pub active: bool,
    pub password_hash: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub feed_nonce: i32,
    /// The language they chose (`None`: the installation's).
    pub language: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = members)]
pub struct NewMember<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub department: &'a str,
    pub role: &'a str,
    pub active: bool,
    pub password_hash: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(AsChangeset)]
#[diesel(table_name = members)]
pub struct MemberChanges<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub department: &'a str,
    pub role: &'a str,
    pub active: bool,
    pub updated_at: NaiveDateTime,
}

impl Member {
    /// The member as the edit form shows it.
    pub fn to_fields(&self) -> MemberFields {
        MemberFields {
            name: self.name.clone(),
            email: self.email.clone(),
            department: self.department.clone(),
            role: self.role.clone(),
        }
    }

    pub fn role(&self) -> Role {
        if self.role == "manager" {
            Role::Manager
        } else {
            Role::Member
        }
    }

    /// The language they chose, if any.
    pub fn language(&self) -> Option<crate::i18n::Lang> {
        self.language
            .as_deref()
            .and_then(crate::i18n::Lang::from_code)
    }

    pub fn is_manager(&self) -> bool {
        self.role() == Role::Manager
    }

    pub fn has_password(&self) -> bool {
        self.password_hash.is_some()
    }
}

impl<'a> NewMember<'a> {
    pub fn from_draft(
        draft: &'a MemberDraft,
        password_hash: Option<&'a str>,
        now: NaiveDateTime,
    ) -> Self {
        Self {
            name: &draft.name,
            email: draft.email.as_str(),
            department: &draft.department,
            role: draft.role.as_str(),
            active: draft.active,
            password_hash,
            created_at: now,
            updated_at: now,
        }
    }
}

impl<'a> MemberChanges<'a> {
    pub fn from_draft(draft: &'a MemberDraft, now: NaiveDateTime) -> Self {
        Self {
            name: &draft.name,
            email: draft.email.as_str(),
            department: &draft.department,
            role: draft.role.as_str(),
            active: draft.active,
            updated_at: now,
        }
    }
}

impl Member {
    pub fn find(conn: &mut SqliteConnection, id: i32) -> QueryResult<Member> {
        members::table
            .find(id)
            .select(Member::as_select())
            .first(conn)
    }

    pub fn find_by_email(conn: &mut SqliteConnection, email: &str) -> QueryResult<Option<Member>> {
        members::table
            .filter(members::email.eq(email.to_lowercase()))
            .select(Member::as_select())
            .first(conn)
            .optional()
    }

    /// Members by name, active ones first, one page at a time.
    /// Every member's name by id, active or not.
    pub fn names(conn: &mut SqliteConnection) -> QueryResult<HashMap<i32, String>> {
        let rows: Vec<(i32, String)> = members::table
            .select((members::id, members::name))
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }

    /// The names of the members `ids`, by id.
    pub fn names_of(conn: &mut SqliteConnection, ids: &[i32]) -> QueryResult<HashMap<i32, String>> {
        let rows: Vec<(i32, String)> = members::table
            .filter(members::id.eq_any(ids))
            .select((members::id, members::name))
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }

    /// Active members as (id, name), by name: for pickers.
    pub fn active_names(conn: &mut SqliteConnection) -> QueryResult<Vec<(i32, String)>> {
        members::table
            .filter(members::active.eq(true))
            .order((members::name.asc(), members::id.asc()))
            .select((members::id, members::name))
            .load(conn)
    }

    pub fn list(conn: &mut SqliteConnection, limit: i64, offset: i64) -> QueryResult<Vec<Member>> {
        members::table
            .order((
                members::active.desc(),
                members::name.asc(),
                members::id.asc(),
            ))
            .limit(limit)
            .offset(offset)
            .select(Member::as_select())
            .load(conn)
    }

    pub fn list_active(conn: &mut SqliteConnection) -> QueryResult<Vec<Member>> {
        members::table
            .filter(members::active.eq(true))
            .order(members::name.asc())
            .select(Member::as_select())
            .load(conn)
    }

    pub fn count(conn: &mut SqliteConnection) -> QueryResult<i64> {
        members::table.count().get_result(conn)
    }

    pub fn count_active_managers(conn: &mut SqliteConnection) -> QueryResult<i64> {
        members::table
            .filter(members::role.eq("manager"))
            .filter(members::active.eq(true))
            .count()
            .get_result(conn)
    }

    pub fn any_manager(conn: &mut SqliteConnection) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            members::table.filter(members::role.eq("manager")),
        ))
        .get_result(conn)
    }

    /// Departments in use, for suggestions.
    pub fn departments(conn: &mut SqliteConnection) -> QueryResult<Vec<String>> {
        members::table
            .filter(members::department.ne(""))
            .select(members::department)
            .distinct()
            .order(members::department.asc())
            .load(conn)
    }

    pub fn insert(conn: &mut SqliteConnection, new: &NewMember) -> QueryResult<Member> {
        diesel::insert_into(members::table)
            .values(new)
            .returning(Member::as_returning())
            .get_result(conn)
    }

    pub fn update(
        conn: &mut SqliteConnection,
        id: i32,
        changes: &MemberChanges,
    ) -> QueryResult<Member> {
        crate::db::sign_in_changed();
        diesel::update(members::table.find(id))
            .set(changes)
            .returning(Member::as_returning())
            .get_result(conn)
    }

    pub fn set_active(
        conn: &mut SqliteConnection,
        id: i32,
        active: bool,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        crate::db::sign_in_changed();
        diesel::update(members::table.find(id))
            .set((members::active.eq(active), members::updated_at.eq(now)))
            .execute(conn)
    }

    /// Choose the language the member reads the app and their mail in (`None`: the
    /// installation's). Signed-in pages read the member through the session cache, so
    /// this moves its epoch like any change to who is signed in.
    pub fn set_language(
        conn: &mut SqliteConnection,
        id: i32,
        language: Option<crate::i18n::Lang>,
        now: NaiveDateTime,
    ) -> QueryResult<Member> {
        crate::db::sign_in_changed();
        diesel::update(members::table.find(id))
            .set((
                members::language.eq(language.map(crate::i18n::Lang::as_str)),
                members::updated_at.eq(now),
            ))
            .returning(Member::as_returning())
            .get_result(conn)
    }

    /// Give the member new feed links; the old ones stop working.
    pub fn renew_feed_nonce(conn: &mut SqliteConnection, id: i32) -> QueryResult<usize> {
        crate::db::sign_in_changed();
        diesel::update(members::table.find(id))
            .set(members::feed_nonce.eq(members::feed_nonce + 1))
            .execute(conn)
    }

    pub fn set_password_hash(
        conn: &mut SqliteConnection,
        id: i32,
        hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        crate::db::sign_in_changed();
        diesel::update(members::table.find(id))
            .set((members::password_hash.eq(hash), members::updated_at.eq(now)))
            .execute(conn)
    }

    /// Delete a member; fails with a foreign-key violation when they have history.
    pub fn delete(conn: &mut SqliteConnection, id: i32) -> QueryResult<usize> {
        crate::db::sign_in_changed();
        diesel::delete(members::table.find(id)).execute(conn)
    }

    /// Whether anything records this member's work (owned metrics, entered values,
    /// presentations, absences).
    pub fn has_history(conn: &mut SqliteConnection, id: i32) -> QueryResult<bool> {
        let owns = diesel::select(diesel::dsl::exists(
            metrics::table.filter(metrics::owner_id.eq(id)),
        ))
        .get_result::<bool>(conn)?;
        let entered = diesel::select(diesel::dsl::exists(
            metric_values::table.filter(metric_values::updated_by.eq(id)),
        ))
        .get_result::<bool>(conn)?;
        let presented = diesel::select(diesel::dsl::exists(
            crate::schema::assignments::table
                .filter(crate::schema::assignments::presenter_id.eq(id)),
        ))
        .get_result::<bool>(conn)?;
        let away = diesel::select(diesel::dsl::exists(
            crate::schema::review_absences::table
                .filter(crate::schema::review_absences::member_id.eq(id)),
        ))
        .get_result::<bool>(conn)?;
        let wrote = diesel::select(diesel::dsl::exists(
            crate::schema::cards::table.filter(crate::schema::cards::author_id.eq(id)),
        ))
        .get_result::<bool>(conn)?;
        Ok(owns || entered || presented || away || wrote)
    }
}
