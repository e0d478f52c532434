/**
 * The embedded PostgreSQL server used when no external database is configured.
 */
package dev.switchboard.common.db;
