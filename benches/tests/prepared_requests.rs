//! The benchmarks' pre-signed requests are accepted by the emulator: a benchmark of error
//! answers would measure the wrong thing.

use gls_benches::{BenchEmulator, KeepAlive, create_connection, get_stream_session};

#[tokio::test]
async fn prepared_requests_succeed_and_each_create_is_a_new_connection() {
    let bench = BenchEmulator::start(2).await;
    let mut client = KeepAlive::connect(bench.emulator.local_addr()).await;
    for n in 0..4 {
        let session = &bench.sessions[n as usize % 2];
        let (status, body) = client
            .send(&create_connection(
                &bench.endpoint,
                &bench.group,
                session,
                n,
            ))
            .await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    }
    let (status, _) = client
        .send(&get_stream_session(
            &bench.endpoint,
            &bench.group,
            &bench.sessions[0],
        ))
        .await;
    assert_eq!(status, 200);
    for session in &bench.sessions {
        assert_eq!(bench.emulator.connections(session).unwrap().len(), 3);
    }
}
