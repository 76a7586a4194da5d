//! What the home page loads: the North Star and the dashboard metrics with their owners,
//! every value once (the analysis needs the whole series, the sparklines the recent
//! months), each metric's latest analysis, and how big the team is.

use std::collections::HashMap;

use diesel::SqliteConnection;

use crate::domain::analysis::Analysis;
use crate::domain::spc::Point;
use crate::error::AppError;
use crate::models::{Member, Metric};
use crate::services::analysis;

pub struct Dashboard {
    /// The North Star first (when there is one), then the dashboard metrics in order.
    pub metrics: Vec<(Metric, Option<String>)>,
    pub has_north_star: bool,
    pub points: HashMap<i32, Vec<Point>>,
    pub analyses: HashMap<i32, Analysis>,
    pub member_count: i64,
}

pub fn load(conn: &mut SqliteConnection) -> Result<Dashboard, AppError> {
    let mut metrics: Vec<(Metric, Option<String>)> = Vec::new();
    if let Some(star) = Metric::north_star(conn)? {
        let owner = star
            .owner_id
            .map(|id| Member::find(conn, id))
            .transpose()?
            .map(|m| m.name);
        metrics.push((star, owner));
    }
    let has_north_star = !metrics.is_empty();
    metrics.extend(Metric::list_dashboard(conn)?);
    let ids: Vec<i32> = metrics.iter().map(|(m, _)| m.id).collect();
    let points = analysis::points_of(conn, &ids)?;
    let refs: Vec<&Metric> = metrics.iter().map(|(m, _)| m).collect();
    let analyses = analysis::latest_for_metrics(conn, &refs, &points)?;
    Ok(Dashboard {
        has_north_star,
        points,
        analyses,
        member_count: Member::count(conn)?,
        metrics,
    })
}
