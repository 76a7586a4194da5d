//! The command line of API.md. Each command that is not `serve` opens the database,
//! does one thing, and prints what a script needs.

use std::io::{BufRead, Write};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::db;
use crate::services::{accounts, draws, review_context};

#[derive(Parser, Debug)]
#[command(
    name = "kpi-rotation",
    version,
    about = "Run a team's monthly KPI review with rotating presenters"
)]
pub struct Cli {
    /// Folder for the database, the secret key and the mail folder (overrides KPI_DATA_DIR).
    #[arg(long, global = true)]
    pub data_dir: Option<String>,
    /// SQLite file (overrides KPI_DATABASE_URL).
    #[arg(long, global = true)]
    pub database_url: Option<String>,
    /// Listen address, e.g. 127.0.0.1:8080 (overrides KPI_BIND).
    #[arg(long, global = true)]
    pub bind: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start the web app (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create a manager (or promote an existing member); prints the password.
    CreateManager {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Print a new personal API token for a member (alone on the last line).
    CreateToken {
        #[arg(long)]
        email: String,
        /// A label for the token.
        #[arg(long, default_value = "command line")]
        name: String,
    },
    /// Fill an empty database with a realistic demo team and print the logins.
    Demo {
        /// A large organisation for load tests instead: 500 members, 2,000 metrics, five
        /// years of values, 60 held reviews, 10,000 cards.
        #[arg(long)]
        large: bool,
    },
    /// Write a consistent copy of the live database (VACUUM INTO), safe while the app runs.
    Backup {
        /// The backup file to create (it must not exist yet).
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Deliver queued mail (the server also does this by itself).
    SendMail {
        /// Deliver what is due now and exit.
        #[arg(long)]
        once: bool,
    },
    /// Draw the rotation of a scheduled review and print it as a table.
    Rotate {
        /// The review's month, YYYY-MM.
        #[arg(long)]
        month: String,
        /// Seed for the draw (the same seed gives the same draw).
        #[arg(long)]
        seed: Option<u64>,
        /// Print the draw without storing it.
        #[arg(long)]
        dry_run: bool,
        /// Allow redrawing an already published rotation.
        #[arg(long)]
        confirm: bool,
    },
}

impl Cli {
    /// The environment's settings with this command line's overrides.
    pub fn settings(&self) -> anyhow::Result<Settings> {
        let overrides = [
            ("KPI_DATA_DIR", self.data_dir.clone()),
            ("KPI_DATABASE_URL", self.database_url.clone()),
            ("KPI_BIND", self.bind.clone()),
        ];
        Settings::from_lookup(|name| {
            overrides
                .iter()
                .find(|(key, value)| *key == name && value.is_some())
                .and_then(|(_, value)| value.clone())
                .or_else(|| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
        })
    }
}

/// Run a command other than `serve`.
pub async fn run_command(command: &Command, settings: &Settings) -> anyhow::Result<()> {
    match command {
        Command::Backup { to } => {
            let pool = db::connect(&settings.database_url)?;
            let mut conn = pool.get()?;
            let bytes = db::backup(&mut conn, to)?;
            println!(
                "backed up {} to {} ({} KiB)",
                settings.database_url,
                to.display(),
                bytes / 1024
            );
        }
        Command::Demo { large: true } => {
            let pool = db::connect(&settings.database_url)?;
            let mut conn = pool.get()?;
            let logins = crate::demo::large::run(&mut conn, settings.clock.now())?;
            let base_url =
                crate::config::effective_base_url(settings.base_url.as_deref(), settings.bind);
            println!(
                "The large organisation is ready. Start the app and sign in at {base_url}/login:"
            );
            for (email, password) in logins {
                println!("{email} password: {password}");
            }
        }
        Command::Demo { large: false } => {
            let pool = db::connect(&settings.database_url)?;
            let mut conn = pool.get()?;
            let mail = OfflineMail::new(settings)?;
            let postbox = mail.postbox();
            let logins = crate::demo::run(&mut conn, &postbox, settings.clock.now())?;
            println!(
                "The demo team is ready. Start the app on this database and sign in at {}/login:",
                mail.base_url
            );
            for (email, password) in logins {
                println!("{email} password: {password}");
            }
        }
        Command::SendMail { once } => {
            let pool = db::connect(&settings.database_url)?;
            let transport = std::sync::Arc::new(crate::mail::transport::Transport::from_settings(
                settings.smtp_url.as_deref(),
                settings.data_dir.join("mail"),
            )?);
            let from: lettre::message::Mailbox = settings.mail_from.parse().with_context(|| {
                format!(
                    "KPI_MAIL_FROM={:?} is not a valid sender",
                    settings.mail_from
                )
            })?;
            let base_url =
                crate::config::effective_base_url(settings.base_url.as_deref(), settings.bind);
            let sender = crate::mail::sender::Sender::new(
                pool,
                transport,
                from,
                crate::mail::host_of(&base_url),
                settings.mail_retry_base,
                settings.clock.clone(),
            );
            if *once {
                let pass = sender.run_once().await?;
                println!(
                    "sent {}, will retry {}, failed {}",
                    pass.sent, pass.retried, pass.failed
                );
            } else {
                sender.run_forever(settings.mail_poll).await;
            }
        }
        Command::Serve => bail!("serve is run by main"),
        Command::Migrate => {
            // `connect` applies pending migrations.
            db::connect(&settings.database_url)?;
            println!("the database {} is up to date", settings.database_url);
        }
        Command::CreateManager {
            email,
            name,
            password_stdin,
        } => {
            let (password, generated) = if *password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .context("reading the password from standard input")?;
                (line.trim_end_matches(['\r', '\n']).to_string(), false)
            } else {
                (hex::encode(crate::secrets::tokens::random_bytes(9)), true)
            };
            let pool = db::connect(&settings.database_url)?;
            let mut conn = pool.get()?;
            let member =
                accounts::create_manager(&mut conn, name, email, &password, settings.clock.now())
                    .map_err(|e| anyhow::anyhow!("{}", e.public_message()))?;
            println!(
                "manager {} <{}> is ready (id {})",
                member.name, member.email, member.id
            );
            if generated {
                println!("{} password: {}", member.email, password);
            }
        }
        Command::CreateToken { email, name } => {
            let pool = db::connect(&settings.database_url)?;
            let mut conn = pool.get()?;
            let member = crate::models::Member::find_by_email(&mut conn, email)?
                .filter(|m| m.active)
                .with_context(|| format!("no active member has the email {email}"))?;
            let (_, secret) =
                accounts::create_api_token(&mut conn, member.id, name, settings.clock.now())
                    .map_err(|e| anyhow::anyhow!("{}", e.public_message()))?;
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "API token for {} (shown once; send it as 'Authorization: Bearer <token>'):",
                member.email
            )?;
            writeln!(out, "{secret}")?;
        }
        Command::Rotate {
            month,
            seed,
            dry_run,
            confirm,
        } => {
            let pool = db::connect(&settings.database_url)?;
            let mut conn = pool.get()?;
            let mail = OfflineMail::new(settings)?;
            let postbox = mail.postbox();
            let now = settings.clock.now();
            let table = rotate(&mut conn, &postbox, month, *seed, *dry_run, *confirm, now)
                .map_err(|e| anyhow::anyhow!("{}", e.public_message()))?;
            print!("{table}");
        }
    }
    Ok(())
}

/// Draw (or, with `dry_run`, only compute) a review's rotation; returns the table.
pub fn rotate(
    conn: &mut diesel::SqliteConnection,
    postbox: &crate::mail::Postbox,
    month: &str,
    seed: Option<u64>,
    dry_run: bool,
    confirm: bool,
    now: chrono::NaiveDateTime,
) -> Result<String, crate::error::AppError> {
    use crate::error::AppError;
    use crate::models::{Member, Review};
    use crate::services::reviews;

    let month = reviews::month(month)?;
    let review = Review::find_by_month(conn, &month.to_string())?
        .ok_or_else(|| AppError::NotFound(format!("there is no review for {month}; schedule it first (on /reviews or POST /api/v1/reviews)")))?;
    let manager = match review.presenting_manager_id {
        Some(id) => Member::find(conn, id)?,
        None => Member::list_active(conn)?
            .into_iter()
            .find(Member::is_manager)
            .ok_or_else(|| AppError::conflict(None, "there is no active manager"))?,
    };
    let actor = crate::auth::CurrentUser {
        member: manager,
        method: crate::auth::AuthMethod::Token,
    };
    let seed = seed.unwrap_or_else(|| rand::RngCore::next_u64(&mut rand::rngs::OsRng) >> 1);
    let ctx = review_context::context(conn, review)?;
    let names: std::collections::HashMap<i32, String> = ctx
        .members
        .values()
        .map(|m| (m.id, m.name.clone()))
        .collect();
    let rows: Vec<(String, String, String, String)> = if dry_run {
        let mut ctx = ctx;
        ctx.manager_id = ctx.manager_id.or(Some(actor.id()));
        let placements = crate::domain::rotation::draw(&ctx.draw_input(seed))
            .map_err(|e| AppError::conflict(None, e.to_string()))?;
        ctx.metrics
            .iter()
            .filter_map(|m| {
                let p = placements.iter().find(|p| p.metric_id == m.id)?;
                Some((
                    m.name.clone(),
                    m.owner_id
                        .and_then(|o| names.get(&o).cloned())
                        .unwrap_or_default(),
                    names.get(&p.presenter_id).cloned().unwrap_or_default(),
                    p.reason.clone(),
                ))
            })
            .collect()
    } else {
        let metric_names: std::collections::HashMap<i32, String> =
            ctx.metrics.iter().map(|m| (m.id, m.name.clone())).collect();
        let (_, assignments) = draws::draw(conn, postbox, &actor, month, Some(seed), confirm, now)?;
        assignments
            .into_iter()
            .map(|a| {
                (
                    metric_names.get(&a.metric_id).cloned().unwrap_or_default(),
                    a.owner_id
                        .and_then(|o| names.get(&o).cloned())
                        .unwrap_or_default(),
                    names.get(&a.presenter_id).cloned().unwrap_or_default(),
                    a.reason,
                )
            })
            .collect()
    };
    let width = |pick: fn(&(String, String, String, String)) -> &String, title: &str| {
        rows.iter()
            .map(|r| pick(r).chars().count())
            .max()
            .unwrap_or(0)
            .max(title.len())
    };
    let (w1, w2, w3) = (
        width(|r| &r.0, "METRIC"),
        width(|r| &r.1, "OWNER"),
        width(|r| &r.2, "PRESENTER"),
    );
    let mut out = format!(
        "{:w1$}  {:w2$}  {:w3$}  WHY\n",
        "METRIC", "OWNER", "PRESENTER"
    );
    for (metric, owner, presenter, reason) in &rows {
        out.push_str(&format!(
            "{metric:w1$}  {owner:w2$}  {presenter:w3$}  {reason}\n"
        ));
    }
    out.push_str(&format!(
        "{} the {month} rotation with seed {seed}\n",
        if dry_run {
            "Dry run (nothing stored) of"
        } else {
            "Stored"
        }
    ));
    Ok(out)
}

/// What the command line needs to queue mail without the server: the email templates,
/// the public URL for links, and the key that signs them.
struct OfflineMail {
    tera: tera::Tera,
    base_url: String,
    links: crate::secrets::links::LinkKey,
    password_login: bool,
    language: crate::i18n::Lang,
}

impl OfflineMail {
    fn new(settings: &Settings) -> anyhow::Result<Self> {
        Ok(Self {
            tera: crate::views::templates::load()?,
            base_url: crate::config::effective_base_url(
                settings.base_url.as_deref(),
                settings.bind,
            ),
            links: crate::secrets::links::LinkKey::derive(&settings.load_secret_key()?),
            password_login: settings.password_login,
            language: settings.language,
        })
    }

    fn postbox(&self) -> crate::mail::Postbox<'_> {
        crate::mail::Postbox {
            tera: &self.tera,
            base_url: &self.base_url,
            links: &self.links,
            password_login: self.password_login,
            language: self.language,
        }
    }
}
