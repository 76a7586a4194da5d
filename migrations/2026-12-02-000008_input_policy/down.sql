-- Cleaning cannot be undone (the removed characters are gone); nothing to do.
SELECT 1;
