//! Loopback load run: requests/second of the emulator (signature checking on) for
//! GetStreamSession and CreateStreamSessionConnection, beside a bare hyper "hello" server, all
//! measured with the same tool (`wrk`) in the same run.
//!
//! The servers share one tokio worker thread by default; `wrk` gets one thread (the machine has
//! 2 cores).
//! Requests are signed ahead of time and replayed from a pool by a generated Lua script; the
//! CreateStreamSessionConnection pool holds a fresh offer and ClientToken per request, sized so
//! (almost) every request creates a new connection. The run reports how many did.
//!
//! Usage: `cargo run --release -p gls-benches --bin load [-- SECONDS CONNECTIONS WORKERS]`
//! (defaults 5 s, 32 connections, 1 worker thread).

use std::process::Command;

use gls_benches::{
    BenchEmulator, Prepared, create_connection, get_stream_session, signed, start_hello_server,
};

/// The allocator the `gls-emulator` binary ships with, for both servers alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SESSIONS: u32 = 64;

struct Outcome {
    requests_per_second: f64,
    requests: u64,
    non_2xx: u64,
}

/// Writes the raw HTTP/1.1 bytes of `pool` to a file, NUL-separated, and a wrk script that
/// loads them at start and sends them round-robin. Returns (script, data file).
fn lua_script(pool: &[Prepared]) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir();
    let data_path = dir.join(format!(
        "gls-load-{}-{}.bin",
        std::process::id(),
        pool.len()
    ));
    let mut data = Vec::new();
    for request in pool {
        data.extend_from_slice(&request.to_wire());
        data.push(0);
    }
    std::fs::write(&data_path, data).expect("write the request pool");
    let lua = format!(
        concat!(
            "local raw = {{}}\n",
            "local f = assert(io.open([==[{}]==], \"rb\"))\n",
            "local data = f:read(\"*a\")\n",
            "f:close()\n",
            "for r in string.gmatch(data, \"([^%z]+)\") do raw[#raw + 1] = r end\n",
            "data = nil\n",
            "local i = 0\n",
            "request = function()\n  i = i % #raw + 1\n  return raw[i]\nend\n",
        ),
        data_path.display()
    );
    let script_path = dir.join(format!(
        "gls-load-{}-{}.lua",
        std::process::id(),
        pool.len()
    ));
    std::fs::write(&script_path, lua).expect("write the wrk script");
    (script_path, data_path)
}

fn wrk(url: &str, script: &std::path::Path, seconds: u32, connections: u32) -> Outcome {
    let output = Command::new("wrk")
        .args([
            "-t1",
            &format!("-c{connections}"),
            &format!("-d{seconds}s"),
            "-s",
        ])
        .arg(script)
        .arg(url)
        .output()
        .expect("wrk runs (install it: apt-get install wrk)");
    let text = String::from_utf8_lossy(&output.stdout);
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && errors.trim().is_empty(),
        "wrk failed: {text}{errors}"
    );
    let number_after = |label: &str| -> Option<f64> {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(label))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
    };
    let requests = text
        .lines()
        .find(|l| l.contains("requests in"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    Outcome {
        requests_per_second: number_after("Requests/sec:").expect("wrk reports Requests/sec"),
        requests,
        non_2xx: number_after("Non-2xx or 3xx responses:").map_or(0, |n| n as u64),
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let connections: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(32);
    let workers: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .expect("runtime");
    let bench = runtime.block_on(BenchEmulator::start(SESSIONS));
    let hello = runtime.block_on(start_hello_server());
    let endpoint = bench.endpoint.clone();

    let hello_url = format!("http://{hello}");
    let run = |url: &str, script: &std::path::Path| wrk(url, script, seconds, connections);

    // The classic baseline: a tiny GET to the hello server.
    let tiny_script = lua_script(&[signed("GET", &hello_url, "/", "")]);
    let tiny = run(&hello_url, &tiny_script.0);

    // Each workload's exact request bytes go to the hello server, then to the emulator, so the
    // load tool does the same work on both sides and the ratio is the servers' difference.
    let gets: Vec<_> = bench
        .sessions
        .iter()
        .map(|s| get_stream_session(&endpoint, &bench.group, s))
        .collect();
    let get_script = lua_script(&gets);
    let get_hello = run(&hello_url, &get_script.0);
    let get_emulator = run(&endpoint, &get_script.0);
    assert_eq!(
        get_emulator.non_2xx, 0,
        "GetStreamSession answered errors under load"
    );

    // Size the pool from the GET rate so nearly every CreateStreamSessionConnection is new.
    let pool_size =
        ((get_emulator.requests_per_second * f64::from(seconds)) * 1.2).min(400_000.0) as u64;
    let creates: Vec<_> = (0..pool_size)
        .map(|n| {
            let session = &bench.sessions[(n % u64::from(SESSIONS)) as usize];
            create_connection(&endpoint, &bench.group, session, n)
        })
        .collect();
    let create_script = lua_script(&creates);
    drop(creates);
    let create_hello = run(&hello_url, &create_script.0);
    let create_emulator = run(&endpoint, &create_script.0);
    assert_eq!(
        create_emulator.non_2xx, 0,
        "CreateStreamSessionConnection answered errors under load"
    );
    let new_connections: usize = bench
        .sessions
        .iter()
        .map(|s| bench.emulator.connections(s).expect("session").len() - 1)
        .sum();

    println!(
        "| workload (same request bytes to both servers) | hello requests/s | emulator requests/s | emulator / hello |"
    );
    println!("|---|---:|---:|---:|");
    println!(
        "| tiny `GET /` (classic hello baseline) | {:.0} | | |",
        tiny.requests_per_second
    );
    for (name, hello_run, emulator_run) in [
        ("GetStreamSession, SigV4 checked", &get_hello, &get_emulator),
        (
            "CreateStreamSessionConnection, SigV4 checked, fresh offer each",
            &create_hello,
            &create_emulator,
        ),
    ] {
        println!(
            "| {name} | {:.0} | {:.0} | {:.2} |",
            hello_run.requests_per_second,
            emulator_run.requests_per_second,
            emulator_run.requests_per_second / hello_run.requests_per_second
        );
    }
    let replays = create_emulator
        .requests
        .saturating_sub(new_connections as u64);
    println!(
        "\nwrk -t1 -c{connections} -d{seconds}s; servers on {workers} tokio worker thread(s); \
         {SESSIONS} sessions. CreateStreamSessionConnection: {} answers in the window, \
         {new_connections} new connections recorded, so at most {replays} idempotent replays \
         (pool of {pool_size} distinct requests).",
        create_emulator.requests
    );
    for (script, data) in [tiny_script, get_script, create_script] {
        let _ = std::fs::remove_file(script);
        let _ = std::fs::remove_file(data);
    }
}
