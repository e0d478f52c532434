/**
 * HTTP plumbing shared by every endpoint: JSON conventions, strict text, request size and
 * time limits, the connector's limits, the clock.
 */
package dev.switchboard.common.web;
