/**
 * Google Business Messages (shut down by Google in 2024): channels, webhook, sending.
 */
package dev.switchboard.source.google;
