//! Feature `emulator`: an in-process gls-emulator for offline engine tests, started and stopped
//! from C, on the library's runtime.

use ::gls_emulator::{ClockMode, Emulator, EmulatorConfig, ErrorKind};

use crate::last_error;
use crate::panic::boundary;
use crate::result::gls_result;
use crate::runtime;
use crate::strings::{OutString, gls_str};

/// A running in-process emulator. Opaque.
#[allow(non_camel_case_types)] // C naming
pub struct gls_emulator {
    emulator: Option<Emulator>,
    endpoint: OutString,
    stream_group: OutString,
    application: OutString,
}

/// Starts an emulator on a free loopback port (credentials `test`/`test`, region `us-west-2`,
/// one ACTIVE stream group and one READY application). `manual_clock` 1 stops its clock until
/// advanced. Writes the handle to `*out`. Any application thread.
#[unsafe(no_mangle)]
pub extern "C" fn gls_emulator_start(manual_clock: u8, out: *mut *mut gls_emulator) -> gls_result {
    boundary(|| {
        if out.is_null() {
            return last_error::set((gls_result::GLS_ERR_INVALID_INPUT, "out is NULL".into()));
        }
        let started = runtime::handle()
            .map_err(|e| e.to_string())
            .and_then(|(rt, _)| {
                rt.block_on(Emulator::start(EmulatorConfig {
                    clock: if manual_clock != 0 {
                        ClockMode::Manual
                    } else {
                        ClockMode::Realtime
                    },
                    ..EmulatorConfig::ephemeral()
                }))
                .map_err(|e| e.to_string())
            });
        match started {
            Ok(emulator) => {
                let info = emulator.info();
                let handle = gls_emulator {
                    endpoint: OutString::new(&info.endpoint),
                    stream_group: OutString::new(&info.defaults.stream_group_id),
                    application: OutString::new(&info.defaults.application_id),
                    emulator: Some(emulator),
                };
                // SAFETY: non-null; the caller passes a writable `gls_emulator *` slot.
                unsafe { out.write(Box::into_raw(Box::new(handle))) };
                gls_result::GLS_OK
            }
            Err(e) => last_error::set((
                gls_result::GLS_ERR_INTERNAL,
                format!("the emulator did not start: {e}"),
            )),
        }
    })
}

/// The emulator's endpoint URL, borrowed until `gls_emulator_stop`.
#[unsafe(no_mangle)]
pub extern "C" fn gls_emulator_endpoint(emulator: *const gls_emulator) -> gls_str {
    // SAFETY: NULL or a live handle.
    unsafe { emulator.as_ref() }.map_or(gls_str::EMPTY, |e| e.endpoint.as_gls_str())
}

/// The default stream group's ID, borrowed until `gls_emulator_stop`.
#[unsafe(no_mangle)]
pub extern "C" fn gls_emulator_stream_group(emulator: *const gls_emulator) -> gls_str {
    // SAFETY: NULL or a live handle.
    unsafe { emulator.as_ref() }.map_or(gls_str::EMPTY, |e| e.stream_group.as_gls_str())
}

/// The default application's ID, borrowed until `gls_emulator_stop`.
#[unsafe(no_mangle)]
pub extern "C" fn gls_emulator_application(emulator: *const gls_emulator) -> gls_str {
    // SAFETY: NULL or a live handle.
    unsafe { emulator.as_ref() }.map_or(gls_str::EMPTY, |e| e.application.as_gls_str())
}

/// Plays the WebRTC client: `connect` 1 connects to the session (ID or ARN; it must be ACTIVE),
/// 0 drops the connection (it must be CONNECTED). `GLS_ERR_CONFLICT` otherwise.
#[unsafe(no_mangle)]
pub extern "C" fn gls_emulator_client(
    emulator: *const gls_emulator,
    session: gls_str,
    connect: u8,
) -> gls_result {
    boundary(|| {
        // SAFETY: NULL or a live handle.
        let Some(Some(emulator)) = (unsafe { emulator.as_ref() }).map(|e| e.emulator.as_ref())
        else {
            return last_error::set((gls_result::GLS_ERR_INVALID_INPUT, "emulator is NULL".into()));
        };
        // SAFETY: the caller's string is valid for this call.
        let session = match unsafe { crate::strings::read(session, "session", 4096) } {
            Ok(Some(session)) => session,
            Ok(None) => {
                return last_error::set((
                    gls_result::GLS_ERR_INVALID_INPUT,
                    "session is empty".into(),
                ));
            }
            Err(bad) => return last_error::set(bad.into()),
        };
        let changed = if connect != 0 {
            emulator.connect(session)
        } else {
            emulator.disconnect(session)
        };
        match changed {
            Ok(_) => gls_result::GLS_OK,
            Err(e) => {
                let code = match e.kind {
                    ErrorKind::ResourceNotFound => gls_result::GLS_ERR_NOT_FOUND,
                    ErrorKind::Conflict => gls_result::GLS_ERR_CONFLICT,
                    _ => gls_result::GLS_ERR_INVALID_INPUT,
                };
                last_error::set((code, e.message))
            }
        }
    })
}

/// Moves the emulator's clock forward by `seconds`.
#[unsafe(no_mangle)]
pub extern "C" fn gls_emulator_advance_clock(
    emulator: *const gls_emulator,
    seconds: u32,
) -> gls_result {
    boundary(|| {
        // SAFETY: NULL or a live handle.
        match unsafe { emulator.as_ref() }.and_then(|e| e.emulator.as_ref()) {
            Some(emulator) => {
                emulator.advance_clock(std::time::Duration::from_secs(seconds.into()));
                gls_result::GLS_OK
            }
            None => gls_result::GLS_ERR_INVALID_INPUT,
        }
    })
}

/// Stops the emulator and frees the handle. NULL is a no-op. Application threads only.
#[unsafe(no_mangle)]
pub extern "C" fn gls_emulator_stop(emulator: *mut gls_emulator) {
    let _ = boundary(|| {
        if emulator.is_null() {
            return gls_result::GLS_OK;
        }
        // SAFETY: non-null and created by gls_emulator_start; the caller gives it up.
        let mut handle = unsafe { Box::from_raw(emulator) };
        if let (Some(emulator), Ok((rt, _))) = (handle.emulator.take(), runtime::handle()) {
            rt.block_on(emulator.shutdown());
        }
        gls_result::GLS_OK
    });
}
