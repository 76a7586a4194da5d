//! Ids that are easy to mix up (a member's, a metric's, an assignment's, an event's, a
//! token's) as their own
//! types at the boundaries of the use cases that take more than one: `reassign(metric,
//! presenter)` cannot be called with the two the wrong way round.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id!(
    /// A member's id.
    MemberId
);
id!(
    /// A metric's id.
    MetricId
);
id!(
    /// An assignment's id (one metric, one presenter, one review).
    AssignmentId
);
id!(
    /// A metric event's id ("price increase in March").
    EventId
);
id!(
    /// A personal API token's id.
    TokenId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_and_print_as_their_number() {
        assert_eq!(MetricId(7).to_string(), "7");
        assert_eq!(serde_json::to_string(&MemberId(3)).unwrap(), "3");
        assert_eq!(
            serde_json::from_str::<AssignmentId>("12").unwrap(),
            AssignmentId(12)
        );
    }
}
