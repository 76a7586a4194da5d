pagination-pages = Sider
chart-usual-range = normalt interval
chart-signal-concern = signal: forværring
chart-signal-improvement = signal: forbedring
chart-legend-range = normalt interval (naturlige procesgrænser)
chart-legend-centre = midterlinje (gennemsnit)
chart-legend-rebase = (processen ændrede sig: grænserne starter forfra)
analysis-compared = { $month } sammenlignet
analysis-compared-with = Sammenlignet med
column-change = Ændring
event-process-changed = processen ændrede sig
card-change-good = (god ændring i forhold til sidste måned)
card-change-bad = dårlig ændring i forhold til sidste måned
card-change-none = ingen ændring i forhold til sidste måned
card-target = mål { $target }
card-chart-label = De seneste 12 måneder for { $name }
card-no-values-html = Ingen værdier endnu. <a href="/metrics/{ $id }#enter-value">Indtast en</a>.
card-owned-by = · ejes af { $owner }
