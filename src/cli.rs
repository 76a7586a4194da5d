//! The command line of API.md. Each command that is not `serve` opens the database,
//! does one thing, and prints what a script needs.

use std::io::{BufRead, Write};

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::services::accounts;
use crate::{auth, db};

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
pub fn run_command(command: &Command, settings: &Settings) -> anyhow::Result<()> {
    match command {
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
                (hex::encode(auth::tokens::random_bytes(9)), true)
            };
            let pool = db::connect(&settings.database_url)?;
            let mut conn = pool.get()?;
            let member = accounts::create_manager(&mut conn, name, email, &password, db::now())
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
            let (_, secret) = accounts::create_api_token(&mut conn, member.id, name, db::now())
                .map_err(|e| anyhow::anyhow!("{}", e.public_message()))?;
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "API token for {} (shown once; send it as 'Authorization: Bearer <token>'):",
                member.email
            )?;
            writeln!(out, "{secret}")?;
        }
    }
    Ok(())
}
