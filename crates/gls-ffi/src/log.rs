//! Routing the library's logs to the application (`UE_LOG`, `Debug.Log`, `print`).
//!
//! The first `gls_log_set_callback` installs a `tracing` subscriber for the process (if the host
//! already installed one, that one keeps the logs). Messages never contain secrets or signal
//! payloads.

use std::ffi::c_void;
use std::fmt::Write as _;
use std::sync::{Once, PoisonError, RwLock};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

use crate::panic::boundary;
use crate::request::UserData;
use crate::result::gls_result;
use crate::strings::{OutString, gls_str};

/// Log levels, most severe first.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[allow(non_camel_case_types)] // C naming
pub enum gls_log_level {
    /// Failures.
    GLS_LOG_ERROR = 1,
    /// Something unexpected that was handled (e.g. a retried attempt).
    GLS_LOG_WARN = 2,
    /// Milestones: a session started, a reconnect succeeded or failed.
    GLS_LOG_INFO = 3,
    /// Every attempt and decision.
    GLS_LOG_DEBUG = 4,
    /// Everything, including the SDK's internals.
    GLS_LOG_TRACE = 5,
}

/// Receives one log message (`message` is borrowed for the call) with the `user_data` given to
/// `gls_log_set_callback`. Called on the thread that logs: any application or library thread,
/// possibly several at once.
#[allow(non_camel_case_types)] // C naming
pub type gls_log_callback =
    Option<unsafe extern "C" fn(level: u32, message: gls_str, user_data: *mut c_void)>;

struct Sink {
    callback: unsafe extern "C" fn(u32, gls_str, *mut c_void),
    max_level: u32,
    user_data: UserData,
}

static SINK: RwLock<Option<Sink>> = RwLock::new(None);
static INSTALL: Once = Once::new();

fn level_of(level: &Level) -> gls_log_level {
    match *level {
        Level::ERROR => gls_log_level::GLS_LOG_ERROR,
        Level::WARN => gls_log_level::GLS_LOG_WARN,
        Level::INFO => gls_log_level::GLS_LOG_INFO,
        Level::DEBUG => gls_log_level::GLS_LOG_DEBUG,
        _ => gls_log_level::GLS_LOG_TRACE,
    }
}

/// Formats an event as `target: message key=value ...`.
struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, " {value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            let _ = write!(self.0, " {value}");
        } else {
            let _ = write!(self.0, " {}={value}", field.name());
        }
    }
}

struct CallbackLayer;

impl<S: Subscriber> Layer<S> for CallbackLayer {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let sink = SINK.read().unwrap_or_else(PoisonError::into_inner);
        let Some(sink) = sink.as_ref() else { return };
        let level = level_of(event.metadata().level()) as u32;
        let mut line = Line(format!("{}:", event.metadata().target()));
        event.record(&mut line);
        let text = OutString::new(&line.0);
        // SAFETY: the application's callback of the documented signature; the message lives
        // until it returns.
        unsafe { (sink.callback)(level, text.as_gls_str(), sink.user_data.get()) };
    }
}

/// Sends the library's log messages at `max_level` (a `gls_log_level`) and more severe to
/// `callback`; NULL stops logging. Replaces any earlier callback. Messages from other components
/// (the AWS SDK) are included at `GLS_LOG_TRACE` only. Any thread.
#[unsafe(no_mangle)]
pub extern "C" fn gls_log_set_callback(
    callback: gls_log_callback,
    max_level: u32,
    user_data: *mut c_void,
) -> gls_result {
    boundary(|| {
        if callback.is_some() && !(1..=5).contains(&max_level) {
            return gls_result::GLS_ERR_INVALID_INPUT;
        }
        INSTALL.call_once(|| {
            let filter = tracing_subscriber::filter::filter_fn(|metadata| {
                let sink = SINK.read().unwrap_or_else(PoisonError::into_inner);
                sink.as_ref().is_some_and(|sink| {
                    let level = level_of(metadata.level()) as u32;
                    level <= sink.max_level
                        && (metadata.target().starts_with("gls_")
                            || sink.max_level == gls_log_level::GLS_LOG_TRACE as u32)
                })
            });
            let subscriber = tracing_subscriber::registry().with(CallbackLayer.with_filter(filter));
            let _ = tracing::subscriber::set_global_default(subscriber);
        });
        *SINK.write().unwrap_or_else(PoisonError::into_inner) = callback.map(|callback| Sink {
            callback,
            max_level,
            user_data: UserData(user_data),
        });
        gls_result::GLS_OK
    })
}
