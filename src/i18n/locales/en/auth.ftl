# Signing in, first run, setting a password, signing out.
login-title = Sign in
login-or-password = Or with your email and password:
field-email = Email
field-password = Password
login-no-password = No password yet, or forgot it? Ask your manager for a "set your password" link.
login-sso-only = This team signs in with SSO only, with your company account. If it doesn't let you in, ask a manager to add you to the team.
setup-title = Set up
setup-welcome = Welcome to kpi-rotation
setup-intro = Create the first manager account. The manager adds the team and the metrics, schedules the monthly review and draws who presents what.
field-your-name = Your name
field-password-min-html = Password <span class="hint">(at least { $min } characters)</span>
field-repeat-password = Repeat the password
setup-submit = Create the manager account
set-password-title = Set your password
set-password-hello-html = Hello { $name }! Choose the password you will sign in with as <strong>{ $email }</strong>.
field-new-password-min-html = New password <span class="hint">(at least { $min } characters)</span>
field-repeat-it = Repeat it
set-password-submit = Set password and sign in
logout-title = Sign out
logout-question = Sign out of kpi-rotation on this browser?
logout-stay = Stay signed in
sso-sign-in-with-password = Sign in with a password
