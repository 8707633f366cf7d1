//! Property tests: local validation accepts exactly what the service model allows.

use gls_core::{ClientToken, ErrorKind, SignalRequest, StreamGroupId, StreamSessionId};
use proptest::prelude::*;

proptest! {
    #[test]
    fn ids_of_the_model_charset_are_accepted(id in "[a-zA-Z0-9-]{1,128}") {
        prop_assert!(StreamGroupId::new(id.clone()).is_ok());
        prop_assert!(StreamSessionId::new(id).is_ok());
    }

    #[test]
    fn ids_with_any_other_character_are_refused(
        head in "[a-zA-Z0-9-]{0,20}",
        bad in "[^a-zA-Z0-9-]",
        tail in "[a-zA-Z0-9-]{0,20}",
    ) {
        let id = format!("{head}{bad}{tail}");
        prop_assume!(!id.starts_with("arn:"));
        let err = StreamGroupId::new(id).unwrap_err();
        prop_assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }

    #[test]
    fn ids_longer_than_128_are_refused(id in "[a-z]{129,200}") {
        prop_assert!(StreamSessionId::new(id).is_err());
    }

    #[test]
    fn session_arns_round_trip_their_parts(
        region in "[a-z]{2}-[a-z]{4,9}-[1-9]",
        account in "[0-9]{12}",
        group in "sg-[a-zA-Z0-9]{9}",
        session in "[a-zA-Z0-9]{9}",
    ) {
        let arn = format!("arn:aws:gameliftstreams:{region}:{account}:streamsession/{group}/{session}");
        let id = StreamSessionId::new(arn).unwrap();
        prop_assert_eq!(id.region(), Some(region.as_str()));
        prop_assert_eq!(id.session_id(), session.as_str());
        let named_group = id.stream_group().unwrap();
        prop_assert_eq!(named_group.as_str(), group.as_str());
    }

    #[test]
    fn client_tokens_follow_length_and_charset(token in "[\\x21-\\x7e]{0,160}") {
        let ok = (32..=128).contains(&token.len());
        prop_assert_eq!(ClientToken::new(token).is_ok(), ok);
    }

    #[test]
    fn client_tokens_with_spaces_or_non_ascii_are_refused(
        head in "[a-z]{20}",
        bad in "[ \\t\\u{80}-\\u{10ffff}]",
        tail in "[a-z]{20}",
    ) {
        let token = format!("{head}{bad}{tail}");
        prop_assert!(ClientToken::new(token).is_err());
    }

    #[test]
    fn any_non_empty_offer_is_accepted_and_never_shown(offer in ".{1,500}") {
        let request = SignalRequest::new(offer.clone()).unwrap();
        let shown = format!("{request:?}");
        prop_assert!(offer.len() < 8 || !shown.contains(&offer));
    }
}
