# The team list and a member's page.
members-add = Add a member
members-caption = Team members
members-role = Role
role-manager = manager
role-member = member
members-deactivated = deactivated
members-invited = invited
members-active = active
members-deactivate = Deactivate
members-reactivate = Reactivate
members-counted = people
members-none = Nobody is on the team yet.
members-add-first-html = <a href="/members/new">Add the first member</a>.
member-sso-linked = Signs in through { $issuer } (account { $subject }), linked on { $linked } with { $email }; last used { $used }.
member-unlink = Unlink…
member-learned = What { $name } has learned
member-presented = Metrics presented
member-times = Times presented
member-last-time = Last time
member-departments = Departments met through their metrics:
member-none-yet = { $name } has not presented a metric in a published review yet.
