# The default presentation template, shown in the reader's language while the team has not changed it.
template-introduction = You present a metric you do not own: that is the point. Ask its owner what moved the number, and bring the insight behind it. You have a few minutes; the whole team attends. Numbers may be wrong the first times, and that is fine.
prompt-change-question = What changed against last month and against the target?
prompt-change-help = The direction and size of the change, in plain words.
prompt-signal-question = Signal or noise? What changed in the process?
prompt-signal-help = The chart shows the usual range. Inside it, "nothing to explain" is a good answer; outside it, or in a run, say what changed in how the number is made.
prompt-insight-question = The insight: the number behind the number
prompt-insight-help = What does this number tell us that we did not know? This is the heart of your presentation.
prompt-causes-question = What caused it?
prompt-causes-help = Campaigns, seasonality, tracking, prices, a release…
prompt-asked-question = Who did I ask, and what did I learn from them?
prompt-asked-help = The owner, and anyone else who knows.
prompt-proposal-question = What do I propose we do?
prompt-proposal-help = One concrete next step.
prompt-confidence-question = How sure am I? (sure / best guess / I need help)
prompt-confidence-help = It is fine to say you need help.
