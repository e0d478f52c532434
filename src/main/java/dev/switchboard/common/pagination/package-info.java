/**
 * Keyset pagination: page requests, page responses and opaque, signed cursors.
 */
package dev.switchboard.common.pagination;
