//! Where mail goes: an SMTP server (`KPI_SMTP_URL`) or, by default, `.eml` files in
//! `$KPI_DATA_DIR/mail/` so a fresh install shows its mail without any server.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sha2::{Digest, Sha256};

use crate::domain::validation::{scrub, Lines};
use crate::models::OutboxMessage;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

/// Why a delivery failed, and whether trying again may help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Connection refused, timeout, SMTP 4xx: try again later.
    Transient(String),
    /// SMTP 5xx, an address that cannot be used: give up.
    Permanent(String),
}

impl Transport {
    /// The transport the settings ask for; a malformed SMTP URL is an error.
    pub fn from_settings(smtp_url: Option<&str>, mail_dir: PathBuf) -> anyhow::Result<Self> {
        let Some(url) = smtp_url else {
            return Ok(Self::Files(mail_dir));
        };
        if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
            bail!(
                "KPI_SMTP_URL must start with smtp:// or smtps:// (got {:?})",
                redact(url)
            );
        }
        if let Some(tls) = url
            .split_once('?')
            .and_then(|(_, q)| q.split('&').find_map(|p| p.strip_prefix("tls=")))
        {
            if !matches!(tls, "required" | "opportunistic" | "none") {
                bail!("KPI_SMTP_URL has tls={tls}; use required, opportunistic or none");
            }
        }
        // API.md spells "plain SMTP" tls=none; lettre spells it as no tls parameter.
        let url = &without_tls_none(url);
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .with_context(|| format!("KPI_SMTP_URL {:?} is not a valid SMTP URL", redact(url)))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        Ok(Self::Smtp(transport))
    }

    pub fn describe(&self) -> String {
        match self {
            Self::Smtp(_) => "SMTP".into(),
            Self::Files(dir) => format!("files in {}", dir.display()),
        }
    }

    /// Deliver one message.
    pub async fn send(
        &self,
        message: &OutboxMessage,
        from: &Mailbox,
        domain: &str,
    ) -> Result<(), SendError> {
        let (envelope, bytes) = render(message, from, domain).map_err(SendError::Permanent)?;
        match self {
            Self::Smtp(smtp) => smtp
                .send_raw(&envelope, &bytes)
                .await
                .map(|_| ())
                .map_err(|e| {
                    let detail = e.to_string();
                    if e.is_permanent() {
                        SendError::Permanent(detail)
                    } else {
                        SendError::Transient(detail)
                    }
                }),
            Self::Files(dir) => {
                let path = dir.join(format!(
                    "{}-{}-{}.eml",
                    message.created_at.format("%Y%m%dT%H%M%S"),
                    message.kind,
                    message.id
                ));
                let dir = dir.clone();
                let written = tokio::task::spawn_blocking(move || {
                    std::fs::create_dir_all(&dir)?;
                    std::fs::write(&path, bytes).map(|()| path)
                })
                .await
                .map_err(|e| SendError::Transient(e.to_string()))?
                .map_err(|e| SendError::Transient(format!("writing the mail file: {e}")))?;
                tracing::info!(path = %written.display(), to = %message.recipient, "mail written to a file (KPI_SMTP_URL is not set)");
                Ok(())
            }
        }
    }
}

/// The Message-ID for an idempotency key: the same key always gives the same id.
pub fn message_id(key: &str, domain: &str) -> String {
    format!(
        "<{}@{}>",
        &hex::encode(Sha256::digest(key.as_bytes()))[..32],
        domain
    )
}

/// The message as its envelope and bytes, or why it cannot be sent. Building and
/// formatting run behind `catch_unwind`: one stored row that the mail library cannot
/// render must fail that row with a reason, never stop the sender for everyone.
fn render(
    m: &OutboxMessage,
    from: &Mailbox,
    domain: &str,
) -> Result<(lettre::address::Envelope, Vec<u8>), String> {
    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        build(m, from, domain).map(|email| (email.envelope().clone(), email.formatted()))
    }));
    match rendered {
        Ok(Ok(parts)) => Ok(parts),
        Ok(Err(e)) => Err(format!("the message could not be built: {e:#}")),
        Err(_) => Err(
            "the message could not be built: the mail library refused one of its headers".into(),
        ),
    }
}

fn build(m: &OutboxMessage, from: &Mailbox, domain: &str) -> anyhow::Result<Message> {
    // Header values come from stored rows; whatever the input policy would refuse (a
    // line break in a name from an older database) is scrubbed rather than sent.
    let name = scrub(m.recipient_name.trim(), Lines::One);
    let to = Mailbox::new(
        (!name.trim().is_empty()).then(|| name.trim().to_string()),
        m.recipient
            .trim()
            .parse()
            .context("the recipient address")?,
    );
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(scrub(&m.subject, Lines::One))
        .message_id(Some(message_id(&m.idempotency_key, domain)));
    let alternative = MultiPart::alternative_plain_html(m.body_text.clone(), m.body_html.clone());
    let email =
        match &m.ics {
            Some(ics) => {
                let method = if ics.contains("\r\nMETHOD:CANCEL\r\n") {
                    "CANCEL"
                } else {
                    "REQUEST"
                };
                let content_type =
                    ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))?;
                builder.multipart(MultiPart::mixed().multipart(alternative).singlepart(
                    Attachment::new("invite.ics".into()).body(ics.clone(), content_type),
                ))?
            }
            None => builder.multipart(alternative)?,
        };
    Ok(email)
}

fn without_tls_none(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let kept: Vec<&str> = query.split('&').filter(|p| *p != "tls=none").collect();
    if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    }
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_smtp_urls_are_refused_with_a_reason() {
        let dir = PathBuf::from("/tmp");
        assert!(matches!(
            Transport::from_settings(None, dir.clone()),
            Ok(Transport::Files(_))
        ));
        let err = Transport::from_settings(Some("http://mail.example.com"), dir.clone())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("must start with smtp://"));
        let err = Transport::from_settings(
            Some("smtp://user:secret@mail.example.com:587?tls=maybe"),
            dir.clone(),
        )
        .err()
        .unwrap()
        .to_string();
        assert!(err.contains("tls=maybe"));
        let err = Transport::from_settings(Some("smtp://user:secret@:587"), dir)
            .err()
            .unwrap()
            .to_string();
        assert!(!err.contains("secret"), "{err}");
    }

    fn message(name: &str, subject: &str, recipient: &str) -> OutboxMessage {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap();
        OutboxMessage {
            id: 1,
            idempotency_key: "k".into(),
            kind: "invitation".into(),
            recipient: recipient.into(),
            recipient_name: name.into(),
            subject: subject.into(),
            body_text: "Hello\r\n.\r\nBcc: x@example.com".into(),
            body_html: "<p>Hello</p>".into(),
            ics: None,
            state: "queued".into(),
            attempts: 0,
            next_attempt_at: t,
            last_error: None,
            created_at: t,
            updated_at: t,
            sent_at: None,
        }
    }

    #[test]
    fn hostile_header_values_never_panic_and_never_add_a_header() {
        let from: Mailbox = "kpi-rotation <noreply@localhost>".parse().unwrap();
        let hostile = [
            "Ann\nBcc: victim@example.com",
            "Ann\r\nBcc: victim@example.com",
            "\r\n\r\n<html>",
            "Nul\u{0}Name",
            "Esc\u{1b}[31mRed",
            "\u{85}\u{2028}\u{2029}",
            "\"Quoted\" <evil@example.com>",
            "=?utf-8?b?SGVsbG8=?=",
            "Åsa Öberg 🎉 (SEO), \\ back\\slash; semi:colon",
            "",
            " ",
            &"x".repeat(2000),
            &"é".repeat(500),
        ];
        for value in hostile {
            for (name, subject) in [(value, "Subject"), ("Ann", value), (value, value)] {
                let m = message(name, subject, "ann@example.com");
                let (envelope, bytes) = render(&m, &from, "localhost")
                    .unwrap_or_else(|e| panic!("{name:?} / {subject:?}: {e}"));
                let text = String::from_utf8_lossy(&bytes);
                let head = text.split("\r\n\r\n").next().unwrap_or("");
                assert!(!head.lines().any(|l| l.starts_with("Bcc:")), "{head}");
                assert_eq!(envelope.to().len(), 1, "{name:?}");
            }
        }
    }

    #[test]
    fn a_message_that_cannot_be_built_is_an_error_with_a_reason() {
        let from: Mailbox = "kpi-rotation <noreply@localhost>".parse().unwrap();
        for bad in [
            "not an address",
            "ann@example.com\r\nBcc: x@example.com",
            "",
        ] {
            let err = render(&message("Ann", "Hi", bad), &from, "localhost").unwrap_err();
            assert!(err.contains("recipient address"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn message_ids_are_stable_per_key() {
        assert_eq!(message_id("a", "x.org"), message_id("a", "x.org"));
        assert_ne!(message_id("a", "x.org"), message_id("b", "x.org"));
    }
}
