//! The plan ahead as a page: a grid of who would present what each month, the coverage
//! it reaches, each person's yearly total and departments met, and the warnings where the
//! team's shape makes a rule impossible. Pure: built from `services::plan::plan_ahead`.

use std::collections::HashMap;

use serde::Serialize;

use crate::services::plan::PlanAhead;

#[derive(Serialize)]
pub struct PlanRow {
    metric: String,
    owner: Option<String>,
    /// One cell per month: the presenter, and why (the title shows it).
    cells: Vec<(String, String)>,
}

#[derive(Serialize)]
pub struct PersonRow {
    name: String,
    department: String,
    total: u32,
    departments_met: String,
}

#[derive(Serialize)]
pub struct PlanView {
    first_label: String,
    last_label: String,
    months: Vec<String>,
    rows: Vec<PlanRow>,
    coverage: Vec<String>,
    coverage_bound: Vec<String>,
    people: Vec<PersonRow>,
    spread: u32,
    warnings: Vec<String>,
    /// Set when a large team got a shorter plan than asked for.
    shortened: Option<String>,
    choices: Vec<(u32, bool)>,
}

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

pub fn plan_view(p: &PlanAhead) -> PlanView {
    let count = p.plan.months.len();
    let months: Vec<String> = (0..count).map(|i| p.month(i).label()).collect();
    let name = |id: i32| {
        p.members
            .get(&id)
            .map_or_else(|| format!("member {id}"), |m| m.name.clone())
    };
    let by_month: Vec<HashMap<i32, (i32, &str)>> = p
        .plan
        .months
        .iter()
        .map(|placements| {
            placements
                .iter()
                .map(|x| (x.metric_id, (x.presenter_id, x.reason.as_str())))
                .collect()
        })
        .collect();
    let rows = p
        .metrics
        .iter()
        .map(|m| PlanRow {
            metric: m.name.clone(),
            owner: m.owner_id.map(name),
            cells: by_month
                .iter()
                .map(|month| {
                    month.get(&m.id).map_or_else(
                        || ("—".to_string(), String::new()),
                        |(who, why)| (name(*who), (*why).to_string()),
                    )
                })
                .collect(),
        })
        .collect();
    let f = &p.plan.figures;
    let met: HashMap<i32, (usize, usize)> = f
        .departments_met
        .iter()
        .map(|(id, met, of)| (*id, (*met, *of)))
        .collect();
    let mut people: Vec<PersonRow> = f
        .yearly_totals
        .iter()
        .map(|(id, total)| PersonRow {
            name: name(*id),
            department: p
                .members
                .get(id)
                .map(|m| m.department.clone())
                .unwrap_or_default(),
            total: *total,
            departments_met: met
                .get(id)
                .map_or_else(String::new, |(met, of)| format!("{met} of {of}")),
        })
        .collect();
    people.sort_by_key(|p| p.name.to_lowercase());
    let shortened = (count < p.requested as usize).then(|| {
        format!(
            "Planned {count} months, not {}: a team this large takes a while to plan, so the preview looks less far ahead.",
            p.requested
        )
    });
    PlanView {
        first_label: p.month(0).long_label(),
        last_label: p.month(count.saturating_sub(1)).long_label(),
        months,
        rows,
        coverage: f.coverage.iter().copied().map(percent).collect(),
        coverage_bound: f.coverage_bound.iter().copied().map(percent).collect(),
        people,
        spread: f.spread,
        warnings: p.plan.warnings.clone(),
        shortened,
        choices: [3, 6, 12]
            .into_iter()
            .map(|n| (n, n == p.requested))
            .collect(),
    }
}
