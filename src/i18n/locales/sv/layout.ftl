skip-to-content = Hoppa till innehållet
nav-main = Huvudmeny
nav-dashboard = Översikt
nav-reviews = Genomgångar
nav-my-assignments = Mina uppdrag
nav-metrics = Nyckeltal
nav-boards = Tavlor
nav-team = Teamet
nav-settings = Inställningar
nav-mail = E-post
nav-sign-out = Logga ut
footer-note = siffrorna kan bli fel de första gångerna, och det gör inget.
people-count = { $count ->
    [one] { $count } person
   *[other] { $count } personer
}
back-to-dashboard = Tillbaka till översikten
error-not-found = Hittades inte
error-forbidden = Inte tillåtet
error-conflict = Det går inte just nu
error-too-many = För många försök
error-too-large = För mycket data
error-server = Något gick fel
error-other = Det fungerade inte
error-id-html = Om det händer igen, ge din administratör det här fel-id:t: <code>{ $id }</code>.
