analysis-this-month = Denna månad ({ $month })
analysis-month-before = Månaden före
analysis-year-ago = För ett år sedan
analysis-year-to-date = Hittills i år, { $how } ({ $from }–{ $to }, { $months } månader)
analysis-ytd-sum = summa
analysis-ytd-average = medel
analysis-ytd-last = senaste
analysis-year-earlier = { $value } ett år tidigare
analysis-target = Mål
analysis-against-target = { $gap } mot målet
analysis-month-signal = { $rule }: { $direction }
analysis-range = Normalt intervall { $lower } till { $upper } kring { $centre } (gränser från { $from } till { $to })
analysis-range-trial = Normalt intervall { $lower } till { $upper } kring { $centre } (gränser från { $from } till { $to }, preliminära gränser: färre än 12 månader)
signal-improvement = förbättring
signal-concern = försämring
signal-rule-outside_limits = utanför det normala intervallet
signal-rule-shift = 7 eller fler i rad på samma sida om mittlinjen
signal-rule-trend = 7 eller fler i rad som stiger eller sjunker
signal-rule-two_of_three = 2 av 3 nära en gräns
signal-rule-title-outside_limits = Utanför det normala intervallet
signal-rule-title-shift = 7 eller fler i rad på samma sida om mittlinjen
signal-rule-title-trend = 7 eller fler i rad som stiger eller sjunker
signal-rule-title-two_of_three = 2 av 3 nära en gräns
variation-special_cause_improvement = signal: förbättring
variation-special_cause_concern = signal: försämring
variation-common_cause = normalt intervall
variation-too_few_points = för få månader
assurance-consistently_passes = når målet
assurance-consistently_fails = missar målet
assurance-hit_and_miss = ibland, ibland inte
verdict-too-few = { $month }: färre än { $min } månader sedan serien började eller fick ny bas, så det finns inget normalt intervall än; jämför med månaden före och med målet.
verdict-common = { $month } ligger inom det normala intervallet: inget att förklara.
verdict-run-above = 
    { $month } ligger inom det normala intervallet, men det är { NUMBER($run, type: "ordinal") ->
        [one] den { $run }:a
       *[other] den { $run }:e
    } månaden i rad över mittlinjen: en förskjutning kan vara på väg.
verdict-run-below = 
    { $month } ligger inom det normala intervallet, men det är { NUMBER($run, type: "ordinal") ->
        [one] den { $run }:a
       *[other] den { $run }:e
    } månaden i rad under mittlinjen: en förskjutning kan vara på väg.
verdict-improvement = { $month } är en signal om förbättring ({ $rules }): värt att förklara vad som ändrats.
verdict-concern = { $month } är en signal om försämring ({ $rules }): värt att förklara vad som ändrats.
status-green = på mål
status-amber = nära målet
status-red = inte på mål
direction-higher_is_better = Högre är bättre
direction-lower_is_better = Lägre är bättre
category-acquisition = Förvärv
category-activation = Aktivering
category-retention = Lojalitet
category-revenue = Intäkter
category-efficiency = Effektivitet
category-other = Övrigt
