# Signal or noise: the analysis block, verdicts, signals, metric cards.
analysis-this-month = This month ({ $month })
analysis-month-before = Month before
analysis-year-ago = A year ago
analysis-year-to-date = Year to date, { $how } ({ $from }–{ $to }, { $months } months)
analysis-ytd-sum = sum
analysis-ytd-average = average
analysis-ytd-last = latest
analysis-year-earlier = { $value } a year earlier
analysis-target = Target
analysis-against-target = { $gap } against it
analysis-month-signal = { $rule }: { $direction }
analysis-range = Usual range { $lower } to { $upper } around { $centre } (limits from { $from } to { $to })
analysis-range-trial = Usual range { $lower } to { $upper } around { $centre } (limits from { $from } to { $to }, trial limits: fewer than 12 months)
signal-improvement = improvement
signal-concern = concern
signal-rule-outside_limits = outside the usual range
signal-rule-shift = a run of 7 or more on one side of the centre line
signal-rule-trend = 7 or more rising or falling in a row
signal-rule-two_of_three = 2 of 3 close to a limit
signal-rule-title-outside_limits = Outside the usual range
signal-rule-title-shift = A run of 7 or more on one side of the centre line
signal-rule-title-trend = 7 or more rising or falling in a row
signal-rule-title-two_of_three = 2 of 3 close to a limit
variation-special_cause_improvement = signal: improvement
variation-special_cause_concern = signal: concern
variation-common_cause = usual range
variation-too_few_points = too few months
assurance-consistently_passes = will meet the target
assurance-consistently_fails = will miss the target
assurance-hit_and_miss = hit and miss
verdict-too-few = { $month }: fewer than { $min } months since the series began or was rebased, so there is no usual range yet; compare with the month before and the target.
verdict-common = { $month } is inside the usual range: nothing to explain.
verdict-run-above = 
    { $month } is inside the usual range, but it is the { NUMBER($run, type: "ordinal") ->
        [one] { $run }st
        [two] { $run }nd
        [few] { $run }rd
       *[other] { $run }th
    } month in a row above the centre line: a shift may be starting.
verdict-run-below = 
    { $month } is inside the usual range, but it is the { NUMBER($run, type: "ordinal") ->
        [one] { $run }st
        [two] { $run }nd
        [few] { $run }rd
       *[other] { $run }th
    } month in a row below the centre line: a shift may be starting.
verdict-improvement = { $month } is a signal of improvement ({ $rules }): worth explaining what changed.
verdict-concern = { $month } is a signal of concern ({ $rules }): worth explaining what changed.
status-green = on target
status-amber = close to target
status-red = off target
direction-higher_is_better = Higher is better
direction-lower_is_better = Lower is better
category-acquisition = Acquisition
category-activation = Activation
category-retention = Retention
category-revenue = Revenue
category-efficiency = Efficiency
category-other = Other
