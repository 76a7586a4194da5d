# The list of reviews and the scheduling form.
reviews-title = Monthly reviews
reviews-history = Who presented what
reviews-health = How the reviews are going
reviews-plan = The plan ahead
reviews-caption = Reviews, newest first
reviews-numbers-of = Numbers of
reviews-when = When
reviews-where = Where
reviews-none = No reviews yet.
reviews-none-manager = Schedule the first one below: a half hour each month where everyone presents a metric they do not own.
reviews-none-member = Your manager schedules them.
reviews-schedule = Schedule a review
reviews-date = Date
reviews-time = Time
reviews-timezone-html = Time zone <span class="hint">(IANA name, e.g. Europe/Copenhagen, Asia/Jakarta)</span>
reviews-duration = Duration in minutes
reviews-location = Place or video link
reviews-data-month-html = Data month <span class="hint">(the month whose numbers are discussed, YYYY-MM; leave empty for the month before the meeting: a January review discusses December)</span>
reviews-schedule-submit = Schedule the review
