mail-hello = Hej { $name },
mail-and = och
assignment-subject = Du presenterar { $metrics } på KPI-genomgången i { $month } ({ $when })
assignment-subject-changed = Ändrat: du presenterar { $metrics } på KPI-genomgången i { $month } ({ $when })
assignment-changed = Genomgången i { $month } har ändrats:
assignment-you-present = På genomgången i { $month } ({ $when }, { $minutes } min) presenterar du:
assignment-you-present-at = På genomgången i { $month } ({ $when }, { $minutes } min, { $location }) presenterar du:
assignment-owned-by = ägs av { $owner }
assignment-owned-by-department = ägs av { $owner } ({ $department })
assignment-fill-in-by = Fyll i din mall senast { $when }
assignment-fill-in-by-link = fyll i din mall senast { $when }
assignment-not-yours = 
    Du äger inte { $count ->
        [one] det här nyckeltalet
       *[other] de här nyckeltalen
    }: det är hela poängen. Fråga ägaren vad som fick siffran att röra sig, och ta med insikten bakom den: vad som orsakade det, vem du frågade, vad du föreslår. Siffrorna kan bli fel de första gångerna, och det gör inget.
assignment-owned-intro = Dina egna nyckeltal presenteras av någon annan; hjälp dem med en kort kommentar (vad som rörde sig, var siffran kommer ifrån):
assignment-presented-by = presenteras av { $presenter }
assignment-write-brief = skriv kommentaren
assignment-links-open = Länkarna öppnar din mall utan lösenord.
assignment-your-assignments = Dina uppdrag
assignment-review-agenda = Genomgången och dess dagordning
assignment-review-agenda-link = genomgången och dess dagordning
assignment-invite-attached = Kalenderinbjudan är bifogad.
invitation-subject = { $inviter } har bjudit in dig till kpi-rotation
invitation-intro = { $inviter } har lagt till dig i teamets månatliga KPI-genomgång i kpi-rotation. Varje månad presenterar du ett av teamets nyckeltal som du inte äger, och lär dig hur de andra rollerna arbetar genom att fråga dem som äger det.
invitation-choose-password = Välj ditt lösenord här (länken fungerar en gång, till { $expires }):
invitation-choose-password-link = Välj ditt lösenord
invitation-link-works = länken fungerar en gång, till { $expires }
invitation-then-sign-in = Logga sedan in på { $url } med { $email }.
invitation-then-sign-in-html = Logga sedan in på <a href="{ $url }">{ $url }</a> med { $email }.
invitation-sso = Det finns inget lösenord att välja: logga in med SSO, med ditt företagskonto ({ $email }), på { $url }.
invitation-sso-html = Det finns inget lösenord att välja: <a href="{ $url }">logga in med SSO</a>, med ditt företagskonto ({ $email }).
reset-subject = En ny lösenordslänk till kpi-rotation
reset-intro = { $inviter } har skapat en ny lösenordslänk till ditt konto i kpi-rotation ({ $email }). Den fungerar en gång, till { $expires }:
reset-choose = Välj ett nytt lösenord
reset-ignore = Om du inte bad om den kan du strunta i det här meddelandet; ditt lösenord förblir som det är.
reminder-subject = Påminnelse: din presentation av { $metric } till KPI-genomgången i { $month }
reminder-nudged = { $manager } skickar en vänlig påminnelse: din presentation av { $metric } till genomgången i { $month } är inte inlämnad än. Den ska vara klar { $deadline }.
reminder-nudged-html = { $manager } skickar en vänlig påminnelse: din presentation av <strong>{ $metric }</strong> till genomgången i { $month } är inte inlämnad än. Den ska vara klar { $deadline }.
reminder-not-submitted = Din presentation av { $metric } till genomgången i { $month } är inte inlämnad än. Den ska vara klar { $deadline }.
reminder-not-submitted-html = Din presentation av <strong>{ $metric }</strong> till genomgången i { $month } är inte inlämnad än. Den ska vara klar { $deadline }.
reminder-fill-in = Fyll i den här (inget lösenord behövs med den här länken):
reminder-fill-in-link = Fyll i den
reminder-no-password = inget lösenord behövs med den här länken
reminder-insight = Insikten bakom siffran betyder mer än en perfekt siffra. Om du kör fast, skriv det i mallen: "jag behöver hjälp" är ett bra svar.
