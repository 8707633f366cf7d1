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

use std::fmt::Write as _;
use std::process::Command;

use gls_benches::{
    BenchEmulator, Prepared, create_connection, get_stream_session, signed, start_hello_server,
};
use http_body_util::BodyExt;

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
fn lua_script(
    pool: &[Prepared],
    runtime: &tokio::runtime::Runtime,
) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir();
    let data_path = dir.join(format!(
        "gls-load-{}-{}.bin",
        std::process::id(),
        pool.len()
    ));
    let mut data = Vec::new();
    for request in pool {
        let body = runtime
            .block_on(request.body().clone().collect())
            .expect("in-memory body")
            .to_bytes();
        let mut head = format!("{} {} HTTP/1.1\r\n", request.method(), request.uri());
        for (name, value) in request.headers() {
            let value = value.to_str().expect("ASCII header");
            let _ = write!(head, "{name}: {value}\r\n");
        }
        let _ = write!(head, "content-length: {}\r\n\r\n", body.len());
        data.extend_from_slice(head.as_bytes());
        data.extend_from_slice(&body);
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
            "local reported = false\n",
            "response = function(status, headers, body)\n",
            "  if status >= 300 and not reported then\n",
            "    reported = true\n",
            "    io.write(\"first error answer: \", status, \" \", body, \"\\n\")\n",
            "  end\n",
            "end\n",
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
    if let Some(line) = text.lines().find(|l| l.starts_with("first error answer")) {
        eprintln!("{url}: {line}");
    }
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

    let gets: Vec<_> = bench
        .sessions
        .iter()
        .map(|s| get_stream_session(&endpoint, &bench.group, s))
        .collect();
    let get_script = lua_script(&gets, &runtime);
    let hello_url = format!("http://{hello}");
    let hello_script = lua_script(&[signed("GET", &hello_url, "/", "")], &runtime);

    let hello_run = wrk(&hello_url, &hello_script.0, seconds, connections);
    let get_run = wrk(&endpoint, &get_script.0, seconds, connections);
    assert_eq!(
        get_run.non_2xx, 0,
        "GetStreamSession answered errors under load"
    );

    // Size the pool from the GET rate so nearly every CreateStreamSessionConnection is new.
    let pool_size =
        ((get_run.requests_per_second * f64::from(seconds)) * 1.2).min(400_000.0) as u64;
    let creates: Vec<_> = (0..pool_size)
        .map(|n| {
            let session = &bench.sessions[(n % u64::from(SESSIONS)) as usize];
            create_connection(&endpoint, &bench.group, session, n)
        })
        .collect();
    let create_script = lua_script(&creates, &runtime);
    drop(creates);
    let create_run = wrk(&endpoint, &create_script.0, seconds, connections);
    assert_eq!(
        create_run.non_2xx, 0,
        "CreateStreamSessionConnection answered errors under load"
    );
    let new_connections: usize = bench
        .sessions
        .iter()
        .map(|s| bench.emulator.connections(s).expect("session").len() - 1)
        .sum();

    let ratio = |r: f64| r / hello_run.requests_per_second;
    println!("| server | requests/s | of hello | requests |");
    println!("|---|---:|---:|---:|");
    println!(
        "| bare hyper hello | {:.0} | 1.00 | {} |",
        hello_run.requests_per_second, hello_run.requests
    );
    println!(
        "| emulator GetStreamSession (SigV4 checked) | {:.0} | {:.2} | {} |",
        get_run.requests_per_second,
        ratio(get_run.requests_per_second),
        get_run.requests
    );
    println!(
        "| emulator CreateStreamSessionConnection (SigV4 checked) | {:.0} | {:.2} | {} ({new_connections} new connections) |",
        create_run.requests_per_second,
        ratio(create_run.requests_per_second),
        create_run.requests
    );
    println!(
        "\nwrk -t1 -c{connections} -d{seconds}s; servers on {workers} tokio worker thread(s); {SESSIONS} sessions."
    );
    for (script, data) in [get_script, hello_script, create_script] {
        let _ = std::fs::remove_file(script);
        let _ = std::fs::remove_file(data);
    }
}
