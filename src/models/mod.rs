//! One file per table: row structs, insert/change structs, and queries that take the
//! connection first and return `QueryResult`.

pub mod assignment;
pub mod auth;
pub mod card;
pub mod event;
pub mod meeting;
pub mod member;
pub mod metric;
pub mod metric_value;
pub mod outbox;
pub mod presentation;
pub mod review;
pub mod sso;

pub use assignment::{Assignment, NewAssignment};
pub use auth::{ApiToken, LoginFailure, PasswordToken, Session};
pub use card::{Card, CardChanges, CardFilter, NewCard};
pub use event::{MetricEvent, NewMetricEvent};
pub use meeting::{ActionItem, Feedback, MeetingState};
pub use member::{Member, MemberChanges, NewMember};
pub use metric::{Metric, MetricChanges, MetricWithOwner, NewMetric};
pub use metric_value::{MetricValue, NewMetricValue, ValueWrite};
pub use outbox::{NewOutboxMessage, OutboxMessage};
pub use presentation::{Presentation, PresentationTemplate};
pub use review::{NewReview, Review, RotationChange, ScheduleChange, TeamSettings};
pub use sso::SsoIdentity;
