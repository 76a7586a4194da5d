# The layout every page shares: the header, the menu, the footer.
skip-to-content = Skip to content
nav-main = Main
nav-dashboard = Dashboard
nav-reviews = Reviews
nav-my-assignments = My assignments
nav-metrics = Metrics
nav-boards = Boards
nav-team = Team
nav-settings = Settings
nav-mail = Mail
nav-sign-out = Sign out
footer-note = numbers may be wrong the first times, and that is fine.
people-count = { $count ->
    [one] { $count } person
   *[other] { $count } people
}
back-to-dashboard = Back to the dashboard

# Error pages: the title says what kind of problem it is, the message says which.
error-not-found = Not found
error-forbidden = Not allowed
error-conflict = That cannot be done now
error-too-many = Too many tries
error-too-large = Too much data
error-server = Something went wrong
error-other = That did not work
error-id-html = If it happens again, tell your administrator this error id: <code>{ $id }</code>.
