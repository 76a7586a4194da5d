mail-hello = Hej { $name }
mail-and = og
assignment-subject = Du præsenterer { $metrics } på KPI-gennemgangen i { $month } ({ $when })
assignment-subject-changed = Ændret: du præsenterer { $metrics } på KPI-gennemgangen i { $month } ({ $when })
assignment-changed = Gennemgangen i { $month } er ændret:
assignment-you-present = På gennemgangen i { $month } ({ $when }, { $minutes } min) præsenterer du:
assignment-you-present-at = På gennemgangen i { $month } ({ $when }, { $minutes } min, { $location }) præsenterer du:
assignment-owned-by = ejes af { $owner }
assignment-owned-by-department = ejes af { $owner } ({ $department })
assignment-fill-in-by = Udfyld din skabelon senest { $when }
assignment-fill-in-by-link = udfyld din skabelon senest { $when }
assignment-not-yours = 
    Du ejer ikke { $count ->
        [one] dette nøgletal
       *[other] disse nøgletal
    }: det er hele pointen. Spørg ejeren, hvad der flyttede tallet, og kom med indsigten bag det: hvad der var årsagen, hvem du spurgte, hvad du foreslår. Tallene kan være forkerte de første gange, og det er helt i orden.
assignment-owned-intro = Dine egne nøgletal præsenteres af en anden; hjælp dem med en kort brief (hvad der flyttede sig, hvor tallet kommer fra):
assignment-presented-by = præsenteres af { $presenter }
assignment-write-brief = skriv brief
assignment-links-open = Linkene åbner din skabelon uden adgangskode.
assignment-your-assignments = Dine opgaver
assignment-review-agenda = Gennemgangen og dens dagsorden
assignment-review-agenda-link = gennemgangen og dens dagsorden
assignment-invite-attached = Kalenderinvitationen er vedhæftet.
invitation-subject = { $inviter } har inviteret dig til kpi-rotation
invitation-intro = { $inviter } har tilføjet dig til teamets månedlige KPI-gennemgang i kpi-rotation. Hver måned præsenterer du et af teamets nøgletal, som du ikke ejer, og lærer, hvordan de andre roller arbejder, ved at spørge dem, der ejer det.
invitation-choose-password = Vælg din adgangskode her (linket virker én gang, indtil { $expires }):
invitation-choose-password-link = Vælg din adgangskode
invitation-link-works = linket virker én gang, indtil { $expires }
invitation-then-sign-in = Log derefter ind på { $url } med { $email }.
invitation-then-sign-in-html = Log derefter ind på <a href="{ $url }">{ $url }</a> med { $email }.
invitation-sso = Der er ingen adgangskode at vælge: log ind med SSO, med din virksomhedskonto ({ $email }), på { $url }.
invitation-sso-html = Der er ingen adgangskode at vælge: <a href="{ $url }">log ind med SSO</a>, med din virksomhedskonto ({ $email }).
reset-subject = Et nyt adgangskodelink til kpi-rotation
reset-intro = { $inviter } har oprettet et nyt adgangskodelink til din konto i kpi-rotation ({ $email }). Det virker én gang, indtil { $expires }:
reset-choose = Vælg en ny adgangskode
reset-ignore = Hvis du ikke har bedt om det, kan du se bort fra denne besked; din adgangskode forbliver, som den er.
reminder-subject = Påmindelse: din præsentation af { $metric } til KPI-gennemgangen i { $month }
reminder-nudged = { $manager } sender en venlig påmindelse: din præsentation af { $metric } til gennemgangen i { $month } er ikke afleveret endnu. Den skal være klar { $deadline }.
reminder-nudged-html = { $manager } sender en venlig påmindelse: din præsentation af <strong>{ $metric }</strong> til gennemgangen i { $month } er ikke afleveret endnu. Den skal være klar { $deadline }.
reminder-not-submitted = Din præsentation af { $metric } til gennemgangen i { $month } er ikke afleveret endnu. Den skal være klar { $deadline }.
reminder-not-submitted-html = Din præsentation af <strong>{ $metric }</strong> til gennemgangen i { $month } er ikke afleveret endnu. Den skal være klar { $deadline }.
reminder-fill-in = Udfyld den her (ingen adgangskode nødvendig med dette link):
reminder-fill-in-link = Udfyld den
reminder-no-password = ingen adgangskode nødvendig med dette link
reminder-insight = Indsigten bag tallet betyder mere end et perfekt tal. Hvis du sidder fast, så skriv det i skabelonen: "jeg har brug for hjælp" er et fint svar.
