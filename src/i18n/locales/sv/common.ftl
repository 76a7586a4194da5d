pagination-pages = Sidor
chart-usual-range = normalt intervall
chart-signal-concern = signal: försämring
chart-signal-improvement = signal: förbättring
chart-legend-range = normalt intervall (naturliga processgränser)
chart-legend-centre = mittlinje (medelvärde)
chart-legend-rebase = (processen ändrades: gränserna börjar om)
analysis-compared = { $month } i jämförelse
analysis-compared-with = Jämfört med
column-change = Förändring
event-process-changed = processen ändrades
card-change-good = (bra förändring jämfört med förra månaden)
card-change-bad = dålig förändring jämfört med förra månaden
card-change-none = ingen förändring jämfört med förra månaden
card-target = mål { $target }
card-chart-label = De senaste 12 månaderna för { $name }
card-no-values-html = Inga värden än. <a href="/metrics/{ $id }#enter-value">Fyll i ett</a>.
card-owned-by = · ägs av { $owner }
