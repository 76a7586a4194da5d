# Mail: assignments, invitations, password links, reminders.
mail-hello = Hello { $name },
mail-and = and
assignment-subject = You present { $metrics } in the { $month } KPI review ({ $when })
assignment-subject-changed = Changed: you present { $metrics } in the { $month } KPI review ({ $when })
assignment-changed = The { $month } review has changed:
assignment-you-present = In the { $month } review ({ $when }, { $minutes } min) you present:
assignment-you-present-at = In the { $month } review ({ $when }, { $minutes } min, { $location }) you present:
assignment-owned-by = owned by { $owner }
assignment-owned-by-department = owned by { $owner } ({ $department })
assignment-fill-in-by = Fill in your template by { $when }
assignment-fill-in-by-link = fill in your template by { $when }
assignment-not-yours = 
    You do not own { $count ->
        [one] this metric
       *[other] these metrics
    }: that is the point. Ask the owner what moved the number, and bring the insight behind it: what caused it, who you asked, what you propose. Numbers may be wrong the first times, and that is fine.
assignment-owned-intro = Your own metrics are presented by someone else; help them with a short brief (what moved, where the number comes from):
assignment-presented-by = presented by { $presenter }
assignment-write-brief = write the brief
assignment-links-open = The links open your template without a password.
assignment-your-assignments = Your assignments
assignment-review-agenda = The review and its agenda
assignment-review-agenda-link = the review and its agenda
assignment-invite-attached = The calendar invite is attached.
invitation-subject = { $inviter } invited you to kpi-rotation
invitation-intro = { $inviter } added you to the team's monthly KPI review on kpi-rotation. Each month you present one of the team's metrics that you do not own, and learn how the other roles work by asking the people who own it.
invitation-choose-password = Choose your password here (the link works once, until { $expires }):
invitation-choose-password-link = Choose your password
invitation-link-works = the link works once, until { $expires }
invitation-then-sign-in = Then sign in at { $url } with { $email }.
invitation-then-sign-in-html = Then sign in at <a href="{ $url }">{ $url }</a> with { $email }.
invitation-sso = There is no password to choose: sign in with SSO, with your company account ({ $email }), at { $url }.
invitation-sso-html = There is no password to choose: <a href="{ $url }">sign in with SSO</a>, with your company account ({ $email }).
reset-subject = A new password link for kpi-rotation
reset-intro = { $inviter } created a new password link for your kpi-rotation account ({ $email }). It works once, until { $expires }:
reset-choose = Choose a new password
reset-ignore = If you did not ask for it, you can ignore this message; your password stays as it is.
reminder-subject = Reminder: your { $metric } presentation for the { $month } KPI review
reminder-nudged = { $manager } sends a friendly nudge: your presentation of { $metric } for the { $month } review is not submitted yet. It is due { $deadline }.
reminder-nudged-html = { $manager } sends a friendly nudge: your presentation of <strong>{ $metric }</strong> for the { $month } review is not submitted yet. It is due { $deadline }.
reminder-not-submitted = Your presentation of { $metric } for the { $month } review is not submitted yet. It is due { $deadline }.
reminder-not-submitted-html = Your presentation of <strong>{ $metric }</strong> for the { $month } review is not submitted yet. It is due { $deadline }.
reminder-fill-in = Fill it in here (no password needed with this link):
reminder-fill-in-link = Fill it in
reminder-no-password = no password needed with this link
reminder-insight = The insight behind the number matters more than a perfect number. If you are stuck, say so in the template: "I need help" is a fine answer.
brief-subject = { $from } wrote you a brief for { $metric }
brief-intro = { $from }, who owns { $metric }, wrote you a brief for your presentation in the review on { $when }:
brief-intro-html = { $from }, who owns <strong>{ $metric }</strong>, wrote you a brief for your presentation in the review on { $when }:
brief-your-presentation = Your presentation
check-subject = { $from } submitted the { $metric } presentation: please fact-check it
check-intro = { $from } has submitted the presentation of your metric { $metric } for the review on { $when }. You know the number best: check that the numbers and causes are right, or write a short correction. It takes a minute and saves the meeting from a wrong story.
check-intro-html = { $from } has submitted the presentation of your metric <strong>{ $metric }</strong> for the review on { $when }. You know the number best: check that the numbers and causes are right, or write a short correction. It takes a minute and saves the meeting from a wrong story.
check-link = Fact-check it
correction-subject = { $from } corrected your { $metric } presentation
correction-intro = { $from }, who owns { $metric }, checked your presentation for the review on { $when } and wrote a correction:
correction-intro-html = { $from }, who owns <strong>{ $metric }</strong>, checked your presentation for the review on { $when } and wrote a correction:
correction-link = Your presentation (you can change it until the meeting starts)
correction-until = you can change it until the meeting starts
cancelled-subject = Cancelled: the { $month } KPI review ({ $when })
cancelled-intro = The { $month } KPI review on { $when } is cancelled; you do not need to prepare. The attached invite removes it from your calendar.
cancelled-reviews = Reviews
invite-changed-prefix = Changed:
invite-presents-your = { $presenter } presents your { $metric }
invite-subject-owned = { $list } in the { $month } KPI review ({ $when })
invite-subject = Invitation: the { $month } KPI review ({ $when })
invite-intro = You are invited to the { $month } KPI review: { $when }, { $minutes } min. Everyone presents a metric they do not own; you do not present this time.
invite-intro-at = You are invited to the { $month } KPI review: { $when }, { $minutes } min, { $location }. Everyone presents a metric they do not own; you do not present this time.
invite-your-metrics = Your metrics, and who presents them:
invite-write-brief = Write them a brief (what moved the number, where it comes from), and fact-check the presentation when it is submitted
invite-write-brief-link = Write them a brief
invite-write-brief-rest = (what moved the number, where it comes from), and fact-check the presentation when it is submitted.
