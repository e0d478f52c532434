/**
 * Background work shared by the outbox-style workers: claim due jobs, process each on a
 * virtual thread, sleep until woken.
 */
package dev.switchboard.common.work;
