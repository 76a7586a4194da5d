# Shared pieces: pagination, charts and their legends, the analysis block, metric cards.
pagination-pages = Pages
chart-usual-range = usual range
chart-signal-concern = signal: concern
chart-signal-improvement = signal: improvement
chart-legend-range = usual range (natural process limits)
chart-legend-centre = centre line (mean)
chart-legend-rebase = (the process changed: limits restart)
analysis-compared = { $month } compared
analysis-compared-with = Compared with
column-change = Change
event-process-changed = process changed
card-change-good = (good change against last month)
card-change-bad = bad change against last month
card-change-none = no change against last month
card-target = target { $target }
card-chart-label = Last 12 months of { $name }
card-no-values-html = No values yet. <a href="/metrics/{ $id }#enter-value">Enter one</a>.
card-owned-by = · owned by { $owner }
pagination-page = Page { $page } of { $pages }
