dashboard-overloaded = Oversigten viser { $count } nøgletal. En oversigt er mest nyttig med 5 til { $max }: overvej at fjerne nogle (redigér nøgletallet, og fjern fluebenet ved "vis på oversigten").
dashboard-north-star = Nordstjerne
dashboard-empty = Intet på oversigten endnu
dashboard-team-size-html = Dit team har { $count } personer. <a href="/members">Se teamet</a>.
dashboard-add-team-html = <a href="/members/new">Tilføj dit team</a>: dem, der skal præsentere.
dashboard-add-metrics-html = <a href="/metrics/starter">Tilføj nøgletal fra startbiblioteket</a> (CAC, MER, konverteringsrate…) eller <a href="/metrics/new">definér dine egne</a>. Vælg 5 til 10 til oversigten og én nordstjerne.
dashboard-enter-values-html = Indtast månedlige værdier på hvert nøgletals side, eller <a href="/metrics/import">importér en CSV-fil</a>.
dashboard-member-empty-html = Din leder har ikke sat nogen nøgletal på oversigten endnu. <a href="/metrics">Se alle nøgletal</a>.
