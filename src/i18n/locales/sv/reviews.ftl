reviews-title = Månatliga genomgångar
reviews-history = Vem presenterade vad
reviews-health = Hur genomgångarna går
reviews-plan = Planen framåt
reviews-caption = Genomgångar, nyaste först
reviews-numbers-of = Siffror för
reviews-when = När
reviews-where = Var
reviews-none = Inga genomgångar än.
reviews-none-manager = Planera den första nedan: en halvtimme varje månad där alla presenterar ett nyckeltal de inte äger.
reviews-none-member = Din chef planerar dem.
reviews-schedule = Planera en genomgång
reviews-date = Datum
reviews-time = Tid
reviews-timezone-html = Tidszon <span class="hint">(IANA-namn, t.ex. Europe/Stockholm, Asia/Jakarta)</span>
reviews-duration = Längd i minuter
reviews-location = Plats eller videolänk
reviews-data-month-html = Datamånad <span class="hint">(månaden vars siffror diskuteras, ÅÅÅÅ-MM; lämna tomt för månaden före mötet: en genomgång i januari diskuterar december)</span>
reviews-schedule-submit = Planera genomgången
