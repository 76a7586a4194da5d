//! Team settings: the repeat window K, the automatic schedule, the agenda's fixed slots.

use chrono::{NaiveDateTime, NaiveTime};
use diesel::SqliteConnection;
use serde::{Deserialize, Serialize};

use crate::domain::number::NumberFormat;
use crate::domain::review::parse_timezone;
use crate::domain::rotation::MAX_RECENT_MONTHS;
use crate::domain::validation::{flag, text, FieldError, ValidationErrors};
use crate::error::AppError;
use crate::models::TeamSettings;

/// The settings as a form sends them.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SettingsFields {
    pub recent_months: String,
    pub default_duration_minutes: String,
    pub default_timezone: String,
    pub default_location: String,
    pub opening_minutes: String,
    pub closing_minutes: String,
    pub schedule_enabled: String,
    pub schedule_week: String,
    pub schedule_weekday: String,
    pub schedule_time: String,
    pub schedule_months_ahead: String,
    pub reminder_days: String,
    pub anonymous_feedback: String,
    pub currency: String,
    pub number_format: String,
}

impl SettingsFields {
    pub fn of(s: &TeamSettings) -> Self {
        Self {
            recent_months: s.recent_months.to_string(),
            default_duration_minutes: s.default_duration_minutes.to_string(),
            default_timezone: s.default_timezone.clone(),
            default_location: s.default_location.clone(),
            opening_minutes: s.opening_minutes.to_string(),
            closing_minutes: s.closing_minutes.to_string(),
            schedule_enabled: if s.schedule_enabled {
                "true".into()
            } else {
                "false".into()
            },
            schedule_week: s.schedule_week.to_string(),
            schedule_weekday: s.schedule_weekday.to_string(),
            schedule_time: s.schedule_time.clone(),
            schedule_months_ahead: s.schedule_months_ahead.to_string(),
            reminder_days: s.reminder_days.to_string(),
            anonymous_feedback: if s.anonymous_feedback {
                "true".into()
            } else {
                "false".into()
            },
            currency: s.currency.clone(),
            number_format: s.number_format.clone(),
        }
    }
}

fn whole(field: &str, raw: &str, range: std::ops::RangeInclusive<i32>) -> Result<i32, FieldError> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|v| range.contains(v))
        .ok_or_else(|| {
            FieldError::new(
                field,
                format!(
                    "{} must be a whole number from {} to {}",
                    crate::domain::validation::label(field),
                    range.start(),
                    range.end()
                ),
            )
        })
}

/// Validate and store the settings.
pub fn save(
    conn: &mut SqliteConnection,
    f: &SettingsFields,
    now: NaiveDateTime,
) -> Result<TeamSettings, AppError> {
    let mut errors = ValidationErrors::new();
    let k_max = i32::try_from(MAX_RECENT_MONTHS).unwrap_or(24);
    let recent_months = errors.take(whole("recent_months", &f.recent_months, 0..=k_max));
    let duration = errors.take(whole(
        "default_duration_minutes",
        &f.default_duration_minutes,
        10..=240,
    ));
    let timezone = errors.take(
        parse_timezone(&f.default_timezone)
            .map(|tz| tz.name().to_string())
            .map_err(|e| FieldError::new("default_timezone", e.message)),
    );
    let location = errors.take(text("default_location", &f.default_location, false, 300));
    let opening = errors.take(whole("opening_minutes", &f.opening_minutes, 0..=60));
    let closing = errors.take(whole("closing_minutes", &f.closing_minutes, 0..=60));
    let week = errors.take(whole("schedule_week", &f.schedule_week, 1..=5));
    let weekday = errors.take(whole("schedule_weekday", &f.schedule_weekday, 1..=7));
    let time = errors.take(
        NaiveTime::parse_from_str(f.schedule_time.trim(), "%H:%M")
            .map(|t| t.format("%H:%M").to_string())
            .map_err(|_| {
                FieldError::new(
                    "schedule_time",
                    format!(
                        "Time {:?} is not a time written HH:MM",
                        f.schedule_time.trim()
                    ),
                )
            }),
    );
    let ahead = errors.take(whole(
        "schedule_months_ahead",
        &f.schedule_months_ahead,
        0..=12,
    ));
    if let (Some(d), Some(o), Some(c)) = (duration, opening, closing) {
        if o + c >= d {
            errors.add("opening_minutes", format!("The opening ({o}) and closing ({c}) minutes leave no time for the metrics in a {d}-minute review"));
        }
    }
    let (
        Some(recent_months),
        Some(default_duration_minutes),
        Some(default_timezone),
        Some(default_location),
        Some(opening_minutes),
        Some(closing_minutes),
        Some(schedule_week),
        Some(schedule_weekday),
        Some(schedule_time),
        Some(schedule_months_ahead),
    ) = (
        recent_months,
        duration,
        timezone,
        location,
        opening,
        closing,
        week,
        weekday,
        time,
        ahead,
    )
    else {
        return Err(errors.into());
    };
    let reminder_days =
        whole("reminder_days", &f.reminder_days, 0..=14).map_err(ValidationErrors::from)?;
    // Left out (an older form or client): the defaults.
    let currency = errors.take(if f.currency.trim().is_empty() {
        Ok("EUR".to_string())
    } else {
        crate::domain::metric::parse_currency(&f.currency)
    });
    let number_format = errors.take(if f.number_format.trim().is_empty() {
        Ok(NumberFormat::default())
    } else {
        NumberFormat::parse(&f.number_format)
    });
    let (Some(currency), Some(number_format)) = (currency, number_format) else {
        return Err(errors.into());
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let settings = TeamSettings {
        id: 1,
        recent_months,
        default_duration_minutes,
        default_timezone,
        default_location,
        opening_minutes,
        closing_minutes,
        schedule_enabled: flag(&f.schedule_enabled),
        schedule_week,
        schedule_weekday,
        schedule_time,
        schedule_months_ahead,
        updated_at: now,
        reminder_days,
        anonymous_feedback: flag(&f.anonymous_feedback),
        currency,
        number_format: number_format.as_str().to_string(),
    };
    Ok(TeamSettings::save(conn, &settings)?)
}

/// How the team writes numbers (for reading what its people type).
/// How `member` types numbers: the way their language writes them when they chose one
/// ("44.800" is 44800 to a Dane), else by the team's setting.
pub fn number_format_for(
    conn: &mut SqliteConnection,
    member: &crate::models::Member,
) -> Result<NumberFormat, AppError> {
    match member.language() {
        Some(lang) => Ok(crate::i18n::format::number_format(lang)),
        None => number_format(conn),
    }
}

pub fn number_format(conn: &mut SqliteConnection) -> Result<NumberFormat, AppError> {
    Ok(NumberFormat::from_setting(
        &TeamSettings::get(conn)?.number_format,
    ))
}

/// "first Tuesday of each month, 10:00 Europe/Copenhagen".
pub fn describe_schedule(s: &TeamSettings) -> String {
    use crate::domain::review::{SCHEDULE_WEEKS, WEEKDAYS};
    let week = SCHEDULE_WEEKS
        .get(usize::try_from(s.schedule_week - 1).unwrap_or(0))
        .copied()
        .unwrap_or("first");
    let day = WEEKDAYS
        .get(usize::try_from(s.schedule_weekday - 1).unwrap_or(1))
        .copied()
        .unwrap_or("Tuesday");
    format!(
        "{week} {day} of each month, {} {}",
        s.schedule_time, s.default_timezone
    )
}

/// The team's settings as they stand.
pub fn current(conn: &mut SqliteConnection) -> Result<TeamSettings, AppError> {
    Ok(TeamSettings::get(conn)?)
}
