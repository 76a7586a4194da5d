# What a page says after a form is saved.
flash-card-posted = Your card is on the board. Thank you for sharing it.
flash-card-saved = The card is saved.
flash-brief-saved = Your brief for the presenter is saved.
flash-check-saved = Your check is saved.
flash-feedback-thanks = Thank you for the feedback.
flash-rating-saved = Thank you: your rating is saved.
flash-token-revoked = The token is revoked.
flash-feeds-renewed = New feed links are ready; the old ones no longer work.
flash-password-changed = Your password is changed; other sessions were signed out.
flash-password-changed-tokens = Your password is changed; other sessions were signed out and your API tokens revoked.
