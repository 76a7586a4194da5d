skip-to-content = Spring til indhold
nav-main = Hovedmenu
nav-dashboard = Oversigt
nav-reviews = Gennemgange
nav-my-assignments = Mine opgaver
nav-metrics = Nøgletal
nav-boards = Tavler
nav-team = Teamet
nav-settings = Indstillinger
nav-mail = Mail
nav-sign-out = Log ud
footer-note = tallene kan være forkerte de første gange, og det er helt i orden.
people-count = { $count ->
    [one] { $count } person
   *[other] { $count } personer
}
back-to-dashboard = Tilbage til oversigten
error-not-found = Ikke fundet
error-forbidden = Ikke tilladt
error-conflict = Det kan ikke lade sig gøre lige nu
error-too-many = For mange forsøg
error-too-large = For mange data
error-server = Noget gik galt
error-other = Det virkede ikke
error-id-html = Hvis det sker igen, så giv din administrator dette fejl-id: <code>{ $id }</code>.
