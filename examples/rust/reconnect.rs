//! Reconnects a dropped GameLift Streams session and prints the status timeline.
//!
//! With no flags it runs the whole story offline: it starts the emulator in-process, starts a
//! session, connects a (simulated) WebRTC client, drops it, reconnects with a fresh offer, and
//! connects again. With `--session` it reconnects a real session on AWS with the offer in
//! `--offer-file`, printing the answer on standard output.
//!
//! `RUST_LOG=gls_core=debug` shows every attempt and decision.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Parser;
use futures_util::StreamExt;
use gls_core::{
    Client, CredentialsSource, ReconnectOptions, SessionStatus, SessionTarget, SignalRequest,
    StartSession, StreamGroupId, StreamSessionId, WatchOptions,
};
use gls_emulator::{Emulator, EmulatorConfig, Timings};

/// Reconnect a GameLift Streams stream session (offline against the emulator by default).
#[derive(Debug, Parser)]
#[command(about)]
struct Args {
    /// Service endpoint (default: the in-process emulator, or AWS with --session).
    #[arg(long)]
    endpoint: Option<String>,
    /// Region (default: the emulator's, or AWS_REGION with --session).
    #[arg(long)]
    region: Option<String>,
    /// Stream group ID or ARN (needed with a session ID; a session ARN names its group).
    #[arg(long)]
    stream_group: Option<String>,
    /// The session to reconnect (ID or ARN). Without it, the whole story runs on the emulator.
    #[arg(long)]
    session: Option<String>,
    /// File holding the client's new WebRTC offer (required with --session).
    #[arg(long)]
    offer_file: Option<PathBuf>,
    /// Named AWS profile for credentials (default: the default credential chain).
    #[arg(long)]
    profile: Option<String>,
}

/// Prints a line of the timeline with the time since `start`.
fn say(start: Instant, text: impl std::fmt::Display) {
    eprintln!(
        "[{:>8.1} ms] {text}",
        start.elapsed().as_secs_f64() * 1000.0
    );
}

fn offer(tag: &str) -> SignalRequest {
    SignalRequest::new(format!(
        r#"{{"type":"offer","sdp":"v=0\r\no=- {tag} 2 IN IP4 127.0.0.1\r\ns=-\r\n","webSdkVersion":"1.2.0"}}"#
    ))
    .expect("a valid offer")
}

/// Reads the watcher's changes, printing each, until the session reaches `wanted`.
async fn wait_for(
    timeline: &mut (impl futures_util::Stream<Item = gls_core::Result<gls_core::StatusChange>> + Unpin),
    start: Instant,
    wanted: SessionStatus,
) -> gls_core::Result<()> {
    while let Some(change) = timeline.next().await {
        let change = change?;
        say(start, format_args!("status {}", change.status));
        if change.status == wanted {
            return Ok(());
        }
    }
    Err(gls_core::Error::new(
        gls_core::ErrorKind::SessionEnded,
        format!("the session ended before it was {wanted}"),
    ))
}

/// The whole story against an in-process emulator.
async fn offline(start: Instant) -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start(EmulatorConfig {
        timings: Timings {
            session_activation: Duration::from_millis(300),
            reconnection: Duration::from_millis(200),
            ..Timings::default()
        },
        ..EmulatorConfig::ephemeral()
    })
    .await?;
    let info = emulator.info();
    say(
        start,
        format_args!("emulator listening on {}", info.endpoint),
    );
    let client = Client::builder()
        .region(&info.region)
        .endpoint_url(&info.endpoint)
        .static_credentials("test", "test")
        .build()?;

    let mut request = StartSession::new(
        StreamGroupId::new(info.defaults.stream_group_id.clone())?,
        info.defaults.application_id.clone(),
        offer("first"),
    );
    request.connection_timeout = Some(Duration::from_secs(120));
    let started = client.start_session(request).await?;
    let target = started.info.target()?;
    say(
        start,
        format_args!("started {} ({})", started.info.arn, started.info.status),
    );

    let mut timeline = Box::pin(client.watch(
        target.clone(),
        WatchOptions {
            min_interval: Duration::from_millis(20),
            max_interval: Duration::from_millis(100),
            cancel: None,
        },
    ));
    let session = target.session().as_str().to_owned();
    wait_for(&mut timeline, start, SessionStatus::Active).await?;
    emulator.connect(&session)?;
    say(start, "client connected");
    wait_for(&mut timeline, start, SessionStatus::Connected).await?;
    emulator.disconnect(&session)?;
    say(start, "network drop: the client lost its connection");
    wait_for(
        &mut timeline,
        start,
        SessionStatus::PendingClientReconnection,
    )
    .await?;

    let reconnect_started = Instant::now();
    let done = client
        .reconnect(&target, offer("after-drop"), ReconnectOptions::default())
        .await?;
    say(
        start,
        format_args!(
            "reconnected in {:.1} ms, {} attempt(s), answer of {} bytes, request id {}",
            reconnect_started.elapsed().as_secs_f64() * 1000.0,
            done.attempts,
            done.signal_response.as_str().len(),
            done.request_id.as_deref().unwrap_or("-")
        ),
    );
    wait_for(&mut timeline, start, SessionStatus::Active).await?;
    emulator.connect(&session)?;
    say(start, "client connected again with the new answer");
    wait_for(&mut timeline, start, SessionStatus::Connected).await?;
    client.terminate_session(&target).await?;
    say(start, "session terminated");
    emulator.shutdown().await;
    Ok(())
}

/// Reconnects a real session with the offer in a file; prints the answer on standard output.
async fn against_aws(args: Args, start: Instant) -> Result<(), Box<dyn std::error::Error>> {
    let session = StreamSessionId::new(args.session.unwrap_or_default())?;
    let target = match &args.stream_group {
        Some(group) => SessionTarget::new(StreamGroupId::new(group.clone())?, session)?,
        None => SessionTarget::from_session(session)?,
    };
    let path = args
        .offer_file
        .ok_or("--offer-file is required with --session: the client's new WebRTC offer")?;
    let signal = SignalRequest::new(std::fs::read_to_string(&path)?)?;
    let mut builder = Client::builder();
    if let Some(region) = args.region.or_else(|| target.region().map(str::to_owned)) {
        builder = builder.region(region);
    }
    if let Some(endpoint) = args.endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    if let Some(profile) = args.profile {
        builder = builder.credentials(CredentialsSource::Profile(profile));
    }
    let client = builder.build()?;
    let before = client.get_session(&target).await?;
    say(start, format_args!("{} is {}", before.arn, before.status));
    let done = client
        .reconnect(&target, signal, ReconnectOptions::default())
        .await?;
    say(
        start,
        format_args!(
            "reconnected: {} attempt(s), request id {}",
            done.attempts,
            done.request_id.as_deref().unwrap_or("-")
        ),
    );
    println!("{}", done.signal_response.as_str());
    Ok(())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let start = Instant::now();
    let outcome = if args.session.is_some() {
        against_aws(args, start).await
    } else {
        offline(start).await
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("reconnect failed: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
