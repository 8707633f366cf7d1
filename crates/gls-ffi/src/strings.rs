//! Strings across the boundary: UTF-8 pointer + length in (C, C++, C# byte buffers and Godot all
//! have one), and borrowed, NUL-terminated pointer + length out.

use std::ffi::c_char;

use crate::result::gls_result;

/// A UTF-8 string: `ptr` to `len` bytes. No NUL terminator is needed on input; outputs have one
/// (not counted in `len`). `{NULL, 0}` is the empty / absent string.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
#[allow(non_camel_case_types)] // C naming
pub struct gls_str {
    /// The first byte (may be NULL when `len` is 0).
    pub ptr: *const c_char,
    /// The number of bytes.
    pub len: usize,
}

impl gls_str {
    /// The empty string.
    pub(crate) const EMPTY: gls_str = gls_str {
        ptr: std::ptr::null(),
        len: 0,
    };
}

/// Why an input string was refused, for the error message.
#[derive(Debug)]
pub(crate) struct BadString(pub(crate) String);

impl From<BadString> for (gls_result, String) {
    fn from(bad: BadString) -> Self {
        (gls_result::GLS_ERR_INVALID_INPUT, bad.0)
    }
}

/// Reads an input string: `None` for `{NULL, 0}` or an empty string.
///
/// # Safety
/// `s.ptr` must be NULL or point to `s.len` readable bytes that stay valid and unchanged for
/// the duration of the call that received it.
pub(crate) unsafe fn read<'a>(
    s: gls_str,
    field: &str,
    max: usize,
) -> Result<Option<&'a str>, BadString> {
    if s.len == 0 {
        return Ok(None);
    }
    if s.ptr.is_null() {
        return Err(BadString(format!(
            "{field} is NULL but its length is {}",
            s.len
        )));
    }
    if s.len > max {
        return Err(BadString(format!(
            "{field} is {} bytes; the largest accepted is {max}",
            s.len
        )));
    }
    // SAFETY: non-null, and the caller guarantees `len` readable bytes for this call.
    let bytes = unsafe { std::slice::from_raw_parts(s.ptr.cast::<u8>(), s.len) };
    std::str::from_utf8(bytes).map(Some).map_err(|e| {
        BadString(format!(
            "{field} is not valid UTF-8 (at byte {})",
            e.valid_up_to()
        ))
    })
}

/// An owned output string with a NUL after its bytes, lent to C as a [`gls_str`].
#[derive(Debug, Default, Clone)]
pub(crate) struct OutString(Vec<u8>);

impl OutString {
    /// The empty string.
    pub(crate) fn empty() -> Self {
        Self(Vec::new())
    }

    /// A copy of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut bytes = Vec::with_capacity(text.len() + 1);
        bytes.extend_from_slice(text.as_bytes());
        bytes.push(0);
        Self(bytes)
    }

    /// The borrowed view, valid while `self` lives and is not changed.
    pub(crate) fn as_gls_str(&self) -> gls_str {
        match self.0.len() {
            0 => gls_str {
                ptr: c"".as_ptr(),
                len: 0,
            },
            n => gls_str {
                ptr: self.0.as_ptr().cast(),
                len: n - 1,
            },
        }
    }
}

impl From<Option<&str>> for OutString {
    fn from(text: Option<&str>) -> Self {
        text.map_or_else(Self::empty, Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &[u8]) -> gls_str {
        gls_str {
            ptr: text.as_ptr().cast(),
            len: text.len(),
        }
    }

    #[test]
    fn inputs_are_checked_for_null_length_and_utf8() {
        // SAFETY: each gls_str points into a live slice of its length.
        unsafe {
            assert_eq!(read(of(b"abc"), "x", 10).unwrap(), Some("abc"));
            assert_eq!(read(gls_str::EMPTY, "x", 10).unwrap(), None);
            assert!(
                read(
                    gls_str {
                        ptr: std::ptr::null(),
                        len: 3
                    },
                    "x",
                    10
                )
                .is_err()
            );
            assert!(read(of(b"abcdef"), "x", 5).is_err());
            assert!(read(of(b"\xff\xfe"), "x", 10).is_err());
        }
    }

    #[test]
    fn outputs_are_nul_terminated_and_empty_is_a_valid_pointer() {
        let out = OutString::new("hi");
        let view = out.as_gls_str();
        assert_eq!(view.len, 2);
        // SAFETY: the view points into `out`, which is alive, with a NUL after `len` bytes.
        assert_eq!(unsafe { *view.ptr.add(2) }, 0);
        assert!(!OutString::empty().as_gls_str().ptr.is_null());
    }
}
