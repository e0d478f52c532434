/**
 * Background work shared by the outbox-style workers (claim due jobs, process each on a
 * virtual thread, sleep until woken), and the group commit that writes what concurrent
 * requests submit together.
 */
package dev.switchboard.common.work;
