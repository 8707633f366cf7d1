// Tests of the C++17 wrapper (include/gls_reconnect.hpp), built with -fno-exceptions -fno-rtti:
// RAII and moves, callables of every kind, refused calls free their callback, value results.
#define GLS_FEATURE_EMULATOR 1
#include "gls_reconnect.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <thread>

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (!(cond)) {                                                              \
            std::fprintf(stderr, "FAIL %s:%d: %s (%s)\n", __FILE__, __LINE__, #cond, \
                         gls::last_error().c_str());                                \
            std::exit(1);                                                           \
        }                                                                           \
    } while (0)

static void pump(const gls::Client &client, const std::optional<gls::Completion> &done) {
    for (int i = 0; i < 5000 && !done; i++) {
        client.dispatch();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    CHECK(done.has_value());
}

struct Counter {  // a callable object, counted to prove the wrapper frees it exactly once
    static std::atomic<int> alive;
    std::optional<gls::Completion> *out;
    explicit Counter(std::optional<gls::Completion> *o) : out(o) { alive++; }
    Counter(const Counter &other) : out(other.out) { alive++; }
    ~Counter() { alive--; }
    void operator()(const gls::Completion &c) const { *out = c; }
};
std::atomic<int> Counter::alive{0};

int main() {
    gls_emulator *emulator = nullptr;
    CHECK(gls_emulator_start(1, &emulator) == GLS_OK);
    const std::string endpoint = gls::to_string(gls_emulator_endpoint(emulator));
    {
        gls::Options options;
        options.region = "us-west-2";
        options.endpoint_url = endpoint;
        options.access_key_id = "test";
        options.secret_access_key = "test";

        gls_result result = GLS_OK;
        gls::Options bad = options;
        bad.endpoint_url = "not-a-url";
        gls::Client refused = gls::Client::create(bad, &result);
        CHECK(!refused && result == GLS_ERR_CONFIGURATION);
        CHECK(gls::result_name(result) == "GLS_ERR_CONFIGURATION");

        gls::Client first = gls::Client::create(options);
        CHECK(first);
        gls::Client client = std::move(first);  // move-only RAII
        CHECK(client && !first);

        std::optional<gls::Completion> started;
        gls_start_params start{};
        start.stream_group = gls_emulator_stream_group(emulator);
        start.application = gls_emulator_application(emulator);
        start.signal_request = gls::to_c(R"({"sdp":"wrapper start"})");
        CHECK(client.start(start, Counter(&started)) == GLS_OK);
        pump(client, started);
        CHECK(started->ok() && !started->session_arn.empty());
        CHECK(Counter::alive == 0);  // freed after the final completion
        const std::string arn = started->session_arn;
        CHECK(gls_emulator_advance_clock(emulator, 1) == GLS_OK);

        // A refused call frees its callback at once and produces no completion.
        std::optional<gls::Completion> never;
        CHECK(client.reconnect({}, "bad id!", "{}", Counter(&never)) == GLS_ERR_INVALID_INPUT);
        CHECK(Counter::alive == 0 && !never);

        std::optional<gls::Completion> done;
        std::uint64_t id = 0;
        auto lambda = [&done](const gls::Completion &c) { done = c; };
        CHECK(client.reconnect({}, arn, R"({"sdp":"wrapper reconnect"})", lambda, &id) == GLS_OK);
        CHECK(id != 0);
        pump(client, done);
        CHECK(done->ok() && done->attempts == 1 && done->signal_response.find("answer") != std::string::npos);

        std::optional<gls::Completion> got;
        CHECK(client.get({}, arn, [&](const gls::Completion &c) { got = c; }) == GLS_OK);
        pump(client, got);
        CHECK(got->status == "RECONNECTING");

        // A request still in flight when the client goes out of scope completes, cancelled.
        auto watched = std::make_shared<std::optional<gls::Completion>>();
        CHECK(client.watch({}, arn, [watched](const gls::Completion &c) { if (c.is_final) *watched = c; }) == GLS_OK);
        client = gls::Client();  // frees the old client: its watch gets GLS_ERR_CANCELLED now
        CHECK(watched->has_value() && (*watched)->code == GLS_ERR_CANCELLED);
    }
    gls_emulator_stop(emulator);
    CHECK(gls_runtime_shutdown(5000) == GLS_OK);
    std::printf("1 passed, 0 failed\n");
    return 0;
}
