DROP INDEX kudos_created;
