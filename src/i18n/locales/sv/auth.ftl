login-title = Logga in
login-or-password = Eller med din e-postadress och ditt lösenord:
field-email = E-post
field-password = Lösenord
login-no-password = Inget lösenord än, eller har du glömt det? Be din chef om en länk för att välja lösenord.
login-sso-only = Det här teamet loggar bara in med SSO, med ditt företagskonto. Släpper det inte in dig, be en chef att lägga till dig i teamet.
setup-title = Kom igång
setup-welcome = Välkommen till kpi-rotation
setup-intro = Skapa det första chefskontot. Chefen lägger till teamet och nyckeltalen, planerar den månatliga genomgången och lottar vem som presenterar vad.
field-your-name = Ditt namn
field-password-min-html = Lösenord <span class="hint">(minst { $min } tecken)</span>
field-repeat-password = Upprepa lösenordet
setup-submit = Skapa chefskontot
set-password-title = Välj ditt lösenord
set-password-hello-html = Hej { $name }! Välj lösenordet du ska logga in med som <strong>{ $email }</strong>.
field-new-password-min-html = Nytt lösenord <span class="hint">(minst { $min } tecken)</span>
field-repeat-it = Upprepa det
set-password-submit = Spara lösenordet och logga in
logout-title = Logga ut
logout-question = Logga ut från kpi-rotation i den här webbläsaren?
logout-stay = Förbli inloggad
sso-sign-in-with-password = Logga in med lösenord
