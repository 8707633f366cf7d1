/* The reconnect story from C, in manual dispatch from a simulated game loop: start the
 * in-process emulator, start a session, connect, drop, reconnect with a fresh offer, connect
 * again, and print the timeline. Build: see README.md ("C and C++"). */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#define GLS_FEATURE_EMULATOR 1
#include "gls_reconnect.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct timespec t0;

static double ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0.tv_sec) * 1e3 + (double)(t.tv_nsec - t0.tv_nsec) / 1e6;
}

static gls_str S(const char *text) {
    gls_str s = {text, strlen(text)};
    return s;
}

/* What the game keeps of a request: done flag, result, and the strings it needs. */
typedef struct {
    int done;
    gls_result code;
    char arn[256];
    char status[64];
    char answer[2048];
    char error[512];
    unsigned attempts;
} request;

static void keep(char *dst, size_t cap, gls_str s) {
    size_t n = s.len < cap - 1 ? s.len : cap - 1;
    memcpy(dst, s.ptr, n);
    dst[n] = 0;
}

/* Runs on the game thread, inside gls_client_dispatch. */
static void on_completion(const gls_completion *c) {
    request *r = (request *)c->user_data;
    keep(r->status, sizeof r->status, c->status);
    if (!c->is_final) {
        printf("[%8.1f ms] status %s\n", ms(), r->status);
        return;
    }
    r->code = (gls_result)c->code;
    keep(r->arn, sizeof r->arn, c->session_arn);
    keep(r->answer, sizeof r->answer, c->signal_response);
    keep(r->error, sizeof r->error, c->error_message);
    r->attempts = c->attempts;
    r->done = 1;
}

/* The game loop: one dispatch per 16 ms frame until the request is done. */
static int run_frames_until(gls_client *client, request *r) {
    for (int frame = 0; frame < 600 && !r->done; frame++) {
        gls_client_dispatch(client);
        usleep(16000);
    }
    if (!r->done || r->code != GLS_OK) {
        fprintf(stderr, "request failed: %s: %s\n", gls_result_name(r->code), r->error);
        return 0;
    }
    return 1;
}

int main(void) {
    clock_gettime(CLOCK_MONOTONIC, &t0);
    gls_emulator *emulator = NULL;
    if (gls_emulator_start(0, &emulator) != GLS_OK) {
        fprintf(stderr, "emulator: %.*s\n", (int)gls_last_error_message().len,
                gls_last_error_message().ptr);
        return 1;
    }
    gls_str endpoint = gls_emulator_endpoint(emulator);
    printf("[%8.1f ms] emulator at %.*s (library %s)\n", ms(), (int)endpoint.len, endpoint.ptr,
           gls_version());

    gls_client_options options;
    gls_client_options_default(&options);
    options.region = S("us-west-2");
    options.endpoint_url = endpoint;
    options.access_key_id = S("test");
    options.secret_access_key = S("test");
    gls_client *client = NULL;
    if (gls_client_new(&options, &client) != GLS_OK) {
        fprintf(stderr, "client: %.*s\n", (int)gls_last_error_message().len,
                gls_last_error_message().ptr);
        return 1;
    }

    request started = {0};
    gls_start_params start = {0};
    start.stream_group = gls_emulator_stream_group(emulator);
    start.application = gls_emulator_application(emulator);
    start.signal_request = S("{\"type\":\"offer\",\"sdp\":\"v=0 first offer\"}");
    start.connection_timeout_s = 120;
    start.wait_for_active_ms = 10000;
    gls_session_start(client, &start, on_completion, &started, NULL);
    if (!run_frames_until(client, &started)) return 1;
    printf("[%8.1f ms] session %s is %s\n", ms(), started.arn, started.status);

    gls_emulator_client(emulator, S(started.arn), 1);
    printf("[%8.1f ms] client connected\n", ms());
    gls_emulator_client(emulator, S(started.arn), 0);
    printf("[%8.1f ms] network drop\n", ms());

    request reconnected = {0};
    gls_reconnect_params params = {0};
    params.session = S(started.arn);
    params.signal_request = S("{\"type\":\"offer\",\"sdp\":\"v=0 offer after the drop\"}");
    double before = ms();
    gls_reconnect(client, &params, on_completion, &reconnected, NULL);
    if (!run_frames_until(client, &reconnected)) return 1;
    printf("[%8.1f ms] reconnected in %.1f ms (%u attempt), answer of %zu bytes\n", ms(),
           ms() - before, reconnected.attempts, strlen(reconnected.answer));

    request watched = {0};
    gls_watch_params watch = {S(""), S(started.arn), 10, 50};
    uint64_t watch_id = 0;
    gls_session_watch(client, &watch, on_completion, &watched, &watch_id);
    for (int frame = 0; frame < 300 && strcmp(watched.status, "ACTIVE") != 0; frame++) {
        gls_client_dispatch(client);
        usleep(16000);
    }
    gls_emulator_client(emulator, S(started.arn), 1);
    printf("[%8.1f ms] client connected again with the new answer\n", ms());
    gls_cancel(client, watch_id);
    for (int frame = 0; frame < 300 && !watched.done; frame++) { /* ends with GLS_ERR_CANCELLED */
        gls_client_dispatch(client);
        usleep(16000);
    }

    request ended = {0};
    gls_session_terminate(client, S(""), S(started.arn), on_completion, &ended, NULL);
    if (!run_frames_until(client, &ended)) return 1;
    printf("[%8.1f ms] session terminated\n", ms());

    gls_client_free(client);
    gls_emulator_stop(emulator);
    gls_runtime_shutdown(5000);
    return 0;
}
