//! What the rotation has taught the team: who presented what, month by month; what each
//! member has learned; and the team's coverage of (member, metric) pairs.

use std::collections::{BTreeMap, HashMap, HashSet};

use diesel::SqliteConnection;
use serde::Serialize;

use crate::domain::month::YearMonth;
use crate::error::AppError;
use crate::models::{Assignment, Member, Metric, Review};

#[derive(Serialize)]
pub struct GridRow {
    pub member_id: i32,
    pub name: String,
    pub department: String,
    /// One cell per month: the metrics presented that month.
    pub cells: Vec<Vec<String>>,
}

#[derive(Serialize)]
pub struct Coverage {
    pub met: usize,
    pub possible: usize,
    pub percent: u32,
}

#[derive(Serialize)]
pub struct Grid {
    pub months: Vec<String>,
    pub month_keys: Vec<String>,
    /// Whether each month has a review to link to.
    pub has_review: Vec<bool>,
    pub rows: Vec<GridRow>,
    pub coverage: Coverage,
}

/// The `count` months ending with `end`, from the team's first review on: who presented
/// what, and the coverage.
pub fn grid(conn: &mut SqliteConnection, end: YearMonth, count: usize) -> Result<Grid, AppError> {
    let reviewed: Vec<YearMonth> = Review::list(conn, i64::MAX, 0)?
        .iter()
        .filter_map(Review::meeting_month)
        .collect();
    let first = reviewed.iter().min().copied();
    let months: Vec<YearMonth> = end
        .trailing(count)
        .into_iter()
        .filter(|m| first.is_some_and(|f| *m >= f))
        .collect();
    let (from, to) = (
        months
            .first()
            .map_or_else(|| end.to_string(), ToString::to_string),
        end.to_string(),
    );
    let presented = Assignment::list_published_between(conn, &from, &to)?;
    let members = Member::list_active(conn)?;
    let metrics = Metric::list_all(conn)?;
    let names: HashMap<i32, &str> = metrics.iter().map(|m| (m.id, m.name.as_str())).collect();
    let column: HashMap<String, usize> = months
        .iter()
        .enumerate()
        .map(|(i, m)| (m.to_string(), i))
        .collect();
    let mut cells: HashMap<i32, Vec<Vec<String>>> = HashMap::new();
    let mut met: HashSet<(i32, i32)> = HashSet::new();
    for (month, a) in &presented {
        if let Some(&i) = column.get(month) {
            cells
                .entry(a.presenter_id)
                .or_insert_with(|| vec![Vec::new(); months.len()])[i]
                .push(names.get(&a.metric_id).copied().unwrap_or("?").to_string());
        }
        met.insert((a.presenter_id, a.metric_id));
    }
    // Possible pairs: active members × active metrics they do not own.
    let active_metrics: Vec<&Metric> = metrics.iter().filter(|m| m.active).collect();
    let mut possible: usize = 0;
    let mut met_count: usize = 0;
    for member in &members {
        for metric in &active_metrics {
            if metric.owner_id == Some(member.id) {
                continue;
            }
            possible += 1;
            if met.contains(&(member.id, metric.id)) {
                met_count += 1;
            }
        }
    }
    let percent = (met_count * 100)
        .checked_div(possible)
        .map_or(0, |p| u32::try_from(p).unwrap_or(100));
    Ok(Grid {
        months: months.iter().map(|m| m.label()).collect(),
        month_keys: months.iter().map(ToString::to_string).collect(),
        has_review: months.iter().map(|m| reviewed.contains(m)).collect(),
        rows: members
            .iter()
            .map(|m| GridRow {
                member_id: m.id,
                name: m.name.clone(),
                department: m.department.clone(),
                cells: cells
                    .remove(&m.id)
                    .unwrap_or_else(|| vec![Vec::new(); months.len()]),
            })
            .collect(),
        coverage: Coverage {
            met: met_count,
            possible,
            percent,
        },
    })
}

#[derive(Serialize)]
pub struct LearnedMetric {
    pub metric_id: i32,
    pub name: String,
    pub times: usize,
    pub last_month: String,
}

#[derive(Serialize)]
pub struct Learned {
    pub metrics: Vec<LearnedMetric>,
    pub departments: Vec<(String, usize)>,
}

/// The metrics and departments a member has presented ("what I have learned").
pub fn learned(conn: &mut SqliteConnection, member_id: i32) -> Result<Learned, AppError> {
    let rows = Assignment::list_for_presenter(conn, member_id)?;
    let names = Metric::names(conn)?;
    let mut metrics: BTreeMap<i32, LearnedMetric> = BTreeMap::new();
    let mut departments: BTreeMap<String, usize> = BTreeMap::new();
    for (month, _, a) in rows {
        let label = YearMonth::parse(&month).map(|m| m.label()).unwrap_or(month);
        let entry = metrics.entry(a.metric_id).or_insert_with(|| LearnedMetric {
            metric_id: a.metric_id,
            name: names.get(&a.metric_id).cloned().unwrap_or_default(),
            times: 0,
            last_month: label,
        });
        entry.times += 1;
        if let Some(d) = a.owner_department.filter(|d| !d.is_empty()) {
            *departments.entry(d).or_insert(0) += 1;
        }
    }
    let mut metrics: Vec<LearnedMetric> = metrics.into_values().collect();
    metrics.sort_by(|a, b| b.times.cmp(&a.times).then_with(|| a.name.cmp(&b.name)));
    Ok(Learned {
        metrics,
        departments: departments.into_iter().collect(),
    })
}

#[derive(Clone, Serialize)]
pub struct PresenterEntry {
    pub month: String,
    pub label: String,
    pub presenter: String,
    /// The insight they brought, when submitted.
    pub insight: Option<String>,
    /// How clear the owner found it, 1 to 5.
    pub rating: Option<i32>,
}

/// Who presented a metric, newest first.
pub fn presenters_of(
    conn: &mut SqliteConnection,
    metric_id: i32,
) -> Result<Vec<PresenterEntry>, AppError> {
    let rows = Assignment::list_published_for_metric(conn, metric_id)?;
    let presenters: Vec<i32> = rows.iter().map(|(_, a)| a.presenter_id).collect();
    let names = Member::names_of(conn, &presenters)?;
    let ids: Vec<i32> = rows.iter().map(|(_, a)| a.id).collect();
    let presentations = crate::models::Presentation::list_for_assignments(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|(month, a)| {
            let p = presentations.iter().find(|p| p.assignment_id == a.id);
            let insight = p
                .filter(|p| p.is_submitted())
                .and_then(|p| serde_json::from_str::<BTreeMap<String, String>>(&p.answers).ok())
                .and_then(|answers| answers.get("insight").cloned());
            PresenterEntry {
                label: YearMonth::parse(&month)
                    .map(|m| m.long_label())
                    .unwrap_or_default(),
                month,
                presenter: names.get(&a.presenter_id).cloned().unwrap_or_default(),
                insight,
                rating: p.and_then(|p| p.clarity_rating),
            }
        })
        .collect())
}
