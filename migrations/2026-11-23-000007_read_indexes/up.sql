-- "Most celebrated this month" reads the month's kudos only.
CREATE INDEX kudos_created ON kudos (created_at, card_id);
-- The dashboard's metrics, without reading every metric of a large organisation.
CREATE INDEX metrics_dashboard ON metrics (on_dashboard, active);
