DROP INDEX kudos_created;
DROP INDEX metrics_dashboard;
