// The reconnect story from C++ through the RAII wrapper, in manual dispatch from a simulated
// game loop. Builds with -fno-exceptions -fno-rtti. Build: see README.md ("C and C++").
#define GLS_FEATURE_EMULATOR 1
#include "gls_reconnect.hpp"

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>

namespace {

const auto t0 = std::chrono::steady_clock::now();

double ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// Runs 16 ms frames, dispatching completions, until `done` holds a final completion.
bool frames_until(const gls::Client &client, const std::optional<gls::Completion> &done) {
    for (int frame = 0; frame < 600 && !done; frame++) {
        client.dispatch();
        std::this_thread::sleep_for(std::chrono::milliseconds(16));
    }
    if (!done || !done->ok()) {
        std::fprintf(stderr, "request failed: %s\n", done ? done->error_message.c_str() : "timeout");
        return false;
    }
    return true;
}

}  // namespace

int main() {
    gls_emulator *emulator = nullptr;
    if (gls_emulator_start(0, &emulator) != GLS_OK) {
        std::fprintf(stderr, "emulator: %s\n", gls::last_error().c_str());
        return 1;
    }
    const std::string endpoint = gls::to_string(gls_emulator_endpoint(emulator));
    std::printf("[%8.1f ms] emulator at %s\n", ms(), endpoint.c_str());
    {
        gls::Options options;
        options.region = "us-west-2";
        options.endpoint_url = endpoint;
        options.access_key_id = "test";
        options.secret_access_key = "test";
        gls::Client client = gls::Client::create(options);
        if (!client) {
            std::fprintf(stderr, "client: %s\n", gls::last_error().c_str());
            return 1;
        }

        std::optional<gls::Completion> started;
        gls_start_params start{};
        start.stream_group = gls_emulator_stream_group(emulator);
        start.application = gls_emulator_application(emulator);
        start.signal_request = gls::to_c(R"({"type":"offer","sdp":"v=0 first offer"})");
        start.connection_timeout_s = 120;
        start.wait_for_active_ms = 10000;
        client.start(start, [&](const gls::Completion &c) { started = c; });
        if (!frames_until(client, started)) return 1;
        const std::string arn = started->session_arn;
        std::printf("[%8.1f ms] session %s is %s\n", ms(), arn.c_str(), started->status.c_str());

        gls_emulator_client(emulator, gls::to_c(arn), 1);
        std::printf("[%8.1f ms] client connected\n", ms());
        gls_emulator_client(emulator, gls::to_c(arn), 0);
        std::printf("[%8.1f ms] network drop\n", ms());

        std::optional<gls::Completion> reconnected;
        const double before = ms();
        client.reconnect({}, arn, R"({"type":"offer","sdp":"v=0 offer after the drop"})",
                         [&](const gls::Completion &c) { reconnected = c; });
        if (!frames_until(client, reconnected)) return 1;
        std::printf("[%8.1f ms] reconnected in %.1f ms (%u attempt), answer of %zu bytes\n", ms(),
                    ms() - before, reconnected->attempts, reconnected->signal_response.size());

        std::optional<gls::Completion> ended;
        client.terminate({}, arn, [&](const gls::Completion &c) { ended = c; });
        if (!frames_until(client, ended)) return 1;
        std::printf("[%8.1f ms] session terminated\n", ms());
    }  // the client is freed here
    gls_emulator_stop(emulator);
    gls_runtime_shutdown(5000);
    return 0;
}
