//! `gls-emulator`: runs the GameLift Streams emulator until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;
use gls_emulator::{ClockMode, Emulator, EmulatorConfig, KeyPair, Timings};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A local Amazon GameLift Streams control-plane emulator.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:4570")]
    listen: SocketAddr,
    /// Region of the default application and stream group.
    #[arg(long, default_value = "us-west-2")]
    region: String,
    /// Account ID used in ARNs.
    #[arg(long, default_value = "123456789012")]
    account: String,
    /// Accepted key pair as ACCESS_KEY_ID:SECRET_ACCESS_KEY (repeatable; default test:test).
    #[arg(long = "key", value_parser = parse_key_pair)]
    keys: Vec<KeyPair>,
    /// Seconds from StartStreamSession to ACTIVE.
    #[arg(long, default_value_t = 1.0)]
    activation_delay: f64,
    /// Seconds from RECONNECTING to ACTIVE.
    #[arg(long, default_value_t = 1.0)]
    reconnection_delay: f64,
    /// Seconds from TERMINATING to TERMINATED.
    #[arg(long, default_value_t = 1.0)]
    termination_delay: f64,
    /// Seconds a session waits for capacity before ERROR (placementTimeout).
    #[arg(long, default_value_t = 75.0)]
    placement_timeout: f64,
    /// Session capacity of the default stream group.
    #[arg(long, default_value_t = 10)]
    capacity: u32,
    /// Time stands still until advanced with POST /_emulator/clock/advance.
    #[arg(long)]
    manual_clock: bool,
}

fn parse_key_pair(text: &str) -> Result<KeyPair, String> {
    let (access, secret) = text
        .split_once(':')
        .filter(|(a, s)| !a.is_empty() && !s.is_empty())
        .ok_or_else(|| "expected ACCESS_KEY_ID:SECRET_ACCESS_KEY".to_owned())?;
    Ok(KeyPair::new(access, secret))
}

fn seconds(name: &str, value: f64) -> Result<Duration, String> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| format!("--{name} must be a number of seconds >= 0"))
}

fn config(args: Args) -> Result<EmulatorConfig, String> {
    let defaults = EmulatorConfig::default();
    Ok(EmulatorConfig {
        listen: args.listen,
        region: args.region,
        account: args.account,
        key_pairs: if args.keys.is_empty() {
            defaults.key_pairs
        } else {
            args.keys
        },
        clock: if args.manual_clock {
            ClockMode::Manual
        } else {
            ClockMode::Realtime
        },
        timings: Timings {
            session_activation: seconds("activation-delay", args.activation_delay)?,
            reconnection: seconds("reconnection-delay", args.reconnection_delay)?,
            termination: seconds("termination-delay", args.termination_delay)?,
            placement_timeout: seconds("placement-timeout", args.placement_timeout)?,
            ..Timings::default()
        },
        default_capacity: args.capacity,
        max_clock_skew: defaults.max_clock_skew,
    })
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "gls_emulator=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let config = match config(Args::parse()) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("gls-emulator: {message}");
            return std::process::ExitCode::from(2);
        }
    };
    let emulator = match Emulator::start(config.clone()).await {
        Ok(emulator) => emulator,
        Err(e) => {
            eprintln!("gls-emulator: cannot listen on {}: {e}", config.listen);
            return std::process::ExitCode::FAILURE;
        }
    };
    let info = emulator.info();
    println!("gls-emulator listening");
    println!("  endpoint:       {}", info.endpoint);
    println!("  region:         {}", info.region);
    println!("  account:        {}", info.account);
    for key in &info.credentials {
        println!(
            "  credentials:    AWS_ACCESS_KEY_ID={} AWS_SECRET_ACCESS_KEY={}",
            key.access_key_id, key.secret_access_key
        );
    }
    println!(
        "  stream group:   {} ({})",
        info.defaults.stream_group_id, info.defaults.stream_group_arn
    );
    println!(
        "  application:    {} ({})",
        info.defaults.application_id, info.defaults.application_arn
    );
    println!("  clock:          {}", info.clock_mode);
    println!("  control API:    {}/_emulator/info", info.endpoint);
    stop_signal().await;
    eprintln!("gls-emulator: shutting down");
    emulator.shutdown().await;
    std::process::ExitCode::SUCCESS
}
