// @generated automatically by Diesel CLI.

diesel::table! {
    assignments (id) {
        id -> Integer,
        review_id -> Integer,
        metric_id -> Integer,
        presenter_id -> Integer,
        owner_id -> Nullable<Integer>,
        owner_department -> Nullable<Text>,
        position -> Integer,
        reason -> Text,
        warning -> Nullable<Text>,
        owner_brief -> Text,
        reminded_at -> Nullable<Timestamp>,
        notes -> Text,
        spoken_seconds -> Integer,
    }
}

diesel::table! {
    presentation_templates (version) {
        version -> Integer,
        introduction -> Text,
        prompts -> Text,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    presentations (id) {
        id -> Integer,
        assignment_id -> Integer,
        template_version -> Integer,
        value -> Nullable<Double>,
        answers -> Text,
        status -> Text,
        submitted_at -> Nullable<Timestamp>,
        fact_checked_at -> Nullable<Timestamp>,
        correction -> Text,
        clarity_rating -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        owner_asked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    review_absences (review_id, member_id) {
        review_id -> Integer,
        member_id -> Integer,
    }
}

diesel::table! {
    reviews (id) {
        id -> Integer,
        month -> Text,
        starts_at -> Timestamp,
        timezone -> Text,
        duration_minutes -> Integer,
        location -> Text,
        status -> Text,
        seed -> Nullable<BigInt>,
        presenting_manager_id -> Nullable<Integer>,
        published_at -> Nullable<Timestamp>,
        held_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        ics_sequence -> Integer,
        deadline_days -> Integer,
        current_slot -> Integer,
        meeting_started_at -> Nullable<Timestamp>,
        slot_started_at -> Nullable<Timestamp>,
        opening_notes -> Text,
        data_month -> Text,
        agenda -> Text,
    }
}

diesel::table! {
    rotation_changes (id) {
        id -> Integer,
        review_id -> Integer,
        changed_by -> Integer,
        description -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    team_settings (id) {
        id -> Integer,
        recent_months -> Integer,
        default_duration_minutes -> Integer,
        default_timezone -> Text,
        default_location -> Text,
        opening_minutes -> Integer,
        closing_minutes -> Integer,
        schedule_enabled -> Bool,
        schedule_week -> Integer,
        schedule_weekday -> Integer,
        schedule_time -> Text,
        schedule_months_ahead -> Integer,
        updated_at -> Timestamp,
        reminder_days -> Integer,
        anonymous_feedback -> Bool,
        currency -> Text,
        number_format -> Text,
    }
}

diesel::table! {
    action_items (id) {
        id -> Integer,
        review_id -> Integer,
        assignment_id -> Nullable<Integer>,
        text -> Text,
        owner_id -> Nullable<Integer>,
        due_date -> Nullable<Text>,
        done -> Bool,
        done_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

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
    card_coauthors (card_id, member_id) {
        card_id -> Integer,
        member_id -> Integer,
    }
}

diesel::table! {
    cards (id) {
        id -> Integer,
        kind -> Text,
        title -> Text,
        body -> Text,
        outcome -> Text,
        lesson -> Text,
        metric_id -> Nullable<Integer>,
        month -> Nullable<Text>,
        author_id -> Integer,
        anonymous -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    feedback (id) {
        id -> Integer,
        assignment_id -> Integer,
        author_id -> Integer,
        kind -> Text,
        body -> Text,
        anonymous -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    kudos (card_id, member_id) {
        card_id -> Integer,
        member_id -> Integer,
        created_at -> Timestamp,
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
        feed_nonce -> Integer,
        language -> Nullable<Text>,
    }
}

diesel::table! {
    meeting_value_writes (review_id, metric_id) {
        review_id -> Integer,
        metric_id -> Integer,
        month -> Text,
        written_value -> Double,
        previous_value -> Nullable<Double>,
        previous_note -> Nullable<Text>,
        previous_updated_by -> Nullable<Integer>,
        previous_updated_at -> Nullable<Timestamp>,
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
        aggregation -> Nullable<Text>,
    }
}

diesel::table! {
    metric_events (id) {
        id -> Integer,
        metric_id -> Integer,
        month -> Text,
        title -> Text,
        note -> Text,
        rebase -> Bool,
        author_id -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> Integer,
        idempotency_key -> Text,
        kind -> Text,
        recipient -> Text,
        recipient_name -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        ics -> Nullable<Text>,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
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
        sso_id_token -> Nullable<Text>,
    }
}

diesel::table! {
    sso_identities (id) {
        id -> Integer,
        member_id -> Integer,
        issuer -> Text,
        subject -> Text,
        email -> Text,
        linked_at -> Timestamp,
        last_used_at -> Timestamp,
    }
}

diesel::joinable!(action_items -> assignments (assignment_id));
diesel::joinable!(action_items -> members (owner_id));
diesel::joinable!(action_items -> reviews (review_id));
diesel::joinable!(api_tokens -> members (member_id));
diesel::joinable!(sso_identities -> members (member_id));
diesel::joinable!(assignments -> metrics (metric_id));
diesel::joinable!(assignments -> reviews (review_id));
diesel::joinable!(presentations -> assignments (assignment_id));
diesel::joinable!(presentations -> presentation_templates (template_version));
diesel::joinable!(review_absences -> members (member_id));
diesel::joinable!(review_absences -> reviews (review_id));
diesel::joinable!(reviews -> members (presenting_manager_id));
diesel::joinable!(rotation_changes -> members (changed_by));
diesel::joinable!(rotation_changes -> reviews (review_id));
diesel::joinable!(card_coauthors -> cards (card_id));
diesel::joinable!(card_coauthors -> members (member_id));
diesel::joinable!(cards -> members (author_id));
diesel::joinable!(cards -> metrics (metric_id));
diesel::joinable!(feedback -> assignments (assignment_id));
diesel::joinable!(feedback -> members (author_id));
diesel::joinable!(kudos -> cards (card_id));
diesel::joinable!(kudos -> members (member_id));
diesel::joinable!(meeting_value_writes -> reviews (review_id));
diesel::joinable!(meeting_value_writes -> metrics (metric_id));
diesel::joinable!(metric_values -> members (updated_by));
diesel::joinable!(metric_values -> metrics (metric_id));
diesel::joinable!(metric_events -> members (author_id));
diesel::joinable!(metric_events -> metrics (metric_id));
diesel::joinable!(metrics -> members (owner_id));
diesel::joinable!(password_tokens -> members (member_id));
diesel::joinable!(sessions -> members (member_id));

diesel::allow_tables_to_appear_in_same_query!(
    action_items,
    api_tokens,
    assignments,
    card_coauthors,
    cards,
    feedback,
    kudos,
    login_failures,
    meeting_value_writes,
    members,
    metric_events,
    metric_values,
    metrics,
    outbox,
    password_tokens,
    presentation_templates,
    presentations,
    review_absences,
    reviews,
    rotation_changes,
    sessions,
    sso_identities,
    team_settings,
);
