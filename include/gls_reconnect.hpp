// gls-reconnect C++17 wrapper: RAII client, callables as callbacks, value-type results.
// Header-only over gls_reconnect.h. Needs no exceptions and no RTTI (builds with
// -fno-exceptions -fno-rtti, as engines do). Thread rules are those of the C API: see
// gls_reconnect.h.
#ifndef GLS_RECONNECT_HPP
#define GLS_RECONNECT_HPP

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "gls_reconnect.h"

namespace gls {

/// A borrowed C string view of `text` (valid while `text` is).
inline gls_str to_c(std::string_view text) { return gls_str{text.data(), text.size()}; }

/// An owned copy of a borrowed C string.
inline std::string to_string(gls_str text) {
    return text.len ? std::string(text.ptr, text.len) : std::string();
}

/// The name of a result code, e.g. "GLS_ERR_THROTTLED".
inline std::string_view result_name(gls_result code) { return gls_result_name(code); }

/// Why the last failed call on this thread failed.
inline std::string last_error() { return to_string(gls_last_error_message()); }

/// One completion, copied out of the callback's borrowed strings.
struct Completion {
    gls_result code = GLS_OK;
    bool is_final = true;
    std::uint64_t request_id = 0;
    std::string signal_response, client_token, session_arn, status, previous_status,
        status_reason, error_message, aws_request_id;
    std::uint32_t attempts = 0;
    std::uint64_t elapsed_ms = 0;

    bool ok() const { return code == GLS_OK; }

    static Completion from(const gls_completion &c) {
        Completion out;
        out.code = static_cast<gls_result>(c.code);
        out.is_final = c.is_final != 0;
        out.request_id = c.request_id;
        out.signal_response = to_string(c.signal_response);
        out.client_token = to_string(c.client_token);
        out.session_arn = to_string(c.session_arn);
        out.status = to_string(c.status);
        out.previous_status = to_string(c.previous_status);
        out.status_reason = to_string(c.status_reason);
        out.error_message = to_string(c.error_message);
        out.aws_request_id = to_string(c.aws_request_id);
        out.attempts = c.attempts;
        out.elapsed_ms = c.elapsed_ms;
        return out;
    }
};

/// Any callable taking a `const Completion &`.
using Callback = std::function<void(const Completion &)>;

/// Client options; strings are read during `Client::create` only.
struct Options {
    std::string_view region;
    std::string_view endpoint_url;
    std::string_view access_key_id;
    std::string_view secret_access_key;
    std::string_view session_token;
    std::string_view profile;
    gls_dispatch_mode dispatch = GLS_DISPATCH_MANUAL;
    std::uint32_t connect_timeout_ms = 0;
    std::uint32_t attempt_timeout_ms = 0;
};

/// A GameLift Streams client. Move-only; the destructor frees it (see gls_client_free for what
/// happens to requests in flight).
class Client {
public:
    Client() = default;
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;
    Client(Client &&other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    Client &operator=(Client &&other) noexcept {
        if (this != &other) {
            gls_client_free(handle_);
            handle_ = std::exchange(other.handle_, nullptr);
        }
        return *this;
    }
    ~Client() { gls_client_free(handle_); }

    /// Creates a client; on failure the result is empty and `*result` (if given) says why.
    static Client create(const Options &options, gls_result *result = nullptr) {
        gls_client_options c;
        gls_client_options_default(&c);
        c.region = to_c(options.region);
        c.endpoint_url = to_c(options.endpoint_url);
        c.access_key_id = to_c(options.access_key_id);
        c.secret_access_key = to_c(options.secret_access_key);
        c.session_token = to_c(options.session_token);
        c.profile = to_c(options.profile);
        c.dispatch_mode = options.dispatch;
        c.connect_timeout_ms = options.connect_timeout_ms;
        c.attempt_timeout_ms = options.attempt_timeout_ms;
        Client client;
        gls_result code = gls_client_new(&c, &client.handle_);
        if (result) *result = code;
        return client;
    }

    explicit operator bool() const { return handle_ != nullptr; }
    gls_client *handle() const { return handle_; }

    /// Runs ready completions on this thread (call once per frame in manual dispatch).
    std::size_t dispatch() const { return gls_client_dispatch(handle_); }

    /// Cancels a request; its final completion still arrives.
    gls_result cancel(std::uint64_t request_id) const { return gls_cancel(handle_, request_id); }

    /// Reconnects with a new offer; `done` gets the answer (see gls_reconnect).
    gls_result reconnect(std::string_view stream_group, std::string_view session,
                         std::string_view offer, Callback done,
                         std::uint64_t *request_id = nullptr, std::string_view client_token = {},
                         std::uint32_t deadline_ms = 0) const {
        gls_reconnect_params p{to_c(stream_group), to_c(session), to_c(offer), to_c(client_token),
                               deadline_ms};
        return call(std::move(done), [&](void *user_data, gls_completion_callback cb) {
            return gls_reconnect(handle_, &p, cb, user_data, request_id);
        });
    }

    /// Starts a session (see gls_session_start).
    gls_result start(const gls_start_params &params, Callback done,
                     std::uint64_t *request_id = nullptr) const {
        return call(std::move(done), [&](void *user_data, gls_completion_callback cb) {
            return gls_session_start(handle_, &params, cb, user_data, request_id);
        });
    }

    /// Reads a session (see gls_session_get).
    gls_result get(std::string_view stream_group, std::string_view session, Callback done,
                   std::uint64_t *request_id = nullptr) const {
        return call(std::move(done), [&](void *user_data, gls_completion_callback cb) {
            return gls_session_get(handle_, to_c(stream_group), to_c(session), cb, user_data,
                                   request_id);
        });
    }

    /// Terminates a session (see gls_session_terminate).
    gls_result terminate(std::string_view stream_group, std::string_view session, Callback done,
                         std::uint64_t *request_id = nullptr) const {
        return call(std::move(done), [&](void *user_data, gls_completion_callback cb) {
            return gls_session_terminate(handle_, to_c(stream_group), to_c(session), cb,
                                         user_data, request_id);
        });
    }

    /// Watches a session: `event` gets each change, then one final completion.
    gls_result watch(std::string_view stream_group, std::string_view session, Callback event,
                     std::uint64_t *request_id = nullptr, std::uint32_t min_interval_ms = 0,
                     std::uint32_t max_interval_ms = 0) const {
        gls_watch_params p{to_c(stream_group), to_c(session), min_interval_ms, max_interval_ms};
        return call(std::move(event), [&](void *user_data, gls_completion_callback cb) {
            return gls_session_watch(handle_, &p, cb, user_data, request_id);
        });
    }

private:
    static void trampoline(const gls_completion *c) {
        auto *callback = static_cast<Callback *>(c->user_data);
        (*callback)(Completion::from(*c));
        if (c->is_final) delete callback;
    }

    template <typename Start> gls_result call(Callback done, Start start) const {
        auto *callback = new Callback(std::move(done));
        gls_result code = start(callback, &Client::trampoline);
        if (code != GLS_OK) delete callback;  // refused: no completion will come
        return code;
    }

    gls_client *handle_ = nullptr;
};

}  // namespace gls

#endif  // GLS_RECONNECT_HPP
