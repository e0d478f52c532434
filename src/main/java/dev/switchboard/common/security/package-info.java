/**
 * Authentication and authorisation: JWT issuing and checking, roles, server secrets.
 */
package dev.switchboard.common.security;
