//! `NextToken` / `MaxResults` pagination over creation order.

use super::validate;
use crate::error::ApiError;

/// Page size when `MaxResults` is not given.
pub const DEFAULT_PAGE_SIZE: usize = 25;
const TOKEN_PREFIX: &str = "gls-page-";

/// The query parameters of a list request.
#[derive(Debug, Default)]
pub struct ListQuery {
    /// `MaxResults`.
    pub max_results: usize,
    /// Creation sequence to start from (decoded `NextToken`).
    pub start_seq: u64,
    /// `Status` filter.
    pub status: Option<String>,
    /// `ExportFilesStatus` filter.
    pub export_files_status: Option<String>,
}

impl ListQuery {
    /// Parses and validates a raw query string.
    pub fn parse(query: &str) -> Result<Self, ApiError> {
        let mut parsed = Self {
            max_results: DEFAULT_PAGE_SIZE,
            ..Self::default()
        };
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match key.as_ref() {
                "MaxResults" => {
                    let n: i64 = value.parse().map_err(|_| {
                        ApiError::validation(format!("MaxResults `{value}` is not an integer"))
                    })?;
                    validate::int_range("MaxResults", n, 1, 100)?;
                    parsed.max_results = n as usize;
                }
                "NextToken" => {
                    parsed.start_seq = value
                        .strip_prefix(TOKEN_PREFIX)
                        .and_then(|n| n.parse().ok())
                        .ok_or_else(|| {
                            ApiError::validation(format!(
                                "NextToken `{value}` was not issued by this service"
                            ))
                        })?;
                }
                "Status" => parsed.status = Some(value.into_owned()),
                "ExportFilesStatus" => parsed.export_files_status = Some(value.into_owned()),
                _ => {}
            }
        }
        Ok(parsed)
    }

    /// One page of `items` (each with its creation sequence) and the token for the next one.
    pub fn page<T>(&self, mut items: Vec<(u64, T)>) -> (Vec<T>, Option<String>) {
        items.retain(|(seq, _)| *seq >= self.start_seq);
        items.sort_by_key(|(seq, _)| *seq);
        let next = items
            .get(self.max_results)
            .map(|(seq, _)| format!("{TOKEN_PREFIX}{seq}"));
        let page = items
            .into_iter()
            .take(self.max_results)
            .map(|(_, item)| item)
            .collect();
        (page, next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_creation_order_and_end_without_a_token() {
        let query = ListQuery::parse("MaxResults=2").unwrap();
        let (first, next) = query.page(vec![(3, 'c'), (1, 'a'), (2, 'b')]);
        assert_eq!(first, ['a', 'b']);
        let next = next.expect("a third item remains");
        let query = ListQuery::parse(&format!("MaxResults=2&NextToken={next}")).unwrap();
        let (second, end) = query.page(vec![(3, 'c'), (1, 'a'), (2, 'b')]);
        assert_eq!(second, ['c']);
        assert_eq!(end, None);
    }

    #[test]
    fn bad_page_parameters_are_validation_errors() {
        assert!(ListQuery::parse("MaxResults=0").is_err());
        assert!(ListQuery::parse("MaxResults=101").is_err());
        assert!(ListQuery::parse("NextToken=forged").is_err());
    }
}
