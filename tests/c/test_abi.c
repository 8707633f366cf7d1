/* C tests of the gls-reconnect ABI against an in-process emulator (feature `emulator`).
 * Every function's NULL / invalid / oversized input; exactly-once completions under cancel,
 * free and dispatch races from several threads; callbacks that re-enter the library; both
 * dispatch modes; log routing; runtime shutdown. Exits non-zero on the first failed check.
 * GLS_TEST_ITERATIONS scales the race tests (lower it under valgrind). */
#define _GNU_SOURCE
#define GLS_FEATURE_EMULATOR 1
#include "gls_reconnect.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures = 0;
#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        if (!(cond)) {                                                          \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);     \
            fprintf(stderr, __VA_ARGS__);                                       \
            fprintf(stderr, "\n");                                              \
            failures++;                                                         \
            exit(1);                                                            \
        }                                                                       \
    } while (0)
#define CHECK_CODE(expr, want)                                                  \
    do {                                                                        \
        gls_result got_ = (expr);                                               \
        CHECK(got_ == (want), "got %s, want %s (%.*s)", gls_result_name(got_),  \
              gls_result_name(want), (int)gls_last_error_message().len,         \
              gls_last_error_message().ptr);                                    \
    } while (0)

static gls_str S(const char *text) {
    gls_str s = {text, text ? strlen(text) : 0};
    return s;
}

static gls_emulator *emulator;
static char session_arn[256];

/* ---------- a completion recorder ---------- */
typedef struct {
    atomic_int finals;
    atomic_int events;
    atomic_int code;
    uint32_t attempts;
    char arn[256];
    char answer[1024];
    char token[160];
    char error[512];
    char status[64];
    char reason[64];
} record;

static void copy(char *dst, size_t cap, gls_str s) {
    size_t n = s.len < cap - 1 ? s.len : cap - 1;
    memcpy(dst, s.ptr, n);
    dst[n] = 0;
}

static void on_completion(const gls_completion *c) {
    record *r = (record *)c->user_data;
    CHECK(c->signal_response.ptr && c->error_message.ptr && c->status.ptr && c->session_arn.ptr,
          "borrowed strings are never NULL");
    copy(r->status, sizeof r->status, c->status);
    copy(r->reason, sizeof r->reason, c->status_reason);
    if (!c->is_final) {
        atomic_fetch_add(&r->events, 1);
        return;
    }
    copy(r->arn, sizeof r->arn, c->session_arn);
    copy(r->answer, sizeof r->answer, c->signal_response);
    copy(r->token, sizeof r->token, c->client_token);
    copy(r->error, sizeof r->error, c->error_message);
    r->attempts = c->attempts;
    atomic_store(&r->code, (int)c->code);
    atomic_fetch_add(&r->finals, 1);
}

/* Pumps manual dispatch until `r` got its final completion (or fails after ~5 s). */
static void pump(gls_client *client, record *r) {
    for (int i = 0; i < 5000 && atomic_load(&r->finals) == 0; i++) {
        gls_client_dispatch(client);
        usleep(1000);
    }
    CHECK(atomic_load(&r->finals) == 1, "exactly one final completion, got %d",
          atomic_load(&r->finals));
}

static gls_client *new_client(uint32_t mode) {
    gls_client_options options;
    CHECK_CODE(gls_client_options_default(&options), GLS_OK);
    options.region = S("us-west-2");
    options.endpoint_url = gls_emulator_endpoint(emulator);
    options.access_key_id = S("test");
    options.secret_access_key = S("test");
    options.dispatch_mode = mode;
    gls_client *client = NULL;
    CHECK_CODE(gls_client_new(&options, &client), GLS_OK);
    CHECK(client != NULL, "client created");
    return client;
}

/* ---------- 1. NULL, invalid and oversized input ---------- */
static void test_invalid_input(void) {
    gls_client_options options;
    gls_client *client = (gls_client *)0x1;
    CHECK_CODE(gls_client_options_default(NULL), GLS_ERR_INVALID_INPUT);
    CHECK_CODE(gls_client_options_default(&options), GLS_OK);
    CHECK(options.api_version == GLS_ABI_VERSION, "api_version filled");
    CHECK(gls_abi_version() == GLS_ABI_VERSION, "header and library agree");
    CHECK(strlen(gls_version()) > 0, "version");
    CHECK(strcmp(gls_result_name(GLS_ERR_THROTTLED), "GLS_ERR_THROTTLED") == 0, "names");
    CHECK(strcmp(gls_result_name(9999), "GLS_ERR_UNKNOWN") == 0, "unknown name");

    CHECK_CODE(gls_client_new(NULL, &client), GLS_ERR_INVALID_INPUT);
    CHECK_CODE(gls_client_new(&options, NULL), GLS_ERR_INVALID_INPUT);
    CHECK(client == (gls_client *)0x1, "out untouched on failure");
    options.api_version = GLS_ABI_VERSION + 1;
    CHECK_CODE(gls_client_new(&options, &client), GLS_ERR_ABI_MISMATCH);
    CHECK(gls_last_error_message().len > 0, "a message explains");
    gls_client_options_default(&options);
    options.region = S("us-west-2");
    options.dispatch_mode = 7;
    CHECK_CODE(gls_client_new(&options, &client), GLS_ERR_INVALID_INPUT);
    options.dispatch_mode = GLS_DISPATCH_MANUAL;
    gls_str bad_utf8 = {"\xff\xfe", 2};
    options.region = bad_utf8;
    CHECK_CODE(gls_client_new(&options, &client), GLS_ERR_INVALID_INPUT);
    gls_str null_with_length = {NULL, 5};
    options.region = null_with_length;
    CHECK_CODE(gls_client_new(&options, &client), GLS_ERR_INVALID_INPUT);
    static char huge[8192];
    memset(huge, 'a', sizeof huge);
    gls_str oversized = {huge, sizeof huge};
    options.region = oversized;
    CHECK_CODE(gls_client_new(&options, &client), GLS_ERR_INVALID_INPUT);
    options.region = S("us-west-2");
    options.endpoint_url = S("localhost:1");
    CHECK_CODE(gls_client_new(&options, &client), GLS_ERR_CONFIGURATION);
    options.endpoint_url = S("");
    options.access_key_id = S("only-half");
    CHECK_CODE(gls_client_new(&options, &client), GLS_ERR_INVALID_INPUT);
    CHECK(client == (gls_client *)0x1, "out untouched on failure");

    client = new_client(GLS_DISPATCH_MANUAL);
    record r = {0};
    uint64_t id = 0;
    gls_reconnect_params params = {0};
    params.session = S(session_arn);
    params.signal_request = S("{\"type\":\"offer\"}");
    CHECK_CODE(gls_reconnect(NULL, &params, on_completion, &r, &id), GLS_ERR_INVALID_INPUT);
    CHECK_CODE(gls_reconnect(client, NULL, on_completion, &r, &id), GLS_ERR_INVALID_INPUT);
    CHECK_CODE(gls_reconnect(client, &params, NULL, &r, &id), GLS_ERR_INVALID_INPUT);
    params.session = S("");
    CHECK_CODE(gls_reconnect(client, &params, on_completion, &r, &id), GLS_ERR_INVALID_INPUT);
    params.session = S("bad id!");
    CHECK_CODE(gls_reconnect(client, &params, on_completion, &r, &id), GLS_ERR_INVALID_INPUT);
    params.session = S("sessionid");
    CHECK_CODE(gls_reconnect(client, &params, on_completion, &r, &id), GLS_ERR_INVALID_INPUT);
    params.session = S(session_arn);
    params.signal_request = S("");
    CHECK_CODE(gls_reconnect(client, &params, on_completion, &r, &id), GLS_ERR_INVALID_INPUT);
    params.signal_request = S("{\"type\":\"offer\"}");
    params.client_token = S("short");
    CHECK_CODE(gls_reconnect(client, &params, on_completion, &r, &id), GLS_ERR_INVALID_INPUT);
    params.client_token = bad_utf8;
    CHECK_CODE(gls_reconnect(client, &params, on_completion, &r, &id), GLS_ERR_INVALID_INPUT);
    CHECK(id == 0, "out_request_id untouched on failure");
    CHECK(atomic_load(&r.finals) == 0, "refused requests get no completion");

    CHECK_CODE(gls_session_get(NULL, S(""), S(session_arn), on_completion, &r, &id),
               GLS_ERR_INVALID_INPUT);
    CHECK_CODE(gls_session_get(client, S(""), S(session_arn), NULL, &r, &id),
               GLS_ERR_INVALID_INPUT);
    CHECK_CODE(gls_session_terminate(client, S("sg-1"), S(session_arn), on_completion, &r, &id),
               GLS_ERR_INVALID_INPUT); /* the ARN names another stream group */
    gls_watch_params bad_watch = {S(""), null_with_length, 0, 0};
    CHECK_CODE(gls_session_watch(client, &bad_watch, on_completion, &r, &id), GLS_ERR_INVALID_INPUT);
    CHECK_CODE(gls_session_watch(client, NULL, on_completion, &r, &id), GLS_ERR_INVALID_INPUT);
    CHECK_CODE(gls_session_start(client, NULL, on_completion, &r, &id), GLS_ERR_INVALID_INPUT);
    gls_start_params start = {0};
    start.stream_group = gls_emulator_stream_group(emulator);
    start.application = gls_emulator_application(emulator);
    start.signal_request = S("{}");
    start.connection_timeout_s = 4000;
    CHECK_CODE(gls_session_start(client, &start, on_completion, &r, &id), GLS_ERR_INVALID_INPUT);
    CHECK_CODE(gls_cancel(NULL, 1), GLS_ERR_INVALID_INPUT);
    CHECK_CODE(gls_cancel(client, 424242), GLS_ERR_NOT_FOUND);
    CHECK(gls_client_dispatch(NULL) == 0, "dispatch(NULL) is 0");
    CHECK(gls_client_dispatch(client) == 0, "nothing to dispatch");
    CHECK_CODE(gls_log_set_callback(NULL, 0, NULL), GLS_OK);
    CHECK_CODE(gls_emulator_client(NULL, S(session_arn), 1), GLS_ERR_INVALID_INPUT);
    CHECK_CODE(gls_emulator_start(0, NULL), GLS_ERR_INVALID_INPUT);
    gls_client_free(client);
    gls_client_free(NULL);
    gls_emulator_stop(NULL);

    /* A freed handle is caught, not undefined (ASan and valgrind watch this too). */
    CHECK_CODE(gls_session_get(client, S(""), S(session_arn), on_completion, &r, &id),
               GLS_ERR_INVALID_INPUT);
    CHECK(strstr(gls_last_error_message().ptr, "freed") != NULL, "the message says why: %.*s",
          (int)gls_last_error_message().len, gls_last_error_message().ptr);
    CHECK_CODE(gls_reconnect(client, &params, on_completion, &r, &id), GLS_ERR_INVALID_INPUT);
    CHECK_CODE(gls_cancel(client, 1), GLS_ERR_INVALID_INPUT);
    CHECK(gls_client_dispatch(client) == 0, "dispatch with a freed handle is 0");
    CHECK(gls_client_pending(client) == 0, "pending with a freed handle is 0");
    gls_client_free(client); /* a second free is a no-op */
    CHECK(atomic_load(&r.finals) == 0, "refused requests get no completion");
    printf("ok - invalid input\n");
}

/* ---------- 2. the reconnect story in manual dispatch (a simulated game loop) ---------- */
static void test_story(void) {
    gls_client *client = new_client(GLS_DISPATCH_MANUAL);
    record started = {0};
    gls_start_params start = {0};
    start.stream_group = gls_emulator_stream_group(emulator);
    start.application = gls_emulator_application(emulator);
    start.signal_request = S("{\"type\":\"offer\",\"sdp\":\"first\"}");
    start.connection_timeout_s = 120;
    uint64_t id = 0;
    CHECK_CODE(gls_session_start(client, &start, on_completion, &started, &id), GLS_OK);
    CHECK(id != 0, "request id written");
    pump(client, &started);
    CHECK(atomic_load(&started.code) == GLS_OK, "start: %s", started.error);
    CHECK(strcmp(started.status, "ACTIVATING") == 0, "status %s", started.status);
    CHECK(strstr(started.answer, "answer") != NULL, "the start's answer");
    strcpy(session_arn, started.arn);

    record watch = {0};
    uint64_t watch_id = 0;
    gls_watch_params watch_params = {S(""), S(session_arn), 2, 20};
    CHECK_CODE(gls_session_watch(client, &watch_params, on_completion, &watch, &watch_id), GLS_OK);
    CHECK_CODE(gls_emulator_advance_clock(emulator, 1), GLS_OK);
    CHECK_CODE(gls_emulator_client(emulator, S(session_arn), 1), GLS_OK);
    CHECK_CODE(gls_emulator_client(emulator, S(session_arn), 1), GLS_ERR_CONFLICT);
    CHECK_CODE(gls_emulator_client(emulator, S(session_arn), 0), GLS_OK);

    record got = {0};
    CHECK_CODE(gls_session_get(client, S(""), S(session_arn), on_completion, &got, NULL), GLS_OK);
    pump(client, &got);
    CHECK(strcmp(got.status, "PENDING_CLIENT_RECONNECTION") == 0, "status %s", got.status);

    record done = {0};
    gls_reconnect_params params = {0};
    params.session = S(session_arn);
    params.signal_request = S("{\"type\":\"offer\",\"sdp\":\"after the drop\"}");
    CHECK_CODE(gls_reconnect(client, &params, on_completion, &done, &id), GLS_OK);
    pump(client, &done);
    CHECK(atomic_load(&done.code) == GLS_OK, "reconnect: %s", done.error);
    CHECK(strstr(done.answer, "\"answer\"") != NULL, "answer %s", done.answer);
    CHECK(done.attempts == 1 && strlen(done.token) >= 32, "attempts %u", done.attempts);

    record again = {0};
    CHECK_CODE(gls_reconnect(client, &params, on_completion, &again, NULL), GLS_OK);
    pump(client, &again);
    CHECK(atomic_load(&again.code) == GLS_ERR_OFFER_REUSED, "got %s",
          gls_result_name((gls_result)atomic_load(&again.code)));

    record ended = {0};
    CHECK_CODE(gls_session_terminate(client, S(""), S(session_arn), on_completion, &ended, NULL),
               GLS_OK);
    pump(client, &ended);
    CHECK(atomic_load(&ended.code) == GLS_OK, "terminate: %s", ended.error);
    CHECK_CODE(gls_emulator_advance_clock(emulator, 1), GLS_OK);
    pump(client, &watch);
    CHECK(atomic_load(&watch.code) == GLS_OK, "watch ended: %s", watch.error);
    CHECK(strcmp(watch.status, "TERMINATED") == 0, "watch last status %s", watch.status);
    CHECK(atomic_load(&watch.events) >= 2, "watch events %d", atomic_load(&watch.events));
    gls_client_free(client);
    printf("ok - story in manual dispatch\n");
}

/* A fresh ACTIVE session for the race tests. */
static void active_session(gls_client *client, char *arn, size_t cap) {
    static int n = 0;
    char offer[64];
    snprintf(offer, sizeof offer, "{\"sdp\":\"race-%d\"}", n++);
    record started = {0};
    gls_start_params start = {0};
    start.stream_group = gls_emulator_stream_group(emulator);
    start.application = gls_emulator_application(emulator);
    start.signal_request = S(offer);
    start.connection_timeout_s = 3600;
    CHECK_CODE(gls_session_start(client, &start, on_completion, &started, NULL), GLS_OK);
    pump(client, &started);
    CHECK(atomic_load(&started.code) == GLS_OK, "start: %s", started.error);
    copy(arn, cap, S(started.arn));
    CHECK_CODE(gls_emulator_advance_clock(emulator, 1), GLS_OK);
}

/* ---------- 3. exactly once under cancel / free / dispatch races ---------- */
typedef struct {
    atomic_int finals;
} counter;

static void count_final(const gls_completion *c) {
    if (c->is_final) atomic_fetch_add(&((counter *)c->user_data)->finals, 1);
}

typedef struct {
    gls_client *client;
    counter *counters;
    int first, count;
    const char *arn;
} submitter;

static void *submit(void *arg) {
    submitter *s = (submitter *)arg;
    for (int i = s->first; i < s->first + s->count; i++) {
        uint64_t id = 0;
        CHECK_CODE(gls_session_get(s->client, S(""), S(s->arn), count_final, &s->counters[i], &id),
                   GLS_OK);
        if (i % 3 == 0) {
            gls_result r = gls_cancel(s->client, id);
            CHECK(r == GLS_OK || r == GLS_ERR_NOT_FOUND, "cancel: %s", gls_result_name(r));
        }
    }
    return NULL;
}

static atomic_int stop_dispatching;

static void *dispatcher(void *arg) {
    while (!atomic_load(&stop_dispatching)) gls_client_dispatch((gls_client *)arg);
    return NULL;
}

static void test_exactly_once(int iterations) {
    enum { THREADS = 4 };
    char arn[256];
    for (int round = 0; round < 4; round++) {
        uint32_t mode = round % 2 ? GLS_DISPATCH_IMMEDIATE : GLS_DISPATCH_MANUAL;
        gls_client *client = new_client(mode);
        active_session(client, arn, sizeof arn);
        counter *counters = calloc((size_t)iterations, sizeof(counter));
        pthread_t threads[THREADS], pump_thread;
        submitter subs[THREADS];
        atomic_store(&stop_dispatching, 0);
        pthread_create(&pump_thread, NULL, dispatcher, client);
        for (int t = 0; t < THREADS; t++) {
            subs[t] = (submitter){client, counters, t * (iterations / THREADS), iterations / THREADS, arn};
            pthread_create(&threads[t], NULL, submit, &subs[t]);
        }
        for (int t = 0; t < THREADS; t++) pthread_join(threads[t], NULL);
        atomic_store(&stop_dispatching, 1);
        pthread_join(pump_thread, NULL);
        /* Free with requests possibly still in flight: their completions run inside. */
        gls_client_free(client);
        int total = (iterations / THREADS) * THREADS;
        for (int i = 0; i < total; i++)
            CHECK(atomic_load(&counters[i].finals) == 1, "request %d got %d final completions", i,
                  atomic_load(&counters[i].finals));
        free(counters);
    }
    printf("ok - exactly once (%d requests x 4 rounds, cancel/free/dispatch races)\n", iterations);
}

/* ---------- 4. callbacks that re-enter the library ---------- */
typedef struct {
    gls_client *client;
    atomic_int remaining;
    atomic_int finals;
    const char *arn;
} chain;

static void chain_step(const gls_completion *c) {
    chain *ch = (chain *)c->user_data;
    if (!c->is_final) return;
    atomic_fetch_add(&ch->finals, 1);
    CHECK(c->code == GLS_OK, "chained get: %.*s", (int)c->error_message.len, c->error_message.ptr);
    gls_client_dispatch(ch->client);                       /* re-entrant dispatch */
    CHECK_CODE(gls_cancel(ch->client, 987654321), GLS_ERR_NOT_FOUND);
    if (atomic_fetch_sub(&ch->remaining, 1) > 1)
        CHECK_CODE(gls_session_get(ch->client, S(""), S(ch->arn), chain_step, ch, NULL), GLS_OK);
}

static void test_reentrancy(void) {
    char arn[256];
    for (uint32_t mode = 0; mode < 2; mode++) {
        gls_client *client = new_client(mode);
        active_session(client, arn, sizeof arn);
        chain ch = {client, 20, 0, arn};
        CHECK_CODE(gls_session_get(client, S(""), S(arn), chain_step, &ch, NULL), GLS_OK);
        for (int i = 0; i < 5000 && atomic_load(&ch.finals) < 20; i++) {
            gls_client_dispatch(client);
            usleep(1000);
        }
        CHECK(atomic_load(&ch.finals) == 20, "chain of 20 got %d", atomic_load(&ch.finals));
        gls_client_free(client);
    }
    printf("ok - re-entrant callbacks in both dispatch modes\n");
}

/* A client freed from inside its own completion: the dispatch running it stays safe, and the
 * other request still gets its one final completion (inside the free). */
typedef struct {
    gls_client *client;
    atomic_int finals;
} freeing;

static void free_in_callback(const gls_completion *c) {
    freeing *f = (freeing *)c->user_data;
    if (!c->is_final) return;
    atomic_fetch_add(&f->finals, 1);
    gls_client_free(f->client); /* the second call finds the handle freed: a no-op */
}

static void test_free_in_callback(void) {
    for (uint32_t mode = 0; mode < 2; mode++) {
        freeing f = {new_client(mode), 0};
        for (int i = 0; i < 2; i++)
            CHECK_CODE(gls_session_get(f.client, S(""), S(session_arn), free_in_callback, &f, NULL),
                       GLS_OK);
        /* Manual: both completions wait in the queue, so the dispatch that frees the client
         * has more to run afterwards. */
        for (int i = 0; i < 5000 && mode == GLS_DISPATCH_MANUAL && gls_client_pending(f.client) < 2; i++)
            usleep(1000);
        for (int i = 0; i < 5000 && atomic_load(&f.finals) < 2; i++) {
            if (mode == GLS_DISPATCH_MANUAL) gls_client_dispatch(f.client);
            usleep(1000);
        }
        CHECK(atomic_load(&f.finals) == 2, "mode %u: 2 final completions, got %d", mode,
              atomic_load(&f.finals));
    }
    printf("ok - a client freed inside its own callback, both dispatch modes\n");
}

/* ---------- 5. log routing ---------- */
static atomic_int reconnect_logs;

static void on_log(uint32_t level, gls_str message, void *user_data) {
    CHECK(user_data == (void *)&reconnect_logs, "log user_data");
    CHECK(level >= GLS_LOG_ERROR && level <= GLS_LOG_DEBUG, "level %u", level);
    if (memmem(message.ptr, message.len, "reconnected", 11)) atomic_fetch_add(&reconnect_logs, 1);
    CHECK(!memmem(message.ptr, message.len, "log-test-offer", 14), "an offer reached the log");
}

static void test_logs(void) {
    CHECK_CODE(gls_log_set_callback(on_log, 99, NULL), GLS_ERR_INVALID_INPUT);
    CHECK_CODE(gls_log_set_callback(on_log, GLS_LOG_DEBUG, &reconnect_logs), GLS_OK);
    gls_client *client = new_client(GLS_DISPATCH_MANUAL);
    char arn[256];
    active_session(client, arn, sizeof arn);
    record done = {0};
    gls_reconnect_params params = {0};
    params.session = S(arn);
    params.signal_request = S("{\"sdp\":\"log-test-offer\"}");
    CHECK_CODE(gls_reconnect(client, &params, on_completion, &done, NULL), GLS_OK);
    pump(client, &done);
    CHECK(atomic_load(&done.code) == GLS_OK, "reconnect: %s", done.error);
    CHECK(atomic_load(&reconnect_logs) >= 1, "no 'reconnected' log line");
    CHECK_CODE(gls_log_set_callback(NULL, 0, NULL), GLS_OK);
    gls_client_free(client);
    printf("ok - log routing\n");
}

/* ---------- 6. runtime shutdown with a request in flight ---------- */
static void test_shutdown(void) {
    gls_client *client = new_client(GLS_DISPATCH_MANUAL);
    char arn[256];
    active_session(client, arn, sizeof arn);
    record watch = {0};
    gls_watch_params watch_params = {S(""), S(arn), 0, 0};
    CHECK_CODE(gls_session_watch(client, &watch_params, on_completion, &watch, NULL), GLS_OK);
    CHECK_CODE(gls_runtime_shutdown(5000), GLS_OK);
    pump(client, &watch);
    CHECK(atomic_load(&watch.code) == GLS_ERR_CANCELLED, "got %s",
          gls_result_name((gls_result)atomic_load(&watch.code)));
    record late = {0};
    CHECK_CODE(gls_session_get(client, S(""), S(arn), on_completion, &late, NULL),
               GLS_ERR_INVALID_STATE);
    gls_client_free(client);
    printf("ok - runtime shutdown cancels and refuses\n");
}

/* ---------- 7. shutdown gives up on a callback that does not return ---------- */
static atomic_int slow_entered, slow_left;

static void on_completion_slowly(const gls_completion *c) {
    (void)c;
    atomic_store(&slow_entered, 1);
    usleep(300 * 1000);
    atomic_store(&slow_left, 1);
}

static void test_shutdown_timeout(void) {
    gls_client *client = new_client(GLS_DISPATCH_IMMEDIATE);
    uint64_t id = 0;
    CHECK_CODE(gls_session_get(client, S(""), S(session_arn), on_completion_slowly, NULL, &id),
               GLS_OK);
    gls_cancel(client, id); /* the completion runs at once, on the library's thread */
    for (int i = 0; i < 5000 && !atomic_load(&slow_entered); i++) usleep(1000);
    CHECK(atomic_load(&slow_entered), "the completion ran");
    CHECK_CODE(gls_runtime_shutdown(10), GLS_ERR_TIMEOUT);
    CHECK(!atomic_load(&slow_left), "shutdown returned before the callback did");
    for (int i = 0; i < 5000 && !atomic_load(&slow_left); i++) usleep(1000);
    CHECK(atomic_load(&slow_left), "the callback finished");
    gls_client_free(client);
    printf("ok - runtime shutdown times out on a busy callback\n");
}

int main(void) {
    const char *env = getenv("GLS_TEST_ITERATIONS");
    int iterations = env ? atoi(env) : 2000;
    CHECK_CODE(gls_emulator_start(1, &emulator), GLS_OK);
    snprintf(session_arn, sizeof session_arn,
             "arn:aws:gameliftstreams:us-west-2:123456789012:streamsession/%.*s/abcdefghi",
             (int)gls_emulator_stream_group(emulator).len, gls_emulator_stream_group(emulator).ptr);
    test_invalid_input();
    test_story();
    test_exactly_once(iterations);
    test_reentrancy();
    test_free_in_callback();
    test_logs();
    test_shutdown();
    test_shutdown_timeout();
    gls_emulator_stop(emulator);
    CHECK_CODE(gls_runtime_shutdown(5000), GLS_OK);
    printf("8 passed, 0 failed\n");
    return 0;
}
