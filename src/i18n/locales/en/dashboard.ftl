# The dashboard.
dashboard-overloaded = The dashboard shows { $count } metrics. A dashboard is most useful with 5 to { $max }: consider taking some off (edit the metric, untick "show on the dashboard").
dashboard-north-star = North Star
dashboard-empty = Nothing on the dashboard yet
dashboard-team-size-html = Your team has { $count } people. <a href="/members">See the team</a>.
dashboard-add-team-html = <a href="/members/new">Add your team</a>: the people who will present.
dashboard-add-metrics-html = <a href="/metrics/starter">Add metrics from the starter library</a> (CAC, MER, conversion rate…) or <a href="/metrics/new">define your own</a>. Pick 5 to 10 for the dashboard and one North Star.
dashboard-enter-values-html = Enter monthly values on each metric's page, or <a href="/metrics/import">import a CSV</a>.
dashboard-member-empty-html = Your manager has not put any metrics on the dashboard yet. <a href="/metrics">See all metrics</a>.
