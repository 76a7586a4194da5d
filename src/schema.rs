// @generated automatically by Diesel CLI.

diesel::table! {
    api_tokens (id) {
        id -> Integer,
        member_id -> Integer,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Integer,
        email -> Text,
        ip -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    members (id) {
        id -> Integer,
        name -> Text,
        email -> Text,
        department -> Text,
        role -> Text,
        active -> Bool,
        password_hash -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    metric_values (metric_id, month) {
        metric_id -> Integer,
        month -> Text,
        value -> Double,
        note -> Text,
        updated_by -> Nullable<Integer>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    metrics (id) {
        id -> Integer,
        name -> Text,
        definition -> Text,
        formula -> Text,
        category -> Text,
        unit -> Text,
        currency -> Nullable<Text>,
        direction -> Text,
        target -> Nullable<Double>,
        owner_id -> Nullable<Integer>,
        north_star -> Bool,
        kept_by_manager -> Bool,
        on_dashboard -> Bool,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    password_tokens (id) {
        id -> Integer,
        member_id -> Integer,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Integer,
        token_hash -> Text,
        member_id -> Integer,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::joinable!(api_tokens -> members (member_id));
diesel::joinable!(metric_values -> members (updated_by));
diesel::joinable!(metric_values -> metrics (metric_id));
diesel::joinable!(metrics -> members (owner_id));
diesel::joinable!(password_tokens -> members (member_id));
diesel::joinable!(sessions -> members (member_id));

diesel::allow_tables_to_appear_in_same_query!(
    api_tokens,
    login_failures,
    members,
    metric_values,
    metrics,
    password_tokens,
    sessions,
);
