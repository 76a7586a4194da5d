reviews-title = Månedlige gennemgange
reviews-history = Hvem præsenterede hvad
reviews-health = Hvordan gennemgangene går
reviews-plan = Planen fremover
reviews-caption = Gennemgange, nyeste først
reviews-numbers-of = Tal for
reviews-when = Hvornår
reviews-where = Hvor
reviews-none = Ingen gennemgange endnu.
reviews-none-manager = Planlæg den første nedenfor: en halv time hver måned, hvor alle præsenterer et nøgletal, de ikke ejer.
reviews-none-member = Din leder planlægger dem.
reviews-schedule = Planlæg en gennemgang
reviews-date = Dato
reviews-time = Tidspunkt
reviews-timezone-html = Tidszone <span class="hint">(IANA-navn, fx Europe/Copenhagen, Asia/Jakarta)</span>
reviews-duration = Varighed i minutter
reviews-location = Sted eller videolink
reviews-data-month-html = Datamåned <span class="hint">(den måned, hvis tal drøftes, ÅÅÅÅ-MM; lad feltet stå tomt for måneden før mødet: en gennemgang i januar drøfter december)</span>
reviews-schedule-submit = Planlæg gennemgangen
