//! iCalendar invites (RFC 5545) for a review: one UID per review, so every update or
//! cancellation replaces the same event in the presenter's calendar.

use chrono::{Duration, NaiveDateTime};

/// REQUEST adds or updates the event; CANCEL removes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Request,
    Cancel,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Request => "REQUEST",
            Self::Cancel => "CANCEL",
        }
    }
}

pub struct Invite<'a> {
    pub method: Method,
    /// Stable per review: `review-2026-12@kpi.example.com`.
    pub uid: &'a str,
    pub sequence: i32,
    pub starts_at_utc: NaiveDateTime,
    pub duration_minutes: i32,
    pub summary: &'a str,
    pub description: &'a str,
    pub location: &'a str,
    pub organizer: (&'a str, &'a str),
    pub attendee: (&'a str, &'a str),
    pub stamp_utc: NaiveDateTime,
}

fn utc(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escape a TEXT value.
fn text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Fold a content line at 75 octets, never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

/// Parameter values with ':' ';' ',' must be quoted; quotes themselves are dropped.
fn param(value: &str) -> String {
    format!("\"{}\"", value.replace('"', ""))
}

pub fn render(invite: &Invite) -> String {
    let end = invite.starts_at_utc + Duration::minutes(i64::from(invite.duration_minutes));
    let status = match invite.method {
        Method::Request => "CONFIRMED",
        Method::Cancel => "CANCELLED",
    };
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "PRODID:-//kpi-rotation//monthly KPI review//EN".to_string(),
        "VERSION:2.0".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        format!("METHOD:{}", invite.method.as_str()),
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", invite.uid),
        format!("SEQUENCE:{}", invite.sequence),
        format!("DTSTAMP:{}", utc(invite.stamp_utc)),
        format!("DTSTART:{}", utc(invite.starts_at_utc)),
        format!("DTEND:{}", utc(end)),
        format!("SUMMARY:{}", text(invite.summary)),
        format!("DESCRIPTION:{}", text(invite.description)),
        format!("LOCATION:{}", text(invite.location)),
        format!(
            "ORGANIZER;CN={}:mailto:{}",
            param(invite.organizer.0),
            invite.organizer.1
        ),
        format!(
            "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{}",
            param(invite.attendee.0),
            invite.attendee.1
        ),
        format!("STATUS:{status}"),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ];
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invite_has_crlf_lines_escaped_text_and_folds_long_lines() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let ics = render(&Invite {
            method: Method::Request,
            uid: "review-2026-12@localhost",
            sequence: 2,
            starts_at_utc: t,
            duration_minutes: 30,
            summary: "KPI review: you present CPA, NPS",
            description: &"Fill in your template; ask the owner.\nThanks".repeat(3),
            location: "Room 3",
            organizer: ("Mona", "mona@example.com"),
            attendee: ("Sam", "sam@example.com"),
            stamp_utc: t,
        });
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART:20261201T090000Z\r\nDTEND:20261201T093000Z\r\n"));
        assert!(ics.contains("SUMMARY:KPI review: you present CPA\\, NPS\r\n"));
        assert!(ics.contains("SEQUENCE:2\r\n"));
        assert!(ics.lines().all(|l| l.len() <= 75), "{ics}");
        assert!(ics.contains("\r\n "), "long lines are folded");
    }
}
