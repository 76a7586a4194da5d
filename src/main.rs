use clap::Parser;
use tracing_subscriber::EnvFilter;

use kpi_rotation::cli::{self, Cli, Command};
use kpi_rotation::startup::Application;

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let serving = matches!(cli.command, None | Some(Command::Serve));
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("KPI_LOG")
                .unwrap_or_else(|_| EnvFilter::new(if serving { "info" } else { "warn" })),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = cli.settings()?;
    match &cli.command {
        None | Some(Command::Serve) => {
            let app = Application::build(settings).await?;
            tracing::info!(
                "kpi-rotation is listening on {} (port {})",
                app.base_url(),
                app.port()
            );
            println!("kpi-rotation is running at {}", app.base_url());
            app.run_until_stopped().await?;
            Ok(())
        }
        Some(command) => cli::run_command(command, &settings).await,
    }
}
