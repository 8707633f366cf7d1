//! The model's constraints on input fields. Messages name the field and say what is wrong;
//! they never echo a sensitive value (signal payloads).

use crate::error::ApiError;

fn length(field: &str, value: &str, min: usize, max: usize) -> Result<(), ApiError> {
    let len = value.chars().count();
    if len < min || len > max {
        return Err(ApiError::validation(format!(
            "{field} must be {min} to {max} characters long, got {len}"
        )));
    }
    Ok(())
}

fn charset(
    field: &str,
    value: &str,
    allowed: impl Fn(char) -> bool,
    class: &str,
) -> Result<(), ApiError> {
    match value.chars().find(|c| !allowed(*c)) {
        None => Ok(()),
        Some(bad) => Err(ApiError::validation(format!(
            "{field} `{value}` has the character {bad:?} outside {class}"
        ))),
    }
}

fn id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// Identifier: 1..128 characters, an ID `[a-zA-Z0-9-]+` or `arn:aws:gameliftstreams:R:ACCOUNT:RES`.
pub fn identifier(field: &str, value: &str) -> Result<(), ApiError> {
    length(field, value, 1, 128)?;
    if let Some(rest) = value.strip_prefix("arn:aws:gameliftstreams:") {
        let parts: Vec<&str> = rest.splitn(3, ':').collect();
        let well_formed = parts.len() == 3
            && !parts[0].contains(' ')
            && parts[1].len() == 12
            && parts[1].bytes().all(|b| b.is_ascii_digit())
            && !parts[2].contains([':', ' ']);
        if !well_formed {
            return Err(ApiError::validation(format!(
                "{field} `{value}` is not an ARN of the form arn:aws:gameliftstreams:REGION:ACCOUNT_ID:RESOURCE"
            )));
        }
        return Ok(());
    }
    charset(field, value, id_char, "[a-zA-Z0-9-] (or use an ARN)")
}

/// Description: 1..80 characters of `[a-zA-Z0-9-_.!+@/ ]`, not starting with a space.
pub fn description(field: &str, value: &str) -> Result<(), ApiError> {
    length(field, value, 1, 80)?;
    if value.starts_with(' ') {
        return Err(ApiError::validation(format!(
            "{field} must not start with a space"
        )));
    }
    charset(
        field,
        value,
        |c| c.is_ascii_alphanumeric() || "-_.!+@/ ".contains(c),
        "[a-zA-Z0-9-_.!+@/ ]",
    )
}

/// ClientToken: 32..128 printable ASCII characters (0x21..0x7E).
pub fn client_token(value: &str) -> Result<(), ApiError> {
    length("ClientToken", value, 32, 128)?;
    charset(
        "ClientToken",
        value,
        |c| ('\x21'..='\x7e').contains(&c),
        "printable ASCII without spaces (0x21-0x7E)",
    )
}

/// UserId: up to 1024 characters of `[-_a-zA-Z0-9/=+]`.
pub fn user_id(value: &str) -> Result<(), ApiError> {
    length("UserId", value, 0, 1024)?;
    charset(
        "UserId",
        value,
        |c| c.is_ascii_alphanumeric() || "-_/=+".contains(c),
        "[-_a-zA-Z0-9/=+]",
    )
}

/// LocationName: 1..20 characters of `[a-zA-Z0-9-]`.
pub fn location_name(field: &str, value: &str) -> Result<(), ApiError> {
    length(field, value, 1, 20)?;
    charset(field, value, id_char, "[a-zA-Z0-9-]")
}

/// A signal payload (SignalRequest): at least one character. Its content is never echoed.
pub fn signal_request(value: &str) -> Result<(), ApiError> {
    if value.is_empty() {
        return Err(ApiError::validation(
            "SignalRequest must not be empty: send a newly generated WebRTC offer",
        ));
    }
    Ok(())
}

/// An integer within `min..=max`.
pub fn int_range(field: &str, value: i64, min: i64, max: i64) -> Result<(), ApiError> {
    if value < min || value > max {
        return Err(ApiError::validation(format!(
            "{field} must be between {min} and {max}, got {value}"
        )));
    }
    Ok(())
}

/// A required member: present, or a ValidationException naming it.
pub fn required<T>(field: &str, value: Option<T>) -> Result<T, ApiError> {
    value.ok_or_else(|| ApiError::validation(format!("{field} is required")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_accepts_ids_and_arns_only() {
        assert!(identifier("Identifier", "sg-123abc").is_ok());
        assert!(
            identifier(
                "Identifier",
                "arn:aws:gameliftstreams:us-west-2:123456789012:streamgroup/sg-1"
            )
            .is_ok()
        );
        let err = identifier("Identifier", "bad id!").unwrap_err();
        assert!(err.message.contains("`bad id!`"), "{}", err.message);
        assert!(identifier("Identifier", "").is_err());
        assert!(identifier("Identifier", &"a".repeat(129)).is_err());
        assert!(identifier("Identifier", "arn:aws:gameliftstreams:us-west-2:12:x").is_err());
    }

    #[test]
    fn client_token_needs_32_printable_characters() {
        assert!(client_token(&"a".repeat(32)).is_ok());
        assert!(client_token(&"a".repeat(31)).is_err());
        assert!(client_token(&format!("{} ", "a".repeat(32))).is_err());
    }

    #[test]
    fn description_charset_is_enforced() {
        assert!(description("Description", "My game 1.0").is_ok());
        assert!(description("Description", " leading").is_err());
        assert!(description("Description", "semi;colon").is_err());
    }
}
