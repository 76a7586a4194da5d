DROP INDEX cards_created;
