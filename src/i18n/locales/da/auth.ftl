login-title = Log ind
login-or-password = Eller med din e-mail og adgangskode:
field-email = E-mail
field-password = Adgangskode
login-no-password = Ingen adgangskode endnu, eller har du glemt den? Bed din leder om et link til at vælge adgangskode.
login-sso-only = Dette team logger kun ind med SSO, med din virksomhedskonto. Lukker det dig ikke ind, så bed en leder om at tilføje dig til teamet.
setup-title = Kom i gang
setup-welcome = Velkommen til kpi-rotation
setup-intro = Opret den første lederkonto. Lederen tilføjer teamet og nøgletallene, planlægger den månedlige gennemgang og trækker lod om, hvem der præsenterer hvad.
field-your-name = Dit navn
field-password-min-html = Adgangskode <span class="hint">(mindst { $min } tegn)</span>
field-repeat-password = Gentag adgangskoden
setup-submit = Opret lederkontoen
set-password-title = Vælg din adgangskode
set-password-hello-html = Hej { $name }! Vælg den adgangskode, du vil logge ind med som <strong>{ $email }</strong>.
field-new-password-min-html = Ny adgangskode <span class="hint">(mindst { $min } tegn)</span>
field-repeat-it = Gentag den
set-password-submit = Gem adgangskoden og log ind
logout-title = Log ud
logout-question = Log ud af kpi-rotation i denne browser?
logout-stay = Forbliv logget ind
sso-sign-in-with-password = Log ind med adgangskode
