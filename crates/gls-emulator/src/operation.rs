//! Every operation of the GameLift Streams model, with its HTTP binding, and which of them the
//! emulator implements.

use http::Method;

macro_rules! operations {
    ($($name:ident = $method:ident $path:literal $supported:literal;)*) => {
        /// An operation of the service model.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Operation {
            $(
                #[doc = concat!("`", stringify!($method), " ", $path, "`")]
                $name,
            )*
        }

        impl Operation {
            /// Every operation of the model.
            pub const ALL: &'static [Operation] = &[$(Self::$name),*];

            /// The operation's name in the model.
            pub fn name(self) -> &'static str {
                match self { $(Self::$name => stringify!($name)),* }
            }

            /// Its HTTP method.
            pub fn method(self) -> Method {
                match self { $(Self::$name => Method::$method),* }
            }

            /// Its URI template, labels in braces.
            pub fn path_template(self) -> &'static str {
                match self { $(Self::$name => $path),* }
            }

            /// Whether the emulator implements it.
            pub fn is_supported(self) -> bool {
                match self { $(Self::$name => $supported),* }
            }
        }
    };
}

operations! {
    AddStreamGroupLocations = POST "/streamgroups/{Identifier}/locations" false;
    AssociateApplications = POST "/streamgroups/{Identifier}/associations" true;
    CreateApplication = POST "/applications" true;
    CreateStreamGroup = POST "/streamgroups" true;
    CreateStreamSessionAdminShell = POST "/streamgroups/{Identifier}/streamsessions/{StreamSessionIdentifier}/access" false;
    CreateStreamSessionConnection = POST "/streamgroups/{Identifier}/streamsessions/{StreamSessionIdentifier}/connections" true;
    CreateStreamUrl = POST "/streamgroups/{Identifier}/streamurls" false;
    DeleteApplication = DELETE "/applications/{Identifier}" true;
    DeleteStreamGroup = DELETE "/streamgroups/{Identifier}" true;
    DisassociateApplications = POST "/streamgroups/{Identifier}/disassociations" false;
    ExportStreamSessionFiles = PUT "/streamgroups/{Identifier}/streamsessions/{StreamSessionIdentifier}/exportfiles" false;
    GetApplication = GET "/applications/{Identifier}" true;
    GetStreamGroup = GET "/streamgroups/{Identifier}" true;
    GetStreamSession = GET "/streamgroups/{Identifier}/streamsessions/{StreamSessionIdentifier}" true;
    GetStreamUrl = GET "/streamgroups/{Identifier}/streamurls/{StreamUrlIdentifier}" false;
    ListApplicationShaderCaches = GET "/applications/{Identifier}/shadercaches" false;
    ListApplications = GET "/applications" true;
    ListStreamGroups = GET "/streamgroups" true;
    ListStreamSessions = GET "/streamgroups/{Identifier}/streamsessions" true;
    ListStreamSessionsByAccount = GET "/streamsessions" true;
    ListStreamUrls = GET "/streamurls" false;
    ListTagsForResource = GET "/tags/{ResourceArn}" false;
    RemoveStreamGroupLocations = DELETE "/streamgroups/{Identifier}/locations" false;
    RevokeStreamUrl = POST "/streamgroups/{Identifier}/streamurls/{StreamUrlIdentifier}/revoke" false;
    StartStreamSession = POST "/streamgroups/{Identifier}/streamsessions" true;
    TagResource = POST "/tags/{ResourceArn}" false;
    TerminateStreamSession = DELETE "/streamgroups/{Identifier}/streamsessions/{StreamSessionIdentifier}" true;
    UntagResource = DELETE "/tags/{ResourceArn}" false;
    UpdateApplication = PATCH "/applications/{Identifier}" false;
    UpdateStreamGroup = PATCH "/streamgroups/{Identifier}" false;
}

impl Operation {
    /// The operation with this model name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|op| op.name() == name)
    }

    /// Matches a request's method and raw (still percent-encoded) path to an operation, and
    /// returns it with its URI labels percent-decoded, in template order.
    pub fn route(method: &Method, raw_path: &str) -> Option<(Self, Vec<String>)> {
        let path = raw_path.trim_matches('/');
        let segments = path.split('/').count();
        Self::ALL.iter().copied().find_map(|op| {
            let template = op.path_template().trim_matches('/');
            if op.method() != *method || template.split('/').count() != segments {
                return None;
            }
            let mut labels = Vec::new();
            for (want, got) in template.split('/').zip(path.split('/')) {
                if want.starts_with('{') {
                    let decoded = percent_encoding::percent_decode_str(got)
                        .decode_utf8()
                        .ok()?;
                    labels.push(decoded.into_owned());
                } else if want != got {
                    return None;
                }
            }
            Some((op, labels))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_percent_encoded_arns_without_splitting_on_encoded_slashes() {
        let path = "/streamgroups/sg-1/streamsessions/arn%3Aaws%3Agameliftstreams%3Aus-west-2%3A123456789012%3Astreamsession%2Fsg-1%2Fabc/connections";
        let (op, labels) = Operation::route(&Method::POST, path).unwrap();
        assert_eq!(op, Operation::CreateStreamSessionConnection);
        assert_eq!(
            labels,
            [
                "sg-1",
                "arn:aws:gameliftstreams:us-west-2:123456789012:streamsession/sg-1/abc"
            ]
        );
    }

    #[test]
    fn method_selects_among_operations_on_one_path() {
        let path = "/streamgroups/sg-1/streamsessions/abc";
        assert_eq!(
            Operation::route(&Method::GET, path).unwrap().0,
            Operation::GetStreamSession
        );
        assert_eq!(
            Operation::route(&Method::DELETE, path).unwrap().0,
            Operation::TerminateStreamSession
        );
        assert!(Operation::route(&Method::PUT, path).is_none());
    }

    #[test]
    fn the_model_has_thirty_operations_fifteen_supported() {
        assert_eq!(Operation::ALL.len(), 30);
        assert_eq!(
            Operation::ALL.iter().filter(|o| o.is_supported()).count(),
            15
        );
    }
}
