/**
 * Facebook Messenger and Instagram messaging: page channels, their webhook, the Send API
 * and contact profiles, through one Graph client.
 */
package dev.switchboard.source.facebook;
