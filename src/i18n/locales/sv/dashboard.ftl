dashboard-overloaded = Översikten visar { $count } nyckeltal. En översikt är mest användbar med 5 till { $max }: fundera på att ta bort några (redigera nyckeltalet och bocka ur "visa på översikten").
dashboard-north-star = Nordstjärna
dashboard-empty = Inget på översikten än
dashboard-team-size-html = Ditt team har { $count } personer. <a href="/members">Se teamet</a>.
dashboard-add-team-html = <a href="/members/new">Lägg till ditt team</a>: de som ska presentera.
dashboard-add-metrics-html = <a href="/metrics/starter">Lägg till nyckeltal från startbiblioteket</a> (CAC, MER, konverteringsgrad…) eller <a href="/metrics/new">definiera egna</a>. Välj 5 till 10 för översikten och en nordstjärna.
dashboard-enter-values-html = Fyll i månadsvärden på varje nyckeltals sida, eller <a href="/metrics/import">importera en CSV-fil</a>.
dashboard-member-empty-html = Din chef har inte lagt några nyckeltal på översikten än. <a href="/metrics">Se alla nyckeltal</a>.
