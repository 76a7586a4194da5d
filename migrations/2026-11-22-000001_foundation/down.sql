DROP TABLE metric_values;
DROP TABLE metrics;
DROP TABLE login_failures;
DROP TABLE password_tokens;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE members;
