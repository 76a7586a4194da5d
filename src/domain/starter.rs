//! The starter library: the metrics the source articles recommend, ready to add.

use super::metric::{Category, Direction, Unit};

/// One ready-made metric.
#[derive(Clone, Copy, Debug)]
pub struct StarterMetric {
    /// Stable key used by forms and the API.
    pub key: &'static str,
    pub name: &'static str,
    pub definition: &'static str,
    pub formula: &'static str,
    pub category: Category,
    pub unit: Unit,
    pub direction: Direction,
}

use Category::*;
use Direction::*;
use Unit::*;

const fn m(
    key: &'static str,
    name: &'static str,
    definition: &'static str,
    formula: &'static str,
    category: Category,
    unit: Unit,
    direction: Direction,
) -> StarterMetric {
    StarterMetric {
        key,
        name,
        definition,
        formula,
        category,
        unit,
        direction,
    }
}

pub const STARTER_METRICS: &[StarterMetric] = &[
    m("traffic", "Traffic", "All sessions on the website in the month, from every channel.", "sessions", Acquisition, Count, HigherIsBetter),
    m("paid_traffic_share", "Paid traffic %", "Share of sessions that came from paid channels (ads, paid social, affiliates).", "paid sessions / all sessions × 100", Acquisition, Percent, LowerIsBetter),
    m("non_paid_traffic_share", "Non-paid traffic %", "Share of sessions from organic search, direct, email, referrals and organic social: traffic we do not pay for per visit.", "non-paid sessions / all sessions × 100", Acquisition, Percent, HigherIsBetter),
    m("conversion_rate", "Conversion rate", "Share of sessions that ended in an order (or the goal that counts for us).", "orders / sessions × 100", Activation, Percent, HigherIsBetter),
    m("bounce_rate", "Bounce rate", "Share of sessions that saw a single page and left.", "single-page sessions / sessions × 100", Activation, Percent, LowerIsBetter),
    m("nps", "NPS", "Net Promoter Score: how likely customers are to recommend us, from -100 to 100.", "% promoters − % detractors", Activation, Score, HigherIsBetter),
    m("cpc", "CPC", "Cost per click: what one paid click costs on average.", "ad spend / clicks", Efficiency, Currency, LowerIsBetter),
    m("cpa", "CPA", "Cost per acquisition: what one order (or lead, then CPL) costs in ad spend.", "ad spend / conversions", Efficiency, Currency, LowerIsBetter),
    m("mer", "MER", "Marketing efficiency ratio: revenue earned for each unit of total marketing cost.", "total revenue / total marketing cost", Efficiency, Ratio, HigherIsBetter),
    m("poas", "POAS", "Profit on ad spend: like ROAS, but counting profit, not revenue.", "profit from ads / ad spend", Efficiency, Ratio, HigherIsBetter),
    m("cac", "CAC", "Customer acquisition cost: what it costs to win one new customer.", "(marketing cost + sales cost) / new customers", Efficiency, Currency, LowerIsBetter),
    m("clv", "CLV", "Customer lifetime value: expected earnings from one customer over the whole relationship.", "average order value × orders per year × years as a customer × margin", Retention, Currency, HigherIsBetter),
    m("new_customer_ratio", "New customer ratio", "Share of the period's customers who bought for the first time.", "new customers / all customers × 100", Retention, Percent, HigherIsBetter),
    m("active_email_contacts", "Active email contacts", "Subscribers who opened or clicked an email in the last 90 days.", "contacts with an open or click in 90 days", Retention, Count, HigherIsBetter),
    m("engagement_rate", "Engagement rate", "Share of people reached on social media who interacted (likes, comments, shares, clicks).", "interactions / reach × 100", Retention, Percent, HigherIsBetter),
];

pub fn find(key: &str) -> Option<&'static StarterMetric> {
    STARTER_METRICS.iter().find(|m| m.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_has_the_fifteen_metrics_of_the_articles_with_unique_keys_and_names() {
        assert_eq!(STARTER_METRICS.len(), 15);
        let mut keys: Vec<_> = STARTER_METRICS.iter().map(|m| m.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 15);
        assert!(find("cac").is_some_and(|m| m.direction == Direction::LowerIsBetter));
    }
}
