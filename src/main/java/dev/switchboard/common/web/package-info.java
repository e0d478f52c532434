/**
 * HTTP plumbing shared by every endpoint: JSON conventions, request size limits, the
 * clock.
 */
package dev.switchboard.common.web;
