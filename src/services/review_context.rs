//! What every change to a review starts from: the review found by its month, whether it
//! can still change, and its context (who is around, the metrics in agenda order, the
//! rotation's history). Scheduling (`reviews`) and the rotation (`draws`) both build on it.

use std::collections::HashMap;

use diesel::SqliteConnection;

use crate::domain::metric::Category;
use crate::domain::month::YearMonth;
use crate::domain::review::{months_between, plan_agenda, AgendaPlan, ReviewStatus};
use crate::domain::rotation::{DrawInput, MetricToPlace, PastPresentation, Presenter};
use crate::error::AppError;
use crate::models::{Assignment, Member, Metric, Review, TeamSettings};

pub fn find(conn: &mut SqliteConnection, month: YearMonth) -> Result<Review, AppError> {
    Review::find_by_month(conn, &month.to_string())?
        .ok_or_else(|| AppError::NotFound(format!("there is no review for {}", month.long_label())))
}

/// The assignment of `metric_id` in the review of `month`, or a 404.
pub fn assignment_of(
    conn: &mut SqliteConnection,
    review: &Review,
    metric_id: i32,
) -> Result<crate::models::Assignment, AppError> {
    crate::models::Assignment::list_for_review(conn, review.id)?
        .into_iter()
        .find(|a| a.metric_id == metric_id)
        .ok_or_else(|| AppError::not_found("assignment"))
}

pub fn ensure_open(review: &Review, action: &str) -> Result<(), AppError> {
    match review.status() {
        ReviewStatus::Held => Err(AppError::conflict(
            None,
            format!(
                "the {} review has been held; it can no longer be {action}",
                review.month
            ),
        )),
        ReviewStatus::Cancelled => Err(AppError::conflict(
            None,
            format!(
                "the {} review is cancelled; it can no longer be {action}",
                review.month
            ),
        )),
        _ => Ok(()),
    }
}

/// Who is around for a review, and the metrics in agenda order.
pub struct Context {
    pub review: Review,
    pub members: HashMap<i32, Member>,
    pub away: Vec<i32>,
    pub metrics: Vec<Metric>,
    pub manager_id: Option<i32>,
    pub recent_months: u32,
    pub history: Vec<PastPresentation>,
    pub settings: TeamSettings,
}

fn category_rank(c: Category) -> usize {
    Category::ALL
        .iter()
        .position(|x| *x == c)
        .unwrap_or(usize::MAX)
}

/// Active metrics in agenda order: North Star first, then by category, then by name.
pub fn agenda_order(mut metrics: Vec<Metric>) -> Vec<Metric> {
    metrics.sort_by(|a, b| {
        (
            !a.north_star,
            category_rank(a.category()),
            a.name.to_lowercase(),
        )
            .cmp(&(
                !b.north_star,
                category_rank(b.category()),
                b.name.to_lowercase(),
            ))
    });
    metrics
}

/// Everything a draw or a change of the rotation checks against, with the team's
/// rotation history.
pub fn context(conn: &mut SqliteConnection, review: Review) -> Result<Context, AppError> {
    build(conn, review, History::Load)
}

/// The context for showing a review or its meeting: the same without the rotation
/// history, which only draws and changes read (on a large organisation it is every
/// assignment of every past review).
pub fn shown(conn: &mut SqliteConnection, review: Review) -> Result<Context, AppError> {
    build(conn, review, History::Skip)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum History {
    Load,
    Skip,
}

fn build(
    conn: &mut SqliteConnection,
    review: Review,
    history: History,
) -> Result<Context, AppError> {
    let away = Review::absent_member_ids(conn, review.id)?;
    let this = YearMonth::parse(&review.month).map_err(|e| AppError::internal(e.to_string()))?;
    let manager_id = review.presenting_manager_id;
    let parts = load_parts(conn, this, history)?;
    Ok(Context {
        recent_months: parts.recent_months,
        review,
        members: parts.members,
        away,
        metrics: parts.metrics,
        manager_id,
        history: parts.history,
        settings: parts.settings,
    })
}

pub struct Parts {
    pub members: HashMap<i32, Member>,
    pub metrics: Vec<Metric>,
    pub history: Vec<PastPresentation>,
    pub recent_months: u32,
    pub settings: TeamSettings,
}

/// A member as the engine sees a presenter.
pub fn presenter(m: &Member) -> Presenter {
    Presenter {
        id: m.id,
        name: m.name.clone(),
        department: m.department.clone(),
    }
}

/// A metric as the engine sees it: its owner's name and department.
pub fn to_place(members: &HashMap<i32, Member>, m: &Metric) -> MetricToPlace {
    let owner = m.owner_id.and_then(|id| members.get(&id));
    MetricToPlace {
        id: m.id,
        name: m.name.clone(),
        owner_id: m.owner_id,
        owner_name: owner.map(|o| o.name.clone()),
        owner_department: owner
            .map(|o| o.department.clone())
            .filter(|d| !d.is_empty()),
        kept_by_manager: m.kept_by_manager,
    }
}

pub fn parts(conn: &mut SqliteConnection, month: YearMonth) -> Result<Parts, AppError> {
    load_parts(conn, month, History::Load)
}

fn load_parts(
    conn: &mut SqliteConnection,
    month: YearMonth,
    wanted: History,
) -> Result<Parts, AppError> {
    let settings = TeamSettings::get(conn)?;
    let members: HashMap<i32, Member> = Member::list(conn, i64::MAX, 0)?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let metrics = agenda_order(
        Metric::list_all(conn)?
            .into_iter()
            .filter(|m| m.active)
            .collect(),
    );
    let history = match wanted {
        History::Load => past_presentations(conn, month)?,
        History::Skip => Vec::new(),
    };
    Ok(Parts {
        recent_months: u32::try_from(settings.recent_months).unwrap_or(6),
        members,
        metrics,
        history,
        settings,
    })
}

/// Who presented what in the reviews before `month`, and how many months ago.
fn past_presentations(
    conn: &mut SqliteConnection,
    month: YearMonth,
) -> Result<Vec<PastPresentation>, AppError> {
    let past = Review::list_past_rotations(conn, &month.to_string())?;
    let past: Vec<(i32, i64)> = past
        .iter()
        .filter_map(|r| {
            YearMonth::parse(&r.month)
                .ok()
                .map(|m| (r.id, months_between(m, month)))
        })
        .filter(|(_, ago)| *ago >= 1)
        .collect();
    let ago_of: HashMap<i32, i64> = past.iter().copied().collect();
    let ids: Vec<i32> = past.iter().map(|(id, _)| *id).collect();
    Ok(Assignment::list_for_reviews(conn, &ids)?
        .into_iter()
        .filter_map(|(_, a)| {
            Some(PastPresentation {
                months_ago: u32::try_from(*ago_of.get(&a.review_id)?).ok()?,
                metric_id: a.metric_id,
                presenter_id: a.presenter_id,
                owner_department: a.owner_department,
            })
        })
        .collect())
}

impl Context {
    pub fn available(&self, id: i32) -> bool {
        self.members.get(&id).is_some_and(|m| m.active) && !self.away.contains(&id)
    }

    pub(super) fn presenter(&self, id: i32) -> Option<Presenter> {
        self.members.get(&id).map(presenter)
    }

    pub(super) fn to_place(&self, m: &Metric) -> MetricToPlace {
        to_place(&self.members, m)
    }

    /// The engine's input for this review.
    pub fn draw_input(&self, seed: u64) -> DrawInput {
        let manager = self
            .manager_id
            .filter(|id| self.available(*id))
            .and_then(|id| self.presenter(id));
        let mut presenters: Vec<Presenter> = self
            .members
            .values()
            .filter(|m| self.available(m.id) && Some(m.id) != self.manager_id)
            .map(presenter)
            .collect();
        presenters.sort_by_key(|p| p.id);
        DrawInput {
            presenters,
            manager,
            metrics: self.metrics.iter().map(|m| self.to_place(m)).collect(),
            history: self.history.clone(),
            recent_months: self.recent_months,
            seed,
        }
    }

    pub fn agenda(&self, metrics: usize) -> AgendaPlan {
        plan_agenda(
            i64::from(self.review.duration_minutes),
            i64::from(self.settings.opening_minutes),
            i64::from(self.settings.closing_minutes),
            metrics,
        )
    }

    /// The seconds the metric slots share: the meeting less its opening and closing.
    pub fn metric_seconds(&self) -> i64 {
        (i64::from(self.review.duration_minutes)
            - i64::from(self.settings.opening_minutes)
            - i64::from(self.settings.closing_minutes))
        .max(0)
            * 60
    }

    pub(super) fn name(&self, id: i32) -> String {
        self.members
            .get(&id)
            .map_or_else(|| format!("member {id}"), |m| m.name.clone())
    }
}
